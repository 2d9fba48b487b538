/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The server half of synfin's request/response workload.
 */

#ifndef SYNFIN_WORKLOAD_SERVER_H
#define SYNFIN_WORKLOAD_SERVER_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/attribute.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>

namespace ns3
{

class Socket;

/**
 * \ingroup synfin
 * \brief Which end of a workload connection closes first.
 */
enum SynFinCloser : uint8_t
{
    CLOSER_CLIENT, //!< the client closes once it has the response; the server is the passive closer
    CLOSER_SERVER, //!< the server closes once its response is queued; the client is the passive
                   //!< closer
    CLOSER_BOTH,   //!< both close at the same instant: the FINs cross (simultaneous close)
};

/**
 * \ingroup synfin
 * \return the checker of both workload applications' Closer attribute
 */
Ptr<const AttributeChecker> MakeSynFinCloserChecker();

/**
 * \ingroup synfin
 * \brief Queue as many of \p remaining bytes as the socket's send buffer takes (the
 *        workload applications' payload, zero-filled).
 * \param socket the socket
 * \param remaining bytes still to queue; decreased by what was queued
 * \return true once nothing remains; false if the buffer is full (wait for its send callback)
 */
bool SynFinQueueBytes(Ptr<Socket> socket, uint32_t& remaining);

/**
 * \ingroup synfin
 * \brief Accepts connections, reads a request, answers with a response, and closes as told.
 *
 * Each accepted connection is served on its own: once RequestBytes have arrived (or the
 * peer's FIN, whichever comes first) the server queues ResponseBytes. Then, by Closer:
 * - SERVER: it closes at once (its FIN follows the response);
 * - CLIENT: it waits for the client's FIN and closes CloseDelay after it. Where the FIN's
 *   ACK is delayed (SynFinSocket::DelayFinAck, as Linux does) a delay shorter than the
 *   delayed-ACK timer puts the server's FIN on that ACK (a three-segment close), a longer
 *   one separates them (four); with the ACK sent at once (the default) it is always four;
 * - BOTH: it closes when the client application asks it to (see
 *   SynFinWorkloadClient::SetPeerServer), at the client's own closing instant.
 *
 * With RequestBytes 0 and ResponseBytes 0 and Closer CLIENT it is a sink that closes
 * when its peer does, which ns-3's PacketSink never does (so a PacketSink connection
 * never reaches LAST-ACK or TIME-WAIT).
 */
class SynFinWorkloadServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinWorkloadServer();
    ~SynFinWorkloadServer() override;

    /**
     * \brief Close the connection from \p client now (simultaneous close).
     * \param client the client's address and port as the server sees it
     * \return true if such a connection was open here and has been closed
     */
    bool CloseConnectionFrom(const Address& client);

    /// \return connections accepted so far
    uint64_t GetAccepted() const;
    /// \return request bytes received so far
    uint64_t GetBytesReceived() const;
    /// \return connections that ended in a normal close
    uint64_t GetClosedNormally() const;
    /// \return connections that ended in an error (RST, retries exhausted)
    uint64_t GetClosedInError() const;

  private:
    /// What the server keeps of one accepted connection.
    struct Conn
    {
        Address peer;            //!< the client's address and port
        uint64_t received{0};    //!< request bytes so far
        uint32_t toSend{0};      //!< response bytes not yet queued
        bool responded{false};   //!< the response has been started
        bool closeWanted{false}; //!< close as soon as the response is queued
        bool closed{false};      //!< Close() has been called
        bool ended{false};       //!< the peer closed, or the connection failed
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    /// Accept callback.
    void Accepted(Ptr<Socket> socket, const Address& from);
    /// Receive callback.
    void Read(Ptr<Socket> socket);
    /// Send-buffer-space callback.
    void SendSpace(Ptr<Socket> socket, uint32_t available);
    /// Peer's FIN (normal-close callback).
    void PeerClosed(Ptr<Socket> socket);
    /// Error-close callback.
    void Failed(Ptr<Socket> socket);
    /// Start (or continue) the response of a connection.
    void Respond(Ptr<Socket> socket, Conn& conn);
    /// Queue as much of the remaining response as the send buffer takes.
    void Push(Ptr<Socket> socket, Conn& conn);
    /// Close a connection, once.
    void CloseConn(Ptr<Socket> socket);
    /// Forget a connection.
    void Erase(std::map<Ptr<Socket>, Conn>::iterator it);

    uint16_t m_port{80};                  //!< Port
    uint32_t m_requestBytes{0};           //!< RequestBytes
    uint32_t m_responseBytes{0};          //!< ResponseBytes
    SynFinCloser m_closer{CLOSER_CLIENT}; //!< Closer
    Time m_closeDelay;                    //!< CloseDelay

    Ptr<Socket> m_listener;                  //!< the listening socket
    std::map<Ptr<Socket>, Conn> m_conns;     //!< open connections
    std::map<Address, Ptr<Socket>> m_byPeer; //!< the newest connection per client
    uint64_t m_accepted{0};                  //!< connections accepted
    uint64_t m_bytesReceived{0};             //!< request bytes received
    uint64_t m_closedNormally{0};            //!< normal closes
    uint64_t m_closedInError{0};             //!< error closes
};

} // namespace ns3

#endif /* SYNFIN_WORKLOAD_SERVER_H */
