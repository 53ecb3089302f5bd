# Sourced by the end-to-end scripts: the counters and the ok/fail lines they print. Each
# script ends with `echo "$passed passed, $failed failed"`, the line tests/run.sh reads.
passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
