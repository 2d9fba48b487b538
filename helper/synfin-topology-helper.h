/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The topologies of synfin's experiments: single link, chain, dumbbell, star.
 */

#ifndef SYNFIN_TOPOLOGY_HELPER_H
#define SYNFIN_TOPOLOGY_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/synfin-segment-delay-model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class ErrorModel;
class SynFinSegmentErrorModel;

/**
 * \ingroup synfin
 * \brief Gilbert-Elliott bursty loss parameters (see SynFinGilbertElliottErrorModel).
 */
struct SynFinBurstLoss
{
    double p{0};        //!< good -> bad, per packet
    double r{1};        //!< bad -> good, per packet
    double lossGood{0}; //!< loss probability in the good state
    double lossBad{1};  //!< loss probability in the bad state
};

/**
 * \ingroup synfin
 * \brief What one point-to-point link is: its rate, delay, queue and impairments.
 *
 * "Forward" is from the client side of the link to its server side (each link is built
 * with its client-side end first); "reverse" is back.
 */
struct SynFinLinkSpec
{
    std::string rate{"10Mbps"};                  //!< data rate, ns-3 DataRate syntax
    Time delay{MilliSeconds(10)};                //!< one-way propagation delay
    Time jitter{0};                              //!< plus up to this, uniform per packet
    bool jitterKeepsOrder{true};                 //!< no packet overtakes another (FIFO)
    uint32_t queuePackets{100};                  //!< device queue, packets
    double lossForward{0};                       //!< uniform loss rate, forward
    double lossReverse{0};                       //!< uniform loss rate, reverse
    std::optional<SynFinBurstLoss> burstForward; //!< bursty loss, forward
    std::optional<SynFinBurstLoss> burstReverse; //!< bursty loss, reverse
};

/**
 * \ingroup synfin
 * \brief A topology as built: its nodes by role, its links by name, the servers' addresses.
 */
struct SynFinTopology
{
    /// One built link.
    struct Link
    {
        std::string name;          //!< e.g. "bottleneck", "hop2", "access3"
        Ptr<NetDevice> clientSide; //!< the end nearer the clients
        Ptr<NetDevice> serverSide; //!< the end nearer the servers
        SynFinLinkSpec spec;       //!< what it was built with
    };

    NodeContainer clients;                     //!< hosts that open connections
    NodeContainer servers;                     //!< hosts that accept them
    NodeContainer routers;                     //!< forwarding nodes
    Ptr<Node> deadHost;                        //!< a host that never answers (if asked for)
    std::vector<Link> links;                   //!< every link, in build order
    std::vector<Ipv4Address> serverAddresses;  //!< address of servers.Get(i)
    Ipv4Address deadHostAddress;               //!< the dead host's address
    std::map<uint32_t, std::string> nodeNames; //!< node id -> "client2", "left", ...

    /**
     * \param client index of a client
     * \return the index of the server that client talks to
     */
    uint32_t ServerOf(uint32_t client) const;

    /// \return every host: clients, then servers
    NodeContainer Hosts() const;
};

/**
 * \ingroup synfin
 * \brief Builds one of synfin's topologies with ns-3's point-to-point links.
 *
 * Kinds, with their node names and link names (clients on the left):
 * - single: client --link-- server
 * - chain, N hops: client --hop1-- router1 --hop2-- ... --hopN-- server
 * - dumbbell, N pairs: clientI --accessI-- left --bottleneck-- right --egressI-- serverI;
 *   client I talks to server I
 * - star, N leaves: clientI --spokeI-- hub --uplink-- server; every client talks to it
 *
 * Every link has its own /24 in 10.0.0.0/8 and the global routing tables are filled. The
 * device queue is a drop-tail queue of the link's size and is the only queue (the default
 * queue disc that addressing installs is removed), so the queue size means what it says.
 * A link with a jitter runs over a SynFinJitterChannel instead of ns-3's own channel.
 * Each node gets synfin's TCP, or stock ns-3 TCP if named in SetStockNodes.
 *
 * With a dead host, one more host hangs off the node nearest the servers (the server
 * itself for single and chain): packets reach its link and vanish, as for a host that is
 * down, so connections to it time out.
 */
class SynFinTopologyHelper
{
  public:
    /// The kinds of topology.
    enum class Kind
    {
        SINGLE,   //!< one link
        CHAIN,    //!< N hops in a row
        DUMBBELL, //!< N pairs across a bottleneck
        STAR,     //!< N clients around a hub, one server
    };

    /**
     * \param name "single", "chain", "dumbbell" or "star"
     * \param kind receives the kind
     * \return false if the name is none of them
     */
    static bool ParseKind(const std::string& name, Kind& kind);

    /// \return the kinds' names, comma-separated
    static std::string KindNames();

    /**
     * \brief The names of the links a topology has, to check per-link settings before
     *        building.
     * \param kind the kind
     * \param count hops, pairs or leaves
     * \return the link names in build order
     */
    static std::vector<std::string> LinkNames(Kind kind, uint32_t count);

    /**
     * \brief The names of the nodes a topology has.
     * \param kind the kind
     * \param count hops, pairs or leaves
     * \return the node names
     */
    static std::vector<std::string> NodeNames(Kind kind, uint32_t count);

    /**
     * \param kind the kind
     * \param count hops (chain), pairs (dumbbell) or leaves (star); ignored for single
     */
    SynFinTopologyHelper(Kind kind, uint32_t count);

    /// \param spec what every link is unless SetLink says otherwise
    void SetDefaultLink(const SynFinLinkSpec& spec);

    /**
     * \param name a link name (see LinkNames)
     * \param spec what that link is
     */
    void SetLink(const std::string& name, const SynFinLinkSpec& spec);

    /// \return what the named link will be built with
    SynFinLinkSpec GetLink(const std::string& name) const;

    /// \param names nodes that run stock ns-3 TCP (see NodeNames)
    void SetStockNodes(const std::set<std::string>& names);

    /// \param enable add a dead host
    void SetDeadHost(bool enable);

    /**
     * \brief Drop rules (SynFinSegmentErrorModel grammar) applied where each host
     *        receives, each host counting its own matches.
     * \param rules the rules; empty for none
     */
    void SetDropRules(const std::string& rules);

    /**
     * \brief Late segments where each host receives (SynFinSegmentDelayModel): those the
     *        rules select are delivered again (or only) \p delay plus up to \p jitter later.
     * \param rules the rules (SynFinSegmentErrorModel grammar; "ANY" for every segment);
     *        empty for none
     * \param delay the fixed part of the delay
     * \param jitter the uniformly random part
     * \param mode duplicate (delivered now and late) or hold (late only)
     */
    void SetLateSegments(const std::string& rules,
                         Time delay,
                         Time jitter,
                         SynFinSegmentDelayModel::Mode mode);

    /**
     * \brief Build it: nodes, links, stacks, addresses, routes, impairments.
     * \param stream the first random stream for the impairments
     * \return the topology
     */
    SynFinTopology Build(int64_t stream = 1000) const;

    /**
     * \brief The segment error models that carry the drop rules, with the node each is on.
     * \return (model, node id) pairs, empty until Build or without rules
     */
    const std::vector<std::pair<Ptr<SynFinSegmentErrorModel>, uint32_t>>& GetDropModels() const;

    /// \return the first random stream after those Build used (for the workload's)
    int64_t GetNextStream() const;

  private:
    /// Install the impairments of one direction of a link on the receiving device.
    void Impair(Ptr<NetDevice> receiver,
                double loss,
                const std::optional<SynFinBurstLoss>& burst,
                bool host,
                int64_t& stream) const;

    Kind m_kind;                                   //!< the kind
    uint32_t m_count;                              //!< hops, pairs or leaves
    SynFinLinkSpec m_default;                      //!< default link
    std::map<std::string, SynFinLinkSpec> m_links; //!< per-link settings
    std::set<std::string> m_stock;                 //!< stock-TCP nodes
    bool m_deadHost{false};                        //!< add a dead host
    std::string m_dropRules;                       //!< drop rules at every host
    std::string m_lateRules;                       //!< late-segment rules at every host
    Time m_lateDelay;                              //!< their fixed delay
    Time m_lateJitter;                             //!< their random delay
    SynFinSegmentDelayModel::Mode m_lateMode{SynFinSegmentDelayModel::DUPLICATE};        //!< mode
    mutable std::vector<std::pair<Ptr<SynFinSegmentErrorModel>, uint32_t>> m_dropModels; //!< built
    mutable int64_t m_nextStream{0}; //!< after the streams Build used
};

} // namespace ns3

#endif /* SYNFIN_TOPOLOGY_HELPER_H */
