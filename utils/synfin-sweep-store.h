/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_STORE_H
#define SYNFIN_SWEEP_STORE_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * What became of one run (one point of the grid, one replication).
 */
struct RunRecord
{
    std::size_t point{0};             //!< index of the point in the sweep's order
    uint32_t run{0};                  //!< the replication: ns-3's RngRun, from 1
    bool ok{false};                   //!< finished and measured
    std::vector<std::string> metrics; //!< ok: the metrics as runs.csv text, in MetricNames order
    std::string failure;              //!< not ok: what happened (exit status, signal, timeout)
    std::string command;              //!< not ok: the command that reproduces it
    double wallSeconds{0};            //!< wall-clock time of the last attempt
    uint32_t attempts{0};             //!< how many times it ran
};

/**
 * \ingroup synfin
 * A sweep's folder: its definition and the journal of its finished runs.
 *
 * The definition (sweep.ini) says what the sweep is: the values of every option, the number
 * of runs, the seed. A folder holds one sweep: opening it with another definition is refused,
 * naming the lines that differ, unless forced, which starts it over.
 *
 * Each finished run is committed as one line appended to journal.txt and flushed to disk
 * (fsync) before the next: a line carries its own checksum, so a line cut short by a crash
 * or a power loss is recognised and dropped on reading, and its run simply runs again.
 * Nothing committed is lost; nothing is counted twice (a later line for the same run
 * replaces an earlier one, as when a failed run is tried again on resuming).
 */
class SweepStore
{
  public:
    /**
     * \brief Open (or create) the sweep folder \p dir for \p definition.
     * \param dir the folder
     * \param definition the sweep's definition, "key = value" lines
     * \param force start over if \p dir holds another sweep
     * \throws SweepError if \p dir cannot be made or written, or holds another sweep and
     *         \p force is false (the message lists what differs)
     */
    SweepStore(const std::string& dir, const std::string& definition, bool force);
    ~SweepStore();
    SweepStore(const SweepStore&) = delete;
    SweepStore& operator=(const SweepStore&) = delete;

    /// \return the finished runs read from the journal, by (point, run)
    const std::map<std::pair<std::size_t, uint32_t>, RunRecord>& Records() const;

    /**
     * \brief Commit one run: append its line to the journal and flush it to disk.
     * \param record the run
     * \throws std::runtime_error if the journal cannot be written
     */
    void Commit(const RunRecord& record);

    /// \return how many journal lines were dropped on opening (cut short or corrupt)
    std::size_t DroppedLines() const;

    /// \return the folder
    const std::string& Dir() const;

    /**
     * \brief Write \p text to \p name in the folder atomically: a temporary file, flushed,
     *        then renamed over the old one.
     * \throws std::runtime_error if it cannot be written
     */
    void WriteFile(const std::string& name, const std::string& text) const;

    /**
     * \brief Commit many runs at once: their lines appended, then one flush to disk.
     * \param records the runs
     * \throws std::runtime_error if the journal cannot be written
     */
    void CommitAll(const std::vector<RunRecord>& records);

    /// \return the line of \p record as the journal stores it (checksum included), for tests
    static std::string JournalLine(const RunRecord& record);

    /**
     * \brief Read another sweep folder's journal, without opening it for writing.
     * \param dir the folder
     * \param dropped receives how many lines were cut short or corrupt
     * \return its runs, by (point, run); a later line for a run replaces an earlier one
     */
    static std::map<std::pair<std::size_t, uint32_t>, RunRecord> ReadRecords(const std::string& dir,
                                                                             std::size_t& dropped);

    /**
     * \brief Read a folder's sweep.ini.
     * \param dir the folder
     * \return its text
     * \throws SweepError if it has none
     */
    static std::string ReadDefinition(const std::string& dir);

  private:
    /// Append \p text to the journal; \throws std::runtime_error if it cannot
    void Append(const std::string& text);

    std::string m_dir;                                               //!< the folder
    std::map<std::pair<std::size_t, uint32_t>, RunRecord> m_records; //!< finished runs
    std::size_t m_dropped{0};                                        //!< lines dropped on reading
    int m_journal{-1}; //!< the journal's file descriptor, open for appending
};

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_STORE_H */
