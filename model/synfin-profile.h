/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Behaviour profiles: the numbers real TCP stacks differ in, as attribute defaults.
 */

#ifndef SYNFIN_PROFILE_H
#define SYNFIN_PROFILE_H

#include "ns3/ptr.h"

#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup synfin
 * \brief One attribute default of a profile, with where the number comes from.
 */
struct SynFinProfileSetting
{
    std::string attribute; //!< full name, e.g. "ns3::SynFinSocket::Msl"
    std::string value;     //!< the value, as ns-3 parses it
    std::string source;    //!< RFC section, kernel constant or sysctl, vendor document
};

/**
 * \ingroup synfin
 * \brief A named stack's numbers: initial RTO and SYN/SYN-ACK retry schedule, RTO bounds,
 *        TIME-WAIT length, FIN-WAIT-2 timeout, delayed ACK, TIME-WAIT policies, ephemeral
 *        ports, invalid-ACK throttling.
 *
 * Apply() makes them the defaults (Config::SetDefault) of ns3::SynFinSocket,
 * ns3::TcpSocket and ns3::SynFinL4Protocol; each stays an ordinary attribute that a script
 * or --ns3::... set afterwards overrides. Every profile sets the same attributes, so
 * applying one after another leaves no value of the first behind. Profiles apply to every
 * node created after Apply(): one profile a simulation.
 */
class SynFinProfile
{
  public:
    /// \return the profile names: rfc9293, linux (= linux-6), linux-6, linux-5, freebsd,
    ///         windows
    static std::vector<std::string> GetNames();

    /**
     * \param name a profile name
     * \return true if there is such a profile
     */
    static bool Exists(const std::string& name);

    /**
     * \param name a profile name (aliases resolved)
     * \return its settings; empty for an unknown name
     */
    static std::vector<SynFinProfileSetting> GetSettings(const std::string& name);

    /**
     * \param name a profile name
     * \return what stack and version it reproduces, in a line
     */
    static std::string Describe(const std::string& name);

    /**
     * \brief Make a profile's values the attribute defaults.
     * \param name the profile
     * \param error receives what went wrong (unknown name, with the allowed ones)
     * \return true on success
     */
    static bool Apply(const std::string& name, std::string& error);

    /**
     * \brief Give one node a profile of its own, over the defaults: its TCP's attributes
     *        (ports) now, and those of every socket it creates from now on
     *        (SynFinL4Protocol::SetSocketAttribute). The rest of the simulation keeps the
     *        defaults, so a Linux client can talk to a Windows server.
     * \param name the profile
     * \param node a node whose TCP is synfin
     * \param error receives what went wrong (unknown name, or a node without synfin)
     * \return true on success
     */
    static bool ApplyTo(const std::string& name, Ptr<Node> node, std::string& error);

    /**
     * \brief Write every profile's values and sources as reStructuredText (the table in
     *        doc/synfin-profiles.rst, which a test compares with this).
     * \param os the stream
     */
    static void WriteRst(std::ostream& os);
};

} // namespace ns3

#endif /* SYNFIN_PROFILE_H */
