/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-grid.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>

namespace synfin
{
namespace sweep
{

namespace
{

/// Most values one option may expand to.
constexpr std::size_t MAX_VALUES_PER_OPTION = 100000;
/// Most points one grid may have.
constexpr std::uint64_t MAX_POINTS = 10000000;
/// Slack that absorbs binary rounding when deciding whether a range reaches its END.
constexpr double END_SLACK = 1e-9;
/// Significant digits kept when printing a generated value.
constexpr int SIGNIFICANT_DIGITS = 12;

/// The forms a spec may take, for error messages.
const char* const SPEC_FORMS =
    "a value, a comma-separated list of values, START:END:STEP or START:END:xFACTOR";
/// What a range looks like, for error messages.
const char* const RANGE_FORMS =
    "a range is START:END:STEP or START:END:xFACTOR, each part a number with an optional unit "
    "of one kind, e.g. 0:0.2:0.02, 10ms:50ms:10ms, 5ms:320ms:x2 or 1Mbps:10Mbps:1Mbps";

/// What a unit measures; range parts must agree on it.
enum class UnitKind
{
    PLAIN,
    TIME,
    DATA_RATE,
};

/// A unit suffix as ns-3 spells it.
struct Unit
{
    const char* name; //!< suffix as written after the number
    UnitKind kind;    //!< what it measures
    double scale;     //!< size in the kind's smallest unit (ns or bit/s)
};

/// Every unit a range part may carry; the empty name is the plain number.
const Unit UNITS[] = {
    {"", UnitKind::PLAIN, 1},
    {"ns", UnitKind::TIME, 1},
    {"us", UnitKind::TIME, 1e3},
    {"ms", UnitKind::TIME, 1e6},
    {"s", UnitKind::TIME, 1e9},
    {"min", UnitKind::TIME, 60e9},
    {"h", UnitKind::TIME, 3600e9},
    {"bps", UnitKind::DATA_RATE, 1},
    {"kbps", UnitKind::DATA_RATE, 1e3},
    {"Kbps", UnitKind::DATA_RATE, 1e3},
    {"Mbps", UnitKind::DATA_RATE, 1e6},
    {"Gbps", UnitKind::DATA_RATE, 1e9},
    {"Bps", UnitKind::DATA_RATE, 8},
    {"KBps", UnitKind::DATA_RATE, 8e3},
    {"MBps", UnitKind::DATA_RATE, 8e6},
    {"GBps", UnitKind::DATA_RATE, 8e9},
};

/// A number with its unit, as parsed from a range part or a list item.
struct Quantity
{
    double number;    //!< the number as written, in \p unit
    const Unit* unit; //!< its unit (never null once parsed)
};

/// \return what \p kind measures, for error messages
const char*
KindName(UnitKind kind)
{
    switch (kind)
    {
    case UnitKind::TIME:
        return "a time";
    case UnitKind::DATA_RATE:
        return "a data rate";
    case UnitKind::PLAIN:
        break;
    }
    return "a plain number";
}

/// \return true if \p c is an ASCII digit (std::isdigit depends on the locale)
bool
IsDigit(char c)
{
    return c >= '0' && c <= '9';
}

/**
 * Parses \p text as a decimal number ([+-]digits[.digits][e[+-]digits]) followed by nothing
 * or exactly one known unit. No locale, no hexadecimal, no inf or nan.
 * \param text the text to parse
 * \param quantity set on success
 * \return true if \p text is such a number with a finite value
 */
bool
ParseQuantity(const std::string& text, Quantity& quantity)
{
    std::size_t pos = 0;
    const std::size_t size = text.size();
    if (pos < size && (text[pos] == '+' || text[pos] == '-'))
    {
        ++pos;
    }
    std::size_t digits = 0;
    while (pos < size && IsDigit(text[pos]))
    {
        ++pos;
        ++digits;
    }
    if (pos < size && text[pos] == '.')
    {
        ++pos;
        while (pos < size && IsDigit(text[pos]))
        {
            ++pos;
            ++digits;
        }
    }
    if (digits == 0)
    {
        return false;
    }
    if (pos < size && (text[pos] == 'e' || text[pos] == 'E'))
    {
        std::size_t exponent = pos + 1;
        if (exponent < size && (text[exponent] == '+' || text[exponent] == '-'))
        {
            ++exponent;
        }
        if (exponent < size && IsDigit(text[exponent]))
        {
            while (exponent < size && IsDigit(text[exponent]))
            {
                ++exponent;
            }
            pos = exponent;
        }
    }
    const std::string suffix = text.substr(pos);
    const Unit* unit = nullptr;
    for (const auto& candidate : UNITS)
    {
        if (suffix == candidate.name)
        {
            unit = &candidate;
            break;
        }
    }
    if (unit == nullptr)
    {
        return false;
    }
    // std::from_chars takes no leading '+'.
    const char* first = text.data() + (text[0] == '+' ? 1 : 0);
    const char* last = text.data() + pos;
    double number = 0;
    const auto result = std::from_chars(first, last, number);
    if (result.ec != std::errc() || result.ptr != last || !std::isfinite(number))
    {
        return false;
    }
    quantity.number = number;
    quantity.unit = unit;
    return true;
}

/**
 * \param value a finite number
 * \return \p value rounded to 12 significant digits, printed without exponent (for
 *         1e-15 <= |value| < 1e21; beyond that as 1.5e-20), trailing zeros or trailing dot
 */
std::string
FormatNumber(double value)
{
    if (value == 0 || !std::isfinite(value))
    {
        return value == 0 ? "0" : "nan";
    }
    char buffer[64];
    const auto result = std::to_chars(buffer,
                                      buffer + sizeof(buffer),
                                      value,
                                      std::chars_format::scientific,
                                      SIGNIFICANT_DIGITS - 1);
    // "-d.ddddddddddde-XX"
    const std::string scientific(buffer, result.ptr);
    const bool negative = scientific[0] == '-';
    const std::size_t lead = negative ? 1 : 0;
    const std::size_t e = scientific.find('e');
    std::string digits = scientific.substr(lead, 1) + scientific.substr(lead + 2, e - lead - 2);
    const int exponent = std::atoi(scientific.c_str() + e + 1);
    while (digits.size() > 1 && digits.back() == '0')
    {
        digits.pop_back();
    }
    std::string text = negative ? "-" : "";
    if (exponent < -15 || exponent > 20)
    {
        text += digits.substr(0, 1);
        if (digits.size() > 1)
        {
            text += "." + digits.substr(1);
        }
        return text + (exponent < 0 ? "e-" : "e+") + std::to_string(std::abs(exponent));
    }
    if (exponent < 0)
    {
        return text + "0." + std::string(-exponent - 1, '0') + digits;
    }
    const std::size_t integerDigits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integerDigits)
    {
        return text + digits + std::string(integerDigits - digits.size(), '0');
    }
    return text + digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
}

/// \return \p option as the user typed it: with a leading "--"
std::string
OptionName(const std::string& option)
{
    return option.compare(0, 2, "--") == 0 ? option : "--" + option;
}

/// \return "'item'", followed by " in 'spec'" when the item is only part of the spec
std::string
Where(const std::string& item, const std::string& spec)
{
    std::string where = "'" + item + "'";
    if (item != spec)
    {
        where += " in '" + spec + "'";
    }
    return where;
}

/// Throws a SweepError "--option: message".
[[noreturn]] void
Fail(const std::string& option, const std::string& message)
{
    throw SweepError(OptionName(option) + ": " + message);
}

/// \return \p text split at every \p separator (n separators give n + 1 parts)
std::vector<std::string>
Split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::string::size_type start = 0;
    while (true)
    {
        const auto at = text.find(separator, start);
        if (at == std::string::npos)
        {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
}

/// One value of a spec, with a key that is equal for values meaning the same.
struct Value
{
    std::string text; //!< the value as synfin-run gets it
    std::string key;  //!< equal for equal values: "0.02" and "0.020", "1s" and "1000ms"
};

/// \return the duplicate key of \p number in \p unit: its kind and its size in the kind's
///         smallest unit
std::string
QuantityKey(double number, const Unit& unit)
{
    // Short prefixes keep most keys within the small-string buffer.
    const char* const prefix = unit.kind == UnitKind::TIME        ? "t"
                               : unit.kind == UnitKind::DATA_RATE ? "r"
                                                                  : "n";
    return prefix + FormatNumber(number * unit.scale);
}

/// \return the duplicate key of the value \p text: as a number for a number with an optional
///         unit, the text itself otherwise
std::string
TextKey(const std::string& text)
{
    Quantity quantity;
    if (ParseQuantity(text, quantity))
    {
        return QuantityKey(quantity.number, *quantity.unit);
    }
    return "=" + text;
}

/// \return a value count for a "too many values" message, \p count being finite or not
std::string
CountText(double count)
{
    return std::isfinite(count) ? FormatNumber(count) : "too many";
}

/// Throws the "too many values" error for the range \p item of \p spec giving \p count.
[[noreturn]] void
FailTooMany(const std::string& option,
            const std::string& item,
            const std::string& spec,
            double count)
{
    Fail(option,
         "range " + Where(item, spec) + " gives " + CountText(count) + " values; at most " +
             std::to_string(MAX_VALUES_PER_OPTION) + " values per option are allowed");
}

/// Throws the "too many values" error for a list \p spec whose items together give too many.
[[noreturn]] void
FailTooManyInList(const std::string& option, const std::string& spec)
{
    Fail(option,
         "'" + spec + "' gives more than " + std::to_string(MAX_VALUES_PER_OPTION) +
             " values; at most " + std::to_string(MAX_VALUES_PER_OPTION) +
             " values per option are allowed");
}

/**
 * Expands the range \p item (which holds a ':') of \p spec, appending its values to \p out.
 * \param option the option, for error messages
 * \param item the range
 * \param spec the whole spec, for error messages
 * \param budget how many values the spec may still give
 * \param out where the values go
 * \throws SweepError if the range is malformed or gives more than \p budget values
 */
void
ExpandRange(const std::string& option,
            const std::string& item,
            const std::string& spec,
            std::size_t budget,
            std::vector<Value>& out)
{
    const auto bad = [&](const std::string& why) {
        Fail(option, "bad range " + Where(item, spec) + ": " + why);
    };
    const auto parts = Split(item, ':');
    if (parts.size() != 3)
    {
        bad(RANGE_FORMS);
    }
    const bool geometric = !parts[2].empty() && parts[2][0] == 'x';
    const char* const names[] = {"START", "END", geometric ? "xFACTOR" : "STEP"};
    Quantity quantities[3];
    for (std::size_t i = 0; i < 3; ++i)
    {
        const std::string text = (i == 2 && geometric) ? parts[2].substr(1) : parts[i];
        if (!ParseQuantity(text, quantities[i]))
        {
            bad(std::string(names[i]) + " '" + parts[i] +
                "' is not a number with an optional unit; " + RANGE_FORMS);
        }
    }
    const std::size_t unitParts = geometric ? 2 : 3;
    for (std::size_t i = 1; i < unitParts; ++i)
    {
        if (quantities[i].unit->kind != quantities[0].unit->kind)
        {
            bad("START '" + parts[0] + "' is " + KindName(quantities[0].unit->kind) + " but " +
                names[i] + " '" + parts[i] + "' is " + KindName(quantities[i].unit->kind) +
                "; all parts need the same kind of unit (" + RANGE_FORMS + ")");
        }
    }
    if (geometric && quantities[2].unit->kind != UnitKind::PLAIN)
    {
        bad("FACTOR '" + parts[2].substr(1) + "' must be a plain number, e.g. x2");
    }
    // Compute in the smallest unit given (the first of equal ones) and print in it.
    const Unit* unit = quantities[0].unit;
    for (std::size_t i = 1; i < unitParts; ++i)
    {
        if (quantities[i].unit->scale < unit->scale)
        {
            unit = quantities[i].unit;
        }
    }
    const auto inUnit = [&](const Quantity& quantity) {
        return quantity.number * (quantity.unit->scale / unit->scale);
    };
    const double start = inUnit(quantities[0]);
    const double end = inUnit(quantities[1]);
    if (start > end)
    {
        bad("START '" + parts[0] + "' is greater than END '" + parts[1] +
            "'; ranges need START <= END");
    }
    std::vector<double> numbers;
    if (!geometric)
    {
        const double step = inUnit(quantities[2]);
        if (!(step > 0))
        {
            bad("STEP '" + parts[2] + "' must be greater than 0");
        }
        const double steps = std::floor((end - start) / step + END_SLACK);
        if (!(steps + 1 <= MAX_VALUES_PER_OPTION))
        {
            FailTooMany(option, item, spec, steps + 1);
        }
        const auto count = static_cast<std::size_t>(steps) + 1;
        numbers.reserve(count);
        for (std::size_t i = 0; i < count; ++i)
        {
            double number = start + static_cast<double>(i) * step;
            // Crossing zero leaves rounding dust such as 5.5e-17 (-0.3 + 3 * 0.1).
            if (std::fabs(number) < step * END_SLACK)
            {
                number = 0;
            }
            numbers.push_back(number);
        }
    }
    else
    {
        const double factor = quantities[2].number;
        if (!(factor > 1))
        {
            bad("FACTOR '" + parts[2].substr(1) + "' must be greater than 1, e.g. x2");
        }
        if (!(start > 0))
        {
            bad("START '" + parts[0] + "' must be greater than 0 in a geometric range");
        }
        const double estimate =
            std::floor(std::log(end / start) / std::log(factor) + END_SLACK) + 1;
        // Well past the limit (the estimate may be off by one): fail before generating.
        if (estimate > MAX_VALUES_PER_OPTION + 1)
        {
            FailTooMany(option, item, spec, estimate);
        }
        const double limit = end * (1 + END_SLACK);
        for (int i = 0;; ++i)
        {
            const double number = start * std::pow(factor, i);
            if (!(number <= limit))
            {
                break;
            }
            if (numbers.size() == MAX_VALUES_PER_OPTION)
            {
                FailTooMany(option, item, spec, MAX_VALUES_PER_OPTION + 1);
            }
            numbers.push_back(number);
        }
    }
    if (numbers.size() > budget)
    {
        FailTooManyInList(option, spec);
    }
    for (const double number : numbers)
    {
        out.push_back({FormatNumber(number) + unit->name, QuantityKey(number, *unit)});
    }
}

/**
 * Splits one CSV line into cells: "..." quotes a cell (to hold commas), "" in quotes is one
 * quote.
 * \param line the line, without its end of line
 * \param cells set to the cells
 * \return an empty string, or what is wrong with the quoting
 */
std::string
SplitCsvLine(const std::string& line, std::vector<std::string>& cells)
{
    cells.clear();
    std::size_t pos = 0;
    while (true)
    {
        std::string cell;
        if (pos < line.size() && line[pos] == '"')
        {
            const std::size_t opening = pos;
            ++pos;
            while (true)
            {
                const auto quote = line.find('"', pos);
                if (quote == std::string::npos)
                {
                    return "unterminated quote at column " + std::to_string(opening + 1) +
                           " (quoted cells end on the same line)";
                }
                cell += line.substr(pos, quote - pos);
                pos = quote + 1;
                if (pos < line.size() && line[pos] == '"')
                {
                    cell += '"';
                    ++pos;
                    continue;
                }
                break;
            }
            if (pos < line.size() && line[pos] != ',')
            {
                return "text after the closing quote at column " + std::to_string(pos + 1) +
                       " (write \"\" for a quote inside quotes)";
            }
        }
        else
        {
            const auto comma = line.find(',', pos);
            const auto end = comma == std::string::npos ? line.size() : comma;
            cell = line.substr(pos, end - pos);
            pos = end;
        }
        cells.push_back(cell);
        if (pos >= line.size())
        {
            return "";
        }
        ++pos; // the comma
    }
}

/// \return true if \p line is empty or only white space
bool
IsBlank(const std::string& line)
{
    return line.find_first_not_of(" \t") == std::string::npos;
}

} // namespace

std::vector<std::string>
ExpandValues(const std::string& option, const std::string& spec, bool splittable)
{
    if (spec.empty())
    {
        Fail(option, std::string("empty value; give ") + (splittable ? SPEC_FORMS : "a value"));
    }
    if (!splittable)
    {
        return {spec};
    }
    std::vector<std::string> values;
    // Duplicate key -> index of the value that had it first.
    std::unordered_map<std::string, std::size_t> seen;
    std::vector<Value> itemValues;
    for (const auto& item : Split(spec, ','))
    {
        if (item.empty())
        {
            Fail(option,
                 "empty item in list '" + spec + "'; a list is comma-separated values, e.g. " +
                     "0,0.01,0.05");
        }
        itemValues.clear();
        if (item.find(':') != std::string::npos)
        {
            ExpandRange(option, item, spec, MAX_VALUES_PER_OPTION - values.size(), itemValues);
        }
        else
        {
            if (values.size() == MAX_VALUES_PER_OPTION)
            {
                FailTooManyInList(option, spec);
            }
            itemValues.push_back({item, TextKey(item)});
        }
        seen.reserve(seen.size() + itemValues.size());
        for (auto& value : itemValues)
        {
            const auto inserted = seen.emplace(std::move(value.key), values.size());
            if (!inserted.second)
            {
                const std::string& first = values[inserted.first->second];
                std::string message = "duplicate value '" + value.text + "'";
                if (first != value.text)
                {
                    message += " (same as '" + first + "')";
                }
                Fail(option, message + " in '" + spec + "'; give each value once");
            }
            values.push_back(std::move(value.text));
        }
    }
    return values;
}

std::string
Point::Key() const
{
    std::string key;
    for (const auto& setting : settings)
    {
        if (!key.empty())
        {
            key += ',';
        }
        key += setting.first + "=" + setting.second;
    }
    return key;
}

std::vector<Point>
CartesianProduct(const std::vector<Axis>& axes)
{
    std::set<std::string> options;
    std::uint64_t total = 1;
    bool overflow = false;
    for (const auto& axis : axes)
    {
        if (!options.insert(axis.option).second)
        {
            Fail(axis.option, "given twice; sweep each option on one axis");
        }
        if (axis.values.empty())
        {
            Fail(axis.option, "no values to sweep");
        }
        const std::uint64_t size = axis.values.size();
        if (total > std::numeric_limits<std::uint64_t>::max() / size)
        {
            overflow = true;
        }
        total *= size;
    }
    if (overflow || total > MAX_POINTS)
    {
        std::ostringstream message;
        message << "the sweep has ";
        if (overflow)
        {
            message << "more than " << std::numeric_limits<std::uint64_t>::max();
        }
        else
        {
            message << total;
        }
        message << " points (";
        for (std::size_t i = 0; i < axes.size(); ++i)
        {
            message << (i == 0 ? "" : " x ") << axes[i].values.size() << " "
                    << OptionName(axes[i].option);
        }
        message << "); at most " << MAX_POINTS << " are allowed";
        throw SweepError(message.str());
    }
    std::vector<Point> points;
    points.reserve(total);
    std::vector<std::size_t> index(axes.size(), 0);
    for (std::uint64_t n = 0; n < total; ++n)
    {
        Point point;
        point.settings.reserve(axes.size());
        for (std::size_t a = 0; a < axes.size(); ++a)
        {
            point.settings.emplace_back(axes[a].option, axes[a].values[index[a]]);
        }
        points.push_back(std::move(point));
        // Odometer: the last axis turns fastest.
        for (std::size_t a = axes.size(); a-- > 0;)
        {
            if (++index[a] < axes[a].values.size())
            {
                break;
            }
            index[a] = 0;
        }
    }
    return points;
}

std::vector<Point>
ReadPoints(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw SweepError(path + ": cannot read the points file");
    }
    const auto fail = [&path](std::size_t line, const std::string& message) {
        throw SweepError(path + ":" + std::to_string(line) + ": " + message);
    };
    std::vector<std::string> columns;
    std::size_t headerLine = 0;
    std::vector<Point> points;
    // Each point's values -> the line it came from.
    std::map<std::vector<std::string>, std::size_t> seen;
    std::vector<std::string> cells;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line))
    {
        ++lineNo;
        // Files edited on Windows keep working.
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (IsBlank(line) || line[0] == '#')
        {
            continue;
        }
        const std::string quoting = SplitCsvLine(line, cells);
        if (!quoting.empty())
        {
            fail(lineNo, quoting);
        }
        if (headerLine == 0)
        {
            headerLine = lineNo;
            std::set<std::string> names;
            for (std::size_t i = 0; i < cells.size(); ++i)
            {
                std::string name = cells[i];
                if (name.compare(0, 2, "--") == 0)
                {
                    name.erase(0, 2);
                }
                if (name.empty())
                {
                    fail(lineNo,
                         "empty column name in the header (column " + std::to_string(i + 1) +
                             "); the header lists option names, e.g. loss,delay");
                }
                if (!names.insert(name).second)
                {
                    fail(lineNo,
                         "duplicate column '" + name + "' in the header; name each option once");
                }
                columns.push_back(name);
            }
            continue;
        }
        if (cells.size() != columns.size())
        {
            fail(lineNo,
                 std::to_string(cells.size()) + " fields, but the header has " +
                     std::to_string(columns.size()) + " (quote a value that holds a comma)");
        }
        Point point;
        for (std::size_t i = 0; i < cells.size(); ++i)
        {
            if (cells[i].empty())
            {
                fail(lineNo,
                     "empty value in column '" + columns[i] + "'; every cell needs a value");
            }
            point.settings.emplace_back(columns[i], cells[i]);
        }
        const auto inserted = seen.emplace(cells, lineNo);
        if (!inserted.second)
        {
            fail(lineNo,
                 "duplicate point " + point.Key() + " (same as line " +
                     std::to_string(inserted.first->second) + "); list each point once");
        }
        points.push_back(std::move(point));
    }
    if (in.bad())
    {
        throw SweepError(path + ": cannot read the points file");
    }
    if (headerLine == 0)
    {
        fail(std::max<std::size_t>(lineNo, 1),
             "empty file; expected a header of option names, e.g. loss,delay");
    }
    if (points.empty())
    {
        fail(headerLine, "a header but no points; add one row of values per point");
    }
    return points;
}

} // namespace sweep
} // namespace synfin
