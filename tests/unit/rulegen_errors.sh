#!/bin/sh
# rulegen's error reporting: each bad rule file under fixtures/rulegen/ must be rejected
# with exit status 2 and a `file:line:col: message` that points at the problem.
#
#   tests/unit/rulegen_errors.sh [RULEGEN]     (default build/rulegen, run from the top)

RULEGEN=${1:-build/rulegen}
DIR=fixtures/rulegen
pass=0
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$RULEGEN" ]; then
	echo "rulegen_errors: $RULEGEN is not built (make build/rulegen)" >&2
	exit 1
fi

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect NAME 'file:line:col: message start' FILE...
expect() {
	name=$1 want=$2
	shift 2
	# a query tree-sitter cannot compile may hang it: a hang is a failure, not a stall
	timeout 30 "$RULEGEN" --check "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 124 ]; then
		ko "$name" "no answer in 30 s"
	elif [ "$rc" -ne 2 ]; then
		ko "$name" "exit $rc, expected 2"
	elif ! grep -qF -- "$want" "$tmp/err"; then
		ko "$name" "expected '$want' in: $(head -n 3 "$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		ko "$name" "wrote to stdout"
	else
		ok "$name"
	fi
}

expect unknown-key "$DIR/MLR191-unknown-key.yml:11:1: unknown key 'severty'" \
	"$DIR/MLR191-unknown-key.yml"
expect bad-id "$DIR/MLR1-bad-id.yml:1:5: 'id' must be MLR and three digits" \
	"$DIR/MLR1-bad-id.yml"
expect category-mismatch "$DIR/MLR192-category-mismatch.yml:3:11: category 'security' does not match id MLR192" \
	"$DIR/MLR192-category-mismatch.yml"
expect bad-query-node "$DIR/MLR193-bad-query.yml:12:16: query: unknown node type 'identifer'" \
	"$DIR/MLR193-bad-query.yml"
expect bad-query-syntax "$DIR/MLR194-query-syntax.yml:12:44: query: syntax error" \
	"$DIR/MLR194-query-syntax.yml"
expect unknown-predicate "$DIR/MLR196-unknown-predicate.yml:12:5: query: #matches? is not a predicate" \
	"$DIR/MLR196-unknown-predicate.yml"
expect invalid-yaml "$DIR/MLR195-invalid-yaml.yml:14:4: invalid YAML:" \
	"$DIR/MLR195-invalid-yaml.yml"
expect invalid-utf8 "$DIR/MLR182-invalid-utf8.yml:7:14: invalid YAML:" \
	"$DIR/MLR182-invalid-utf8.yml"
expect missing-docs-part "$DIR/MLR181-missing-docs-part.yml:12:3: missing required key 'docs.why'" \
	"$DIR/MLR181-missing-docs-part.yml"
expect both-query-and-check "$DIR/MLR197-both-query-and-check.yml:1:1: a rule has either 'query' or 'check'" \
	"$DIR/MLR197-both-query-and-check.yml"
expect file-name "$DIR/MLR198-file-name.yml:1:5: file name must be MLR198-wrong-name.yml" \
	"$DIR/MLR198-file-name.yml"
expect bad-trigger-atom "$DIR/MLR171-bad-trigger-atom.yml:12:18: 'triggers': a trigger is an ASCII identifier" \
	"$DIR/MLR171-bad-trigger-atom.yml"
expect empty-trigger-group "$DIR/MLR172-empty-trigger-group.yml:12:19: an any-of trigger list cannot be empty" \
	"$DIR/MLR172-empty-trigger-group.yml"
expect example-misses-triggers "$DIR/MLR173-example-misses-triggers.yml:24:7: this 'invalid' example does not mention the rule's triggers" \
	"$DIR/MLR173-example-misses-triggers.yml"
expect triggers-need-python-scope "$DIR/MLR174-text-rule-triggers.yml:1:1: 'triggers' decide which Python files are parsed" \
	"$DIR/MLR174-text-rule-triggers.yml"
expect needs-facts-repo-check "$DIR/MLR175-python-rule-needs-facts.yml:12:14: 'needs-facts: false' is for a repository check" \
	"$DIR/MLR175-python-rule-needs-facts.yml"
expect needs-facts-bool "$DIR/MLR176-needs-facts-value.yml:12:14: 'needs-facts' must be true or false" \
	"$DIR/MLR176-needs-facts-value.yml"
# tree-sitter 0.20.7 reads uninitialised memory refusing these: the loader refuses them first
REG=fixtures/fuzz-regressions/fuzz_rule
expect node-type-after-field "$REG/ts-query-node-type-after-field.yml:3:21: query: unknown node type 'identifier?'" \
	"$REG/ts-query-node-type-after-field.yml"
expect predicate-after-field "$REG/ts-query-predicate-after-field.yml:3:20: query: syntax error" \
	"$REG/ts-query-predicate-after-field.yml"
expect nul-in-node-name "$REG/ts-symbol-name-with-nul.yml:3:11: query: unknown node type" \
	"$REG/ts-symbol-name-with-nul.yml"
expect capture-name-double-quantifier "$REG/capture-name-bang-double-quantifier.yml:3:18: query: a quantifier on a pattern that is already quantified" \
	"$REG/capture-name-bang-double-quantifier.yml"
# the guards skip comments and every white-space byte between tokens, as tree-sitter does
expect comment-before-predicate-after-field "$REG/ts-query-comment-before-predicate-after-field.yml:4:3: query: syntax error" \
	"$REG/ts-query-comment-before-predicate-after-field.yml"
expect comment-in-group-double-quantifier "$REG/comment-in-group-double-quantifier.yml:4:15: query: a quantifier on a pattern that is already quantified" \
	"$REG/comment-in-group-double-quantifier.yml"
expect comment-before-node-type "$REG/ts-query-comment-before-node-type.yml:4:5: query: unknown node type 'identifier?'" \
	"$REG/ts-query-comment-before-node-type.yml"
expect vertical-tab-before-predicate "$REG/ts-query-vertical-tab-before-predicate.yml:2:26: query: syntax error" \
	"$REG/ts-query-vertical-tab-before-predicate.yml"
expect dot-predicate-after-field "$REG/ts-query-dot-predicate-after-field.yml:3:20: query: syntax error" \
	"$REG/ts-query-dot-predicate-after-field.yml"
# a quantifier on a group whose every item may match nothing, and nesting past the bound
expect optional-group-of-optionals "$REG/ts-query-optional-group-of-optionals.yml:3:40: query: a quantifier on a pattern that is already quantified or may match nothing" \
	"$REG/ts-query-optional-group-of-optionals.yml"
expect repeated-group-of-optionals "$REG/ts-query-repeated-group-of-optionals.yml:3:28: query: a quantifier on a pattern that is already quantified or may match nothing" \
	"$REG/ts-query-repeated-group-of-optionals.yml"
expect nested-too-deep "$REG/ts-query-nested-too-deep.yml:3:258: query: patterns nested more than 255 deep" \
	"$REG/ts-query-nested-too-deep.yml"
expect query-needs-python-scope "$DIR/MLR199-text-query.yml:10:8: a query rule must have scope python" \
	"$DIR/MLR199-text-query.yml"
expect duplicate-id "rules/MLR101-missing-tests.yml:1:5: duplicate id MLR101" \
	rules/MLR101-missing-tests.yml rules/MLR101-missing-tests.yml
expect missing-file "$tmp/MLR100-none.yml:1:1: cannot open" "$tmp/MLR100-none.yml"
: >"$tmp/MLR100-empty.yml"
expect empty-file "$tmp/MLR100-empty.yml:1:1: empty rule file" "$tmp/MLR100-empty.yml"

# A good run: the built-in rules load, and the outputs are byte-for-byte reproducible.
if "$RULEGEN" --c "$tmp/a.c" rules/*.yml && "$RULEGEN" --c "$tmp/b.c" rules/*.yml &&
	cmp -s "$tmp/a.c" "$tmp/b.c" && "$RULEGEN" --md "$tmp/a.md" rules/*.yml &&
	"$RULEGEN" --md "$tmp/b.md" $(ls rules/*.yml | sort -r) && cmp -s "$tmp/a.md" "$tmp/b.md"; then
	ok deterministic-output
else
	ko deterministic-output "rules/*.yml did not load, or two runs differ"
fi
if [ ! -e "$tmp/c.c" ] && ! "$RULEGEN" --c "$tmp/c.c" "$DIR/MLR191-unknown-key.yml" 2>/dev/null &&
	[ ! -e "$tmp/c.c" ] && [ ! -e "$tmp/c.c.tmp" ]; then
	ok no-output-on-error
else
	ko no-output-on-error "a failed run left an output file"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
