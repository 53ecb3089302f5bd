/*
 * SARIF 2.1.0, the format of GitHub code scanning and most static-analysis dashboards.
 *
 * - Every built-in rule is described (short and full description, help from the rule's
 *   four-part docs), so an alert explains itself without this tool at hand.
 * - URIs are repository-relative against %SRCROOT%; the root is given only as an
 *   absolute file URI, never as a guess.
 * - Columns are UTF-16 code units, as columnKind says: the engine's column_utf16 when
 *   it computed one, else the byte column, which is the same on ASCII lines.
 * - partialFingerprints carry the finding's own fingerprint (rule, path, matched
 *   content), so an alert survives its line moving.
 * - Security rules get a security-severity, which code scanning turns into
 *   critical/high/medium/low.
 */
#include "report/report.h"
#include "report/jsonutil.h"

#include "core/error.h"
#include "score/score.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_FINGERPRINT_KEY "mlreadyFingerprint/v1"
#define SARIF_ROOT "%SRCROOT%"

typedef mlr_array(const mlr_rule *) rule_list;

/* {"text": s} */
static json_t *message(const char *s)
{
	json_t *m = json_object();
	if (m && mlr_json_put(m, "text", mlr_json_text(s)) < 0) {
		json_decref(m);
		return NULL;
	}
	return m;
}

static void put_trimmed(mlr_buf *b, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	mlr_buf_put(b, s, n);
}

/* The rule docs are hard-wrapped YAML text; a description reads better as paragraphs.
 * A newline stays where a paragraph, list item, code fence or indented line begins. */
static void put_unwrapped(mlr_buf *b, const char *s)
{
	mlr_buf trimmed = MLR_BUF_INIT;
	put_trimmed(&trimmed, s);
	const char *p = mlr_buf_cstr(&trimmed);
	for (; *p; p++) {
		if (*p == '\n' && p[1] && p[1] != '\n' && p > mlr_buf_cstr(&trimmed) && p[-1] != '\n' &&
			p[1] != ' ' && p[1] != '-' && p[1] != '*' && p[1] != '`' && !(p[1] >= '0' && p[1] <= '9'))
			mlr_buf_putc(b, ' ');
		else
			mlr_buf_putc(b, *p);
	}
	if (trimmed.oom)
		b->oom = true;
	mlr_buf_dispose(&trimmed);
}

/* The rule's documentation as plain text (help.text) or Markdown (help.markdown). */
static json_t *rule_help(const mlr_rule *rule)
{
	mlr_buf text = MLR_BUF_INIT, md = MLR_BUF_INIT;
	json_t *help = json_object();
	int err = 0;

	if (!help)
		return NULL;
	put_trimmed(&text, rule->doc_what ? rule->doc_what : rule->summary);
	put_trimmed(&md, rule->doc_what ? rule->doc_what : rule->summary);
	if (rule->doc_why && *rule->doc_why) {
		mlr_buf_puts(&text, "\n\nWhy it matters:\n");
		put_trimmed(&text, rule->doc_why);
		mlr_buf_puts(&md, "\n\n## Why it matters\n\n");
		put_trimmed(&md, rule->doc_why);
	}
	if (rule->doc_example && *rule->doc_example) {
		mlr_buf_puts(&text, "\n\nExample:\n");
		put_trimmed(&text, rule->doc_example);
		mlr_buf_puts(&md, "\n\n## Example\n\n```python\n");
		put_trimmed(&md, rule->doc_example);
		mlr_buf_puts(&md, "\n```");
	}
	if (rule->doc_instead && *rule->doc_instead) {
		mlr_buf_puts(&text, "\n\nInstead:\n");
		put_trimmed(&text, rule->doc_instead);
		mlr_buf_puts(&md, "\n\n## Instead\n\n");
		put_trimmed(&md, rule->doc_instead);
	}
	if (rule->fix && *rule->fix) {
		mlr_buf_puts(&text, "\n\nFix: ");
		mlr_buf_puts(&text, rule->fix);
		mlr_buf_puts(&md, "\n\n**Fix:** ");
		mlr_buf_puts(&md, rule->fix);
	}
	if (text.oom || md.oom)
		err = -1;
	err |= mlr_json_put(help, "text", mlr_json_text(mlr_buf_cstr(&text)));
	err |= mlr_json_put(help, "markdown", mlr_json_text(mlr_buf_cstr(&md)));
	mlr_buf_dispose(&text);
	mlr_buf_dispose(&md);
	return mlr_json_checked(help, err);
}

static const char *sarif_level(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_ERROR:
		return "error";
	case MLR_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* Code scanning reads a number 0.0-10.0 as a string: 9.0 and above is critical, 7.0
 * high, 4.0 medium, below that low. */
static const char *security_severity(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_ERROR:
		return "8.0";
	case MLR_SEV_WARNING:
		return "5.0";
	default:
		return "2.0";
	}
}

static json_t *rule_descriptor(const mlr_rule *rule)
{
	json_t *obj = json_object(), *config = json_object(), *props = json_object(), *tags = json_array();
	int err = 0;

	if (!obj || !config || !props || !tags) {
		json_decref(obj);
		json_decref(config);
		json_decref(props);
		json_decref(tags);
		return NULL;
	}
	err |= mlr_json_put(obj, "id", mlr_json_text(mlr_report_rule_id(rule)));
	err |= mlr_json_put(obj, "name", mlr_json_text(rule->name ? rule->name : mlr_report_rule_id(rule)));
	err |= mlr_json_put(obj, "shortDescription", message(rule->summary ? rule->summary : rule->message));
	{
		mlr_buf full = MLR_BUF_INIT;
		put_unwrapped(&full, rule->doc_what ? rule->doc_what : (rule->summary ? rule->summary : ""));
		err |= full.oom ? -1 : mlr_json_put(obj, "fullDescription", message(mlr_buf_cstr(&full)));
		mlr_buf_dispose(&full);
	}
	err |= mlr_json_put(obj, "help", rule_help(rule));
	err |= mlr_json_put(config, "level", json_string(sarif_level(rule->severity)));
	err |= mlr_json_put(obj, "defaultConfiguration", config);
	bool security = rule->category == MLR_CAT_SECURITY;
	if (security)
		err |= mlr_json_append(tags, json_string("security"));
	err |= mlr_json_append(tags, json_string("ml-readiness"));
	/* Tags must be unique: a security rule already carries "security". */
	if (!security)
		err |= mlr_json_append(tags, mlr_json_text(mlr_report_category_key(rule->category)));
	err |= mlr_json_put(props, "tags", tags);
	if (security)
		err |= mlr_json_put(props, "security-severity", json_string(security_severity(rule->severity)));
	err |= mlr_json_put(props, "weight", json_real(isfinite(rule->weight) ? rule->weight : 0.0));
	err |= mlr_json_put(obj, "properties", props);
	return mlr_json_checked(obj, err);
}

static bool list_has_id(const rule_list *rules, const mlr_rule *rule)
{
	for (size_t k = 0; k < rules->len; k++)
		if (rules->items[k] == rule || strcmp(mlr_report_rule_id(rules->items[k]), mlr_report_rule_id(rule)) == 0)
			return true;
	return false;
}

/* The rules of this run (the result lists every built-in rule, in id order), then any
 * rule only a finding names; one descriptor per id, as SARIF expects. */
static int collect_rules(rule_list *out, const mlr_result *result)
{
	for (size_t i = 0; i < result->rule_count; i++) {
		const mlr_rule *r = result->rules[i].rule;
		if (r && !list_has_id(out, r) && mlr_array_push(out, r) < 0)
			return -1;
	}
	for (size_t i = 0; i < result->finding_count; i++) {
		const mlr_rule *r = result->findings[i].rule;
		if (r && !list_has_id(out, r) && mlr_array_push(out, r) < 0)
			return -1;
	}
	return 0;
}

static long rule_index(const rule_list *rules, const mlr_rule *rule)
{
	if (!rule)
		return -1;
	for (size_t i = 0; i < rules->len; i++)
		if (rules->items[i] == rule)
			return (long)i;
	for (size_t i = 0; i < rules->len; i++)
		if (strcmp(mlr_report_rule_id(rules->items[i]), mlr_report_rule_id(rule)) == 0)
			return (long)i;
	return -1;
}

/* A repository-relative path as a URI reference: unreserved bytes and '/' stay, every
 * other byte is percent-encoded (so spaces, '#', '?' and non-ASCII are safe). */
static void put_uri_path(mlr_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			mlr_buf_putc(b, (char)c);
		} else {
			mlr_buf_putc(b, '%');
			mlr_buf_putc(b, hex[c >> 4]);
			mlr_buf_putc(b, hex[c & 15]);
		}
	}
}

static json_t *artifact_location(const char *path)
{
	json_t *loc = json_object();
	mlr_buf uri = MLR_BUF_INIT;
	int err = 0;

	if (!loc)
		return NULL;
	/* A finding about the whole repository points at its root directory. */
	if (path && *path)
		put_uri_path(&uri, path);
	else
		mlr_buf_puts(&uri, "./");
	err |= uri.oom ? -1 : mlr_json_put(loc, "uri", json_string(mlr_buf_cstr(&uri)));
	err |= mlr_json_put(loc, "uriBaseId", json_string(SARIF_ROOT));
	mlr_buf_dispose(&uri);
	return mlr_json_checked(loc, err);
}

static json_t *result_location(const mlr_finding *f)
{
	json_t *loc = json_object(), *phys = json_object();
	int err = 0;

	if (!loc || !phys) {
		json_decref(loc);
		json_decref(phys);
		return NULL;
	}
	err |= mlr_json_put(phys, "artifactLocation", artifact_location(f->path));
	/* A notebook line counts from its cell, not from the file SARIF points at. */
	if (f->line && !f->cell) {
		json_t *region = json_object();
		err |= region ? 0 : -1;
		if (region) {
			err |= mlr_json_put(region, "startLine", json_integer(f->line));
			uint32_t col = f->column_utf16 ? f->column_utf16 : f->column;
			if (col)
				err |= mlr_json_put(region, "startColumn", json_integer(col));
			err |= mlr_json_put(phys, "region", region);
		}
	}
	err |= mlr_json_put(loc, "physicalLocation", phys);
	return mlr_json_checked(loc, err);
}

static json_t *result_message(const mlr_finding *f)
{
	mlr_buf text = MLR_BUF_INIT;
	json_t *m;
	if (f->cell) {
		mlr_buf_printf(&text, "cell %" PRIu32, f->cell);
		if (f->line)
			mlr_buf_printf(&text, ", line %" PRIu32, f->line);
		mlr_buf_puts(&text, ": ");
	}
	mlr_buf_puts(&text, mlr_report_message(f));
	m = text.oom ? NULL : message(mlr_buf_cstr(&text));
	mlr_buf_dispose(&text);
	return m;
}

static json_t *sarif_result(const mlr_finding *f, const rule_list *rules)
{
	json_t *obj = json_object(), *locs = json_array(), *fp = json_object(), *props = json_object();
	char hex[17];
	int err = 0;

	if (!obj || !locs || !fp || !props) {
		json_decref(obj);
		json_decref(locs);
		json_decref(fp);
		json_decref(props);
		return NULL;
	}
	snprintf(hex, sizeof(hex), "%016" PRIx64, f->fingerprint);
	err |= mlr_json_put(obj, "ruleId", mlr_json_text(mlr_report_rule_id(f->rule)));
	long idx = rule_index(rules, f->rule);
	if (idx >= 0)
		err |= mlr_json_put(obj, "ruleIndex", json_integer(idx));
	err |= mlr_json_put(obj, "level", json_string(sarif_level(f->severity)));
	err |= mlr_json_put(obj, "message", result_message(f));
	err |= mlr_json_append(locs, result_location(f));
	err |= mlr_json_put(obj, "locations", locs);
	err |= mlr_json_put(fp, SARIF_FINGERPRINT_KEY, json_string(hex));
	err |= mlr_json_put(obj, "partialFingerprints", fp);
	err |= mlr_json_put(props, "category", mlr_json_text(mlr_report_category_key(f->rule ? f->rule->category : (mlr_category)0)));
	err |= mlr_json_put(props, "blocking", json_boolean(f->blocking));
	err |= mlr_json_put(obj, "properties", props);
	return mlr_json_checked(obj, err);
}

/* Skipped files become tool notifications: code scanning shows them as the run's
 * warnings, not as alerts on the code. */
static json_t *sarif_invocation(const mlr_result *result)
{
	json_t *inv = json_object(), *notes = json_array();
	int err = 0;

	if (!inv || !notes) {
		json_decref(inv);
		json_decref(notes);
		return NULL;
	}
	err |= mlr_json_put(inv, "executionSuccessful", json_true());
	for (size_t i = 0; i < result->note_count; i++) {
		const mlr_note *n = &result->notes[i];
		json_t *no = json_object(), *locs = json_array(), *loc = json_object(), *phys = json_object();
		err |= mlr_json_append(notes, no);
		if (!no || !locs || !loc || !phys) {
			json_decref(locs);
			json_decref(loc);
			json_decref(phys);
			err = -1;
			continue;
		}
		err |= mlr_json_put(no, "level", json_string("note"));
		err |= mlr_json_put(no, "message", message(n->message));
		err |= mlr_json_put(phys, "artifactLocation", artifact_location(n->path));
		err |= mlr_json_put(loc, "physicalLocation", phys);
		err |= mlr_json_append(locs, loc);
		err |= mlr_json_put(no, "locations", locs);
	}
	err |= mlr_json_put(inv, "toolExecutionNotifications", notes);
	return mlr_json_checked(inv, err);
}

/* file:///abs/path/ for an absolute root; NULL when there is none to give. */
static json_t *original_uri_base_ids(const mlr_result *result)
{
	if (!result->root || result->root[0] != '/')
		return json_object();
	json_t *ids = json_object(), *root = json_object();
	mlr_buf uri = MLR_BUF_INIT;
	int err = 0;
	if (!ids || !root) {
		json_decref(ids);
		json_decref(root);
		return NULL;
	}
	mlr_buf_puts(&uri, "file://");
	put_uri_path(&uri, result->root);
	if (uri.len == 0 || uri.ptr[uri.len - 1] != '/')
		mlr_buf_putc(&uri, '/');
	err |= uri.oom ? -1 : mlr_json_put(root, "uri", json_string(mlr_buf_cstr(&uri)));
	err |= mlr_json_put(ids, SARIF_ROOT, root);
	mlr_buf_dispose(&uri);
	return mlr_json_checked(ids, err);
}

static json_t *sarif_run(const mlr_result *result, const rule_list *rules)
{
	json_t *run = json_object(), *tool = json_object(), *driver = json_object(), *rarr = json_array(),
		*results = json_array(), *invs = json_array(), *props = json_object();
	int err = 0;

	if (!run || !tool || !driver || !rarr || !results || !invs || !props) {
		json_decref(run);
		json_decref(tool);
		json_decref(driver);
		json_decref(rarr);
		json_decref(results);
		json_decref(invs);
		json_decref(props);
		return NULL;
	}
	err |= mlr_json_put(driver, "name", json_string("mlready"));
	err |= mlr_json_put(driver, "version", json_string(MLR_VERSION));
	err |= mlr_json_put(driver, "semanticVersion", json_string(MLR_VERSION));
	err |= mlr_json_put(driver, "informationUri", json_string("https://github.com/mlready/mlready"));
	for (size_t i = 0; i < rules->len; i++)
		err |= mlr_json_append(rarr, rule_descriptor(rules->items[i]));
	err |= mlr_json_put(driver, "rules", rarr);
	err |= mlr_json_put(tool, "driver", driver);
	err |= mlr_json_put(run, "tool", tool);
	err |= mlr_json_append(invs, sarif_invocation(result));
	err |= mlr_json_put(run, "invocations", invs);
	json_t *ids = original_uri_base_ids(result);
	if (ids && json_object_size(ids) > 0)
		err |= mlr_json_put(run, "originalUriBaseIds", ids);
	else if (ids)
		json_decref(ids);
	else
		err = -1;
	for (size_t i = 0; i < result->finding_count; i++)
		err |= mlr_json_append(results, sarif_result(&result->findings[i], rules));
	err |= mlr_json_put(run, "results", results);
	err |= mlr_json_put(run, "columnKind", json_string("utf16CodeUnits"));
	err |= mlr_json_put(props, "score", mlr_score_assessable(&result->score) ?
		json_real(mlr_score_round1(result->score.overall)) : json_null());
	err |= mlr_json_put(props, "profile", json_string(result->score.profile ? result->score.profile->name : "default"));
	err |= mlr_json_put(run, "properties", props);
	return mlr_json_checked(run, err);
}

int mlr_report_sarif(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	rule_list rules = { 0 };
	json_t *root = json_object(), *runs = json_array();
	int err = 0, error = 0;

	(void)opts;
	if (!root || !runs || collect_rules(&rules, result) < 0) {
		json_decref(runs);
		error = mlr_error_set(MLR_ENOMEM, "out of memory while writing the SARIF report");
		goto cleanup;
	}
	err |= mlr_json_put(root, "$schema", json_string(SARIF_SCHEMA));
	err |= mlr_json_put(root, "version", json_string("2.1.0"));
	err |= mlr_json_append(runs, sarif_run(result, &rules));
	err |= mlr_json_put(root, "runs", runs);
	error = mlr_json_write(out, root, err, "SARIF");

cleanup:
	json_decref(root);
	mlr_array_delete(&rules);
	return error;
}
