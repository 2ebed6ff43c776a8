#!/usr/bin/env bash
# make test: everything CI checks, from a clean machine. Starts its own PostgreSQL cluster (.data/postgres-test,
# not `make run`'s .data/postgres); TEST_DATABASE_URL names a server for the integration tests instead.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo; echo "==> $* ($(( $(date +%s) - started ))s)"; }

step "system packages"
bash scripts/install-deps.sh

step "generator: build, and check that Sources/Generated matches openapi.yaml"
swift build --product openapi-gen
.build/debug/openapi-gen generate openapi.yaml --output Sources/Generated --check

step "swift format lint: hand-written Swift against .swift-format (generated code: GoldenTests check its lines)"
# SwaggerUIAssets+*.swift hold the vendored files as one long literal each (scripts/vendor-swagger-ui.sh).
find Sources Tests Plugins Examples -name '*.swift' -not -path 'Sources/Generated/*' \
    -not -path 'Tests/GeneratorTests/Fixtures/*' -not -path '*/.build/*' -not -name 'SwaggerUIAssets+*.swift' -print0 \
  | xargs -0 swift format lint --strict --configuration .swift-format

step "PostgreSQL for the integration tests"
# Never the DATABASE_URL of .env or the environment: tests create and drop databases. Every
# scripts/postgres.sh call below uses the test cluster (.data/postgres-test), never `make run`'s.
export PG_CLUSTER=test
DATABASE_URL=${TEST_DATABASE_URL:-$(bash scripts/postgres.sh ensure taskapi_test)}
export DATABASE_URL
export ENVIRONMENT=test BCRYPT_COST=4

step "build"
swift build --build-tests

step "generated code as a library: ../shared/specs, openapi.yaml (--access-modifier public) and golden fixtures in a scratch package on APIRuntime alone, or refused with diagnostics"
bash scripts/check-specs.sh

step "Examples/Notes as another package: generated at build time by the plugin, served and asked; a changed or broken openapi.yaml changes the next build; the command plugin writes the same files"
bash scripts/check-example.sh

step "generator fuzzing: seeded mutations of every corpus document, bounded (make fuzz runs longer)"
rm -rf test-output/fuzz
.build/debug/openapi-fuzz --seed "${FUZZ_SEED:-1}" --iterations "${FUZZ_ITERATIONS:-1500}" --seconds 75 \
  --hang-seconds 10 --artifacts test-output/fuzz --save-generated test-output/fuzz/generated --save-generated-limit 12
bash scripts/fuzz-compile.sh test-output/fuzz/generated

step "Swagger UI /docs in headless Chromium: register, Authorize, POST and GET /tasks (screenshots in test-output/browser)"
DATABASE_URL=$(bash scripts/postgres.sh ensure taskapi_browser) bash scripts/browser-test.sh .build/debug/taskapi

step "schemathesis: every operation, every check, 200 examples each, stateful links (report in test-output/contract)"
bash scripts/postgres.sh dropdb taskapi_contract >/dev/null
DATABASE_URL=$(bash scripts/postgres.sh ensure taskapi_contract) bash scripts/contract-test.sh .build/debug/taskapi

step "compose files: docker-compose.yml and docker-compose.scale.yml validated (no container engine here; scripts/scale-smoke.sh runs the stack where there is one)"
.build-tools/contract-venv/bin/python scripts/check-compose.py

step "every Swift test (Swift Testing; its summary line is the last line of the run)"
swift test --skip-build --disable-xctest
