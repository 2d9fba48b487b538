/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RECORDER_WRITER_H
#define SYNFIN_RECORDER_WRITER_H

#include "synfin-recorder-observations.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief Formats the lifecycle recorder's observations as states.csv, segments.csv,
 *        connections.csv, timewait.csv, listeners.csv, nodes.csv and meta.json, and writes
 *        them into a folder.
 *
 * The column contract is the section "Recorded output (lifecycle recorder)" of
 * doc/synfin.rst. Numbers are formatted without the locale (std::to_chars), so the files
 * are the same bytes whatever the program's locale.
 */
class SynFinRecorderWriter
{
  public:
    /**
     * \param observations what was recorded
     * \param parameters meta.json's "parameters" ("node.ID" entries name the nodes in
     *        listeners.csv)
     * \param listeners listeners.csv's rows: one per attached synfin node, in attach order
     * \param nodes nodes.csv's rows: one per node of the simulation, by node id (the roles
     *        come from \p observations)
     */
    SynFinRecorderWriter(const SynFinRecorderObservations& observations,
                         const std::map<std::string, std::string>& parameters,
                         const std::vector<SynFinListenerRow>& listeners,
                         const std::vector<SynFinNodeRow>& nodes);

    /**
     * \brief Write every file into a folder (created if needed).
     *
     * Each file is written as NAME.partial and renamed to NAME once all are complete;
     * meta.json is renamed last, so its presence means the set is complete.
     * \param folder the output folder
     * \param stop the stop time (ns): states still held end there with "end_of_run"
     * \param error receives a message naming the path that failed, on failure
     * \return true on success; on failure no .partial file is left behind
     */
    bool Write(const std::string& folder, int64_t stop, std::string& error) const;

    /// \return the names of the files Write() produces, in the order it writes them
    static std::vector<std::string> GetFileNames();

    /// \param stop the stop time (ns) \return states.csv
    std::string FormatStates(int64_t stop) const;
    /// \return segments.csv
    std::string FormatSegments() const;
    /// \return connections.csv
    std::string FormatConnections() const;
    /// \return timewait.csv
    std::string FormatTimeWait() const;
    /// \return listeners.csv
    std::string FormatListeners() const;
    /// \return nodes.csv
    std::string FormatNodes() const;
    /// \param stop the stop time (ns) \param files the file names \return meta.json
    std::string FormatMeta(int64_t stop, const std::vector<std::string>& files) const;

  private:
    const SynFinRecorderObservations& m_obs;                //!< what was recorded
    const std::map<std::string, std::string>& m_parameters; //!< meta.json "parameters"
    const std::vector<SynFinListenerRow>& m_listeners;      //!< listeners.csv rows
    const std::vector<SynFinNodeRow>& m_nodes;              //!< nodes.csv rows
};

} // namespace ns3

#endif /* SYNFIN_RECORDER_WRITER_H */
