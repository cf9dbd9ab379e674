# pitgate — the two commands that matter: `make run` and `make test`.
GO      ?= go
BIN     := bin/pitgate
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.Version=$(VERSION)

.PHONY: run build test unit e2e lint fmt bench fuzz golden clean

run: build ## the demo: embedded DuckDB, demo data, psql on 127.0.0.1:5433
	./$(BIN) demo

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/pitgate

test: lint unit fuzz-short ## the whole suite, as CI runs it

unit:
	$(GO) test -count=1 -timeout 40m ./...
	$(GO) test -count=1 -timeout 40m -race ./wire/ ./gateway/ ./online/...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	bash scripts/check-layers.sh

fuzz-short: ## each fuzzer for a bounded number of inputs (counts, not seconds: a time limit can cut an input mid-run)
	$(GO) test -run '^$$' -fuzz '^FuzzStartup$$' -fuzztime 5000x ./wire/
	$(GO) test -run '^$$' -fuzz '^FuzzMessages$$' -fuzztime 5000x ./wire/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 20000x ./registry/
	$(GO) test -run '^$$' -fuzz '^FuzzPlan$$' -fuzztime 20000x ./planner/

fuzz: ## longer fuzzing, by hand
	$(GO) test -run '^$$' -fuzz '^FuzzStartup$$' -fuzztime 2m ./wire/
	$(GO) test -run '^$$' -fuzz '^FuzzMessages$$' -fuzztime 2m ./wire/
	$(GO) test -run '^$$' -fuzz '^FuzzPlan$$' -fuzztime 2m ./planner/

golden: ## rewrite golden files; review the diff
	$(GO) test ./dialects/ ./registry/ -run Golden -update

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./dialects/ ./warehouse/duckdb/ ./online/...

clean:
	rm -rf bin
