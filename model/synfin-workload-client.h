/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The client half of synfin's request/response workload.
 */

#ifndef SYNFIN_WORKLOAD_CLIENT_H
#define SYNFIN_WORKLOAD_CLIENT_H

#include "synfin-workload-server.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>

namespace ns3
{

class Socket;
class UniformRandomVariable;
class ExponentialRandomVariable;

/**
 * \ingroup synfin
 * \brief How a workload client spaces its connections.
 */
enum SynFinArrival : uint8_t
{
    ARRIVAL_CLOSED_LOOP, //!< the next connection starts Interval after the previous one ended
    ARRIVAL_POISSON,     //!< connections start at exponential gaps of mean Interval, overlapping
};

/**
 * \ingroup synfin
 * \brief Opens Connections connections to Remote, one request and one response each.
 *
 * Each connection: connect; send RequestBytes; read ResponseBytes; close as Closer says
 * (see SynFinWorkloadServer for the server's half). The client closes:
 * - Closer CLIENT: as soon as the whole response has arrived (active close); with
 *   HalfClose, right after queuing the request instead, so its FIN precedes the response
 *   and it reads the response in FIN-WAIT-2 (a half-closed connection);
 * - Closer SERVER: CloseDelay after the server's FIN (it sits in CLOSE-WAIT meanwhile);
 * - Closer BOTH: when the whole response has arrived, in the same instant as the server
 *   application set with SetPeerServer, so the two FINs cross (RFC 9293 3.6, figure 13).
 *
 * A connection ends, for the client, when it has called Close() or the connection
 * failed; CLOSED_LOOP starts the next one Interval later. TCP itself never gives up on an
 * idle established connection: if the server's retransmissions of the response time out
 * while the client waits, the client waits forever (as a real one without keepalive
 * would). Timeout bounds that: a connection not ended Timeout after its start is aborted
 * with RST, as an application's own timer would.
 *
 * Some connections can be made to go wrong on purpose, each drawn independently with the
 * given probability, in this order: DeadHostFraction connect to DeadHost, which never
 * answers (the SYN times out); ClosedPortFraction connect to ClosedPort on the server,
 * where nothing listens (RST); AbortFraction abort with RST when the first response byte
 * arrives (or at once if there is no response). An abort is Abort() on a synfin socket; on
 * a stock ns-3 socket it is Close() with the response unread, which stock TCP answers with
 * RST only when unread data is pending.
 */
class SynFinWorkloadClient : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinWorkloadClient();
    ~SynFinWorkloadClient() override;

    /**
     * \brief The server application to close in step with (Closer BOTH).
     * \param server the server application serving this client
     */
    void SetPeerServer(Ptr<SynFinWorkloadServer> server);

    /**
     * \brief Set the random streams.
     * \param stream the first stream
     * \return the number of streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return connections started (connect called)
    uint64_t GetStarted() const;
    /// \return connections whose handshake completed
    uint64_t GetEstablished() const;
    /// \return connections that failed to connect (RST, timeout)
    uint64_t GetFailed() const;
    /// \return connections aborted on purpose
    uint64_t GetAborted() const;
    /// \return connections this client closed after the full exchange
    uint64_t GetCompleted() const;
    /// \return connections given up after Timeout
    uint64_t GetTimedOut() const;
    /// \return response bytes received
    uint64_t GetBytesReceived() const;
    /// \return connections started and not yet ended
    uint64_t GetOpen() const;

  private:
    /// What the client keeps of one connection.
    struct Conn
    {
        uint32_t toSend{0};     //!< request bytes not yet queued
        uint64_t received{0};   //!< response bytes so far
        bool abort{false};      //!< abort on the first response byte
        bool halfClosed{false}; //!< ShutdownSend() called (HalfClose)
        EventId timeout;        //!< the application's give-up time
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    /// Open the next connection, and schedule the one after it (Poisson).
    void OpenNext();
    /// Connect callback.
    void Connected(Ptr<Socket> socket);
    /// Connect-failed callback.
    void ConnectFailed(Ptr<Socket> socket);
    /// Receive callback.
    void Read(Ptr<Socket> socket);
    /// Send-buffer-space callback.
    void SendSpace(Ptr<Socket> socket, uint32_t available);
    /// Normal-close callback (the server's FIN).
    void PeerClosed(Ptr<Socket> socket);
    /// Error-close callback.
    void Failed(Ptr<Socket> socket);
    /// Queue as much of the request as the send buffer takes.
    void Push(Ptr<Socket> socket, Conn& conn);
    /// Close our side of a connection, once.
    void CloseConn(Ptr<Socket> socket);
    /// Abort a connection with RST.
    void AbortConn(Ptr<Socket> socket);
    /// Timeout: give up on a connection that has not ended.
    void GiveUp(Ptr<Socket> socket);
    /// Send RST: Abort() on synfin, Close() on stock TCP.
    void Reset(Ptr<Socket> socket);
    /// Forget a connection's state, ending it for the closed loop.
    void Forget(std::map<Ptr<Socket>, Conn>::iterator it);
    /// The whole response is in: close as Closer says.
    void ResponseComplete(Ptr<Socket> socket);

    Address m_remote;                             //!< Remote
    Address m_deadHost;                           //!< DeadHost
    uint16_t m_closedPort{9};                     //!< ClosedPort
    uint32_t m_connections{1};                    //!< Connections
    SynFinArrival m_arrival{ARRIVAL_CLOSED_LOOP}; //!< Arrival
    Time m_interval;                              //!< Interval
    uint32_t m_requestBytes{0};                   //!< RequestBytes
    uint32_t m_responseBytes{0};                  //!< ResponseBytes
    SynFinCloser m_closer{CLOSER_CLIENT};         //!< Closer
    Time m_closeDelay;                            //!< CloseDelay
    bool m_halfClose{false};                      //!< HalfClose
    double m_abortFraction{0};                    //!< AbortFraction
    double m_closedPortFraction{0};               //!< ClosedPortFraction
    double m_deadHostFraction{0};                 //!< DeadHostFraction
    Time m_timeout;                               //!< Timeout

    Ptr<UniformRandomVariable> m_pick;    //!< which connections go wrong
    Ptr<ExponentialRandomVariable> m_gap; //!< Poisson gaps
    Ptr<SynFinWorkloadServer> m_server;   //!< the peer server, for Closer BOTH
    std::map<Ptr<Socket>, Conn> m_conns;  //!< connections not yet ended
    EventId m_next;                       //!< the next OpenNext
    bool m_running{false};                //!< between start and stop
    uint64_t m_started{0};                //!< connections started
    uint64_t m_established{0};            //!< handshakes completed
    uint64_t m_failed{0};                 //!< connect failures
    uint64_t m_aborted{0};                //!< aborts on purpose
    uint64_t m_completed{0};              //!< full exchanges closed
    uint64_t m_timedOut{0};               //!< given up after Timeout
    uint64_t m_bytesReceived{0};          //!< response bytes
};

} // namespace ns3

#endif /* SYNFIN_WORKLOAD_CLIENT_H */
