/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * build-files.txt is the one list of synfin's files; CMakeLists.txt and wscript both read
 * it. These tests keep it whole: every listed path exists, every source and header on disk
 * is listed once, each group holds files of its own directory, and neither build file keeps
 * a list of its own beside it.
 */

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

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

std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The groups of build-files.txt in order of appearance, read as the build files read them.
struct Lists
{
    std::map<std::string, std::vector<std::string>> groups; //!< group -> paths
    std::vector<std::string> errors;                        //!< lines that do not parse
};

Lists
ReadLists()
{
    Lists lists;
    std::istringstream in(ReadFile(fs::path(SourceDir()) / "build-files.txt"));
    std::string raw;
    std::string group;
    while (std::getline(in, raw))
    {
        std::string line = raw.substr(0, raw.find('#'));
        line.erase(0, line.find_first_not_of(" \t\r"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (line.empty())
        {
            continue;
        }
        if (line.front() == '[' && line.back() == ']')
        {
            group = line.substr(1, line.size() - 2);
            lists.groups[group];
        }
        else if (group.empty())
        {
            lists.errors.push_back(line);
        }
        else
        {
            lists.groups[group].push_back(line);
        }
    }
    return lists;
}

/// The directory a group's files must live in: model_sources -> model/, plots_* -> plots/,
/// drill_* -> utils/ (their tests -> test/).
std::string
DirectoryOf(const std::string& group)
{
    static const std::map<std::string, std::string> dirs = {{"model", "model/"},
                                                            {"helper", "helper/"},
                                                            {"example", "examples/"},
                                                            {"util", "utils/"},
                                                            {"test", "test/"},
                                                            {"fuzz", "test/fuzz/"},
                                                            {"plots", "plots/"},
                                                            {"plot", "utils/"},
                                                            {"sweep", "utils/"},
                                                            {"drill", "utils/"}};
    std::string prefix = group.substr(0, group.find('_'));
    if (group == "plots_test_sources" || group == "sweep_test_sources" ||
        group == "drill_test_sources")
    {
        return "test/";
    }
    auto it = dirs.find(prefix);
    return it == dirs.end() ? "" : it->second;
}

class BuildLists : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_lists = ReadLists();
    }

    Lists m_lists;
};

} // namespace

TEST_F(BuildLists, ListFile_ParsesIntoTheGroupsTheBuildsUse)
{
    EXPECT_TRUE(m_lists.errors.empty()) << "lines before any [group]: " << m_lists.errors.front();
    for (const char* g : {"model_sources",
                          "model_headers",
                          "helper_sources",
                          "helper_headers",
                          "example_sources",
                          "util_sources",
                          "test_sources",
                          "test_headers",
                          "plots_sources",
                          "plots_headers",
                          "plot_util_sources",
                          "plots_test_sources",
                          "sweep_sources",
                          "sweep_headers",
                          "sweep_util_sources",
                          "sweep_test_sources",
                          "drill_sources",
                          "drill_headers",
                          "drill_test_sources"})
    {
        EXPECT_EQ(m_lists.groups.count(g), 1u) << "build-files.txt has no [" << g << "]";
    }
}

TEST_F(BuildLists, BothBuildFiles_ReadTheListFileAndKeepNoListOfTheirOwn)
{
    const fs::path dir(SourceDir());
    for (const char* build : {"CMakeLists.txt", "wscript"})
    {
        std::string text = ReadFile(dir / build);
        EXPECT_NE(text.find("build-files.txt"), std::string::npos) << build;
        for (const auto& [group, paths] : m_lists.groups)
        {
            for (const std::string& p : paths)
            {
                EXPECT_EQ(text.find(p), std::string::npos)
                    << build << " names " << p << " itself; list it in build-files.txt only";
            }
        }
    }
}

TEST_F(BuildLists, EveryListedFile_ExistsInItsGroupsDirectoryOnce)
{
    const fs::path dir(SourceDir());
    std::set<std::string> seen;
    for (const auto& [group, paths] : m_lists.groups)
    {
        std::string want = DirectoryOf(group);
        EXPECT_FALSE(want.empty()) << "unknown group [" << group << "]";
        for (const std::string& p : paths)
        {
            EXPECT_TRUE(fs::is_regular_file(dir / p)) << p << " is listed but missing";
            EXPECT_EQ(p.rfind(want, 0), 0u) << p << " listed in [" << group << "]";
            EXPECT_TRUE(seen.insert(p).second) << p << " listed twice";
            bool header = p.size() > 2 && p.compare(p.size() - 2, 2, ".h") == 0;
            bool headerGroup = group.find("headers") != std::string::npos;
            EXPECT_EQ(header, headerGroup) << p << " in [" << group << "]";
        }
    }
}

TEST_F(BuildLists, EveryFileOnDisk_IsListed)
{
    const fs::path dir(SourceDir());
    std::set<std::string> listed;
    for (const auto& [group, paths] : m_lists.groups)
    {
        listed.insert(paths.begin(), paths.end());
    }
    for (const char* sub : {"model", "helper", "plots", "examples", "utils", "test"})
    {
        if (!fs::is_directory(dir / sub))
        {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(dir / sub))
        {
            std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h"))
            {
                continue;
            }
            std::string rel = fs::relative(entry.path(), dir).generic_string();
            EXPECT_EQ(listed.count(rel), 1u) << rel << " is on disk but not in build-files.txt";
        }
    }
}
