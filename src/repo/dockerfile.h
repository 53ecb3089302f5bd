/*
 * Dockerfiles: instructions with their line numbers (continuations joined, comments and
 * heredoc bodies skipped), and the base image of a FROM split into its parts.
 */
#ifndef MLR_REPO_DOCKERFILE_H
#define MLR_REPO_DOCKERFILE_H

#include "repo/repo.h"

typedef struct {
	char cmd[16];   /* upper case: "FROM", "USER", "ENV", ... */
	char *args;     /* the rest, continuations joined by a space */
	uint32_t line;  /* 1-based line of the instruction */
} mlr_docker_instr;

typedef mlr_array(mlr_docker_instr) mlr_docker_instrs;

/* Dockerfile, Containerfile, Dockerfile.prod, api.dockerfile (not under .devcontainer/). */
bool mlr_dockerfile_name(const char *path);
int mlr_dockerfile_parse(mlr_docker_instrs *out, const char *data, size_t len);
void mlr_dockerfile_dispose(mlr_docker_instrs *ins);

/* A FROM's image reference. Offsets into the args string. */
typedef struct {
	const char *image;   /* "python:3.11-slim@sha256:..." */
	size_t image_len;
	const char *tag;     /* after the last ':' of the last path component, or NULL */
	size_t tag_len;
	bool digest;         /* "@sha256:..." */
	const char *stage;   /* the AS name, or NULL */
	size_t stage_len;
} mlr_docker_from;

/* Parses FROM arguments ("--platform=x image[:tag][@digest] [AS name]"). */
bool mlr_docker_from_parse(mlr_docker_from *out, const char *args);

#endif
