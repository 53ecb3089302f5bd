/* The built-in rule table and the C checks the rules name, generated from the rule files
 * by src/gen/rulegen.c at build time. */
#ifndef MLR_RULES_BUILTIN_H
#define MLR_RULES_BUILTIN_H

#include "mlready.h"

extern const mlr_rule mlr_builtin_rules[]; /* sorted by id */
extern const size_t mlr_builtin_rule_count;

#endif
