# Lectern. `make run` opens the browser on the bundled seeds; `make test` runs every test.
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)/lectern
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build release run test interop install uninstall clean deps corpus bench fuzz check

all: build

# Installs what a fresh Debian machine lacks: ncursesw headers, pkg-config, tmux (for the end-to-end tests),
# python3-venv (for the export interop check).
deps:
	@missing=""; \
	[ -e /usr/include/ncursesw/curses.h ] || missing="$$missing libncurses-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$$missing python3 python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(MAKE) build CONFIG=release

run: build
	$(BIN) seeds

test: build interop
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Independent readers (bibtexparser, rispy; pinned in Tests/interop/requirements.txt, installed from PyPI
# into .venv-interop) read Lectern's exports; titles, DOIs and authors must match `lectern list --json`.
interop: build
	bash Tests/interop/run.sh $(BIN)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/lectern/seeds
	install -m 755 .build/release/lectern $(DESTDIR)$(PREFIX)/bin/lectern
	install -m 644 seeds/* $(DESTDIR)$(PREFIX)/share/lectern/seeds/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/lectern
	rm -rf $(DESTDIR)$(PREFIX)/share/lectern

# A synthetic corpus: make corpus N=100000 FORMAT=medline [SEED=1] [OUT=bench-corpus/medline-100000.nbib]
# FORMAT: medline, ris, bibtex, csljson, pubmed-xml, pages (a folder of .txt article pages).
N ?= 10000
FORMAT ?= medline
SEED ?= 1
corpus:
	python3 bench/gencorpus.py $(N) $(FORMAT) --seed $(SEED) $(if $(OUT),--out $(OUT))

# Speed and memory at 10,000 and 100,000 papers, written to BENCH.md. Not part of `make test`.
SIZES ?= 10000,100000
RUNS ?= 3
bench: deps
	@command -v /usr/bin/time >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq time; }
	python3 bench/bench.py --sizes $(SIZES) --runs $(RUNS)

# libFuzzer on every parser (fuzz/targets), FUZZ_SECONDS each; a crash fails the run (see fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

# Everything in `make test`, then the fault tests too slow for it (LECTERN_FAULT_TESTS=1),
# then each fuzzer briefly.
check: test
	LECTERN_FAULT_TESTS=1 $(SWIFT) test --skip-build --filter Fault
	FUZZ_SECONDS=$(or $(CHECK_FUZZ_SECONDS),10) fuzz/run.sh

clean:
	$(SWIFT) package clean
	rm -rf .build .venv-interop
