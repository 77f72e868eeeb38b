# The two commands of the README. Both install what they need first (scripts/setup.sh).
#   make run    build (Release) and run the default scenario
#   make test   build and run the whole test suite through ctest
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO ?= scenarios/denmark-2025-midtjylland.json
OUT ?= out/denmark-2025-midtjylland

.PHONY: run test build setup configure clean format

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

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)
