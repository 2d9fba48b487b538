/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The client half of synfin's request/response workload.
 */

#include "synfin-workload-client.h"

#include "synfin-ns3-compat.h"
#include "synfin-socket.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinWorkloadClient");
NS_OBJECT_ENSURE_REGISTERED(SynFinWorkloadClient);

TypeId
SynFinWorkloadClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinWorkloadClient")
            .SetParent<Application>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinWorkloadClient>()
            .AddAttribute("Remote",
                          "The server's address and port",
                          AddressValue(),
                          MakeAddressAccessor(&SynFinWorkloadClient::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Connections",
                          "Connections to open",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SynFinWorkloadClient::m_connections),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "Arrival",
                "ClosedLoop (one at a time, Interval apart) or Poisson (exponential "
                "gaps of mean Interval)",
                EnumValue(ARRIVAL_CLOSED_LOOP),
                MakeSynFinEnumAccessor<SynFinArrival>(&SynFinWorkloadClient::m_arrival),
                MakeEnumChecker(ARRIVAL_CLOSED_LOOP, "ClosedLoop", ARRIVAL_POISSON, "Poisson"))
            .AddAttribute("Interval",
                          "Closed loop: time from one connection's end to the next start. "
                          "Poisson: mean time between starts",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SynFinWorkloadClient::m_interval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RequestBytes",
                          "Bytes the client sends on each connection",
                          UintegerValue(100),
                          MakeUintegerAccessor(&SynFinWorkloadClient::m_requestBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ResponseBytes",
                          "Bytes the client expects back before the exchange is complete "
                          "(set it to the server's ResponseBytes)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SynFinWorkloadClient::m_responseBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Closer",
                          "Who closes first: Client, Server, or Both at once",
                          EnumValue(CLOSER_CLIENT),
                          MakeSynFinEnumAccessor<SynFinCloser>(&SynFinWorkloadClient::m_closer),
                          MakeSynFinCloserChecker())
            .AddAttribute("CloseDelay",
                          "Time between the server's FIN and the client's Close() when the "
                          "server closes first (how long the client sits in CLOSE-WAIT)",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinWorkloadClient::m_closeDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("HalfClose",
                          "With Closer Client: send FIN right after the request and read the "
                          "response half-closed",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinWorkloadClient::m_halfClose),
                          MakeBooleanChecker())
            .AddAttribute("AbortFraction",
                          "Probability that a connection is aborted with RST when the "
                          "response starts",
                          DoubleValue(0),
                          MakeDoubleAccessor(&SynFinWorkloadClient::m_abortFraction),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("ClosedPortFraction",
                          "Probability that a connection goes to ClosedPort on the server",
                          DoubleValue(0),
                          MakeDoubleAccessor(&SynFinWorkloadClient::m_closedPortFraction),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("ClosedPort",
                          "A port of the server on which nothing listens",
                          UintegerValue(9),
                          MakeUintegerAccessor(&SynFinWorkloadClient::m_closedPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("DeadHostFraction",
                          "Probability that a connection goes to DeadHost",
                          DoubleValue(0),
                          MakeDoubleAccessor(&SynFinWorkloadClient::m_deadHostFraction),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("DeadHost",
                          "An address and port that never answers",
                          AddressValue(),
                          MakeAddressAccessor(&SynFinWorkloadClient::m_deadHost),
                          MakeAddressChecker())
            .AddAttribute("Timeout",
                          "Abort a connection that has not ended this long after its start, "
                          "as an application's own timer would; zero waits forever",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinWorkloadClient::m_timeout),
                          MakeTimeChecker(Time(0)));
    return tid;
}

SynFinWorkloadClient::SynFinWorkloadClient()
    : m_pick(CreateObject<UniformRandomVariable>()),
      m_gap(CreateObject<ExponentialRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

SynFinWorkloadClient::~SynFinWorkloadClient()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinWorkloadClient::SetPeerServer(Ptr<SynFinWorkloadServer> server)
{
    m_server = server;
}

int64_t
SynFinWorkloadClient::AssignStreams(int64_t stream)
{
    m_pick->SetStream(stream);
    m_gap->SetStream(stream + 1);
    return 2;
}

void
SynFinWorkloadClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_conns.clear();
    m_server = nullptr;
    Application::DoDispose();
}

void
SynFinWorkloadClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_closer == CLOSER_BOTH && !m_server,
                    "SynFinWorkloadClient: Closer Both needs SetPeerServer");
    NS_ABORT_MSG_IF(m_halfClose && m_closer != CLOSER_CLIENT,
                    "SynFinWorkloadClient: HalfClose needs Closer Client");
    NS_ABORT_MSG_IF(m_abortFraction + m_closedPortFraction + m_deadHostFraction > 1,
                    "SynFinWorkloadClient: AbortFraction + ClosedPortFraction + "
                    "DeadHostFraction exceeds 1");
    NS_ABORT_MSG_IF(m_remote.IsInvalid(), "SynFinWorkloadClient: Remote is not set");
    NS_ABORT_MSG_IF(m_deadHostFraction > 0 && m_deadHost.IsInvalid(),
                    "SynFinWorkloadClient: DeadHostFraction needs DeadHost");
    m_running = true;
    OpenNext();
}

void
SynFinWorkloadClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_next.Cancel();
}

void
SynFinWorkloadClient::OpenNext()
{
    if (!m_running || m_started >= m_connections)
    {
        return;
    }
    ++m_started;
    if (m_arrival == ARRIVAL_POISSON && m_started < m_connections)
    {
        m_gap->SetAttribute("Mean", DoubleValue(m_interval.GetSeconds()));
        m_next =
            Simulator::Schedule(Seconds(m_gap->GetValue()), &SynFinWorkloadClient::OpenNext, this);
    }

    // One draw decides how this connection goes, so adding a kind of failure does not
    // shift the draws of the others.
    double u = m_pick->GetValue();
    Address target = m_remote;
    bool abort = false;
    if (u < m_deadHostFraction)
    {
        target = m_deadHost;
    }
    else if (u < m_deadHostFraction + m_closedPortFraction)
    {
        target =
            InetSocketAddress(InetSocketAddress::ConvertFrom(m_remote).GetIpv4(), m_closedPort);
    }
    else if (u < m_deadHostFraction + m_closedPortFraction + m_abortFraction)
    {
        abort = true;
    }

    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    Conn& conn = m_conns[socket];
    conn.abort = abort;
    conn.toSend = m_requestBytes;
    socket->SetConnectCallback(MakeCallback(&SynFinWorkloadClient::Connected, this),
                               MakeCallback(&SynFinWorkloadClient::ConnectFailed, this));
    socket->SetRecvCallback(MakeCallback(&SynFinWorkloadClient::Read, this));
    socket->SetSendCallback(MakeCallback(&SynFinWorkloadClient::SendSpace, this));
    socket->SetCloseCallbacks(MakeCallback(&SynFinWorkloadClient::PeerClosed, this),
                              MakeCallback(&SynFinWorkloadClient::Failed, this));
    if (m_timeout.IsStrictlyPositive())
    {
        conn.timeout = Simulator::Schedule(m_timeout, &SynFinWorkloadClient::GiveUp, this, socket);
    }
    if (socket->Connect(target) != 0)
    {
        // No local port left (ephemeral ports held by TIME-WAIT, say): a failure now.
        NS_LOG_LOGIC("connect failed at once: " << socket->GetErrno());
        ++m_failed;
        Forget(m_conns.find(socket));
    }
}

void
SynFinWorkloadClient::Connected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    ++m_established;
    Conn& conn = it->second;
    if (conn.abort && m_responseBytes == 0)
    {
        AbortConn(socket);
        return;
    }
    Push(socket, conn);
}

void
SynFinWorkloadClient::ConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it != m_conns.end())
    {
        ++m_failed;
        Forget(it);
    }
}

void
SynFinWorkloadClient::Push(Ptr<Socket> socket, Conn& conn)
{
    if (!SynFinQueueBytes(socket, conn.toSend))
    {
        return; // the send callback brings us back
    }
    if (m_halfClose && !conn.halfClosed)
    {
        // RFC 9293 3.6: our FIN follows the request, and we go on receiving. Close()
        // would say we want nothing more, and data arriving after it draws a RST.
        conn.halfClosed = true;
        socket->ShutdownSend();
    }
    if (m_responseBytes == 0)
    {
        ResponseComplete(socket);
    }
}

void
SynFinWorkloadClient::SendSpace(Ptr<Socket> socket, uint32_t /* available */)
{
    auto it = m_conns.find(socket);
    if (it != m_conns.end() && it->second.toSend > 0)
    {
        Push(socket, it->second);
    }
}

void
SynFinWorkloadClient::Read(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    uint64_t before = it != m_conns.end() ? it->second.received : 0;
    uint64_t got = 0;
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        got += p->GetSize();
    }
    m_bytesReceived += got;
    if (it == m_conns.end() || got == 0)
    {
        return;
    }
    Conn& conn = it->second;
    if (conn.abort)
    {
        AbortConn(socket);
        return;
    }
    conn.received += got;
    if (before < m_responseBytes && conn.received >= m_responseBytes)
    {
        ResponseComplete(socket);
    }
}

void
SynFinWorkloadClient::ResponseComplete(Ptr<Socket> socket)
{
    switch (m_closer)
    {
    case CLOSER_CLIENT:
        ++m_completed;
        CloseConn(socket);
        break;
    case CLOSER_SERVER:
        break; // the server's FIN comes; PeerClosed closes
    case CLOSER_BOTH: {
        Address local;
        socket->GetSockName(local);
        ++m_completed;
        CloseConn(socket);
        m_server->CloseConnectionFrom(local);
        break;
    }
    }
}

void
SynFinWorkloadClient::PeerClosed(Ptr<Socket> socket)
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
    Conn& conn = it->second;
    if (m_closer == CLOSER_SERVER && conn.received >= m_responseBytes)
    {
        ++m_completed;
    }
    // RFC 9293 3.10.4 CLOSE in CLOSE-WAIT, after the configured time there.
    Simulator::Schedule(m_closeDelay, &SynFinWorkloadClient::CloseConn, this, socket);
}

void
SynFinWorkloadClient::Failed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    ++m_failed;
    Forget(it);
}

void
SynFinWorkloadClient::CloseConn(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    // Nothing more is wanted from this socket: its callbacks find no state and return. Forget
    // first, since Close() may call back (an abort with unread data) before it returns.
    Forget(it);
    socket->Close();
}

void
SynFinWorkloadClient::AbortConn(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    ++m_aborted;
    Forget(it);
    Reset(socket);
}

void
SynFinWorkloadClient::GiveUp(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    ++m_timedOut;
    Forget(it);
    Reset(socket);
}

void
SynFinWorkloadClient::Reset(Ptr<Socket> socket)
{
    if (Ptr<SynFinSocket> synfin = DynamicCast<SynFinSocket>(socket))
    {
        synfin->Abort(); // RFC 9293 3.10.5 ABORT: RST, all state dropped
    }
    else
    {
        socket->Close(); // stock TCP sends RST only if unread data is pending
    }
}

void
SynFinWorkloadClient::Forget(std::map<Ptr<Socket>, Conn>::iterator it)
{
    it->second.timeout.Cancel();
    m_conns.erase(it);
    if (m_arrival == ARRIVAL_CLOSED_LOOP && m_running)
    {
        m_next = Simulator::Schedule(m_interval, &SynFinWorkloadClient::OpenNext, this);
    }
}

uint64_t
SynFinWorkloadClient::GetStarted() const
{
    return m_started;
}

uint64_t
SynFinWorkloadClient::GetEstablished() const
{
    return m_established;
}

uint64_t
SynFinWorkloadClient::GetFailed() const
{
    return m_failed;
}

uint64_t
SynFinWorkloadClient::GetAborted() const
{
    return m_aborted;
}

uint64_t
SynFinWorkloadClient::GetCompleted() const
{
    return m_completed;
}

uint64_t
SynFinWorkloadClient::GetTimedOut() const
{
    return m_timedOut;
}

uint64_t
SynFinWorkloadClient::GetOpen() const
{
    return m_conns.size();
}

uint64_t
SynFinWorkloadClient::GetBytesReceived() const
{
    return m_bytesReceived;
}

} // namespace ns3
