# mlready — the only build system.
#
#   make deps     install missing Debian packages and fetch the pinned grammar
#   make          build build/mlready
#   make test     unit + end-to-end tests, normal build and ASan+UBSan build
#   make demo     lint the bundled example project and print its report
#   make bench    speed and memory figures (see docs/benchmarks.md)
#   make install  PREFIX=/usr/local by default

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   := build

# tree-sitter-python: the last ABI-14 release (Debian's runtime is 0.20.7, ABI 14).
GRAMMAR_VERSION   := 0.23.6
GRAMMAR_INTEGRITY := sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A==
GRAMMAR_DIR       := $(BUILD)/grammar

DEB_PACKAGES := build-essential pkg-config git npm libgit2-dev libtree-sitter-dev libyaml-dev \
                libpcre2-dev libjansson-dev libcmocka-dev jq time bc cpio \
                clang libclang-rt-14-dev valgrind pre-commit \
                chromium python3-jsonschema openssl
PKGS := libgit2 yaml-0.1 libpcre2-8 jansson tree-sitter

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Werror=implicit-function-declaration
CPPFLAGS := -Iinclude -Isrc -I$(BUILD)/gen -D_GNU_SOURCE
CFLAGS   ?= -O2 -g
STD      := -std=c11
LDLIBS    = $(PKG_LIBS) -lpthread -lm

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(filter-out src/cli/% src/gen/%,$(shell find src -name '*.c')))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
RULES    := $(sort $(wildcard rules/*.yml))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
GEN_C    := $(BUILD)/gen/rules_table.c
GRAMMAR_C := $(GRAMMAR_DIR)/src/parser.c $(GRAMMAR_DIR)/src/scanner.c

# Object lists per variant: $(1) = variant directory.
objs = $(patsubst %.c,$(1)/%.o,$(LIB_SRC)) $(1)/gen/rules_table.o $(1)/grammar/parser.o $(1)/grammar/scanner.o

REL := $(BUILD)/rel
SAN := $(BUILD)/asan
# ThreadSanitizer, for the worker pool and the early checks' thread (`make tsan`; not part
# of `make test`: libgit2 and tree-sitter are not instrumented, so it is run by hand)
TSAN := $(BUILD)/tsan

.PHONY: all deps grammar test test-unit test-e2e demo bench bench-secrets install uninstall clean docs check-docs asan tsan

all: $(BUILD)/mlready

# ---------------------------------------------------------------- set-up
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  case $$p in npm) command -v npm >/dev/null 2>&1 && continue ;; esac; \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(MAKE) --no-print-directory grammar

grammar: $(GRAMMAR_C)

# The grammar comes from the npm registry by package name, is checked against the
# pinned integrity hash before it is unpacked, and lives only under build/.
$(GRAMMAR_C):
	@rm -rf $(GRAMMAR_DIR) && mkdir -p $(GRAMMAR_DIR)
	@cd $(GRAMMAR_DIR) && npm pack --silent tree-sitter-python@$(GRAMMAR_VERSION) >/dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $(GRAMMAR_DIR)/tree-sitter-python-$(GRAMMAR_VERSION).tgz | base64 -w0)"; \
	if [ "$$got" != "$(GRAMMAR_INTEGRITY)" ]; then \
	  echo "tree-sitter-python $(GRAMMAR_VERSION): integrity mismatch ($$got)" >&2; rm -rf $(GRAMMAR_DIR); exit 1; fi
	@tar -xzf $(GRAMMAR_DIR)/tree-sitter-python-$(GRAMMAR_VERSION).tgz -C $(GRAMMAR_DIR) --strip-components=1 \
	  package/src/parser.c package/src/scanner.c package/src/tree_sitter
	@echo "tree-sitter-python $(GRAMMAR_VERSION) verified"

# ---------------------------------------------------------------- rules
# rulegen is a build-time tool: it reads rules/*.yml with libyaml, checks each query against
# the grammar, and writes the rule table (C) and docs/rules.md.
# It shares the rule loader (src/rules/load.c) with the engine, which reads custom rules.
RULEGEN_SRC := src/gen/rulegen.c src/rules/load.c src/rules/triggers.c src/core/buf.c src/core/error.c src/core/shown.c
$(BUILD)/rulegen: $(RULEGEN_SRC) src/rules/load.h $(REL)/grammar/parser.o $(REL)/grammar/scanner.o | $(BUILD)
	$(CC) $(STD) -O1 -g $(WARN) $(CPPFLAGS) $(filter %.c %.o,$^) -o $@ $(shell pkg-config --libs yaml-0.1 tree-sitter) -lm

$(GEN_C): $(BUILD)/rulegen $(RULES)
	@mkdir -p $(dir $@)
	@echo "  RULEGEN $@"; $(BUILD)/rulegen --c $@ $(RULES)

# The analysis cache's run key (src/cache/key.c) holds a digest of what decides a run's
# results: the rule files, the engine's sources and the grammar version. Any change makes
# a new key, so no cache written by another build is ever trusted.
DIGEST_H  := $(BUILD)/gen/engine_digest.h
DIGEST_IN := $(RULES) $(LIB_SRC) $(sort $(shell find src include -name '*.h'))
$(DIGEST_H): $(DIGEST_IN)
	@mkdir -p $(dir $@)
	@d=$$(cat $(DIGEST_IN) | sha1sum | cut -c1-40); \
	 printf '/* generated by the Makefile */\n#define MLR_ENGINE_DIGEST "%s grammar %s"\n' \
	   "$$d" "$(GRAMMAR_VERSION)" >$@.tmp && mv -f $@.tmp $@

docs/rules.md: $(BUILD)/rulegen $(RULES)
	@echo "  RULEGEN $@"; $(BUILD)/rulegen --md $@ $(RULES)

docs: docs/rules.md

check-docs: $(BUILD)/rulegen
	@$(BUILD)/rulegen --md $(BUILD)/rules.md $(RULES) && cmp -s $(BUILD)/rules.md docs/rules.md || \
	  { echo "docs/rules.md is stale: run 'make docs'" >&2; exit 1; }

# ---------------------------------------------------------------- compile
$(BUILD):
	@mkdir -p $@

define variant
$(1)/%.o: %.c | $(GRAMMAR_C)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(STD) $(2) $$(WARN) $$(CPPFLAGS) $$(PKG_CFLAGS) -MMD -MP -c $$< -o $$@

$(1)/gen/rules_table.o: $(GEN_C)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(STD) $(2) $$(CPPFLAGS) $$(PKG_CFLAGS) -c $$< -o $$@

# The grammar is third-party generated code: compiled as-is, without our warnings.
$(1)/grammar/%.o: $(GRAMMAR_DIR)/src/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) -std=c11 $(2) -w -I$(GRAMMAR_DIR)/src -c $$< -o $$@

$(1)/libmlready.a: $(call objs,$(1))
	@rm -f $$@
	@ar rcs $$@ $$^

$(1)/mlready: $(patsubst %.c,$(1)/%.o,$(CLI_SRC)) $(1)/libmlready.a
	$$(CC) $(2) $$^ -o $$@ $$(LDLIBS)

$(1)/tests/%: $(1)/tests/unit/%.o $(1)/tests/unit/scratch.o $(1)/libmlready.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(2) $$^ -o $$@ $$(LDLIBS) -lcmocka
endef

$(eval $(call variant,$(REL),$(CFLAGS)))
$(eval $(call variant,$(SAN),$(ASAN_FLAGS)))
$(eval $(call variant,$(TSAN),-O1 -g -fsanitize=thread -fno-omit-frame-pointer))

# Copied then renamed: a running build/mlready (a test, a pre-commit hook) keeps its file.
$(BUILD)/mlready: $(REL)/mlready
	@cp $< $@.tmp && mv -f $@.tmp $@

asan: $(SAN)/mlready

tsan: $(TSAN)/mlready

UNIT_BINS = $(patsubst tests/unit/%.c,$(1)/tests/%,$(UNIT_SRC))

# ---------------------------------------------------------------- tests
# tests/run.sh runs every unit binary and the end-to-end suite for one build and prints
# its own tally; `make test` runs it for the release and the sanitizer build.
test: $(BUILD)/mlready $(call UNIT_BINS,$(REL)) $(SAN)/mlready $(call UNIT_BINS,$(SAN)) check-docs
	@tests/run.sh $(REL) $(SAN)

test-unit: $(call UNIT_BINS,$(REL))
	@tests/run.sh --unit-only $(REL)

test-e2e: $(BUILD)/mlready
	@tests/run.sh --e2e-only $(REL)

demo: $(BUILD)/mlready
	@tests/e2e/make_repo.sh fixtures/example-project $(BUILD)/example-project >/dev/null
	@$(BUILD)/mlready $(BUILD)/example-project; true

# ---------------------------------------------------------------- benchmarks
bench: $(BUILD)/mlready $(REL)/tests/bench_secrets
	@tests/bench/run.sh $(BUILD)/mlready

bench-secrets: $(REL)/tests/bench_secrets
	@$(REL)/tests/bench_secrets ../shared/corpora/secrets/gitleaks_cases.jsonl

$(REL)/tests/bench_secrets: $(REL)/tests/bench/bench_secrets.o $(REL)/libmlready.a
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# ---------------------------------------------------------------- fuzzing, valgrind
# libFuzzer targets, one per input path (tests/fuzz/fuzz_*.c), built with clang: library,
# grammar and rule table instrumented for coverage, ASan and UBSan. `make fuzz` runs each
# for FUZZ_SECONDS on one core (FUZZ_TARGETS="fuzz_python fuzz_ci" picks some);
# `make fuzz-regress` replays fixtures/fuzz-regressions/ and the seeds through the same
# targets built with the ordinary ASan flags and no libFuzzer; `make valgrind` runs the
# unit tests and a subset of end-to-end runs under memcheck. See docs/hardening.md.
FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 60
FUZZ_DIR      := $(BUILD)/fuzz
FUZZ_OBJ      := $(FUZZ_DIR)/obj
FUZZ_FLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_ALL      := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS  ?= $(FUZZ_ALL)
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(LIB_SRC)) $(FUZZ_OBJ)/gen/rules_table.o \
                 $(FUZZ_OBJ)/grammar/parser.o $(FUZZ_OBJ)/grammar/scanner.o
REPLAY_DIR    := $(BUILD)/fuzz-replay

.PHONY: fuzz fuzz-build fuzz-regress valgrind
.PRECIOUS: $(REPLAY_DIR)/%.o $(FUZZ_OBJ)/%.o

$(FUZZ_OBJ)/%.o: %.c | $(GRAMMAR_C)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# The harness's own checks (UTF-8 of every report, secrets) are not what is fuzzed: no
# coverage feedback from them.
$(FUZZ_OBJ)/tests/fuzz/harness.o: tests/fuzz/harness.c | $(GRAMMAR_C)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) $(FUZZ_FLAGS) $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_OBJ)/gen/rules_table.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(FUZZ_OBJ)/grammar/%.o: $(GRAMMAR_DIR)/src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -w -I$(GRAMMAR_DIR)/src -c $< -o $@

$(FUZZ_DIR)/libmlready.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)/tests/fuzz/harness.o $(FUZZ_DIR)/libmlready.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $^ -o $@ $(LDLIBS)

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(REPLAY_DIR)/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(ASAN_FLAGS) $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(REPLAY_DIR)/bin/fuzz_%: $(REPLAY_DIR)/fuzz_%.o $(REPLAY_DIR)/harness.o $(REPLAY_DIR)/replay.o $(SAN)/libmlready.a
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_FLAGS) $^ -o $@ $(LDLIBS)

fuzz-regress: $(addprefix $(REPLAY_DIR)/bin/,$(FUZZ_ALL))
	@tests/fuzz/regress.sh $(REPLAY_DIR)/bin $(FUZZ_ALL)

valgrind: $(BUILD)/mlready $(BUILD)/rulegen $(call UNIT_BINS,$(REL))
	@tests/fuzz/valgrind.sh $(REL)

-include $(shell find $(FUZZ_DIR) $(REPLAY_DIR) -name '*.d' 2>/dev/null)

# The one object that includes the generated digest (its first build has no .d file yet).
$(REL)/src/cache/key.o $(SAN)/src/cache/key.o $(FUZZ_OBJ)/src/cache/key.o: $(DIGEST_H)

# ---------------------------------------------------------------- install
install: $(BUILD)/mlready
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BUILD)/mlready $(DESTDIR)$(PREFIX)/bin/mlready
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 docs/mlready.1 $(DESTDIR)$(PREFIX)/share/man/man1/mlready.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mlready $(DESTDIR)$(PREFIX)/share/man/man1/mlready.1

clean:
	rm -rf $(REL) $(SAN) $(BUILD)/mlready $(BUILD)/rulegen $(BUILD)/gen $(BUILD)/example-project $(BUILD)/e2e

-include $(shell find $(REL) $(SAN) -name '*.d' 2>/dev/null)
