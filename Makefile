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

# ASan + UBSan (any UBSan finding is fatal), leak checking on; the reports of every process go to
# $(SANITIZE_BUILD)/sanitizer-logs/ and any error there fails the target (scripts/test-sanitize.sh says why).
test-sanitize: setup
	@JOBS=$(JOBS) bash scripts/test-sanitize.sh $(SANITIZE_BUILD)

fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)
