/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-store.h"

#include "synfin-sweep-error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synfin
{
namespace sweep
{

namespace
{

const char* const kDefinitionFile = "sweep.ini";
const char* const kJournalFile = "journal.txt";

/// \return \p text with tabs and line breaks made spaces: one journal field
std::string
Field(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
    {
        if (c == '\t' || c == '\n' || c == '\r')
        {
            c = ' ';
        }
    }
    return out;
}

/// \return FNV-1a (64 bits) of \p text, as 16 hex digits
std::string
Checksum(const std::string& text)
{
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text)
    {
        h = (h ^ c) * 1099511628211ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(h));
    return buffer;
}

/// \return \p line split at tabs
std::vector<std::string>
SplitTabs(const std::string& line)
{
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true)
    {
        std::size_t tab = line.find('\t', start);
        fields.push_back(
            line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos)
        {
            return fields;
        }
        start = tab + 1;
    }
}

/// \return the whole file, or "" if it does not exist
std::string
Slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// \return "key = value" lines of \p text, without blank lines
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        if (!line.empty())
        {
            out.push_back(line);
        }
    }
    return out;
}

/// \return what differs between two definitions, one line each
std::string
Differences(const std::string& before, const std::string& now)
{
    const std::vector<std::string> a = Lines(before);
    const std::vector<std::string> b = Lines(now);
    // Sets: a points file makes a line per point and option.
    const std::set<std::string> inA(a.begin(), a.end());
    const std::set<std::string> inB(b.begin(), b.end());
    std::ostringstream out;
    for (const std::string& line : a)
    {
        if (!inB.count(line))
        {
            out << "\n  this folder's sweep: " << line;
        }
    }
    for (const std::string& line : b)
    {
        if (!inA.count(line))
        {
            out << "\n  this command's:      " << line;
        }
    }
    return out.str();
}

/// Flush \p fd's data to disk; \throws std::runtime_error naming \p what
void
Sync(int fd, const std::string& what)
{
    if (::fsync(fd) != 0)
    {
        throw std::runtime_error(what + ": cannot flush to disk (" + std::strerror(errno) + ")");
    }
}

/// Write all of \p text to \p fd; \throws std::runtime_error naming \p what
void
WriteAll(int fd, const std::string& text, const std::string& what)
{
    std::size_t done = 0;
    while (done < text.size())
    {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            throw std::runtime_error(what + ": cannot write (" + std::strerror(errno) + ")");
        }
        done += static_cast<std::size_t>(n);
    }
}

/// \return whether the file \p path is not empty and its last byte is not a line break
bool
EndsMidLine(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in || in.tellg() <= 0)
    {
        return false;
    }
    in.seekg(-1, std::ios::end);
    return in.get() != '\n';
}

} // namespace

SweepStore::SweepStore(const std::string& dir, const std::string& definition, bool force)
    : m_dir(dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
    {
        throw SweepError("--output=" + dir + ": cannot create this folder" +
                         (ec ? " (" + ec.message() + ")" : std::string()));
    }
    const fs::path definitionPath = fs::path(dir) / kDefinitionFile;
    const fs::path journalPath = fs::path(dir) / kJournalFile;
    if (fs::exists(definitionPath))
    {
        const std::string before = Slurp(definitionPath);
        if (before != definition)
        {
            if (!force)
            {
                throw SweepError("--output=" + dir + " holds another sweep; what differs:" +
                                 Differences(before, definition) +
                                 "\n(run it with the same options to resume it, choose another "
                                 "--output, or add --force to discard its results and start "
                                 "over)");
            }
            fs::remove(journalPath, ec);
        }
    }
    else if (!force && fs::exists(journalPath))
    {
        throw SweepError("--output=" + dir + " has results but no " + kDefinitionFile +
                         " (add --force to discard them and start over)");
    }
    else
    {
        fs::remove(journalPath, ec);
    }
    try
    {
        WriteFile(kDefinitionFile, definition);
    }
    catch (const std::runtime_error& e)
    {
        throw SweepError("--output=" + dir + ": cannot write into this folder (" + e.what() + ")");
    }
    m_records = ReadRecords(dir, m_dropped);
    m_journal = ::open(journalPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_journal < 0)
    {
        throw SweepError("--output=" + dir + ": cannot write " + kJournalFile + " (" +
                         std::strerror(errno) + ")");
    }
    if (EndsMidLine(journalPath))
    {
        // A torn last line (already dropped): end it, so the next line starts on its own.
        try
        {
            WriteAll(m_journal, "\n", journalPath.string());
        }
        catch (const std::runtime_error& e)
        {
            throw SweepError("--output=" + dir + ": " + e.what());
        }
    }
}

SweepStore::~SweepStore()
{
    if (m_journal >= 0)
    {
        ::close(m_journal);
    }
}

const std::map<std::pair<std::size_t, uint32_t>, RunRecord>&
SweepStore::Records() const
{
    return m_records;
}

std::size_t
SweepStore::DroppedLines() const
{
    return m_dropped;
}

const std::string&
SweepStore::Dir() const
{
    return m_dir;
}

std::string
SweepStore::JournalLine(const RunRecord& r)
{
    std::ostringstream body;
    char wall[32];
    std::snprintf(wall, sizeof(wall), "%.3f", r.wallSeconds);
    body << "R\t" << r.point << '\t' << r.run << '\t' << (r.ok ? "ok" : "failed") << '\t' << wall
         << '\t' << r.attempts;
    if (r.ok)
    {
        for (const std::string& m : r.metrics)
        {
            body << '\t' << Field(m);
        }
    }
    else
    {
        body << '\t' << Field(r.failure) << '\t' << Field(r.command);
    }
    const std::string text = body.str();
    return text + "\t#" + Checksum(text) + "\n";
}

void
SweepStore::Append(const std::string& text)
{
    // With O_APPEND every write lands after everything before it.
    WriteAll(m_journal, text, m_dir + "/" + kJournalFile);
}

void
SweepStore::Commit(const RunRecord& record)
{
    Append(JournalLine(record));
    Sync(m_journal, m_dir + "/" + kJournalFile);
    m_records[{record.point, record.run}] = record;
}

void
SweepStore::CommitAll(const std::vector<RunRecord>& records)
{
    std::string text;
    for (const RunRecord& r : records)
    {
        text += JournalLine(r);
    }
    Append(text);
    Sync(m_journal, m_dir + "/" + kJournalFile);
    for (const RunRecord& r : records)
    {
        m_records[{r.point, r.run}] = r;
    }
}

std::string
SweepStore::ReadDefinition(const std::string& dir)
{
    const fs::path path = fs::path(dir) / kDefinitionFile;
    if (!fs::is_regular_file(path))
    {
        throw SweepError(dir + ": not a synfin-sweep folder (it has no " + kDefinitionFile + ")");
    }
    return Slurp(path);
}

std::map<std::pair<std::size_t, uint32_t>, RunRecord>
SweepStore::ReadRecords(const std::string& dir, std::size_t& dropped)
{
    std::map<std::pair<std::size_t, uint32_t>, RunRecord> records;
    dropped = 0;
    const std::string text = Slurp(fs::path(dir) / kJournalFile);
    std::size_t start = 0;
    while (start < text.size())
    {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
        {
            ++dropped; // cut short: its run did not commit
            break;
        }
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty())
        {
            continue;
        }
        std::size_t mark = line.rfind("\t#");
        if (mark == std::string::npos || Checksum(line.substr(0, mark)) != line.substr(mark + 2))
        {
            ++dropped;
            continue;
        }
        std::vector<std::string> f = SplitTabs(line.substr(0, mark));
        if (f.size() < 6 || f[0] != "R" || (f[3] != "ok" && f[3] != "failed"))
        {
            ++dropped;
            continue;
        }
        RunRecord r;
        try
        {
            r.point = std::stoul(f[1]);
            r.run = static_cast<uint32_t>(std::stoul(f[2]));
            r.wallSeconds = std::stod(f[4]);
            r.attempts = static_cast<uint32_t>(std::stoul(f[5]));
        }
        catch (const std::exception&)
        {
            ++dropped;
            continue;
        }
        r.ok = f[3] == "ok";
        if (r.ok)
        {
            r.metrics.assign(f.begin() + 6, f.end());
        }
        else if (f.size() == 8)
        {
            r.failure = f[6];
            r.command = f[7];
        }
        records[{r.point, r.run}] = r;
    }
    return records;
}

void
SweepStore::WriteFile(const std::string& name, const std::string& text) const
{
    const fs::path path = fs::path(m_dir) / name;
    const fs::path temporary = fs::path(m_dir) / (name + ".partial");
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw std::runtime_error(temporary.string() + ": " + std::strerror(errno));
    }
    try
    {
        WriteAll(fd, text, temporary.string());
        Sync(fd, temporary.string());
    }
    catch (...)
    {
        ::close(fd);
        throw;
    }
    ::close(fd);
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    }
}

} // namespace sweep
} // namespace synfin
