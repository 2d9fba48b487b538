/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Replays saved fuzzer inputs through the fuzzer's own decoding and invariant checks
 * (test/fuzz/synfin-fuzz-driver.cc), compiled here without libFuzzer:
 *
 *   test/fuzz/regressions/    inputs that once broke an invariant and must not again;
 *                             one test each, named after the file
 *   test/fuzz/corpus/         the seed corpus, which must equal SeedInputs()
 *
 * Inputs for findings not fixed yet wait in test/fuzz/regressions-open/, which is not
 * replayed; move one to regressions/ once its fix is in.
 */

#include "fuzz/synfin-fuzz-driver.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <vector>

namespace
{

/// \return the synfin source directory: $SYNFIN_SOURCE_DIR, else the one compiled in.
std::string
SourceDir()
{
    const char* env = std::getenv("SYNFIN_SOURCE_DIR");
    if (env != nullptr && *env != '\0')
    {
        return env;
    }
#ifdef SYNFIN_SOURCE_DIR
    return SYNFIN_SOURCE_DIR;
#else
    return ".";
#endif
}

/// \return the inputs in test/fuzz/<dir>, sorted (dot files skipped: .gitkeep and the like)
std::vector<std::string>
InputsIn(const std::string& dir)
{
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    const fs::path root = fs::path(SourceDir()) / "test" / "fuzz" / dir;
    if (!fs::is_directory(root))
    {
        return out;
    }
    for (const auto& entry : fs::directory_iterator(root))
    {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && !name.empty() && name[0] != '.')
        {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// \return the bytes of a file
std::vector<uint8_t>
ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
}

/// Replays one file of test/fuzz/regressions/.
class FuzzRegression : public testing::TestWithParam<std::string>
{
};

TEST_P(FuzzRegression, Replay_KeepsEveryInvariant)
{
    const std::vector<uint8_t> bytes = ReadBytes(GetParam());
    ASSERT_FALSE(bytes.empty()) << GetParam() << " is empty or unreadable";
    const synfin_fuzz::RunResult result = synfin_fuzz::RunInput(bytes.data(), bytes.size());
    EXPECT_TRUE(result.ok) << GetParam() << ":\n" << result.failure;
}

/// A test name from a file name: letters and digits kept, anything else '_'.
std::string
TestName(const testing::TestParamInfo<std::string>& info)
{
    std::string name = std::filesystem::path(info.param).filename().string();
    for (char& c : name)
    {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0)
        {
            c = '_';
        }
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Saved,
                         FuzzRegression,
                         testing::ValuesIn(InputsIn("regressions")),
                         TestName);
// With every finding still open the directory may be empty.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzRegression);

TEST(FuzzSeeds, EverySeed_KeepsEveryInvariantAndAllStatesAreReached)
{
    uint32_t visited = 0;
    for (const auto& [name, bytes] : synfin_fuzz::SeedInputs())
    {
        const synfin_fuzz::RunResult result = synfin_fuzz::RunInput(bytes.data(), bytes.size());
        EXPECT_TRUE(result.ok) << name << ":\n" << result.failure;
        visited |= result.statesVisited;
    }
    // CLOSED through TIME-WAIT: the seeds start the fuzzer from every state (the driver's
    // decoding would be broken if they did not).
    for (unsigned state = 0; state <= 10; ++state)
    {
        EXPECT_TRUE(visited & (1U << state)) << "no seed enters TcpStates_t " << state;
    }
}

TEST(FuzzSeeds, CommittedCorpus_EqualsSeedInputs)
{
    const auto seeds = synfin_fuzz::SeedInputs();
    const std::vector<std::string> files = InputsIn("corpus");
    EXPECT_EQ(files.size(), seeds.size())
        << "rewrite test/fuzz/corpus with SYNFIN_FUZZ_WRITE_SEEDS (see synfin-fuzz-segments.cc)";
    for (const auto& [name, bytes] : seeds)
    {
        const std::string path = SourceDir() + "/test/fuzz/corpus/" + name;
        EXPECT_EQ(ReadBytes(path), bytes) << path << " differs from SeedInputs()";
    }
}

TEST(FuzzDriver, SameInputTwice_SameRun)
{
    // Executions must not depend on each other: ISNs, ids and ports start over each run.
    const auto seeds = synfin_fuzz::SeedInputs();
    const auto& bytes = seeds.back().second;
    const synfin_fuzz::RunResult first = synfin_fuzz::RunInput(bytes.data(), bytes.size());
    const synfin_fuzz::RunResult second = synfin_fuzz::RunInput(bytes.data(), bytes.size());
    EXPECT_EQ(first.operations, second.operations);
    EXPECT_EQ(first.segments, second.segments);
    EXPECT_EQ(first.statesVisited, second.statesVisited);
    EXPECT_EQ(first.digest, second.digest);
    EXPECT_EQ(first.failure, second.failure);
}

} // namespace
