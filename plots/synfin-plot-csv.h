/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_CSV_H
#define SYNFIN_PLOT_CSV_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * One CSV file of the lifecycle recorder, read whole, with typed access to its cells.
 *
 * The recorder writes plain CSV (a header line, comma-separated, no quoting: doc/synfin.rst
 * "Recorded output"), so this reader is deliberately no more than that. Every error names
 * the file, the line and the column, because the person reading it is looking at the file.
 */
class CsvTable
{
  public:
    /**
     * Reads \p path and checks that its header has every column of \p required.
     * \throws PlotError if the file cannot be read, has no header, lacks a required column
     *         or has a row whose field count differs from the header's
     */
    static CsvTable Load(const std::string& path, const std::vector<std::string>& required);

    /// \return the path the table was read from
    const std::string& Path() const;
    /// \return the number of data rows (the header excluded)
    std::size_t Rows() const;
    /// \return true if the header has \p column
    bool HasColumn(const std::string& column) const;

    /// \return the raw text of a cell; \throws PlotError if \p column is not in the header
    const std::string& Text(std::size_t row, const std::string& column) const;
    /// \return a cell as a number; \throws PlotError if it is empty or not a number
    double Double(std::size_t row, const std::string& column) const;
    /// \return a cell as a number, or nothing if it is empty ("did not happen")
    std::optional<double> OptionalDouble(std::size_t row, const std::string& column) const;
    /// \return a cell as an integer; \throws PlotError if it is empty or not an integer
    int64_t Integer(std::size_t row, const std::string& column) const;
    /// \return a cell as an integer, or nothing if it is empty
    std::optional<int64_t> OptionalInteger(std::size_t row, const std::string& column) const;

    /// \return "path:line: column 'name'", the prefix of every cell error
    std::string Where(std::size_t row, const std::string& column) const;

  private:
    CsvTable() = default;

    /// \return the index of \p column in the header; \throws PlotError if absent
    std::size_t Index(const std::string& column) const;

    std::string m_path;                           //!< file read
    std::map<std::string, std::size_t> m_index;   //!< column name -> field index
    std::vector<std::vector<std::string>> m_rows; //!< fields of each data row
    std::vector<std::size_t> m_lines;             //!< 1-based file line of each data row
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_CSV_H */
