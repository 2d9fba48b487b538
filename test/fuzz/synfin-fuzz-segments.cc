/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: arbitrary segments, timer steps and application calls against synfin
 * sockets in every state, listeners and TIME-WAIT records, with invariants checked after each
 * step (see synfin-fuzz-driver.cc for the input format and the invariants).
 *
 *   synfin-fuzz-segments build-fuzz/corpus test/fuzz/corpus -dict=test/fuzz/segments.dict
 *   SYNFIN_FUZZ_WRITE_SEEDS=test/fuzz/corpus synfin-fuzz-segments   (rewrite the seeds)
 *   SYNFIN_FUZZ_TRACE=1 synfin-fuzz-segments crash-file              (what an input does)
 *   SYNFIN_FUZZ_ONLY=<text> synfin-fuzz-segments -minimize_crash=1 crash-file
 *       (only violations whose message contains <text> count, so that minimizing one
 *       finding does not wander off to another)
 */

#include "fuzz/synfin-fuzz-driver.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace
{

/// Totals at exit: libFuzzer reports executions, the driver counts segments.
void
PrintTotals()
{
    std::fprintf(stderr,
                 "synfin-fuzz-segments: %llu inputs run, %llu segments injected\n",
                 static_cast<unsigned long long>(synfin_fuzz::TotalRuns()),
                 static_cast<unsigned long long>(synfin_fuzz::TotalSegmentsInjected()));
}

/// Write the seed inputs to `dir` (which must exist).
int
WriteSeeds(const std::string& dir)
{
    for (const auto& [name, bytes] : synfin_fuzz::SeedInputs())
    {
        std::ofstream out(dir + "/" + name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        if (!out)
        {
            std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name.c_str());
            return 1;
        }
    }
    return 0;
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int* /* argc */, char*** /* argv */)
{
    const char* seeds = std::getenv("SYNFIN_FUZZ_WRITE_SEEDS");
    if (seeds != nullptr && *seeds != '\0')
    {
        std::exit(WriteSeeds(seeds));
    }
    std::atexit(PrintTotals);
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const char* only = std::getenv("SYNFIN_FUZZ_ONLY");
    synfin_fuzz::RunResult result = synfin_fuzz::RunInput(data, size);
    if (!result.ok && (only == nullptr || result.failure.find(only) != std::string::npos))
    {
        std::fprintf(stderr, "synfin-fuzz-segments: %s", result.failure.c_str());
        PrintTotals();
        // A crash, so that libFuzzer saves the input and -minimize_crash can shrink it.
        std::abort();
    }
    return 0;
}
