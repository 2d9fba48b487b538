/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The server half of synfin's request/response workload.
 */

#include "synfin-workload-server.h"

#include "synfin-ns3-compat.h"

#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinWorkloadServer");
NS_OBJECT_ENSURE_REGISTERED(SynFinWorkloadServer);

TypeId
SynFinWorkloadServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinWorkloadServer")
            .SetParent<Application>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinWorkloadServer>()
            .AddAttribute("Port",
                          "TCP port to listen on",
                          UintegerValue(80),
                          MakeUintegerAccessor(&SynFinWorkloadServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RequestBytes",
                          "Bytes that make a request: the response starts once they have "
                          "arrived (or the client's FIN has)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SynFinWorkloadServer::m_requestBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ResponseBytes",
                          "Bytes of the response",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SynFinWorkloadServer::m_responseBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Closer",
                          "Who closes first: Client, Server, or Both at once",
                          EnumValue(CLOSER_CLIENT),
                          MakeSynFinEnumAccessor<SynFinCloser>(&SynFinWorkloadServer::m_closer),
                          MakeSynFinCloserChecker())
            .AddAttribute("CloseDelay",
                          "Time between the client's FIN and the server's Close() when the "
                          "client closes first (how long the server sits in CLOSE-WAIT)",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinWorkloadServer::m_closeDelay),
                          MakeTimeChecker(Time(0)));
    return tid;
}

SynFinWorkloadServer::SynFinWorkloadServer()
{
    NS_LOG_FUNCTION(this);
}

SynFinWorkloadServer::~SynFinWorkloadServer()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinWorkloadServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listener = nullptr;
    m_conns.clear();
    m_byPeer.clear();
    Application::DoDispose();
}

void
SynFinWorkloadServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "SynFinWorkloadServer: cannot bind port " << m_port);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&SynFinWorkloadServer::Accepted, this));
}

void
SynFinWorkloadServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
}

void
SynFinWorkloadServer::Accepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    ++m_accepted;
    Conn& conn = m_conns[socket];
    conn.peer = from;
    m_byPeer[from] = socket; // the newest connection from that address and port
    socket->SetRecvCallback(MakeCallback(&SynFinWorkloadServer::Read, this));
    socket->SetSendCallback(MakeCallback(&SynFinWorkloadServer::SendSpace, this));
    socket->SetCloseCallbacks(MakeCallback(&SynFinWorkloadServer::PeerClosed, this),
                              MakeCallback(&SynFinWorkloadServer::Failed, this));
    if (m_requestBytes == 0)
    {
        Respond(socket, conn);
    }
}

void
SynFinWorkloadServer::Read(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        m_bytesReceived += p->GetSize();
        if (it != m_conns.end())
        {
            it->second.received += p->GetSize();
        }
    }
    if (it != m_conns.end() && !it->second.responded && it->second.received >= m_requestBytes)
    {
        Respond(socket, it->second);
    }
}

void
SynFinWorkloadServer::SendSpace(Ptr<Socket> socket, uint32_t /* available */)
{
    auto it = m_conns.find(socket);
    if (it != m_conns.end() && it->second.responded && it->second.toSend > 0)
    {
        Push(socket, it->second);
    }
}

void
SynFinWorkloadServer::PeerClosed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    Read(socket); // whatever arrived with the FIN
    it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    it->second.ended = true;
    ++m_closedNormally;
    if (!it->second.responded)
    {
        Respond(socket, it->second); // the request ended early: answer what there is
        it = m_conns.find(socket);   // a close on the way may have ended it
        if (it == m_conns.end())
        {
            return;
        }
    }
    if (it->second.closed)
    {
        Erase(it);
        return;
    }
    if (m_closer != CLOSER_BOTH)
    {
        // The passive close (RFC 9293 3.10.4 CLOSE in CLOSE-WAIT), after the configured
        // time in CLOSE-WAIT.
        Simulator::Schedule(m_closeDelay, &SynFinWorkloadServer::CloseConn, this, socket);
    }
}

void
SynFinWorkloadServer::Failed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it != m_conns.end()) // not already counted as closed normally
    {
        ++m_closedInError;
        Erase(it);
    }
}

void
SynFinWorkloadServer::Erase(std::map<Ptr<Socket>, Conn>::iterator it)
{
    auto peer = m_byPeer.find(it->second.peer);
    if (peer != m_byPeer.end() && peer->second == it->first)
    {
        m_byPeer.erase(peer);
    }
    m_conns.erase(it);
}

void
SynFinWorkloadServer::Respond(Ptr<Socket> socket, Conn& conn)
{
    conn.responded = true;
    conn.toSend = m_responseBytes;
    Push(socket, conn);
}

void
SynFinWorkloadServer::Push(Ptr<Socket> socket, Conn& conn)
{
    if (!SynFinQueueBytes(socket, conn.toSend))
    {
        return; // the send callback brings us back
    }
    if (m_closer == CLOSER_SERVER || conn.closeWanted)
    {
        CloseConn(socket);
    }
}

void
SynFinWorkloadServer::CloseConn(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end() || it->second.closed)
    {
        return;
    }
    Conn& conn = it->second;
    if (!conn.responded || conn.toSend > 0)
    {
        conn.closeWanted = true; // closing now would cut the response short
        if (!conn.responded)
        {
            Respond(socket, conn);
        }
        return;
    }
    NS_LOG_LOGIC("closing the connection from " << conn.peer);
    conn.closed = true;
    if (conn.ended)
    {
        Erase(it); // before Close(), which may call back (an abort with unread data)
    }
    socket->Close();
}

Ptr<const AttributeChecker>
MakeSynFinCloserChecker()
{
    return MakeEnumChecker(CLOSER_CLIENT, "Client", CLOSER_SERVER, "Server", CLOSER_BOTH, "Both");
}

bool
SynFinQueueBytes(Ptr<Socket> socket, uint32_t& remaining)
{
    while (remaining > 0)
    {
        uint32_t chunk = std::min(remaining, socket->GetTxAvailable());
        if (chunk == 0 || socket->Send(Create<Packet>(chunk)) < 0)
        {
            return false;
        }
        remaining -= chunk;
    }
    return true;
}

bool
SynFinWorkloadServer::CloseConnectionFrom(const Address& client)
{
    auto it = m_byPeer.find(client);
    if (it == m_byPeer.end())
    {
        return false;
    }
    CloseConn(it->second);
    return true;
}

uint64_t
SynFinWorkloadServer::GetAccepted() const
{
    return m_accepted;
}

uint64_t
SynFinWorkloadServer::GetBytesReceived() const
{
    return m_bytesReceived;
}

uint64_t
SynFinWorkloadServer::GetClosedNormally() const
{
    return m_closedNormally;
}

uint64_t
SynFinWorkloadServer::GetClosedInError() const
{
    return m_closedInError;
}

} // namespace ns3
