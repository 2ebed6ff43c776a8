# Two commands matter: `make run` (serve the API on :8000) and `make test` (everything CI checks).
SHELL := /bin/bash
.DEFAULT_GOAL := help

SPEC := openapi.yaml
GENERATED := Sources/Generated
GENERATOR := .build/debug/openapi-gen

.PHONY: help run test stop deps generator generate check-generated check-specs check-large-specs fuzz bench bench-generator

help:
	@echo "make run               build, start a private PostgreSQL, migrate, serve http://localhost:8000 (/docs)"
	@echo "make test              install what is missing, check generated code and specs, run every test"
	@echo "make stop              stop the private PostgreSQL clusters (make run's and make test's)"
	@echo "make generate          regenerate $(GENERATED) from $(SPEC)"
	@echo "make check-specs       generate and compile (or refuse) every document in ../shared/specs"
	@echo "make check-large-specs generation and compile times of Stripe's and Box's documents (Tests/LargeSpecs)"
	@echo "make fuzz              fuzz the generator for 10 minutes (FUZZ_SECONDS=…, FUZZ_SEED=…), release build"
	@echo "make bench             ours vs SOG+Hummingbird, FastAPI and the pgbench ceiling (BENCH_IMPLS=…, BENCH_DURATION=…)"
	@echo "make bench-generator   time the release-built generator on $(SPEC)"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

stop:
	@for cluster in run test; do PG_CLUSTER=$$cluster bash scripts/postgres.sh stop || exit 1; done

deps:
	@bash scripts/install-deps.sh

generator:
	swift build --product openapi-gen

generate: generator
	$(GENERATOR) generate $(SPEC) --output $(GENERATED)

check-generated: generator
	$(GENERATOR) generate $(SPEC) --output $(GENERATED) --check

check-specs: generator
	bash scripts/check-specs.sh

check-large-specs:
	bash scripts/check-large-specs.sh

fuzz:
	swift build -c release --product openapi-fuzz
	.build/release/openapi-fuzz --seed $${FUZZ_SEED:-$$RANDOM} --iterations 100000000 --seconds $${FUZZ_SECONDS:-600} \
	  --artifacts test-output/fuzz-long --save-generated test-output/fuzz-long/generated --save-generated-limit 50
	bash scripts/fuzz-compile.sh test-output/fuzz-long/generated

bench:
	@bash scripts/bench.sh

bench-generator:
	bash scripts/bench-generator.sh
