# synfin: the usual entry points. Everything real happens in CMake; this file
# installs Debian packages, drives CMake/CTest and runs the programs.
#
#   make deps            install missing Debian packages (quiet when none are)
#   make build           configure (once) and build into build/
#   make test            build, then run every test under CTest
#   make test-sanitize   the same with ASan+UBSan, in build-sanitize/
#   make demo            run build/bin/synfin-demo, outputs in out/demo, and the what-if
#                        comparison (examples/why-three-why-four) in out/demo/why-three-why-four
#   make test-linux-peer synfin against this machine's own Linux TCP through a tap device, in a
#                        network namespace the test makes and deletes (test/linux-peer-check.py;
#                        needs root); skipped, saying why, where the machine does not allow it.
#                        Pcaps and both ends' outputs in LINUX_PEER_OUT (out/linux-peer)
#   make bench           run build/bin/synfin-bench
#   make fidelity        stock ns-3 TCP and synfin side by side on one dumbbell (examples/
#                        fidelity-dumbbell): FIDELITY_RUNS (20) runs of each congestion control
#                        in FIDELITY_CC and loss in FIDELITY_LOSS, tables in out/fidelity/
#   make fuzz            build the libFuzzer target in build-fuzz/ (clang) and fuzz for
#                        FUZZ_SECONDS (60); crashes land in build-fuzz/artifacts/
#   make fuzz-ci         the same for a short fixed budget (what .ci/run does)
#   make fuzz-soak       a long run counting segments (FUZZ_SOAK_SECONDS, 3600), without
#                        AddressSanitizer, in build-fuzz-soak/; the last line totals it
#   make check-ns3-tree NS3_TREE=DIR
#                        copy synfin into an ns-3 source tree's contrib/ (CMake or waf era),
#                        build it there with ns-3's own build and run its tests
#   make doc-diagram     rewrite doc/synfin-state-machine.dot from the state table, and
#                        doc/synfin-variant-NAME.dot for each what-if variant
#   make doc-profiles    rewrite doc/synfin-profiles.rst from the behaviour profiles
#   make format          clang-format the C++ sources in place
#   make clean           remove the build folders (distclean: and out/)

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory

BUILD_DIR ?= build
SANITIZE_DIR ?= build-sanitize
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
TEST_TIMEOUT ?= 600
DEMO_OUT ?= out/demo
# What-if runs whose segment log is longer get a compact ladder in `make demo` (the
# old-duplicate run moves a megabyte each way: its runs of data are folded into bands).
LADDER_MAX_ROWS ?= 1000
# What the sanitized test run needs: the suites and the programs the end-to-end tests run.
SANITIZE_TARGETS := synfin-tests synfin-drop-in-program synfin-plot-tests synfin-plot synfin-demo \
	synfin-run synfin-cli-tests why-three-why-four close-shapes fidelity-dumbbell synfin-drill-tests \
	synfin-drill
# Tests the sanitized run leaves out (a ctest -E regex): the sweep's, whose library links no
# ns-3 and whose end-to-end tests mostly run synfin-run again, to keep .ci/run within its
# 15 minutes. `make test-sanitize SANITIZE_EXCLUDE=` builds and runs them too.
SANITIZE_EXCLUDE ?= ^Sweep|^synfin-sweep-tests
ifeq ($(SANITIZE_EXCLUDE),)
SANITIZE_TARGETS += synfin-sweep synfin-sweep-tests
endif
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 30
FUZZ_CI_RUNS ?= 3000
FUZZ_SOAK_DIR ?= build-fuzz-soak
FUZZ_SOAK_SECONDS ?= 3600
# `make fidelity`: runs per stack, workload and case; the congestion controls (one this ns-3
# lacks is skipped with a message) and the bottleneck's loss rates.
FIDELITY_RUNS ?= 20
FIDELITY_CC ?= TcpNewReno TcpCubic
FIDELITY_LOSS ?= 0 0.01
FIDELITY_OUT ?= out/fidelity
# `make test-linux-peer`: where its pcaps go, and tcp_syn_retries in its namespace (the
# kernel's default, 6, makes the SYN-schedule case take 135 s instead of 11).
LINUX_PEER_OUT ?= out/linux-peer
LINUX_PEER_SYN_RETRIES ?= 2

# libsqlite3-dev: Debian's ns-3 CMake package links ns3::libstats (needed by
# network and applications) against /usr/lib/x86_64-linux-gnu/libsqlite3.so.
# clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes): `make fuzz`.
# parallel (GNU parallel), slurm-wlm and munge: the sweep's tests run its emitted shard
# commands through GNU parallel and its SLURM script on a throw-away single-node cluster
# (test/sweep-slurm-check.sh starts and stops its own daemons; no service is configured).
# python3: utils/fidelity-table.py (`make fidelity` and its test).
# iproute2 (ip, ss): `make test-linux-peer`'s namespace, tap device and TIME-WAIT reading.
DEBIAN_PACKAGES := libns3-dev ns3 libgsl-dev libsqlite3-dev \
	libboost-program-options-dev libgnuplot-iostream-dev gnuplot-nox tshark \
	libgtest-dev googletest cmake g++ make pkg-config clang libclang-rt-14-dev parallel \
	slurm-wlm munge python3 iproute2

FORMAT_DIRS := model helper utils examples test plots
# The what-if variants, each drawn by `make doc-diagram` into doc/synfin-variant-NAME.dot.
VARIANTS := two-way-handshake two-way-close three-way-close no-time-wait five-way-close

.PHONY: all deps build test test-linux-peer sanitize-build test-sanitize demo bench fidelity fuzz-build fuzz fuzz-ci fuzz-soak check-ns3-tree doc-diagram doc-profiles \
	format clean distclean

all: build

# dpkg-query prints "installed" only for fully installed packages; anything
# else (unknown, removed, half-configured) counts as missing. tshark's
# wireshark-common asks whether non-root users may capture; it is preseeded
# to "no" so the install never prompts, whatever the debconf frontend.
deps:
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  status=$$(dpkg-query -W -f='$${db:Status-Status}' "$$pkg" 2>/dev/null || true); \
	  [ "$$status" = installed ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  echo "deps: installing$$missing"; \
	  echo "wireshark-common wireshark-common/install-setuid boolean false" \
	    | $$sudo debconf-set-selections; \
	  $$sudo apt-get update -qq >/dev/null && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends -o Dpkg::Use-Pty=0 $$missing >/dev/null; \
	fi

# Line tables only (-g1): backtraces, perf and sanitizer reports keep file and line, and
# the build takes a quarter less time than with full debug information.
$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 --timeout $(TEST_TIMEOUT)

# Exit status 77 is the check's "skipped" (it has printed why): not a failure.
test-linux-peer: build
	@python3 test/linux-peer-check.py $(BUILD_DIR)/bin/linux-peer $(LINUX_PEER_OUT) \
	  --syn-retries $(LINUX_PEER_SYN_RETRIES); \
	status=$$?; [ $$status -eq 77 ] && exit 0; exit $$status

# Debug plus what the sanitizer build adds (-O0 -g1); only what the tests run is built.
$(SANITIZE_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Debug -DSYNFIN_SANITIZE=ON

sanitize-build: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j$(JOBS) --target $(SANITIZE_TARGETS)

test-sanitize: sanitize-build
	ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j2 --timeout $(TEST_TIMEOUT) \
	  $(if $(SANITIZE_EXCLUDE),-E '$(SANITIZE_EXCLUDE)')

# The flagship run, then every figure; the ladder is drawn for the connection that loses
# its handshake ACK and a FIN (client port 40000) as well as for the first one.
demo: build
	$(BUILD_DIR)/bin/synfin-demo --output=$(DEMO_OUT)
	$(BUILD_DIR)/bin/synfin-plot all $(DEMO_OUT) --output $(DEMO_OUT)/plots
	@conn=$$(awk -F, 'NR > 1 && $$4 == 40000 { print $$1; exit }' $(DEMO_OUT)/connections.csv); \
	  $(BUILD_DIR)/bin/synfin-plot ladder $(DEMO_OUT) --conn $$conn --output $(DEMO_OUT)/plots
	$(BUILD_DIR)/bin/why-three-why-four --output=$(DEMO_OUT)/why-three-why-four
	@for run in $(DEMO_OUT)/why-three-why-four/*/; do \
	  [ -f $$run/segments.csv ] || continue; \
	  compact=; \
	  if [ $$(wc -l < $$run/segments.csv) -gt $(LADDER_MAX_ROWS) ]; then compact=--compact; fi; \
	  $(BUILD_DIR)/bin/synfin-plot ladder $$run --output $$run/plots $$compact >/dev/null || exit 1; \
	done
	$(BUILD_DIR)/bin/synfin-plot whatif $(DEMO_OUT)/why-three-why-four
	@echo "demo outputs: CSVs and pcaps in $(DEMO_OUT)/, figures in $(DEMO_OUT)/plots/;" \
	  "the what-if comparison in $(DEMO_OUT)/why-three-why-four/ (comparison.csv, plots/whatif.pdf," \
	  "a ladder per run)"

bench: build
	$(BUILD_DIR)/bin/synfin-bench

# One table per congestion control and loss rate, each folder resumable (runs whose CSV is
# there are not run again), then all of them in $(FIDELITY_OUT)/fidelity.rst, captioned
# with the commit measured.
FIDELITY_PROGRAM = $(BUILD_DIR)/bin/fidelity-dumbbell
fidelity: build
	@label=$$(git describe --always --dirty 2>/dev/null || true); \
	  label=$${label:+measured on $$label}; tables=; \
	  for cc in $(FIDELITY_CC); do \
	    if ! $(FIDELITY_PROGRAM) --listCc | grep -qx "$$cc"; then \
	      echo "fidelity: this ns-3 has no $$cc; skipped"; continue; \
	    fi; \
	    for loss in $(FIDELITY_LOSS); do \
	      echo "fidelity: $$cc, loss $$loss, $(FIDELITY_RUNS) runs"; \
	      python3 utils/fidelity-table.py --program $(FIDELITY_PROGRAM) --runs $(FIDELITY_RUNS) \
	        --cc $$cc --loss $$loss --out $(FIDELITY_OUT) --jobs $(JOBS) --label "$$label" \
	        >/dev/null || exit 1; \
	      tables="$$tables $(FIDELITY_OUT)/$$cc-loss$$loss/table.rst"; \
	    done; \
	  done; \
	  [ -n "$$tables" ] || { echo "fidelity: no congestion control of FIDELITY_CC is in this ns-3"; exit 1; }; \
	  for t in $$tables; do cat $$t; echo; done > $(FIDELITY_OUT)/fidelity.rst.partial && \
	  mv $(FIDELITY_OUT)/fidelity.rst.partial $(FIDELITY_OUT)/fidelity.rst && \
	  cat $(FIDELITY_OUT)/fidelity.rst

# libFuzzer writes what it learns into the first corpus directory, so that is one in the
# build folder; the committed seeds in test/fuzz/corpus are only read. One worker: -jobs
# and -workers would take cores the builds need.
FUZZER = $(FUZZ_DIR)/bin/synfin-fuzz-segments
FUZZ_FLAGS = -dict=test/fuzz/segments.dict -artifact_prefix=$(FUZZ_DIR)/artifacts/ \
	-print_final_stats=1

$(FUZZ_DIR)/CMakeCache.txt: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DSYNFIN_FUZZ=ON

fuzz-build: deps $(FUZZ_DIR)/CMakeCache.txt
	cmake --build $(FUZZ_DIR) --target synfin-fuzz-segments -j$(JOBS)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	$(FUZZER) $(FUZZ_DIR)/corpus test/fuzz/corpus $(FUZZ_FLAGS) \
	  -max_total_time=$(FUZZ_SECONDS)

# A fresh corpus, a fixed seed and a run limit: the same inputs every time, as long as
# the time limit is not what stops it.
fuzz-ci: fuzz-build
	@rm -rf $(FUZZ_DIR)/corpus-ci && mkdir -p $(FUZZ_DIR)/corpus-ci $(FUZZ_DIR)/artifacts
	$(FUZZER) $(FUZZ_DIR)/corpus-ci test/fuzz/corpus $(FUZZ_FLAGS) -seed=1 \
	  -runs=$(FUZZ_CI_RUNS) -max_total_time=$(FUZZ_CI_SECONDS)

# The soak: long inputs (hundreds of segments each), libFuzzer's plain schedule (the
# entropic one's bookkeeping costs more than an execution here) and UBSan only: about ten
# times the segments per second of `make fuzz`. It shares build-fuzz/corpus, so what one
# kind of run learns the other starts from.
$(FUZZ_SOAK_DIR)/CMakeCache.txt: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_SOAK_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DSYNFIN_FUZZ=ON -DSYNFIN_FUZZ_SANITIZERS=undefined

fuzz-soak: deps $(FUZZ_SOAK_DIR)/CMakeCache.txt
	cmake --build $(FUZZ_SOAK_DIR) --target synfin-fuzz-segments -j$(JOBS)
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	$(FUZZ_SOAK_DIR)/bin/synfin-fuzz-segments $(FUZZ_DIR)/corpus test/fuzz/corpus $(FUZZ_FLAGS) \
	  -len_control=0 -max_len=4096 -entropic=0 -max_total_time=$(FUZZ_SOAK_SECONDS)

# ns-3's sources are not fetched here; get a tree first, e.g.
#   git clone -b ns-3.48 --depth 1 https://gitlab.com/nsnam/ns-3-dev.git /tmp/ns-3.48
check-ns3-tree:
	@[ -n "$(NS3_TREE)" ] || { echo "check-ns3-tree: set NS3_TREE to an ns-3 source tree, e.g." \
	  "git clone -b ns-3.48 --depth 1 https://gitlab.com/nsnam/ns-3-dev.git /tmp/ns-3.48 &&" \
	  "make check-ns3-tree NS3_TREE=/tmp/ns-3.48" >&2; exit 2; }
	JOBS=$(JOBS) utils/check-ns3-tree.sh "$(NS3_TREE)"

doc-diagram: build
	$(BUILD_DIR)/bin/synfin-table --dot > doc/synfin-state-machine.dot.partial
	mv doc/synfin-state-machine.dot.partial doc/synfin-state-machine.dot
	for v in $(VARIANTS); do \
	  $(BUILD_DIR)/bin/synfin-table --dot --variant $$v > doc/synfin-variant-$$v.dot.partial && \
	  mv doc/synfin-variant-$$v.dot.partial doc/synfin-variant-$$v.dot || exit 1; \
	done

doc-profiles: build
	$(BUILD_DIR)/bin/synfin-table --profiles > doc/synfin-profiles.rst.partial
	mv doc/synfin-profiles.rst.partial doc/synfin-profiles.rst

format:
	@command -v clang-format >/dev/null || { echo "format: clang-format not found (apt-get install clang-format)"; exit 1; }
	@files=$$(find $(FORMAT_DIRS) -type f \( -name '*.cc' -o -name '*.h' \) 2>/dev/null); \
	if [ -n "$$files" ]; then clang-format -i $$files; fi

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(FUZZ_DIR)

distclean: clean
	rm -rf out
