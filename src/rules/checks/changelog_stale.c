/* MLR408 changelog-stale: the newest release tag is not in the changelog. */
#include "repo/docs.h"
#include "repo/history.h"

#include <ctype.h>
#include <stdio.h>
#include <time.h>

/* version appears as a whole version token ("1.4.0" in "## [1.4.0] - 2024-05-01"), not
 * as the start of a longer one ("1.4.0" in "1.4.01" or "1.4.0.1"). */
static bool mentions(const char *text, size_t len, const char *v)
{
	size_t vl = strlen(v);
	for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), v, vl)); p++) {
		/* "1.4.0" in "v1.4.0" counts; in "21.4.0" or "x.1.4.0" it does not */
		const char *l = p > text && (p[-1] == 'v' || p[-1] == 'V') ? p - 1 : p;
		bool left = l == text || !(isalnum((unsigned char)l[-1]) || l[-1] == '.');
		const char *e = p + vl;
		bool right = e >= text + len || !(isdigit((unsigned char)*e) || (*e == '.' && e + 1 < text + len &&
			isdigit((unsigned char)e[1])));
		if (left && right)
			return true;
		if ((size_t)(p - text) + vl >= len)
			break;
	}
	return false;
}

/* "See the release notes at https://github.com/o/r/releases": a changelog that lists no
 * version of its own and links a releases page keeps its notes there. */
static bool points_to_releases(const char *text, size_t len)
{
	bool link = false;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)text[i]) && i + 2 < len && text[i + 1] == '.' &&
		    isdigit((unsigned char)text[i + 2]) && (i == 0 || !(isalnum((unsigned char)text[i - 1]) &&
		    text[i - 1] != 'v' && text[i - 1] != 'V')))
			return false; /* a version of its own: 1.4, v0.6 */
		if (!link && text[i] == '/' && len - i >= 9 && !memcmp(text + i, "/releases", 9)) {
			size_t b = i;
			while (b > 0 && text[b - 1] != '\n' && text[b - 1] != ' ' && text[b - 1] != '(' && text[b - 1] != '<')
				b--;
			link = memmem(text + b, i - b, "://", 3) != NULL;
		}
	}
	return link;
}

void mlr_check_changelog_stale(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_history *h = NULL;
	char *tag = NULL, *data = NULL;
	const char *version;
	int64_t when;
	size_t len = 0;
	const mlr_file *log = mlr_docs_changelog(ctx);
	if (!log)
		goto cleanup;
	if (!strncmp(log->path, "changelog.d/", 12) || !strncmp(log->path, "newsfragments/", 14))
		goto cleanup; /* fragments: the release notes are assembled at release time */
	if (mlr_history_open(&h, ctx) < 0 || mlr_history_latest_release(&tag, &version, &when, h) < 0)
		goto cleanup;
	if (mlr_repo_read(&data, &len, NULL, ctx, log, 4u << 20) < 0)
		goto cleanup;
	ctx->assessed = true;
	if (points_to_releases(data, len))
		goto cleanup;
	/* "v1.4.0" is released as 1.4.0; "1.4.0" and "1.4" both count */
	char alt[64];
	snprintf(alt, sizeof(alt), "%s", version);
	size_t al = strlen(alt);
	bool found = mentions(data, len, version) || mentions(data, len, tag);
	if (!found && al > 2 && !strcmp(alt + al - 2, ".0")) {
		alt[al - 2] = '\0';
		found = mentions(data, len, alt);
	}
	if (!found) {
		char day[16] = "?";
		time_t t = (time_t)when;
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		mlr_emit(ctx->findings, rule, log->path, 0, 0, mlr_repo_hash(tag), false,
			"the latest release %.60s (tagged %s) is not in the changelog: its changes are undocumented", tag, day);
	}
cleanup:
	free(data);
	free(tag);
	mlr_history_free(h);
}
