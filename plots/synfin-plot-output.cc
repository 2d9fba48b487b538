/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace synfin
{
namespace plot
{

namespace fs = std::filesystem;

StagedOutput::StagedOutput(const std::string& outputDir)
    : m_output(outputDir)
{
    fs::path out = fs::absolute(outputDir).lexically_normal();
    if (out.filename().empty())
    {
        out = out.parent_path();
    }
    // A sibling when its parent exists, so Commit is a rename; otherwise the system's temp
    // folder, so a failed run creates nothing at all where the output was asked for.
    const fs::path base = fs::is_directory(out.parent_path())
                              ? out.parent_path() / ("." + out.filename().string() + ".partial-")
                              : fs::temp_directory_path() / "synfin-plot-";
    std::string pattern = base.string() + "XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr)
    {
        throw std::runtime_error("cannot create a staging folder " + pattern + ": " +
                                 std::strerror(errno));
    }
    m_staging = buffer.data();
}

StagedOutput::~StagedOutput()
{
    std::error_code ignored;
    fs::remove_all(m_staging, ignored);
}

const std::string&
StagedOutput::Dir() const
{
    return m_staging;
}

void
StagedOutput::Commit()
{
    fs::create_directories(m_output);
    for (const auto& entry : fs::directory_iterator(m_staging))
    {
        const fs::path target = fs::path(m_output) / entry.path().filename();
        std::error_code error;
        fs::rename(entry.path(), target, error);
        if (error)
        {
            // Across file systems (staging in /tmp): copy, then the destructor cleans up.
            fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
        }
    }
}

} // namespace plot
} // namespace synfin
