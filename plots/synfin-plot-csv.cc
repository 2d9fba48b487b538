/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-csv.h"

#include "synfin-plot-error.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

/// \return \p line split at every comma; the recorder never quotes, so neither do we.
std::vector<std::string>
SplitFields(const std::string& line)
{
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    while (true)
    {
        const auto comma = line.find(',', start);
        if (comma == std::string::npos)
        {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, comma - start));
        start = comma + 1;
    }
}

} // namespace

CsvTable
CsvTable::Load(const std::string& path, const std::vector<std::string>& required)
{
    std::ifstream in(path);
    if (!in)
    {
        throw PlotError(path + ": cannot read file (does the run folder hold the recorder's "
                               "output?)");
    }
    CsvTable table;
    table.m_path = path;
    std::string line;
    std::size_t lineNo = 0;
    std::size_t fieldCount = 0;
    bool haveHeader = false;
    while (std::getline(in, line))
    {
        ++lineNo;
        // Files edited on Windows keep working.
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (!haveHeader)
        {
            const auto names = SplitFields(line);
            for (std::size_t i = 0; i < names.size(); ++i)
            {
                table.m_index.emplace(names[i], i);
            }
            fieldCount = names.size();
            haveHeader = true;
            continue;
        }
        if (line.empty())
        {
            continue;
        }
        auto fields = SplitFields(line);
        if (fields.size() != fieldCount)
        {
            std::ostringstream msg;
            msg << path << ":" << lineNo << ": " << fields.size() << " fields, but the header has "
                << fieldCount;
            throw PlotError(msg.str());
        }
        table.m_rows.push_back(std::move(fields));
        table.m_lines.push_back(lineNo);
    }
    if (!haveHeader)
    {
        throw PlotError(path + ":1: empty file, expected a header line");
    }
    for (const auto& column : required)
    {
        if (table.m_index.count(column) == 0)
        {
            throw PlotError(path + ":1: missing column '" + column + "'");
        }
    }
    return table;
}

const std::string&
CsvTable::Path() const
{
    return m_path;
}

std::size_t
CsvTable::Rows() const
{
    return m_rows.size();
}

bool
CsvTable::HasColumn(const std::string& column) const
{
    return m_index.count(column) != 0;
}

std::size_t
CsvTable::Index(const std::string& column) const
{
    auto it = m_index.find(column);
    if (it == m_index.end())
    {
        throw PlotError(m_path + ":1: missing column '" + column + "'");
    }
    return it->second;
}

std::string
CsvTable::Where(std::size_t row, const std::string& column) const
{
    std::ostringstream where;
    where << m_path << ":" << m_lines.at(row) << ": column '" << column << "'";
    return where.str();
}

const std::string&
CsvTable::Text(std::size_t row, const std::string& column) const
{
    return m_rows.at(row)[Index(column)];
}

std::optional<double>
CsvTable::OptionalDouble(std::size_t row, const std::string& column) const
{
    const std::string& text = Text(row, column);
    if (text.empty())
    {
        return std::nullopt;
    }
    // strtod, not std::stod: it reports where parsing stopped, so "1.5s" is an error
    // rather than 1.5.
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || errno == ERANGE)
    {
        throw PlotError(Where(row, column) + ": '" + text + "' is not a number");
    }
    return value;
}

double
CsvTable::Double(std::size_t row, const std::string& column) const
{
    auto value = OptionalDouble(row, column);
    if (!value)
    {
        throw PlotError(Where(row, column) + ": empty, expected a number");
    }
    return *value;
}

std::optional<int64_t>
CsvTable::OptionalInteger(std::size_t row, const std::string& column) const
{
    const std::string& text = Text(row, column);
    if (text.empty())
    {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || errno == ERANGE)
    {
        throw PlotError(Where(row, column) + ": '" + text + "' is not an integer");
    }
    return static_cast<int64_t>(value);
}

int64_t
CsvTable::Integer(std::size_t row, const std::string& column) const
{
    auto value = OptionalInteger(row, column);
    if (!value)
    {
        throw PlotError(Where(row, column) + ": empty, expected an integer");
    }
    return *value;
}

} // namespace plot
} // namespace synfin
