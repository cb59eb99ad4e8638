# bpstep: a step-through debugger for backpropagation.
#   make          build ./bpstep (installs missing build packages first)
#   make run      build and start bpstep on the reference network
#   make test     build and run every test, then again under ASan + UBSan
#   make bench    speed and memory of the MNIST network, against PyTorch when
#                 it is installed (make bench-torch installs Debian's python3-torch);
#                 BENCH=pass or BENCH=train measures only that part
#   make data     install Fashion-MNIST (Debian's dataset-fashion-mnist) for training
#   make golden   regenerate tests/golden/ (review the diff)
#   make install  PREFIX=/usr/local DESTDIR=
#   make valgrind run the unit tests under valgrind
#   make tidy     clang-tidy's bug-finding checks (.clang-tidy)
#   make coverage line coverage of all the tests (gcov), total last
#   make fuzz     each libFuzzer target for FUZZ_S seconds (default 60)
# SANITIZE=address,undefined builds everything with those sanitizers.
# BLAS=openblas (the default) puts OpenBLAS's dgemm under the GEMMs; BLAS=none
# keeps the readable loops of src/math/matrix.c (build/none), which the tests
# also compare OpenBLAS against.

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build/release
OPT ?= -O2 -g
SANITIZE ?=
BLAS ?= openblas

# V=1 shows every compiler command line. Release hardening; the sanitizer
# and coverage builds set OPT themselves.
HARDEN := $(if $(findstring -O2,$(OPT)),-D_FORTIFY_SOURCE=2 -fstack-protector-strong,)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef -Wwrite-strings -Werror=implicit-function-declaration
SANFLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all,)

# Expanded when a recipe runs, i.e. after the packages are installed.
CURSES_CFLAGS = $(shell pkg-config --cflags ncursesw 2>/dev/null)
CURSES_LIBS = $(or $(shell pkg-config --libs ncursesw 2>/dev/null),-lncursesw)
CMOCKA_LIBS = $(or $(shell pkg-config --libs cmocka 2>/dev/null),-lcmocka)
ZLIB_LIBS = $(or $(shell pkg-config --libs zlib 2>/dev/null),-lz)
PROTOBUF_LIBS = $(or $(shell pkg-config --libs libprotobuf-c 2>/dev/null),-lprotobuf-c)
ifeq ($(BLAS),openblas)
BLAS_CFLAGS = -DBPSTEP_CBLAS $(shell pkg-config --cflags openblas 2>/dev/null)
BLAS_LIBS = $(or $(shell pkg-config --libs openblas 2>/dev/null),-lopenblas)
else ifeq ($(BLAS),none)
BLAS_CFLAGS :=
BLAS_LIBS :=
ifeq ($(BUILD),build/release)
BUILD := build/none
endif
else
$(error BLAS must be openblas or none, not '$(BLAS)')
endif
# Every file compiles with these alone; curses' own flags go to term.c only,
# the one file that includes curses.h.
# -pthread: the trainer's workers (src/math/parallel.c) are POSIX threads.
ALL_CFLAGS = $(BLAS_CFLAGS) -isystem $(GEN) -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(OPT) $(HARDEN) $(WARN) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(wildcard src/base/*.c src/math/*.c src/debugger/*.c src/data/*.c src/lesson/*.c src/ui/*.c)
# The ONNX reader's protobuf-c code, generated from Debian's onnx.proto
# (libonnx-dev) by protoc-c into build/gen, never committed.
GEN := build/gen
ONNX_PROTO ?= /usr/include/onnx/onnx.proto
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/onnx.pb-c.o
ALL_LIBS = $(CURSES_LIBS) $(BLAS_LIBS) $(ZLIB_LIBS) $(PROTOBUF_LIBS) -lm
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
DEPS_STAMP := build/.packages-ok-v2-$(BLAS)

.PHONY: all run test test-unit test-e2e test-lessons test-fuzz-replay bench golden install uninstall clean \
        valgrind packages data fuzz fuzz-build fuzz-merge check-packages coverage tidy bench-torch

all: bpstep

# ---- packages a fresh Debian/Ubuntu machine lacks --------------------------
BUILD_PKGS := pkg-config libncurses-dev
TEST_PKGS := libcmocka-dev tmux
ONNX_PKGS := libprotobuf-c-dev protobuf-c-compiler libonnx-dev

# Installs $$need with apt-get as root or with sudo -n; otherwise says what to run.
APT_INSTALL = echo "bpstep: installing missing packages:$$need"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "bpstep: cannot install as this user; run: sudo apt-get install -y$$need" >&2; exit 1; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$need >/dev/null || \
	    { echo "bpstep: apt-get failed; run: sudo apt-get install -y$$need" >&2; exit 1; }

packages: $(DEPS_STAMP)
$(DEPS_STAMP):
	@need=""; \
	command -v pkg-config >/dev/null 2>&1 || need="$$need pkg-config"; \
	pkg-config --exists ncursesw 2>/dev/null || [ -f /usr/include/ncursesw/curses.h ] || need="$$need libncurses-dev"; \
	pkg-config --exists cmocka 2>/dev/null || [ -f /usr/include/cmocka.h ] || need="$$need libcmocka-dev"; \
	command -v tmux >/dev/null 2>&1 || need="$$need tmux"; \
	pkg-config --exists zlib 2>/dev/null || [ -f /usr/include/zlib.h ] || need="$$need zlib1g-dev"; \
	[ -f /usr/include/protobuf-c/protobuf-c.h ] || need="$$need libprotobuf-c-dev"; \
	command -v protoc-c >/dev/null 2>&1 || need="$$need protobuf-c-compiler"; \
	[ -f $(ONNX_PROTO) ] || need="$$need libonnx-dev"; \
	if [ "$(BLAS)" = openblas ]; then pkg-config --exists openblas 2>/dev/null || \
	  ls /usr/lib/*/libopenblas.so /usr/lib/libopenblas.so >/dev/null 2>&1 || need="$$need libopenblas-dev"; fi; \
	if [ -n "$$need" ]; then $(APT_INSTALL); fi
	@mkdir -p $(dir $@) && touch $@

# ---- build ------------------------------------------------------------------
bpstep: $(BUILD)/bpstep
	rm -f $@ && cp $< $@

$(BUILD)/bpstep: $(LIB_OBJ) $(BUILD)/src/main.o
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

$(BUILD)/src/ui/term.o: EXTRA_CFLAGS = -D_XOPEN_SOURCE_EXTENDED $(CURSES_CFLAGS)

$(GEN)/onnx.pb-c.c: $(ONNX_PROTO) | $(DEPS_STAMP)
	@mkdir -p $(GEN)
	$(if $(V),,@echo "  GEN $@"; )protoc-c --c_out=$(GEN) -I$(dir $(ONNX_PROTO)) $(ONNX_PROTO)
$(GEN)/onnx.pb-c.h: $(GEN)/onnx.pb-c.c
$(BUILD)/gen/onnx.pb-c.o: $(GEN)/onnx.pb-c.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@
# the reader's files include the generated header: it exists before they compile
$(BUILD)/src/data/onnx.o $(BUILD)/src/data/onnx_layers.o $(BUILD)/src/data/onnx_tensor.o: | $(GEN)/onnx.pb-c.h

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) -DBPSTEP_LESSON_DIR='"$(PREFIX)/share/bpstep/lessons"' -MMD -MP -c $< -o $@

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIB_OBJ) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(ALL_LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d $(TEST_BIN:=.d)

run: bpstep
	./bpstep

# ---- tests ------------------------------------------------------------------
test-unit: $(TEST_BIN) $(BUILD)/bpstep
	@BPSTEP=$(BUILD)/bpstep sh tests/run_tests.sh $(TEST_BIN)

test-e2e: $(BUILD)/bpstep
	@BPSTEP=$(BUILD)/bpstep sh tests/e2e_tui.sh

# every shipped lesson's expect lines, so a lesson that no longer matches fails
test-lessons: $(BUILD)/bpstep
	@$(BUILD)/bpstep --check lessons/*.lesson tests/lessons/*.lesson

# the stored fuzz corpus and every crash reproducer, through each reader
FUZZ_TARGETS := config command expr matlit lesson idx params answer onnx subscript
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(LIB_OBJ) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< fuzz/replay.c $(LIB_OBJ) $(ALL_LDFLAGS) $(ALL_LIBS)

test-fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do printf 'fuzz replay %-8s ' $$t; \
	  $(BUILD)/fuzz/replay_$$t fuzz/corpus/$$t fuzz/regressions/$$t || exit 1; done

test: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory test-lessons test-unit test-fuzz-replay test-e2e
	@echo "== again under AddressSanitizer + UndefinedBehaviorSanitizer =="
	@ASAN_OPTIONS=detect_leaks=1 $(MAKE) --no-print-directory test-lessons test-unit test-fuzz-replay test-e2e \
	  BUILD=build/sanitize SANITIZE=address,undefined OPT="-O1 -g"

# line coverage of every test (gcov): per file, then the total, last
coverage: $(DEPS_STAMP)
	@rm -rf build/coverage
	@$(MAKE) --no-print-directory test-lessons test-unit test-fuzz-replay test-e2e BUILD=build/coverage \
	  OPT="-O0 -g --coverage" LDFLAGS=--coverage >build/coverage.log 2>&1 || { tail -30 build/coverage.log; exit 1; }
	@sh tests/coverage.sh build/coverage

# clang-tidy's bug-finding checks (.clang-tidy says which and why); fails on any finding
tidy: $(DEPS_STAMP) check-packages $(GEN)/onnx.pb-c.h
	@mkdir -p build; clang-tidy --quiet $(wildcard src/*.c src/*/*.c) -- -isystem $(GEN) -std=c11 -D_POSIX_C_SOURCE=200809L \
	  -D_XOPEN_SOURCE_EXTENDED $(CURSES_CFLAGS) >build/tidy.log 2>&1; rc=$$?; \
	  grep -A3 -E '(warning|error):' build/tidy.log; \
	  if [ $$rc -eq 0 ]; then echo "tidy: clean"; else echo "tidy: findings above (build/tidy.log)"; exit 1; fi

valgrind: $(TEST_BIN)
	@for t in $(TEST_BIN); do valgrind -q --error-exitcode=1 --leak-check=full $$t || exit 1; done

golden: $(BUILD)/tests/test_views $(BUILD)/tests/test_view_compare $(BUILD)/tests/test_tui_lesson
	BPSTEP_GOLDEN_WRITE=1 $(BUILD)/tests/test_views
	BPSTEP_GOLDEN_WRITE=1 $(BUILD)/tests/test_view_compare
	BPSTEP_GOLDEN_WRITE=1 $(BUILD)/tests/test_tui_lesson
	git diff --stat tests/golden || true

bench: $(BUILD)/bench/bench
	@OPENBLAS_NUM_THREADS=1 $(BUILD)/bench/bench $(BENCH)

# Debian's PyTorch (CPU, on OpenBLAS) for bench's comparison; optional
bench-torch:
	@need=""; { python3 -c 'import torch' || /usr/bin/python3 -c 'import torch'; } >/dev/null 2>&1 || \
	  need=" python3-torch"; if [ -n "$$need" ]; then $(APT_INSTALL); else echo "python3 with torch: present"; fi

# Fashion-MNIST (Debian's dataset-fashion-mnist, 30 MB) for `--data fashion-mnist`
# and the training lesson; make test never needs it.
data:
	@need=""; [ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || \
	  need=" dataset-fashion-mnist"; if [ -n "$$need" ]; then $(APT_INSTALL); else echo "Fashion-MNIST: present"; fi

$(BUILD)/bench/bench: bench/bench.c $(LIB_OBJ) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) -O3 -march=native -o $@ $< $(LIB_OBJ) $(ALL_LDFLAGS) $(ALL_LIBS)

# ---- fuzzing: clang + libFuzzer, ASan + UBSan (float-cast-overflow too) -----
# make fuzz [FUZZ_S=60] runs each target that long; a crash is saved under
# fuzz/regressions/TARGET/ (commit it: make test replays it). make fuzz-merge
# folds what the runs found into the stored, minimised corpus fuzz/corpus/.
FUZZ_S ?= 60
FUZZ_SAN := address,undefined,float-cast-overflow
FUZZ_RUN = ASAN_OPTIONS=detect_leaks=1 build/fuzz/fuzz_$$t

fuzz: check-packages
	@$(MAKE) --no-print-directory fuzz-build BUILD=build/fuzz CC=clang SANITIZE=$(FUZZ_SAN),fuzzer-no-link OPT="-O1 -g"
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus/$$t fuzz/regressions/$$t; \
	  printf 'fuzz %-8s %ss: ' $$t $(FUZZ_S); \
	  $(FUZZ_RUN) -max_total_time=$(FUZZ_S) -timeout=10 -rss_limit_mb=4096 -dict=fuzz/$$t.dict \
	    -artifact_prefix=fuzz/regressions/$$t/ build/fuzz/corpus/$$t fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 \
	    || { echo "FAILED (reproducer in fuzz/regressions/$$t/)"; tail -40 build/fuzz/$$t.log; exit 1; }; \
	  grep -E '^#[0-9]+' build/fuzz/$$t.log | tail -1 | sed 's/^#\([0-9]*\).*cov: \([0-9]*\).*/\1 runs, coverage \2 edges, no crash/'; \
	done

fuzz-merge:
	@for t in $(FUZZ_TARGETS); do $(FUZZ_RUN) -merge=1 fuzz/corpus/$$t build/fuzz/corpus/$$t 2>&1 | tail -1; done

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: fuzz/fuzz_%.c $(LIB_OBJ)
	$(if $(V),,@echo "  CC  $@"; )$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(ALL_LDFLAGS) -fsanitize=fuzzer $(ALL_LIBS)

# clang, clang-tidy and the libFuzzer runtime, installed like the other packages
check-packages:
	@need=""; command -v clang >/dev/null 2>&1 || need="$$need clang"; \
	command -v clang-tidy >/dev/null 2>&1 || need="$$need clang-tidy"; \
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || need="$$need libclang-rt-dev"; \
	if [ -n "$$need" ]; then $(APT_INSTALL); fi

# ---- install ----------------------------------------------------------------
install: bpstep
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bpstep/lessons \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 bpstep $(DESTDIR)$(PREFIX)/bin/bpstep
	cp -R lessons/. $(DESTDIR)$(PREFIX)/share/bpstep/lessons/
	install -m 644 docs/bpstep.1 $(DESTDIR)$(PREFIX)/share/man/man1/bpstep.1
	install -d $(DESTDIR)$(PREFIX)/share/doc/bpstep
	install -m 644 docs/*.md README.md $(DESTDIR)$(PREFIX)/share/doc/bpstep/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/bpstep $(DESTDIR)$(PREFIX)/share/man/man1/bpstep.1
	rm -rf $(DESTDIR)$(PREFIX)/share/bpstep $(DESTDIR)$(PREFIX)/share/doc/bpstep

clean:
	rm -rf build bpstep
