# openresearch: build, test and benchmark.  See README.md.
# Tools, library modules and unit tests are discovered from the tree, so a new
# cmd/or-x.c, common/x.c or tests/unit/test-x.c needs no edit here; a tool that
# links an external library names it in LIBS_or-x below.

# The project's own copy of the test vectors; when ../shared/vectors exists
# beside the checkout, make check first proves the copy equal to it.
VECTORS ?= tests/vectors
PREFIX  ?= /usr/local
# deployment manifests, the artifacts they name and scripts/deployment.sh
SHARE    = $(PREFIX)/share/openresearch
CC      ?= cc
SAN     ?=

CFLAGS_BASE = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Wno-unused-parameter -Icommon -fPIE -MMD -MP
ifeq ($(SAN),1)
CFLAGS_OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
LDFLAGS_SAN = -fsanitize=address,undefined
BUILD = build/san
else
CFLAGS_OPT = -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
LDFLAGS_SAN =
BUILD = build/rel
endif
CFLAGS_ALL = $(CFLAGS_BASE) $(CFLAGS_OPT) $(CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS_SAN) $(LDFLAGS)

# External libraries per tool (the link graph is part of the design:
# or-sign links no libcurl, only or-sandbox links libseccomp).
LIBS_COMMON     = -lcjson -lcrypto -lpthread
# or-hash takes only SHA-256 from libcrypto and xxh3 from libxxhash: linked
# statically, that is a few KB instead of loading two shared libraries
# (about 1 ms for libcrypto) on every call.
LIBS_or-hash    = -Wl,-Bstatic -lxxhash -lcrypto -Wl,-Bdynamic
LIBS_or-abi     =
LIBS_or-sign    = -lsecp256k1 -lsodium
LIBS_or-rpc     = -lcurl
LIBS_or-sandbox = -lseccomp
LIBS_or-bench   = -lpcre2-8 -lm
LIBS_or-put0g   = -lcurl
LIBS_or-pack    = -larchive -lxxhash
LIBS_or-protocol = -lpcre2-8
LIBS_or-gate    = -lpcre2-8
LIBS_ALL = -lxxhash -lsecp256k1 -lsodium -lcurl -lseccomp -lpcre2-8 \
	-larchive -lm $(LIBS_COMMON)

TOOL_SRC   = $(sort $(wildcard cmd/or-*.c))
TOOLS      = $(patsubst cmd/%.c,%,$(TOOL_SRC))
# common/ is flat except for the sandbox subsystem in common/sandbox/
LIB_SRC    = $(sort $(wildcard common/*.c common/sandbox/*.c))
LIB_OBJ    = $(patsubst common/%.c,$(BUILD)/common/%.o,$(LIB_SRC))
UNIT_SRC   = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN   = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HELPER_SRC = $(sort $(wildcard tests/helpers/*.c))
HELPER_BIN = $(patsubst tests/helpers/%.c,$(BUILD)/helpers/%,$(HELPER_SRC))
INJECT_SO  = $(BUILD)/inject/inject.so
# libFuzzer targets: clang, the library rebuilt with coverage and sanitizers.
FUZZ_SRC   = $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN   = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
# (the sandbox, common/sandbox/ and its record glue, is left out: no
# target reaches it, and it wants gcc's view)
FUZZ_OBJ   = $(patsubst common/%.c,build/fuzz/common/%.o,\
	$(filter-out common/sandbox%,$(LIB_SRC)))
FUZZ_CC    = clang
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Wno-unused-parameter -Icommon -g -O1 -fno-omit-frame-pointer -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined

.PRECIOUS: $(BUILD)/cmd/%.o
.PHONY: all units deps check check-long test bench demo install clean help-parity \
	fuzz fuzzers
BIN = $(BUILD)/bin
all: $(addprefix $(BIN)/,$(TOOLS))
	@if [ -d bin ] && [ ! -L bin ]; then rm -rf bin; fi
	@ln -sfn $(BIN) bin
	@for f in $(BIN)/or-*; do case " $(TOOLS) " in \
		*" $${f##*/} "*) ;; *) rm -f "$$f" ;; esac; done
	@if command -v man >/dev/null 2>&1; then sh scripts/help-parity $(TOOLS); \
	else echo 'make: man not found: help parity is left to make check' >&2; fi

# Objects depend on their headers through -MMD; on the Makefile too, so a
# change of flags (or an object built before -MMD) rebuilds them.
$(BUILD)/common/%.o: common/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libor.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/cmd/%.o: cmd/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# bin is a link to the tools of the flavour last built (SAN=1 or not).
$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libor.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libor.a $(LIBS_$*) $(LIBS_COMMON)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libor.a tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests/unit $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libor.a $(LIBS_ALL)

$(BUILD)/helpers/%: tests/helpers/%.c $(BUILD)/libor.a $(wildcard tests/helpers/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests/helpers $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libor.a $(LIBS_ALL)

# The fault-injection shim is never sanitized: it is preloaded before the
# sanitizer runtime (tests set ASAN_OPTIONS=verify_asan_link_order=0), and
# with SAN=1 it leaves malloc to ASan.
$(INJECT_SO): tests/inject/inject.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -shared -fPIC $(if $(SAN),,-DINJECT_MALLOC) \
		-o $@ $< -ldl

build/fuzz/common/%.o: common/%.c Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/libor.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libor.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libor.a $(LIBS_ALL)

fuzzers: $(FUZZ_BIN)

# make fuzz: every target for OR_FUZZ_SECONDS (default 300) on its corpus;
# a crash is saved under tests/fuzz/crashers/ to be kept as a regression.
fuzz: deps
	$(MAKE) fuzzers
	OR_FUZZ_SECONDS=$${OR_FUZZ_SECONDS:-300} OR_FUZZ_KEEP=1 sh scripts/fuzz

deps:
	sh scripts/deps

units: $(UNIT_BIN) $(HELPER_BIN) $(INJECT_SO) $(FUZZ_BIN)

check: deps
	$(MAKE) all units
	VECTORS='$(VECTORS)' BUILD='$(BUILD)' OR_SAN='$(SAN)' sh scripts/check

test: check

check-long: deps
	$(MAKE) all units
	VECTORS='$(VECTORS)' BUILD='$(BUILD)' OR_SAN='$(SAN)' OR_CHECK_LONG=1 sh scripts/check

bench: deps
	$(MAKE) SAN= all
	sh scripts/deps --bench
	VECTORS='$(VECTORS)' sh scripts/bench

demo: deps
	$(MAKE) all
	@if [ -x scripts/demo ]; then sh scripts/demo; else \
		echo 'make demo: no demo yet: the create/mine/validate workflows have not landed' >&2; exit 1; fi

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7
	cp $(addprefix $(BIN)/,$(TOOLS)) $(DESTDIR)$(PREFIX)/bin/
	cp man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	for f in man/*.5; do [ ! -f "$$f" ] || cp "$$f" $(DESTDIR)$(PREFIX)/share/man/man5/; done
	cp man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/
	mkdir -p $(DESTDIR)$(SHARE)/deployments $(DESTDIR)$(SHARE)/contracts/out
	cp deployments/*.json $(DESTDIR)$(SHARE)/deployments/
	for f in contracts/src/*.sol; do n=$${f##*/}; n=contracts/out/$${n%.sol}.json; \
		if [ -f "$$n" ]; then cp "$$n" $(DESTDIR)$(SHARE)/contracts/out/ || exit 1; fi; done
	sed 's|@SHARE@|$(SHARE)|g' scripts/deployment.sh > $(DESTDIR)$(SHARE)/deployment.sh

clean:
	rm -rf build bin

-include $(shell find $(BUILD) build/fuzz -name '*.d' 2>/dev/null)
