/* `mlready explain ID` and `mlready rules`: the rule docs, in the terminal. */
#ifndef MLR_REPORT_EXPLAIN_H
#define MLR_REPORT_EXPLAIN_H

#include <stdio.h>

#include "mlready.h"

/* Writes one rule's page: the same sections as its part of docs/rules.md.
 * Returns 0, MLR_EUSAGE for a NULL rule, or MLR_EIO when f fails. */
int mlr_explain_write(FILE *f, const mlr_rule *rule);

/* Writes every built-in rule, one line each, grouped by category.
 * Returns 0 or MLR_EIO. */
int mlr_rules_list_write(FILE *f);

#endif
