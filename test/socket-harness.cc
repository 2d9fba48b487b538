/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "socket-harness.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace synfin_test
{

std::string
Sent::ToString() const
{
    std::ostringstream os;
    os << FlagNames(flags) << " seq=" << seq << " ack=" << ack << " win=" << window
       << " len=" << length << " at " << time.As(Time::MS);
    return os.str();
}

SocketHarness::SocketHarness()
{
    m_node = CreateObject<Node>();
    SynFinStackHelper stack;
    stack.Install(m_node);
    m_tcp = m_node->GetObject<SynFinL4Protocol>();
    m_tcp->SetDownTarget(MakeCallback(&SocketHarness::Capture, this));
    m_node->Initialize();
}

SocketHarness::~SocketHarness() = default;

Ipv4Address
SocketHarness::LocalAddress()
{
    return Ipv4Address("10.0.0.1");
}

Ipv4Address
SocketHarness::PeerAddress()
{
    return Ipv4Address("10.0.0.2");
}

Ptr<SynFinSocket>
SocketHarness::NewSocket()
{
    return DynamicCast<SynFinSocket>(m_tcp->CreateSocket());
}

void
SocketHarness::Connect(Ptr<SynFinSocket> s)
{
    EXPECT_EQ(s->Bind(InetSocketAddress(LocalAddress(), 0)), 0);
    EXPECT_EQ(s->Connect(InetSocketAddress(PeerAddress(), kPeerPort)), 0);
    m_localPort = s->GetFourTuple().localPort;
}

void
SocketHarness::Listen(Ptr<SynFinSocket> s)
{
    EXPECT_EQ(s->Bind(InetSocketAddress(LocalAddress(), kLocalPort)), 0);
    EXPECT_EQ(s->Listen(), 0);
    s->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                         MakeCallback(&SocketHarness::OnAccept, this));
    m_localPort = kLocalPort;
}

Ptr<SynFinSocket>
SocketHarness::EstablishedClient(uint16_t peerWindow, uint16_t peerMss, uint32_t segmentSize)
{
    Ptr<SynFinSocket> s = NewSocket();
    if (segmentSize != 0)
    {
        s->SetAttribute("SegmentSize", UintegerValue(segmentSize));
    }
    Connect(s);
    Sent syn = Expect({TcpHeader::SYN});
    Send(TcpHeader::SYN | TcpHeader::ACK, kPeerIss, syn.seq + 1, 0, peerWindow, peerMss);
    Expect({TcpHeader::ACK, syn.seq + 1, kPeerIss + 1});
    Advance(Seconds(0)); // the deferred connect-succeeded callback
    EXPECT_EQ(s->GetState(), TcpSocket::ESTABLISHED);
    return s;
}

Ptr<SynFinSocket>
SocketHarness::EstablishedServer(uint16_t peerWindow)
{
    Ptr<SynFinSocket> listener = NewSocket();
    Listen(listener);
    Send(TcpHeader::SYN, kPeerIss, 0, 0, peerWindow, 1460);
    Sent synAck = Expect({TcpHeader::SYN | TcpHeader::ACK, -1, kPeerIss + 1});
    Send(TcpHeader::ACK, kPeerIss + 1, synAck.seq + 1, 0, peerWindow);
    ExpectNothing();
    EXPECT_EQ(m_accepted.size(), 1u);
    if (m_accepted.empty())
    {
        return nullptr;
    }
    Ptr<SynFinSocket> child = DynamicCast<SynFinSocket>(m_accepted.back());
    EXPECT_EQ(child->GetState(), TcpSocket::ESTABLISHED);
    return child;
}

void
SocketHarness::Send(uint8_t flags,
                    uint32_t seq,
                    uint32_t ack,
                    uint32_t payload,
                    uint16_t window,
                    uint16_t mss)
{
    std::vector<Ptr<const TcpOption>> options;
    if (mss != 0)
    {
        Ptr<TcpOptionMSS> option = CreateObject<TcpOptionMSS>();
        option->SetMSS(mss);
        options.emplace_back(option);
    }
    SendWithOptions(flags, seq, ack, payload, window, options);
}

void
SocketHarness::SendWithOptions(uint8_t flags,
                               uint32_t seq,
                               uint32_t ack,
                               uint32_t payload,
                               uint16_t window,
                               const std::vector<Ptr<const TcpOption>>& options)
{
    TcpHeader h;
    h.SetSourcePort(m_peerPort);
    h.SetDestinationPort(m_localPort);
    h.SetSequenceNumber(SequenceNumber32(seq));
    h.SetAckNumber(SequenceNumber32(ack));
    h.SetFlags(flags);
    h.SetWindowSize(window);
    for (const Ptr<const TcpOption>& option : options)
    {
        h.AppendOption(option);
    }
    std::vector<uint8_t> bytes(payload);
    for (uint32_t i = 0; i < payload; ++i)
    {
        bytes[i] = static_cast<uint8_t>(seq + i);
    }
    Ptr<Packet> p = Create<Packet>(bytes.data(), payload);
    p->AddHeader(h);
    Ipv4Header ip;
    ip.SetSource(PeerAddress());
    ip.SetDestination(LocalAddress());
    ip.SetProtocol(SynFinL4Protocol::PROT_NUMBER);
    ip.SetPayloadSize(p->GetSize());
    m_tcp->Receive(p, ip, nullptr);
}

uint16_t
SocketHarness::LocalPort() const
{
    return m_localPort;
}

void
SocketHarness::SetPeerPort(uint16_t port)
{
    m_peerPort = port;
}

void
SocketHarness::SetLocalPort(uint16_t port)
{
    m_localPort = port;
}

void
SocketHarness::Advance(Time dt)
{
    Simulator::Stop(dt);
    Simulator::Run();
}

std::vector<Sent>
SocketHarness::Take()
{
    std::vector<Sent> out(m_sent.begin(), m_sent.end());
    m_sent.clear();
    return out;
}

const std::deque<Sent>&
SocketHarness::Pending() const
{
    return m_sent;
}

Sent
SocketHarness::Expect(const Want& want)
{
    if (m_sent.empty())
    {
        ADD_FAILURE() << "expected " << FlagNames(want.flags) << ", nothing was sent";
        return Sent{};
    }
    Sent s = m_sent.front();
    m_sent.pop_front();
    uint8_t flags = (want.flags & TcpHeader::PSH) ? s.flags : (s.flags & ~TcpHeader::PSH);
    EXPECT_EQ(FlagNames(flags), FlagNames(want.flags)) << s.ToString();
    if (want.seq >= 0)
    {
        EXPECT_EQ(s.seq, static_cast<uint32_t>(want.seq)) << "seq of " << s.ToString();
    }
    if (want.ack >= 0)
    {
        EXPECT_EQ(s.ack, static_cast<uint32_t>(want.ack)) << "ack of " << s.ToString();
    }
    if (want.window >= 0)
    {
        EXPECT_EQ(s.window, static_cast<uint16_t>(want.window)) << "window of " << s.ToString();
    }
    if (want.length >= 0)
    {
        EXPECT_EQ(s.length, static_cast<uint32_t>(want.length)) << "length of " << s.ToString();
    }
    return s;
}

void
SocketHarness::ExpectNothing()
{
    for (const Sent& s : m_sent)
    {
        ADD_FAILURE() << "unexpected segment " << s.ToString();
    }
    m_sent.clear();
}

const std::vector<Ptr<Socket>>&
SocketHarness::Accepted() const
{
    return m_accepted;
}

Ptr<SynFinL4Protocol>
SocketHarness::Tcp() const
{
    return m_tcp;
}

void
SocketHarness::Capture(Ptr<Packet> p,
                       Ipv4Address /* src */,
                       Ipv4Address /* dst */,
                       uint8_t /* protocol */,
                       Ptr<Ipv4Route> /* route */)
{
    Ptr<Packet> copy = p->Copy();
    TcpHeader h;
    copy->RemoveHeader(h);
    Sent s;
    s.time = Simulator::Now();
    s.flags = h.GetFlags();
    s.seq = h.GetSequenceNumber().GetValue();
    s.ack = h.GetAckNumber().GetValue();
    s.window = h.GetWindowSize();
    s.length = copy->GetSize();
    s.srcPort = h.GetSourcePort();
    s.dstPort = h.GetDestinationPort();
    if (h.HasOption(TcpOption::MSS))
    {
        s.mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS))->GetMSS();
    }
    if (h.HasOption(TcpOption::TS))
    {
        auto ts = DynamicCast<const TcpOptionTS>(h.GetOption(TcpOption::TS));
        s.tsVal = ts->GetTimestamp();
        s.tsEcr = ts->GetEcho();
    }
    s.sackPermitted = h.HasOption(TcpOption::SACKPERMITTED);
    if (h.HasOption(TcpOption::SACK))
    {
        auto sack = DynamicCast<const TcpOptionSack>(h.GetOption(TcpOption::SACK));
        for (const auto& [first, second] : sack->GetSackList())
        {
            s.sack.emplace_back(first.GetValue(), second.GetValue());
        }
    }
    if (h.HasOption(TcpOption::WINSCALE))
    {
        s.wscale =
            DynamicCast<const TcpOptionWinScale>(h.GetOption(TcpOption::WINSCALE))->GetScale();
    }
    m_sent.push_back(s);
}

void
SocketHarness::OnAccept(Ptr<Socket> s, const Address& /* from */)
{
    m_accepted.push_back(s);
}

} // namespace synfin_test
