#ifndef MLR_SECRETS_FORMATS_H
#define MLR_SECRETS_FORMATS_H

#include "secrets/secrets.h"

struct mlr_scan;

/* Formats reported by code rather than by a table pattern. */
extern const mlr_secret_format mlr_fmt_generic;
extern const mlr_secret_format mlr_fmt_private_key;
extern const mlr_secret_format mlr_fmt_openssh_key;
extern const mlr_secret_format mlr_fmt_pgp_key;
extern const mlr_secret_format mlr_fmt_gcp_service_account;
extern const mlr_secret_format mlr_fmt_database_url;
extern const mlr_secret_format mlr_fmt_url_password;
extern const mlr_secret_format mlr_fmt_wandb;
extern const mlr_secret_format mlr_fmt_aws_secret;
extern const mlr_secret_format mlr_fmt_kaggle;
extern const mlr_secret_format mlr_fmt_cohere;
extern const mlr_secret_format mlr_fmt_comet;
extern const mlr_secret_format mlr_fmt_twilio_token;

enum {
	/* the byte before the anchor must not be [A-Za-z0-9_] */
	DET_LEFT = 1u << 0,
	/* the variable part (after `skip` bytes of the value) must look machine-made */
	DET_RANDOM = 1u << 1,
};

/* Returns 1 and sets *end past what it consumed when it reported a hit, 0 when not,
 * or a negative mlr_error_code. */
typedef int (*mlr_detect_fn)(struct mlr_scan *scan, size_t pos, size_t *end);

typedef struct {
	const char *anchor; /* literal where the detector is tried; at least 1 byte */
	const mlr_secret_format *format;
	const char *pattern; /* PCRE2, matched anchored at the anchor; group 1, if any, is the value */
	unsigned flags;
	size_t skip; /* fixed prefix of the value left out of the randomness check */
	bool (*verify)(const char *value, size_t len);
	mlr_detect_fn detect; /* instead of pattern */
} mlr_secret_detector;

const mlr_secret_detector *mlr_secret__detectors(size_t *count);

#endif
