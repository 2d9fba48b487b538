/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * Keeps CMakeLists.txt and wscript from drifting apart.
 *
 * Both build files hold their file lists between a line containing
 * "BEGIN FILE LISTS" and one containing "END FILE LISTS". Within that block
 * the parser drops comments ('#' to the end of the line, in CMake and Python
 * alike), collects every run of [A-Za-z0-9_./-] that ends in .cc or .h, and sorts the paths by
 * their first directory: model/ and helper/ sources and headers, plots/, examples/, utils/ and
 * test/. Which
 * variable or Python name holds a path does not matter, only which files each build knows.
 *
 * The reverse check walks model/, helper/, plots/, examples/, utils/ and test/ on disk
 * so that a new file nobody listed fails here instead of building in one tree
 * and not the other.
 */

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>

namespace
{

/// The paths one build file lists, grouped by what they are.
struct FileLists
{
    std::set<std::string> moduleSources; //!< model/ and helper/ .cc files
    std::set<std::string> moduleHeaders; //!< model/ and helper/ .h files
    std::set<std::string> plots;         //!< plots/ files (the synfin-plots library)
    std::set<std::string> examples;      //!< examples/ files
    std::set<std::string> utils;         //!< utils/ files
    std::set<std::string> tests;         //!< test/ files
    std::set<std::string> other;         //!< paths under no known directory
};

/// \return the synfin source directory: $SYNFIN_SOURCE_DIR, else the one
/// compiled in.
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

/// \return the whole text of \p path, or an empty string if it cannot be read.
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// \return the lines strictly between the BEGIN and END markers, comments
/// removed.
std::string
ListBlock(const std::string& text)
{
    const std::string begin = "BEGIN FILE LISTS";
    const std::string end = "END FILE LISTS";
    std::istringstream in(text);
    std::string line;
    std::string block;
    bool inside = false;
    while (std::getline(in, line))
    {
        if (line.find(begin) != std::string::npos)
        {
            inside = true;
            continue;
        }
        if (line.find(end) != std::string::npos)
        {
            break;
        }
        if (inside)
        {
            block += line.substr(0, line.find('#')) + "\n";
        }
    }
    return block;
}

/// \return true if \p c can be part of a relative path token.
bool
IsPathChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
           c == '/';
}

/// \return true if \p text ends with \p suffix.
bool
EndsWith(const std::string& text, const std::string& suffix)
{
    return text.size() > suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// \return the file lists of the build file at \p path: every maximal run of
/// [A-Za-z0-9_./-] in the list block that ends in .cc or .h.
FileLists
ParseLists(const std::string& path)
{
    const std::string block = ListBlock(ReadFile(path));
    FileLists lists;
    std::size_t pos = 0;
    while (pos < block.size())
    {
        if (!IsPathChar(block[pos]))
        {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < block.size() && IsPathChar(block[end]))
        {
            ++end;
        }
        const std::string file = block.substr(pos, end - pos);
        pos = end;
        const bool isSource = EndsWith(file, ".cc");
        if (!isSource && !EndsWith(file, ".h"))
        {
            continue;
        }
        const std::string dir = file.substr(0, file.find('/'));
        if (dir == "model" || dir == "helper")
        {
            (isSource ? lists.moduleSources : lists.moduleHeaders).insert(file);
        }
        else if (dir == "plots")
        {
            lists.plots.insert(file);
        }
        else if (dir == "examples")
        {
            lists.examples.insert(file);
        }
        else if (dir == "utils")
        {
            lists.utils.insert(file);
        }
        else if (dir == "test")
        {
            lists.tests.insert(file);
        }
        else
        {
            lists.other.insert(file);
        }
    }
    return lists;
}

/// \return \p files one a line, for failure messages.
std::string
Show(const std::set<std::string>& files)
{
    std::string out;
    for (const auto& file : files)
    {
        out += "  " + file + "\n";
    }
    return out;
}

/// Both build files' lists, parsed once per test.
class BuildLists : public testing::Test
{
  protected:
    void SetUp() override
    {
        m_cmake = ParseLists(SourceDir() + "/CMakeLists.txt");
        m_waf = ParseLists(SourceDir() + "/wscript");
    }

    FileLists m_cmake; //!< what CMakeLists.txt lists
    FileLists m_waf;   //!< what wscript lists
};

/// Fails with both lists shown when they differ.
void
ExpectSameFiles(const std::set<std::string>& cmake,
                const std::set<std::string>& waf,
                const std::string& what)
{
    EXPECT_EQ(cmake, waf) << what << " differ.\nCMakeLists.txt lists:\n"
                          << Show(cmake) << "wscript lists:\n"
                          << Show(waf);
}

TEST_F(BuildLists, BothBuildFiles_HaveParsableListBlocks)
{
    EXPECT_FALSE(m_cmake.moduleSources.empty())
        << "no model/ or helper/ sources between the markers in " << SourceDir()
        << "/CMakeLists.txt";
    EXPECT_FALSE(m_waf.moduleSources.empty())
        << "no model/ or helper/ sources between the markers in " << SourceDir() << "/wscript";
}

TEST_F(BuildLists, WscriptAndCMake_ListSameSources)
{
    ExpectSameFiles(m_cmake.moduleSources, m_waf.moduleSources, "model/helper sources");
}

TEST_F(BuildLists, WscriptAndCMake_ListSameHeaders)
{
    ExpectSameFiles(m_cmake.moduleHeaders, m_waf.moduleHeaders, "model/helper headers");
}

TEST_F(BuildLists, WscriptAndCMake_ListSamePlotsFiles)
{
    ExpectSameFiles(m_cmake.plots, m_waf.plots, "plots/ files");
}

TEST_F(BuildLists, WscriptAndCMake_ListSameExamples)
{
    ExpectSameFiles(m_cmake.examples, m_waf.examples, "examples");
}

TEST_F(BuildLists, WscriptAndCMake_ListSameUtils)
{
    ExpectSameFiles(m_cmake.utils, m_waf.utils, "utils");
}

TEST_F(BuildLists, WscriptAndCMake_ListSameTestSources)
{
    ExpectSameFiles(m_cmake.tests, m_waf.tests, "test sources");
}

TEST_F(BuildLists, ListedPaths_AllUnderKnownDirectories)
{
    EXPECT_TRUE(m_cmake.other.empty()) << "CMakeLists.txt:\n" << Show(m_cmake.other);
    EXPECT_TRUE(m_waf.other.empty()) << "wscript:\n" << Show(m_waf.other);
}

TEST_F(BuildLists, EveryListedFile_ExistsOnDisk)
{
    for (const FileLists* lists : {&m_cmake, &m_waf})
    {
        for (const auto* files : {&lists->moduleSources,
                                  &lists->moduleHeaders,
                                  &lists->plots,
                                  &lists->examples,
                                  &lists->utils,
                                  &lists->tests})
        {
            for (const auto& file : *files)
            {
                EXPECT_TRUE(std::ifstream(SourceDir() + "/" + file).good())
                    << file << " is listed but missing";
            }
        }
    }
}

TEST_F(BuildLists, EveryFileOnDisk_IsListed)
{
    std::set<std::string> listed;
    for (const auto* files : {&m_cmake.moduleSources,
                              &m_cmake.moduleHeaders,
                              &m_cmake.plots,
                              &m_cmake.examples,
                              &m_cmake.utils,
                              &m_cmake.tests})
    {
        listed.insert(files->begin(), files->end());
    }
    namespace fs = std::filesystem;
    for (const char* dir : {"model", "helper", "plots", "examples", "utils", "test"})
    {
        const fs::path root = fs::path(SourceDir()) / dir;
        if (!fs::is_directory(root))
        {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(root))
        {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h"))
            {
                continue;
            }
            const std::string file =
                fs::relative(entry.path(), fs::path(SourceDir())).generic_string();
            EXPECT_EQ(listed.count(file), 1U)
                << file << " exists but neither CMakeLists.txt nor wscript lists it";
        }
    }
}

} // namespace
