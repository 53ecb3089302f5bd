/*
 * The walk the Dockerfile checks (MLR71x) share: every Dockerfile of a snapshot, read and
 * split into instructions, handed to the check's own visitor.
 */
#ifndef MLR_RULES_CHECKS_DOCKERSCAN_H
#define MLR_RULES_CHECKS_DOCKERSCAN_H

#include "repo/dockerfile.h"

typedef void (*mlr_dockerfile_visit)(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_file *file,
	const mlr_docker_instrs *ins, void *payload);

/* Calls visit for each Dockerfile that parses. A history scan has no files to judge, so
 * it does nothing there; a Dockerfile that could be read marks the rule assessed. */
void mlr_dockerfile_each(mlr_repo_ctx *ctx, const mlr_rule *rule, mlr_dockerfile_visit visit, void *payload);

#endif
