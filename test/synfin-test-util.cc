/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-test-util.h"

#include "ns3/point-to-point-module.h"

using namespace ns3;

namespace synfin_test
{

TwoNodeNet::TwoNodeNet(Time delay, bool stockClient, bool stockServer, const std::string& rate)
{
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    m_devices = p2p.Install(nodes);

    SynFinStackHelper stack;
    for (uint32_t i = 0; i < 2; ++i)
    {
        bool stock = (i == 0) ? stockClient : stockServer;
        if (stock)
        {
            stack.InstallStock(NodeContainer(nodes.Get(i)));
        }
        else
        {
            stack.Install(nodes.Get(i));
        }
    }
    Ipv4AddressHelper address;
    address.SetBase("10.1.1.0", "255.255.255.0");
    m_interfaces = address.Assign(m_devices);

    m_clientDrop = CreateObject<SynFinSegmentErrorModel>();
    m_serverDrop = CreateObject<SynFinSegmentErrorModel>();
    m_devices.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(m_clientDrop));
    m_devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(m_serverDrop));

    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<SynFinL4Protocol> tcp = nodes.Get(i)->GetObject<SynFinL4Protocol>();
        if (tcp)
        {
            tcp->TraceConnectWithoutContext("Transition",
                                            MakeCallback(&TwoNodeNet::OnChange, this));
            tcp->TraceConnectWithoutContext("Tx",
                                            MakeBoundCallback(&TwoNodeNet::OnTxStatic, this, i));
        }
    }
}

void
TwoNodeNet::OnTxStatic(TwoNodeNet* self,
                       uint32_t node,
                       Ptr<const Packet> p,
                       const TcpHeader& h,
                       Ipv4Address /* src */,
                       Ipv4Address /* dst */)
{
    self->m_segments.push_back({Simulator::Now(),
                                node,
                                h.GetFlags(),
                                h.GetSequenceNumber().GetValue(),
                                h.GetAckNumber().GetValue(),
                                p->GetSize(),
                                h.GetSourcePort(),
                                h.GetDestinationPort()});
}

void
TwoNodeNet::OnChange(const SynFinStateChange& change)
{
    m_changes.push_back(change);
}

void
TwoNodeNet::DropAtClient(const std::string& rules)
{
    m_clientDrop->SetAttribute("Rules", StringValue(rules));
}

void
TwoNodeNet::DropAtServer(const std::string& rules)
{
    m_serverDrop->SetAttribute("Rules", StringValue(rules));
}

Ptr<Socket>
TwoNodeNet::Socket(uint32_t node) const
{
    return ns3::Socket::CreateSocket(nodes.Get(node), TcpSocketFactory::GetTypeId());
}

Ptr<Socket>
TwoNodeNet::Listen(uint16_t port, AcceptCallback onAccept) const
{
    Ptr<ns3::Socket> listener = Socket(1);
    synfin_test::Listen(listener, port, onAccept);
    return listener;
}

void
TwoNodeNet::Inject(uint32_t node,
                   uint8_t flags,
                   uint32_t seq,
                   uint32_t ack,
                   uint16_t srcPort,
                   uint16_t dstPort,
                   uint32_t payload,
                   int64_t tsValue) const
{
    TcpHeader h;
    h.SetSourcePort(srcPort);
    h.SetDestinationPort(dstPort);
    h.SetSequenceNumber(SequenceNumber32(seq));
    h.SetAckNumber(SequenceNumber32(ack));
    h.SetFlags(flags);
    h.SetWindowSize(65535);
    // Stamped as the other node's stack would stamp a segment it sent now (RFC 7323; the
    // simulation-time clock synfin uses): ignored where timestamps are not in use.
    Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
    ts->SetTimestamp(tsValue < 0 ? SynFinOptions::Clock() : static_cast<uint32_t>(tsValue));
    h.AppendOption(ts);
    Ptr<Packet> p = Create<Packet>(payload);
    p->AddHeader(h);
    Ipv4Header ip;
    ip.SetSource(Address(1 - node));
    ip.SetDestination(Address(node));
    ip.SetProtocol(SynFinL4Protocol::PROT_NUMBER);
    ip.SetPayloadSize(p->GetSize());
    Tcp(node)->Receive(p, ip, nullptr);
}

Ipv4Address
TwoNodeNet::Address(uint32_t node) const
{
    return m_interfaces.GetAddress(node);
}

Ptr<SynFinL4Protocol>
TwoNodeNet::Tcp(uint32_t node) const
{
    return nodes.Get(node)->GetObject<SynFinL4Protocol>();
}

std::vector<std::string>
TwoNodeNet::Exchange() const
{
    std::vector<std::string> out;
    for (const auto& s : m_segments)
    {
        std::string f = Flags(s.flags);
        if (s.payload > 0)
        {
            f += "+data";
        }
        out.push_back(std::to_string(s.node) + ":" + f);
    }
    return out;
}

std::vector<std::string>
TwoNodeNet::States(uint32_t node, uint64_t connectionId) const
{
    std::vector<std::string> out;
    for (const auto& c : m_changes)
    {
        if (c.nodeId != node || c.connectionId != connectionId)
        {
            continue;
        }
        if (out.empty())
        {
            out.emplace_back(SynFinStateMachine::StateName(c.from));
        }
        out.emplace_back(SynFinStateMachine::StateName(c.to));
    }
    return out;
}

std::vector<uint64_t>
TwoNodeNet::Connections(uint32_t node) const
{
    std::vector<uint64_t> out;
    for (const auto& c : m_changes)
    {
        if (c.nodeId == node && std::find(out.begin(), out.end(), c.connectionId) == out.end())
        {
            out.push_back(c.connectionId);
        }
    }
    return out;
}

const std::vector<SynFinStateChange>&
TwoNodeNet::Changes() const
{
    return m_changes;
}

const SynFinStateChange*
TwoNodeNet::ChangeTo(uint32_t node, uint64_t connectionId, SynFinState to) const
{
    for (const auto& c : m_changes)
    {
        if (c.nodeId == node && c.connectionId == connectionId && c.to == to)
        {
            return &c;
        }
    }
    return nullptr;
}

Time
TwoNodeNet::EnteredAt(uint32_t node, uint64_t connectionId, SynFinState to) const
{
    const SynFinStateChange* c = ChangeTo(node, connectionId, to);
    return c ? c->time : Time(-1);
}

const std::vector<SegmentRecord>&
TwoNodeNet::Segments() const
{
    return m_segments;
}

uint32_t
TwoNodeNet::DropsAtClient() const
{
    return m_clientDrop->GetDropCount();
}

uint32_t
TwoNodeNet::DropsAtServer() const
{
    return m_serverDrop->GetDropCount();
}

void
Listen(Ptr<Socket> listener, uint16_t port, AcceptCallback onAccept)
{
    EXPECT_EQ(listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)), 0);
    EXPECT_EQ(listener->Listen(), 0);
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(), onAccept);
}

Ptr<SynFinSocket>
Sf(Ptr<Socket> s)
{
    return DynamicCast<SynFinSocket>(s);
}

void
CloseIt(Ptr<Socket> s)
{
    s->Close();
}

std::string
Flags(uint8_t flags)
{
    return FlagNames(flags & ~(TcpHeader::PSH | TcpHeader::URG));
}

std::string
FlagNames(uint8_t flags)
{
    static const std::pair<uint8_t, const char*> names[] = {{TcpHeader::SYN, "SYN"},
                                                            {TcpHeader::FIN, "FIN"},
                                                            {TcpHeader::RST, "RST"},
                                                            {TcpHeader::PSH, "PSH"},
                                                            {TcpHeader::ACK, "ACK"},
                                                            {TcpHeader::URG, "URG"}};
    std::string out;
    for (const auto& [bit, name] : names)
    {
        if (flags & bit)
        {
            out += out.empty() ? "" : "|";
            out += name;
        }
    }
    return out.empty() ? "NONE" : out;
}

void
RunUntil(Time stop)
{
    Simulator::Stop(stop);
    Simulator::Run();
}

void
ResetSimulator()
{
    Simulator::Destroy();
    Config::Reset();
    SynFinStockAttributes::Reset();
}

void
SimulatorTest::TearDown()
{
    ResetSimulator();
}

} // namespace synfin_test
