/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: one packetdrill script run against one synfin node, the way packetdrill
 * runs it against a kernel, on the simulation's clock.
 */

#ifndef SYNFIN_DRILL_RUNNER_H
#define SYNFIN_DRILL_RUNNER_H

#include "synfin-drill-script.h"

#include <string>

namespace synfin_drill
{

/// How a script ended.
struct RunResult
{
    bool passed{false};  //!< every event as the script says
    std::string message; //!< on failure: "FILE:LINE: what went wrong" and the packets
    int eventsRun{0};    //!< events carried out (the failing one included)
};

/**
 * \brief Run a script in a fresh simulation: attribute defaults reset, then \p profile
 *        applied (none if empty), then the script's own settings.
 * \param script the parsed script
 * \param profile a synfin behaviour profile ("linux", "rfc9293", ...) or ""
 * \return pass, or the first mismatch with its script line
 */
RunResult RunScript(const Script& script, const std::string& profile);

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_RUNNER_H */
