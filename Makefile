# The two commands of the README. Both install what they need first (scripts/setup.sh).
#   make run    build (Release) and run the default scenario
#   make test   build and run the whole test suite through ctest
#   make test-sanitize   the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/)
#   make fuzz   run each libFuzzer harness for FUZZ_SECONDS (default 300) with clang (build-fuzz/)
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/denmark-2025-midtjylland.json
OUT ?= out/denmark-2025-midtjylland

SANITIZE_BUILD ?= build-sanitize
FUZZ_SECONDS ?= 300

.PHONY: run test test-sanitize fuzz build setup configure clean format

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

# The build log goes to $(BUILD)/build.log and is shown only when the build fails (VERBOSE=1 shows it all).
build: configure
ifdef VERBOSE
	@cmake --build $(BUILD) -j $(JOBS)
else
	@echo "building hospsim in $(BUILD)/ (log: $(BUILD)/build.log)"
	@cmake --build $(BUILD) -j $(JOBS) > $(BUILD)/build.log 2>&1 || (cat $(BUILD)/build.log; exit 1)
endif

run: build
	./$(BUILD)/hospsim run $(SCENARIO) --out $(OUT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# ASan + UBSan (any UBSan finding is fatal). Leak checking is on; ASan's stack-use-after-return detection is
# off because SimGrid switches stacks (raw contexts).
test-sanitize: setup
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOSPSIM_SANITIZE=ON >/dev/null
	@echo "building the sanitizer suite in $(SANITIZE_BUILD)/ (log: $(SANITIZE_BUILD)/build.log)"
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) > $(SANITIZE_BUILD)/build.log 2>&1 || (cat $(SANITIZE_BUILD)/build.log; exit 1)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_stack_use_after_return=0:detect_leaks=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)
