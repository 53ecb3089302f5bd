# Sourced by run.sh and regress.sh, from the top of the tree.
# seeds TARGET — the fixture files that target's input path reads.
seeds() {
	case $1 in
	fuzz_python) find fixtures -name '*.py' ;;
	fuzz_notebook) find fixtures -name '*.ipynb' ;;
	fuzz_ci) find fixtures \( -path '*/.github/workflows/*' -o -name '.gitlab-ci.yml' -o -name 'Jenkinsfile' \
		-o -name '*pipelines.yml' -o -path '*/.circleci/*' -o -name '.pre-commit-config.yaml' \
		-o -name '.travis.yml' -o -name '*.yml' -o -name '*.yaml' \) -type f ;;
	fuzz_modelcard) find fixtures -name '*.md' -type f ;;
	fuzz_deps) find fixtures \( -name 'requirements*.txt' -o -name 'environment*.yml' -o -name 'pyproject.toml' \
		-o -name '*.lock' -o -name 'setup.cfg' -o -name 'Dockerfile' -o -name 'package-lock.json' \) -type f ;;
	fuzz_secrets) find fixtures/rules -path '*MLR2*' -type f ! -path '*/.fixture/*'
		echo tests/e2e/fake-secrets.txt ;;
	fuzz_config) find fixtures -name '.mlready.yml' -type f ;;
	fuzz_rule) ls rules/*.yml fixtures/rulegen/*.yml 2>/dev/null ;;
	esac
	[ -d "tests/fuzz/seeds/${1#fuzz_}" ] && find "tests/fuzz/seeds/${1#fuzz_}" -type f
	[ -d "fixtures/fuzz-regressions/$1" ] && find "fixtures/fuzz-regressions/$1" -type f ! -name '*.md'
}
