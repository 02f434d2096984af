# SMS Workbench. The two commands of the README:
#   make run    installs what is missing, builds, and opens the window on the workspace in your
#               data folder (a demo SMS on first start)
#   make test   installs what is missing and runs the tests CI runs (within 15 minutes on a
#               2-core machine): vet, the Go tests and fuzzers, the race detector on the
#               packages with goroutines, vitest, the window's e2e tests on a scale-10 demo, the
#               release build and its checks
# Other targets: test-full (before a release: make test, then the e2e tests on the scale-100
# demo and the .deb installed for real), desktop (the window build), cli (the headless build),
# release (the packages in dist/), release-check (their tests), bench, clean.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
VERSION := $(VERSION)
LDFLAGS := -X main.version=$(VERSION)
BIN := build/bin
TEST_OUTPUT ?= $(CURDIR)/test-output

# The scale of the demo the window's scale e2e test fills: 10 (10,000 incidents) in make test,
# 100 in make test-full.
E2E_SCALE ?= 10

.PHONY: run test test-full go-race release-build-check deps deps-test deps-release frontend desktop dev-binary cli vet go-test ui-test release release-check bench clean

run: deps desktop
	$(BIN)/smsworkbench $(ARGS)

deps:
	@build/scripts/install-deps.sh run

deps-test:
	@build/scripts/install-deps.sh test

deps-release:
	@build/scripts/install-deps.sh release

frontend:
	cd frontend && npm run build

# The window build: CGO with WebKitGTK; the frontend is embedded.
desktop: frontend
	go build -tags desktop,production -ldflags "$(LDFLAGS)" -o $(BIN)/smsworkbench .

# The window build in Wails dev mode: serves the frontend and the real Go bindings to a browser.
dev-binary: frontend
	go build -tags desktop,dev -ldflags "$(LDFLAGS)" -o $(BIN)/smsworkbench-dev .

# The headless build: no CGO, no display; every command but the window.
cli:
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o $(BIN)/smsworkbench-cli .

vet:
	go vet ./...
	@test -z "$$(gofmt -l app internal build *.go)" || (gofmt -l app internal build *.go; echo "gofmt needed"; exit 1)

# go-test ends with short runs of the fuzzers of hostile input (the bundle reader, from its seed
# corpus in internal/bundle/testdata; the manifest's identifiers; the list filters). Inputs that find new paths are shrunk at most 200 times: the default
# minute of shrinking would take the whole run.
go-test:
	go test -count=1 ./...
	go test -run '^$$' -fuzz FuzzReadBundle -fuzztime 50000x -fuzzminimizetime 200x ./internal/bundle
	go test -run '^$$' -fuzz FuzzManifest -fuzztime 20000x -fuzzminimizetime 200x ./internal/bundle
	go test -run '^$$' -fuzz FuzzFilter -fuzztime 20000x -fuzzminimizetime 200x ./internal/store

ui-test: desktop dev-binary
	mkdir -p $(TEST_OUTPUT)
	cd frontend && npm run test:unit
	cd frontend && SMSWB_DESKTOP_BIN=$(CURDIR)/$(BIN)/smsworkbench SMSWB_DEV_BIN=$(CURDIR)/$(BIN)/smsworkbench-dev \
		SMSWB_TEST_OUTPUT=$(TEST_OUTPUT) SMSWB_E2E_SCALE=$(E2E_SCALE) npm run test:e2e

# The packages with goroutines under the race detector: the jobs runner, the window's jobs and
# background warm-up, the importer's read-ahead. The race detector slows them tenfold, so only
# the tests that exercise the goroutines run here; all of them run without it in go-test.
go-race:
	go test -race -count=1 ./internal/jobs
	go test -race -count=1 -run 'EachReadsAhead|AllOrNothing' ./internal/importer
	go test -race -count=1 -run 'JobsAreChecked|ImportJobIsCancelled|ImportJobOfAWorkbook' ./app

# Every release artefact in dist/ with the version $(VERSION): the Linux tarball and .deb, the
# Windows exe and its NSIS installer, SHA256SUMS (docs/releasing.md).
release: deps-release frontend
	VERSION='$(VERSION)' build/scripts/release.sh

# The release's tests, on what is in dist/ (a missing artefact fails): the Windows PE files and
# their version resources, the tarball's binary, SHA256SUMS (Go, build/release); the .deb's
# fields and files, then installed for real, started under Xvfb and removed (frontend/e2e).
release-check: release-build-check
	mkdir -p $(TEST_OUTPUT)
	cd frontend && SMSWB_RELEASE_VERSION='$(VERSION)' SMSWB_TEST_OUTPUT=$(TEST_OUTPUT) node --test e2e/package.test.mjs

# The release's checks that need no installation: the Windows PE files and their version
# resources, the tarball's binary, SHA256SUMS.
release-build-check:
	go vet -tags release ./build/release
	SMSWB_RELEASE_VERSION='$(VERSION)' go test -count=1 -tags release ./build/release

test: deps-test vet go-test go-race ui-test release release-build-check

# Before a release: everything make test runs, the window on the scale-100 demo, and the .deb
# installed, started and removed for real.
test-full: test
	$(MAKE) ui-test E2E_SCALE=100
	$(MAKE) release-check

# Benchmarks of generated workspaces (100,000 incidents); SMSWB_BENCH_SCALE=0.1 for a quick run.
bench:
	go test -run '^$$' -bench . -benchtime 1x -timeout 60m ./internal/store/ ./internal/reports/ ./internal/bundle/ ./internal/compliance/ ./internal/auditpack/ ./internal/importer/

clean:
	rm -rf $(BIN) $(TEST_OUTPUT) dist frontend/dist/assets frontend/dist/index.html
