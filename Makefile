# msgflow — build, tests, sanitizers, fuzzing and benchmarks.
#
#   make             ./msgflow
#   make deps        install what is missing (Debian 12, as root); the only
#                    target that installs anything or needs the network
#   make demo        the main job on the bundled default topology
#   make check       unit tests (TAP through prove), corpus, fuzz replay,
#                    layer order (check-layers)
#   make check-asan  the same under AddressSanitizer + UBSan, leaks checked
#                    (CC=clang for clang's sanitizers; build-asan-$(CC)/)
#   make check-layers  includes follow sim/'s layer order, no cycles
#   make fuzz        libFuzzer, every target one after the other, FUZZ_SECONDS
#                    (600) each: topo (the topology loader), report (a result
#                    folder read back: manifest, summary.json, CSVs), values
#                    (base/units.h's parsers); FUZZ_TARGET=values runs one.
#                    Crashes go to tests/fuzz/TARGET/, which `make check`
#                    replays with the seeds there (tests/fuzz-replay.t)
#   make bench       benchmarks: figures printed, nothing asserted
#   make install     PREFIX (/usr/local), DESTDIR: bin/msgflow, the man page,
#                    bash completion, share/doc/msgflow; make uninstall
#
# WERROR=1 adds -Werror (CI sets it).  Objects go to $(BUILD)/.

CC ?= cc
PKGS := glib-2.0 json-glib-1.0 igraph
BUILD ?= build
OPT ?= -O2 -g
SAN ?=
WERROR ?=

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wcast-qual -Wformat=2
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SAN),1)
  SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
  SANFLAGS :=
endif

# Link-time optimisation of the program (GCC, not under sanitizers): the
# simulation's hot path crosses files (clock, queues, statistics) and
# inlining across them took ~15% off a run.  Objects are fat, so the test
# programs link them without LTO.  LTO= turns it off.
LTO ?= $(if $(SAN),,$(if $(shell $(CC) -v 2>&1 | grep 'gcc version'),-flto=auto -ffat-lto-objects))
CFLAGS_ALL = -std=c17 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) \
             $(if $(WERROR),-Werror) $(SANFLAGS) -MMD -MP -Isim $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lm

# sim/ is one folder per layer (sim/README.md); main.c alone is not library.
LAYERS := base model transport analyze report cli
LIB_SRC := $(filter-out sim/cli/main.c,$(foreach l,$(LAYERS),$(wildcard sim/$(l)/*.c)))
LIB_OBJ := $(patsubst sim/%.c,$(BUILD)/sim/%.o,$(LIB_SRC))
TEST_SRC := $(wildcard tests/test-*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCH_SRC := $(wildcard tests/bench-*.c)
BENCH_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(BENCH_SRC))
TOOL_SRC := tests/fuzz-replay.c tests/json-check.c tests/expect-check.c $(wildcard tests/gen-*.c)
TOOL_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TOOL_SRC))
GEN_HDR := $(BUILD)/gen/templates.h
TEMPLATES := $(sort $(wildcard reports/*.gp reports/*.html reports/*.css reports/*.js))

ifeq ($(BUILD),build)
  PROGRAM := msgflow
else
  PROGRAM := $(BUILD)/msgflow
endif

DEFAULT_TOPOLOGY ?= topologies/contoso-global.topo

.PHONY: all deps demo check check-asan check-layers fuzz bench clean tests install uninstall
all: $(PROGRAM)

$(PROGRAM): $(BUILD)/sim/cli/main.o $(BUILD)/libsim.a
	$(CC) $(OPT) $(LTO) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/libsim.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/sim/%.o: sim/%.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(LTO) -I$(BUILD)/gen -c -o $@ $<

# Report templates compiled into the binary, so msgflow runs from anywhere.
$(GEN_HDR): $(TEMPLATES) tests/embed.sh | $(BUILD)/gen
	sh tests/embed.sh $@ $(TEMPLATES)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libsim.a | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(BUILD)/libsim.a $(LDFLAGS_ALL) $(LIBS_ALL)

$(BUILD)/tests $(BUILD)/gen:
	mkdir -p $@

tests: $(TEST_BIN) $(TOOL_BIN) $(BENCH_BIN)

deps:
	@sh .ci/deps.sh

demo: all
	./msgflow check $(DEFAULT_TOPOLOGY)
	./msgflow simulate --report $(DEFAULT_TOPOLOGY)

# Under ASan GLib must not pool memory, or leaks hide (GLib 2.74).
ASAN_ENV := G_SLICE=always-malloc G_DEBUG=gc-friendly \
            ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp

check: check-layers
	$(MAKE) all tests
	MSGFLOW=$(CURDIR)/$(PROGRAM) BUILD=$(BUILD) $(if $(filter 1,$(SAN)),$(ASAN_ENV)) \
	  prove -f -e '' $(TEST_BIN) tests/cli.t tests/report-e2e.t tests/trace-page.t tests/fuzz-replay.t \
	  tests/check-layers.t tests/routes.t tests/readme-tour.t tests/expect.t \
	  tests/docs-pages.t tests/install.t tests/completion.t tests/report-page.t tests/compare.t \
	  tests/sweep.t

check-asan:
	$(MAKE) BUILD=build-asan-$(notdir $(CC)) SAN=1 OPT='-O1 -g' check

check-layers:
	@sh tests/check-layers.sh sim

# libFuzzer needs clang; the fuzz build has its own objects.  Each target
# is tests/fuzz-TARGET.c; its corpus (seeds and crashes) tests/fuzz/TARGET/,
# what libFuzzer finds besides $(BUILD)/fuzz-corpus/TARGET/.
FUZZ_TARGETS := topo report values
FUZZ_TARGET ?= $(FUZZ_TARGETS)
FUZZ_SECONDS ?= 600
FUZZ_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -O1 -g -Isim -I$(BUILD)/gen $(PKG_CFLAGS)
FUZZ_SAN := address,undefined
FUZZ_OBJ := $(patsubst sim/%.c,$(BUILD)/fuzz-obj/%.o,$(LIB_SRC))
# report writes a folder per input: in memory where there is /dev/shm (a
# disk's metadata writes made it five times slower).
FUZZ_TMPDIR ?= $(if $(wildcard /dev/shm/.),/dev/shm,/tmp)
# topo also starts from the examples and the malformed corpus.
FUZZ_SEEDS_topo := topologies tests/malformed
$(BUILD)/fuzz-obj/%.o: sim/%.c | $(GEN_HDR)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<
.SECONDARY: $(FUZZ_OBJ)
$(BUILD)/fuzz-%: tests/fuzz-%.c $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(FUZZ_OBJ) $(LIBS_ALL)

fuzz:
	@for t in $(FUZZ_TARGET); do case " $(FUZZ_TARGETS) " in *" $$t "*) ;; \
	  *) echo "no fuzz target $$t (targets: $(FUZZ_TARGETS))" >&2; exit 2;; esac; done
	$(MAKE) $(foreach t,$(FUZZ_TARGET),$(BUILD)/fuzz-$(t))
	set -e; for t in $(FUZZ_TARGET); do \
	  mkdir -p $(BUILD)/fuzz-corpus/$$t; \
	  echo "== fuzz-$$t: $(FUZZ_SECONDS)s"; \
	  TMPDIR=$(FUZZ_TMPDIR) G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    $(BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -artifact_prefix=tests/fuzz/$$t/ \
	    $(BUILD)/fuzz-corpus/$$t tests/fuzz/$$t $$(test $$t = topo && echo "$(FUZZ_SEEDS_topo)"); \
	done

# The yardstick of tests/bench.sh: a bare C program, built without libsim.
$(BUILD)/tests/ref-tandem: tests/bench/ref-tandem.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O2 $(WARN) $(if $(WERROR),-Werror) -o $@ $< -lm

bench: $(BUILD)/tests/ref-tandem
	$(MAKE) all tests
	sh tests/bench.sh $(BUILD)

# make install PREFIX=/usr/local DESTDIR=: the program, its man page, bash
# completion and the documentation.
PREFIX ?= /usr/local
DOCS := $(wildcard docs/*.md)
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/doc/msgflow
	install -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/msgflow
	install -m 644 docs/msgflow.1 $(DESTDIR)$(PREFIX)/share/man/man1/msgflow.1
	install -m 644 completion/msgflow.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/msgflow
	install -m 644 README.md $(DOCS) $(DESTDIR)$(PREFIX)/share/doc/msgflow/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/msgflow $(DESTDIR)$(PREFIX)/share/man/man1/msgflow.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/msgflow
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/msgflow

clean:
	rm -rf build build-asan* build-fuzz msgflow

-include $(wildcard $(BUILD)/sim/*/*.d $(BUILD)/tests/*.d)
