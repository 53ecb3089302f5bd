/* The config's extra trackers and secret names, wired into facts and the scanner. */
#include "filter/facts.h"

#include "filter/config.h"

typedef struct {
	const mlr_config *cfg;
	mlr_file_facts *facts;
} tracker_walk;

static void visit_call(const mlr_py *py, TSNode call, void *payload)
{
	tracker_walk *t = payload;
	if (t->facts->flags & MLR_FACT_TRACKS)
		return;
	mlr_buf name = MLR_BUF_INIT;
	if (mlr_py_callee(&name, py, call) && mlr_config_is_tracker(t->cfg, mlr_buf_cstr(&name)))
		t->facts->flags |= MLR_FACT_TRACKS;
	mlr_buf_dispose(&name);
}

void mlr_filter_tracker_facts(const mlr_config *cfg, mlr_file_facts *facts, const mlr_py *py)
{
	/* a second walk over the calls, only for projects that name trackers of their own */
	if (!mlr_config_has_trackers(cfg) || (facts->flags & MLR_FACT_TRACKS))
		return;
	tracker_walk t = { cfg, facts };
	mlr_py_each(py, "call", visit_call, &t);
}

static bool config_name(const void *payload, const char *name, size_t len)
{
	return mlr_config_secret_name(payload, name, len);
}

void mlr_filter_setup_scanner(const mlr_config *cfg, mlr_secret_scanner *scanner)
{
	if (mlr_config_has_secret_names(cfg))
		mlr_secret_scanner_set_names(scanner, config_name, cfg);
}
