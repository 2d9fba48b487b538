/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_STATE_CHANGE_H
#define SYNFIN_STATE_CHANGE_H

#include "synfin-four-tuple.h"
#include "synfin-state-machine.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <iomanip>
#include <ostream>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief One state change of one connection, as the transition trace reports it.
 */
struct SynFinStateChange
{
    uint64_t connectionId{0};            //!< unique per node and run, never reused
    uint32_t nodeId{0};                  //!< the node the socket (or TIME-WAIT record) lives on
    SynFinFourTuple tuple;               //!< local/remote address and port (remote unset in LISTEN)
    SynFinState from{TcpSocket::CLOSED}; //!< state before
    SynFinState to{TcpSocket::CLOSED};   //!< state after
    SynFinEvent cause{SynFinEvent::APP_ACTIVE_OPEN}; //!< what caused it
    uint8_t segmentFlags{0}; //!< TCP flags of the segment that caused it (0 for app/timer)
    bool passive{false};     //!< true for a connection forked from a listener
    Time time;               //!< simulation time of the change
};

/**
 * \brief Print a state change as one aligned line:
 *        "1.040074s  node 0  conn 1      SYN-SENT -> ESTABLISHED   on rcv SYN|ACK".
 * \param os the stream
 * \param c the change
 * \return the stream
 */
inline std::ostream&
operator<<(std::ostream& os, const SynFinStateChange& c)
{
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(6) << c.time.GetSeconds() << "s  node " << c.nodeId
       << "  conn " << c.connectionId << "  " << std::right << std::setw(12)
       << SynFinStateMachine::StateName(c.from) << " -> " << std::left << std::setw(12)
       << SynFinStateMachine::StateName(c.to) << "  on " << c.cause;
    os.flags(flags);
    os.precision(precision);
    return os;
}

/**
 * \ingroup synfin
 * \brief Signature of the transition trace sources.
 * \param change the state change
 */
typedef void (*SynFinStateChangeTracedCallback)(const SynFinStateChange& change);

} // namespace ns3

#endif /* SYNFIN_STATE_CHANGE_H */
