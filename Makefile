# SMS Workbench. The two commands of the README:
#   make run    installs what is missing, builds, and opens the window on the workspace in your
#               data folder (a demo SMS on first start)
#   make test   installs what is missing and runs every test
# Other targets: desktop (the window build), cli (the headless build), release (the packages in
# dist/), release-check (their tests), bench, clean.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
VERSION := $(VERSION)
LDFLAGS := -X main.version=$(VERSION)
BIN := build/bin
TEST_OUTPUT ?= $(CURDIR)/test-output

.PHONY: run test deps deps-test deps-release frontend desktop dev-binary cli vet go-test ui-test release release-check bench clean

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
		SMSWB_TEST_OUTPUT=$(TEST_OUTPUT) npm run test:e2e

# Every release artefact in dist/ with the version $(VERSION): the Linux tarball and .deb, the
# Windows exe and its NSIS installer, SHA256SUMS (docs/releasing.md).
release: deps-release frontend
	VERSION='$(VERSION)' build/scripts/release.sh

# The release's tests, on what is in dist/ (a missing artefact fails): the Windows PE files and
# their version resources, the tarball's binary, SHA256SUMS (Go, build/release); the .deb's
# fields and files, then installed for real, started under Xvfb and removed (frontend/e2e).
release-check:
	go vet -tags release ./build/release
	SMSWB_RELEASE_VERSION='$(VERSION)' go test -count=1 -tags release ./build/release
	mkdir -p $(TEST_OUTPUT)
	cd frontend && SMSWB_RELEASE_VERSION='$(VERSION)' SMSWB_TEST_OUTPUT=$(TEST_OUTPUT) node --test e2e/package.test.mjs

test: deps-test vet go-test ui-test release release-check

# Benchmarks of generated workspaces (100,000 incidents); SMSWB_BENCH_SCALE=0.1 for a quick run.
bench:
	go test -run '^$$' -bench . -benchtime 1x -timeout 60m ./internal/store/ ./internal/reports/ ./internal/bundle/ ./internal/compliance/ ./internal/auditpack/ ./internal/importer/

clean:
	rm -rf $(BIN) $(TEST_OUTPUT) dist frontend/dist/assets frontend/dist/index.html
