/*
 * MLR803 unused-suppression. Whether a marker silenced anything is known only after every
 * other rule has run over the same text, so the suppression filter reports it
 * (mlr_suppress_apply in src/engine/suppress.c), for the units where this rule is in the
 * job. This check is the rule's entry in the check table and has nothing of its own to do.
 */
#include "engine/engine.h"

void mlr_check_unused_suppression(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	(void)ctx;
	(void)rule;
}
