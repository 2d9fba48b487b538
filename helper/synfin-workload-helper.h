/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Puts synfin's request/response workload on a topology.
 */

#ifndef SYNFIN_WORKLOAD_HELPER_H
#define SYNFIN_WORKLOAD_HELPER_H

#include "synfin-topology-helper.h"

#include "ns3/application-container.h"
#include "ns3/nstime.h"
#include "ns3/synfin-workload-client.h"
#include "ns3/synfin-workload-server.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The workload of an experiment: who connects how often, what they exchange, how
 *        they close. Each field is the attribute of the same name on
 *        SynFinWorkloadClient / SynFinWorkloadServer.
 */
struct SynFinWorkloadSpec
{
    uint32_t clients{0};                        //!< client applications; 0: one per client node
    uint32_t connections{1};                    //!< connections per client application
    SynFinArrival arrival{ARRIVAL_CLOSED_LOOP}; //!< how connections are spaced
    Time interval{MilliSeconds(100)};           //!< gap (closed loop) or mean gap (Poisson)
    uint32_t requestBytes{100};                 //!< client to server, per connection
    uint32_t responseBytes{1000};               //!< server to client, per connection
    SynFinCloser closer{CLOSER_CLIENT};         //!< who closes first
    Time closeDelay;                            //!< time in CLOSE-WAIT before closing
    bool halfClose{false};                      //!< client FIN right after the request
    double abortFraction{0};                    //!< connections aborted with RST
    double closedPortFraction{0};               //!< connections to a closed port
    double deadHostFraction{0};                 //!< connections to the dead host
    uint16_t port{80};                          //!< the servers' port
    uint16_t closedPort{81};                    //!< a server port nothing listens on
    Time start{Seconds(1)};                     //!< when the clients start
    Time timeout;                               //!< give up after this; zero: never
};

/**
 * \ingroup synfin
 * \brief Installs a SynFinWorkloadServer on every server of a topology and the client
 *        applications on its clients.
 *
 * Client application i runs on client node i modulo the number of client nodes and talks
 * to the server of that node (SynFinTopology::ServerOf). Client applications start
 * spec.start apart by a millisecond each, so their first SYNs do not leave in one instant.
 */
class SynFinWorkloadHelper
{
  public:
    /// \param spec the workload
    explicit SynFinWorkloadHelper(const SynFinWorkloadSpec& spec);

    /**
     * \brief Install the applications.
     * \param topology the built topology (a dead host is needed for deadHostFraction > 0)
     * \param stream the first random stream for the clients
     * \return the number of streams the clients took
     */
    int64_t Install(const SynFinTopology& topology, int64_t stream = 2000);

    /// \return the client applications, after Install
    const ApplicationContainer& GetClients() const;

    /// \return the server applications (one per server), after Install
    const ApplicationContainer& GetServers() const;

  private:
    SynFinWorkloadSpec m_spec;      //!< the workload
    ApplicationContainer m_clients; //!< installed clients
    ApplicationContainer m_servers; //!< installed servers
};

} // namespace ns3

#endif /* SYNFIN_WORKLOAD_HELPER_H */
