#ifndef MLR_SECRETS_SCANNER_H
#define MLR_SECRETS_SCANNER_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "secrets/formats.h"
#include "secrets/secrets.h"

typedef struct {
	size_t offset;
	size_t length;
	const mlr_secret_format *format;
} mlr_raw_hit;

typedef mlr_array(mlr_raw_hit) mlr_raw_hits;
typedef mlr_array(unsigned short) mlr_det_list;

struct mlr_secret_scanner {
	const mlr_secret_detector *dets;
	size_t det_count;
	pcre2_code **codes; /* one per detector; NULL for code detectors */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	bool generic;
	mlr_secret_name_fn extra_names; /* the config's secret-names, or NULL */
	const void *extra_payload;
	unsigned char pairs[65536 / 8]; /* first two bytes of some anchor */
	mlr_det_list by_byte[256];      /* detectors by the first byte of their anchor */
};

/* One scan in progress. */
typedef struct mlr_scan {
	mlr_secret_scanner *s;
	const char *data;
	size_t len;
	mlr_raw_hits hits;
} mlr_scan;

int mlr_secret__add(mlr_scan *scan, size_t offset, size_t length, const mlr_secret_format *format);

/* The code detectors (pem.c, url.c, assign.c). */
int mlr_secret__detect_pem(mlr_scan *scan, size_t pos, size_t *end);
int mlr_secret__detect_url(mlr_scan *scan, size_t pos, size_t *end);
int mlr_secret__detect_assign(mlr_scan *scan, size_t pos, size_t *end);

/* Plausibility of a value bound to a sensitive name (classify.c). */
bool mlr_secret__plausible(const char *v, size_t len);

/* A name-bound provider format for a value (classify.c): wandb, AWS secret, Kaggle... */
const mlr_secret_format *mlr_secret__bound_format(const char *name, size_t name_len,
	const char *v, size_t len);

#endif
