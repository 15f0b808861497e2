# examstick: the Examiner, the Reloader and the examstick tool.
#
#   make            build everything under build/
#   make run        install missing packages, build, start the demo stick
#   make check      install missing packages, build everything and the
#                   image, run every test, the image boot tests too
#   make fuzz       build the libFuzzer targets, run each FUZZ_SECONDS
#   make image      the bootable disk image, build/examstick.img
#   make image-test boot the image in QEMU and sit a test on it
#   make install    PREFIX=/usr/local DESTDIR= : binaries and man pages
#   make clean
#
# SAN=1 builds with AddressSanitizer and UBSan into build/san/.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man

ifeq ($(SAN),1)
BUILD	?= build/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
else
BUILD	?= build
SANFLAGS =
endif

PKGS	= ncursesw libsodium libarchive libxml-2.0 inih libudev fribidi
TEST_PKGS = cmocka

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS))
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS))

WARN	= -Wall -Wextra -Wshadow -Wmissing-prototypes -Wno-unused-parameter
ifneq ($(CI),)
WARN	+= -Werror
endif

CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) \
	     -Iruntime $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

LIB_SRC	= $(wildcard runtime/*.c)
LIB_OBJ	= $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB	= $(BUILD)/libexamstick.a

PROGS	= examiner reloader examstick
BINS	= $(PROGS:%=$(BUILD)/bin/%)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

MANS	= $(wildcard docs/man/*.1) $(wildcard docs/man/*.5)

.PHONY: all tests san-tests run check check-san install uninstall clean deps \
	bench demo fuzz fuzz-build image image-test deps-image

all: $(BINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

# Each program is the objects of runtime/NAME/ linked with the core library.
define prog_rule
$(1)_OBJ = $$(patsubst %.c,$$(BUILD)/obj/%.o,$$(wildcard runtime/$(1)/*.c))
$$(BUILD)/bin/$(1): $$($(1)_OBJ) $$(LIB)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$($(1)_OBJ) $$(LIB) $$(PKG_LIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS)

# The discovery tests run in a umockdev testbed and link its library.
UDEV_TEST_PKGS = umockdev-1.0
$(BUILD)/obj/tests/unit/test_discover%.o: TEST_CFLAGS += \
	$(shell pkg-config --cflags $(UDEV_TEST_PKGS))
$(BUILD)/tests/test_discover%: TEST_LIBS += \
	$(shell pkg-config --libs $(UDEV_TEST_PKGS))

# The device tests (tests/udev/): the Examiner's stick watch in a
# umockdev testbed, and stickbed, which plays sticks for the shell tests.
WATCH_OBJ = $(BUILD)/obj/runtime/examiner/stickwatch.o
DEVICE_BINS = $(BUILD)/tests/test_stickwatch $(BUILD)/tests/stickbed

$(BUILD)/obj/tests/udev/%.o: tests/udev/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) \
	    $(shell pkg-config --cflags $(UDEV_TEST_PKGS)) \
	    -Itests/unit -Iruntime/examiner -c -o $@ $<

$(BUILD)/tests/test_stickwatch: $(BUILD)/obj/tests/udev/test_stickwatch.o \
    $(WATCH_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(WATCH_OBJ) $(LIB) $(PKG_LIBS) \
	    $(TEST_LIBS) $(shell pkg-config --libs $(UDEV_TEST_PKGS))

$(BUILD)/tests/stickbed: $(BUILD)/obj/tests/udev/stickbed.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< \
	    $(shell pkg-config --libs $(UDEV_TEST_PKGS))

# The fault shim (tests/faults/) is built without sanitizers in every
# build.  In the sanitizer build it is preloaded ahead of ASan's runtime,
# which ASAN_OPTIONS=verify_asan_link_order=0 allows.
FAULT_SHIM = $(BUILD)/tests/faultshim.so
$(FAULT_SHIM): tests/faults/faultshim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -fPIC -shared \
	    -o $@ $< -ldl

# The screen tests sit the demonstration test, so it is built with them.
# The reloader tests make signed results with the benchmark's generator.
tests: $(BINS) $(UNIT_BINS) $(DEVICE_BINS) $(FAULT_SHIM) demo \
    $(BUILD)/bench/gen-results

# What tests/run takes from the sanitizer build: the unit tests, and the
# programs, demo stick, stickbed and fault shim that the unit, crash,
# device (tests/udev/) and fault (tests/faults/) tests run.
san-tests: $(BINS) $(UNIT_BINS) $(DEVICE_BINS) $(FAULT_SHIM) demo

deps:
	@scripts/install-deps --if-missing

run: deps
	@$(MAKE) --no-print-directory all demo
	@scripts/run-demo $(BUILD)

# make check compiles with CHECK_JOBS jobs, and the image script is one
# of them.  tests/run runs TEST_JOBS tests at once.
CHECK_JOBS ?= 2
TEST_JOBS ?= 2

check: deps-image
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) tests
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) SAN=1 san-tests
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) fuzz-build $(IMAGE)
	@EXAMSTICK_IMAGE_TESTS=1 TEST_JOBS=$(TEST_JOBS) tests/run

# Benchmarks, not tests: tests/bench/run measures the performance targets
# and prints each figure beside its reference.
BENCH_PROGS = $(BUILD)/bench/gen-results $(BUILD)/bench/sig-rate

bench: deps
	@scripts/install-deps --bench --if-missing
	@$(MAKE) --no-print-directory all demo $(BENCH_PROGS)
	@BUILD=$(BUILD) tests/bench/run

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do \
		s=$${m##*.}; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANS); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done

# The demonstration stick: config/demo-stick/ copied to $(BUILD)/demo-stick/
# with the e-Security practice package built from config/demo-stick-src/.
# The zip is reproducible: names in C-locale order, one fixed time stamp
# and mode for every file, time stamps taken as UTC, and no extra fields.
DEMO_SRC   = config/demo-stick-src/esecurity
DEMO_STICK = $(BUILD)/demo-stick
DEMO_ZIP   = $(DEMO_STICK)/examstick/packages/esecurity.zip
DEMO_STAGE = $(BUILD)/demo-src
DEMO_TIME  = 2025-01-01T00:00:00Z

demo: $(DEMO_ZIP)

$(DEMO_ZIP): $(shell find $(DEMO_SRC) config/demo-stick -type f 2>/dev/null)
	xmllint --noout $$(find $(DEMO_SRC) -name '*.xml' -o -name '*.svg')
	rm -rf $(DEMO_STICK) $(DEMO_STAGE)
	mkdir -p $(DEMO_STICK)/examstick/packages $(DEMO_STAGE)
	cp -R config/demo-stick/. $(DEMO_STICK)/
	cp -R $(DEMO_SRC) $(DEMO_STAGE)/
	find $(DEMO_STAGE) -type d -exec chmod 755 {} +
	find $(DEMO_STAGE) -type f -exec chmod 644 {} +
	find $(DEMO_STAGE) -exec touch -d $(DEMO_TIME) {} +
	cd $(DEMO_STAGE)/esecurity && find . -type f | sed 's|^\./||' | \
	    LC_ALL=C sort | TZ=UTC zip -X -D -q -9 -@ $(abspath $@)

# libFuzzer targets, tests/fuzz/fuzz_NAME.c into build/fuzz/bin/fuzz_NAME.
# The library is compiled again with clang, coverage and the sanitizers
# into build/fuzz/, so the normal build is untouched.  tests/fuzz/fuzz-run
# makes the seeds and runs every target.
FUZZ_CC	= clang
FUZZ_BUILD = build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 $(FUZZ_SAN) \
	      -fsanitize=fuzzer-no-link -Iruntime $(PKG_CFLAGS) -MMD -MP
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB = $(FUZZ_BUILD)/libexamstick.a
FUZZ_HARNESS = $(FUZZ_BUILD)/obj/tests/fuzz/harness.o
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/bin/%)

fuzz-build: $(FUZZ_BINS) $(FUZZ_BUILD)/bin/seedgen

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/fuzz-run -s $(FUZZ_SECONDS)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/unit $(TEST_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/bin/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o \
    $(FUZZ_HARNESS) $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

# The seed generator reuses the unit tests' cmocka fixtures.
$(FUZZ_BUILD)/bin/seedgen: $(FUZZ_BUILD)/obj/tests/fuzz/seedgen.o \
    $(FUZZ_HARNESS) $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# The disk image: Debian's kernel, udev and busybox around the Examiner,
# with the demonstration stick on its data partition (docs/image.md).
IMAGE	= $(BUILD)/examstick.img

deps-image:
	@scripts/install-deps --image --if-missing

image: deps-image
	@$(MAKE) --no-print-directory $(IMAGE)

$(IMAGE): $(BUILD)/bin/examiner $(DEMO_ZIP) $(wildcard image/*)
	image/build.sh $(BUILD)

image-test: image
	@EXAMSTICK_IMAGE_TESTS=1 tests/run image/

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
