/*
 * --history: which rules run over the blobs of the whole history, and how their findings
 * are folded so that one secret is reported once, with the commit that introduced it.
 */
#ifndef MLR_ENGINE_HISTORY_H
#define MLR_ENGINE_HISTORY_H

#include "engine/engine.h"

/* True for the rules a --history run keeps: the secret rules (MLR201 hardcoded-secret,
 * MLR230 committed-credential-file, MLR231 secret-in-history). */
bool mlr_history_runs_rule(const mlr_rule *rule);

/* Folds the findings of a --history run, where each unique blob was analyzed once:
 * findings that are the same thing (equal fingerprints: rule, path, matched content) in
 * several versions of a file become one. When the content is still at HEAD the HEAD
 * version's findings stay, dated by the oldest commit that had it; otherwise the oldest
 * version's findings stay, and a hardcoded secret (MLR201) becomes a secret that lives
 * only in history (MLR231). Findings without a commit are left alone. */
void mlr_history_relabel(mlr_finding_array *findings);

#endif
