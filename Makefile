# Two commands matter: `make run` (serve the API on :8000) and `make test` (everything CI checks).
SHELL := /bin/bash
.DEFAULT_GOAL := help

SPEC := openapi.yaml
GENERATED := Sources/Generated
GENERATOR := .build/debug/openapi-gen

.PHONY: help deps build generator generate check-generated check-imports check-specs test bench-generator

help:
	@echo "make run     build, start a private PostgreSQL, migrate and serve http://localhost:8000 (/docs)"
	@echo "make test    install what is missing, check generated code and third-party specs, run every test"
	@echo "make generate          regenerate $(GENERATED) from $(SPEC)"
	@echo "make bench-generator   time the generator on $(SPEC) (release build)"

deps:
	@bash scripts/install-deps.sh

generator:
	swift build --product openapi-gen

## Regenerates the committed Swift from the spec.
generate: generator
	$(GENERATOR) generate $(SPEC) --output $(GENERATED)

## Fails, naming each stale file, when Sources/Generated does not match openapi.yaml.
check-generated: generator
	$(GENERATOR) generate $(SPEC) --output $(GENERATED) --check

check-imports:
	@bash scripts/check-imports.sh

check-specs: generator
	bash scripts/check-specs.sh

test: deps check-generated check-imports check-specs
	swift build --build-tests
	swift test --skip-build

bench-generator:
	bash scripts/bench-generator.sh
