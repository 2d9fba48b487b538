/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The body of the segment fuzzer, shared by the libFuzzer target synfin-fuzz-segments and by
 * the GoogleTest replay of saved inputs (test/fuzz-regression-test.cc), so that a saved input
 * runs exactly the same code with or without libFuzzer.
 */

#ifndef SYNFIN_FUZZ_DRIVER_H
#define SYNFIN_FUZZ_DRIVER_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace synfin_fuzz
{

/// What one input did.
struct RunResult
{
    bool ok{true};             //!< no invariant was violated
    std::string failure;       //!< the violated invariant and the last events before it
    uint32_t operations{0};    //!< operations executed (prologue included)
    uint64_t segments{0};      //!< segments injected into the node under test
    uint32_t statesVisited{0}; //!< bit s set when some connection entered TcpStates_t s
    uint64_t digest{0};        //!< hash of every segment sent, to compare two runs
};

/**
 * \brief Decode an input as a sequence of operations on one synfin node and run it.
 *
 * The node under test (10.1.1.1) is joined by a point-to-point link to a peer (10.1.1.2)
 * that has no internet stack, so what synfin sends goes nowhere and every segment it
 * receives is one the input wrote. After every operation the invariants listed in
 * synfin-fuzz-driver.cc are checked. ns-3's global state is reset before returning, so
 * runs are independent and deterministic.
 *
 * Set SYNFIN_FUZZ_TRACE=1 in the environment to print every operation, segment and state
 * change to stderr.
 *
 * \param data the input
 * \param size its length
 * \return the outcome
 */
RunResult RunInput(const uint8_t* data, std::size_t size);

/// \return segments injected by every RunInput() call of this process so far
uint64_t TotalSegmentsInjected();

/// \return RunInput() calls of this process so far
uint64_t TotalRuns();

/**
 * \brief Hand-written inputs that reach each start state and a few whole exchanges; the seed
 *        corpus in test/fuzz/corpus/ is these, written out by the fuzzer with
 *        SYNFIN_FUZZ_WRITE_SEEDS=<dir>.
 * \return (name, bytes) pairs
 */
std::vector<std::pair<std::string, std::vector<uint8_t>>> SeedInputs();

} // namespace synfin_fuzz

#endif /* SYNFIN_FUZZ_DRIVER_H */
