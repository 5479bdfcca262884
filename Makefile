# rondo - build rules.
#   make            release build (-O2): build/rondo, build/librondo.a
#   make debug      debug build (assertions, heap verification): build/debug/
#   make asan       ASan + UBSan build: build/asan/
#   make test       every test of the release build ("N passed, N failed")
#   make test-debug-stress  the suite in the debug build under GC stress
#   make test-asan  the suite in the sanitizer build
CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif

SRC := $(shell find src -name '*.c' -not -path 'src/cli/*' | sort)
CLI_SRC := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c)
# The disassembler (src/codegen/x64/disasm.c) needs Capstone (Debian: libcapstone-dev).
CAPSTONE_LIBS := $(shell pkg-config --libs capstone 2>/dev/null || echo -lcapstone)
# BigInt arithmetic (src/objects/bigint.c) is built on GMP (Debian: libgmp-dev).
LIBS := -lm -lpthread $(CAPSTONE_LIBS) -lgmp

WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-missing-field-initializers
BASE_CFLAGS := -std=gnu11 $(WARN) -Iinclude -Isrc -fvisibility=hidden \
               -fno-strict-aliasing -MMD -MP

MODE ?= release
ifeq ($(MODE),release)
  OUT := build
  MODE_CFLAGS := -O2 -g -DNDEBUG
else ifeq ($(MODE),debug)
  OUT := build/debug
  MODE_CFLAGS := -O0 -g3 -DRD_DEBUG
else ifeq ($(MODE),asan)
  OUT := build/asan
  MODE_CFLAGS := -O1 -g -DRD_DEBUG -fsanitize=address,undefined \
                 -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  MODE_LDFLAGS := -fsanitize=address,undefined
else
  $(error unknown MODE $(MODE))
endif
CFLAGS_ALL := $(BASE_CFLAGS) $(MODE_CFLAGS) $(CFLAGS)

OBJ := $(SRC:%.c=$(OUT)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(OUT)/obj/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(OUT)/obj/%.o)

.PHONY: all debug asan test test-debug-stress test-asan clean check-deps
all: $(OUT)/rondo $(OUT)/librondo.a $(OUT)/unittest

debug:
	@$(MAKE) --no-print-directory MODE=debug
asan:
	@$(MAKE) --no-print-directory MODE=asan

$(OUT)/librondo.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

# The REPL needs libedit's headers (Debian: libedit-dev).
$(OUT)/rondo: $(CLI_OBJ) $(OUT)/librondo.a
	$(CC) $(MODE_CFLAGS) $(MODE_LDFLAGS) -o $@ $^ $(LIBS) -ledit

$(OUT)/obj/src/cli/%.o: src/cli/%.c
	@test -f /usr/include/editline/readline.h || { \
	  echo "rondo: libedit-dev is missing; install it with: apt-get install -y libedit-dev" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(OUT)/obj/src/codegen/x64/disasm.o: src/codegen/x64/disasm.c
	@echo '#include <capstone/capstone.h>' | $(CC) -E -x c - >/dev/null 2>&1 || { \
	  echo "rondo: libcapstone-dev is missing; install it with: apt-get install -y libcapstone-dev" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(OUT)/obj/src/objects/bigint.o: src/objects/bigint.c
	@echo '#include <gmp.h>' | $(CC) -E -x c - >/dev/null 2>&1 || { \
	  echo "rondo: libgmp-dev is missing; install it with: apt-get install -y libgmp-dev" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(OUT)/unittest: $(UNIT_OBJ) $(OUT)/librondo.a
	$(CC) $(MODE_CFLAGS) $(MODE_LDFLAGS) -o $@ $^ $(LIBS)

$(OUT)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -c $< -o $@

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The whole suite; tests/run-tests prints the closing "N passed, N failed".
test: all
	@tools/run-tests build

test-debug-stress:
	@$(MAKE) --no-print-directory MODE=debug
	@tools/run-tests build/debug --stress

test-asan:
	@$(MAKE) --no-print-directory MODE=asan
	@tools/run-tests build/asan

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

# docs/flags.md is generated from the flag list (tools/test-cli checks it).
docs: $(OUT)/rondo
	@{ echo '# Flags'; echo; echo 'Generated from `build/rondo --help` by `make docs`; `make test` checks that this page matches it.'; \
	   echo; echo '```'; $(OUT)/rondo --help; echo '```'; } > docs/flags.md
.PHONY: docs

# Benchmarks (not part of CI or `make test`; docs/bench.md):
#   make bench       both of the below
#   make bench-heap  the C micro-benchmarks of the heap (bench/heap_bench.c)
#   make bench-js    Octane + bench/micro/*.js in each engine (bench/run.py);
#                    OCTANE=dir, NODE=/usr/bin/node adds node's columns,
#                    BENCH_ARGS passes more options (e.g. --only richards)
OCTANE ?= ../shared/bench/octane
NODE ?=
BENCH_ARGS ?=
$(OUT)/heap_bench: $(OUT)/obj/bench/heap_bench.o $(OUT)/librondo.a
	$(CC) $(MODE_CFLAGS) $(MODE_LDFLAGS) -o $@ $^ $(LIBS)
bench-heap: $(OUT)/heap_bench
	$(OUT)/heap_bench
bench-js: $(OUT)/rondo
	python3 bench/run.py --rondo $(OUT)/rondo --octane $(OCTANE) $(if $(NODE),--node $(NODE)) $(BENCH_ARGS)
bench: bench-heap bench-js
.PHONY: bench bench-heap bench-js

# Conformance: the test262 tree (../shared/test262, or TEST262=path) with the
# known-failures list; not part of `make test` (a newcomer has no ../shared).
TEST262 ?= ../shared/test262
test262: $(OUT)/rondo
	python3 tools/test262/run.py --engine $(OUT)/rondo --test262 $(TEST262) $(TEST262_ARGS)
.PHONY: test262
