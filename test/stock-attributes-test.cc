/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's stock TCP attributes on synfin: every ns3::TcpSocketBase attribute is accepted under
 * its stock name and value type, on the socket and through Config::SetDefault; those synfin
 * models take effect (MSL and TIME-WAIT, RFC 9293 3.4.2; MinRto and clock granularity,
 * RFC 6298), the others are reported once and listed in meta.json.
 */

#include "synfin-ns3-compat.h"
#include "synfin-test-util.h"

#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-rx-buffer.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace synfin_test;

namespace
{

/// Accepts connections and closes each child when the peer's FIN arrives.
struct Server
{
    Ptr<ns3::Socket> listener;
    std::vector<Ptr<ns3::Socket>> children;

    void Start(TwoNodeNet& net)
    {
        listener = net.Listen(80, MakeCallback(&Server::OnAccept, this));
    }

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        children.push_back(s);
        s->SetCloseCallbacks(MakeCallback(&CloseIt), MakeNullCallback<void, Ptr<ns3::Socket>>());
    }
};

/// Connects at 1 s; optionally sends `bytes` at 1.5 s and closes at `closeAt`.
struct Client
{
    Ptr<ns3::Socket> socket;

    void Open(TwoNodeNet& net)
    {
        socket = net.Socket(0);
        SynFinSchedule(Seconds(1), [this, &net]() {
            EXPECT_EQ(socket->Connect(InetSocketAddress(net.Address(1), 80)), 0);
        });
    }

    void SendAt(Time at, uint32_t bytes)
    {
        SynFinSchedule(at, [this, bytes]() {
            EXPECT_EQ(socket->Send(Create<Packet>(bytes), 0), static_cast<int>(bytes));
        });
    }

    void CloseAt(Time at)
    {
        SynFinSchedule(at, [this]() { socket->Close(); });
    }
};

/// How long the client's connection stayed in TIME-WAIT (negative if it never left it).
Time
TimeWaitDuration(const TwoNodeNet& net)
{
    Time entered(-1);
    for (const auto& c : net.Changes())
    {
        if (c.nodeId == 0 && c.to == TcpSocket::TIME_WAIT)
        {
            entered = c.time;
        }
        if (c.nodeId == 0 && c.from == TcpSocket::TIME_WAIT && entered >= Time(0))
        {
            return c.time - entered;
        }
    }
    return Time(-1);
}

/**
 * One connection whose first data segment is lost at the server: the time from that
 * segment's first transmission to its retransmission, i.e. the RTO in force.
 */
Time
DataRetransmissionDelay()
{
    TwoNodeNet net;
    net.DropAtServer("ACK#1@10.1.1.1:data");
    Server server;
    server.Start(net);
    Client client;
    client.Open(net);
    client.SendAt(Seconds(1.5), 500);
    RunUntil(Seconds(5));
    EXPECT_EQ(net.DropsAtServer(), 1u);
    std::vector<SegmentRecord> data;
    for (const auto& s : net.Segments())
    {
        if (s.node == 0 && s.payload > 0)
        {
            data.push_back(s);
        }
    }
    ResetSimulator();
    if (data.size() < 2 || data[0].seq != data[1].seq)
    {
        ADD_FAILURE() << "no retransmission of the lost data segment";
        return Time(-1);
    }
    return data[1].time - data[0].time;
}

/// Connect a client to \p server (started here) and run 2 s. \return the client's socket
Ptr<SynFinSocket>
ConnectOnce(TwoNodeNet& net, Server& server)
{
    server.Start(net);
    Client client;
    client.Open(net);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    return Sf(client.socket);
}

/// A synfin socket made the way programs make them (through the node's socket factory).
Ptr<SynFinSocket>
NewSocket(const TwoNodeNet& net)
{
    return Sf(net.Socket(0));
}

/// \return the setting named `name` in `list`, or nullptr.
const SynFinStockSetting*
Find(const std::vector<SynFinStockSetting>& list, const std::string& name)
{
    for (const auto& s : list)
    {
        if (s.name == name)
        {
            return &s;
        }
    }
    return nullptr;
}

/// How often `needle` occurs in `text`.
std::size_t
Count(const std::string& text, const std::string& needle)
{
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    {
        ++n;
    }
    return n;
}

class StockAttributes : public SimulatorTest
{
  protected:
    void SetUp() override
    {
        SynFinStockAttributes::Reset();
    }
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Every stock name and type

TEST_F(StockAttributes, EveryTcpSocketBaseAttribute_AcceptedUnderStockNameAndValueType)
{
    TwoNodeNet net;
    Ptr<SynFinSocket> socket = NewSocket(net);
    TypeId stock = TypeId::LookupByName("ns3::TcpSocketBase");
    TypeId synfin = SynFinSocket::GetTypeId();
    ASSERT_GT(stock.GetAttributeN(), 10u);
    for (std::size_t i = 0; i < stock.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation s = stock.GetAttribute(i);
        TypeId::AttributeInformation mine;
        ASSERT_TRUE(synfin.LookupAttributeByName(s.name, &mine)) << s.name;
        EXPECT_EQ(mine.checker->GetValueTypeName(), s.checker->GetValueTypeName()) << s.name;
        EXPECT_EQ(mine.accessor->HasSetter(), s.accessor->HasSetter()) << s.name;
        if (s.accessor->HasSetter())
        {
            EXPECT_TRUE(socket->SetAttributeFailSafe(s.name, *s.originalInitialValue)) << s.name;
        }
        Ptr<AttributeValue> read = mine.checker->Create();
        EXPECT_TRUE(socket->GetAttributeFailSafe(s.name, *read)) << s.name;
    }
}

// ---------------------------------------------------------------------------------------------
// MaxSegLifetime is the MSL: TIME-WAIT lasts 2*MSL (RFC 9293 section 3.4.2)

TEST_F(StockAttributes, SetDefaultMaxSegLifetime_SetsTimeWaitDuration)
{
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
    TwoNodeNet net;
    Server server;
    server.Start(net);
    Client client;
    client.Open(net);
    client.CloseAt(Seconds(1.5));
    RunUntil(Seconds(10));

    EXPECT_EQ(TimeWaitDuration(net), Seconds(2));
    TimeValue msl;
    Sf(client.socket)->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), Seconds(1));
}

TEST_F(StockAttributes, SetAttributeOnSocket_DoubleMaxSegLifetime_Accepted)
{
    TwoNodeNet net;
    Server server;
    server.Start(net);
    Client client;
    client.Open(net);
    // What ns-3.37's ThreeGppHttpClient does to every socket it opens.
    ASSERT_TRUE(client.socket->SetAttributeFailSafe("MaxSegLifetime", DoubleValue(0.02)));
    client.CloseAt(Seconds(1.5));
    RunUntil(Seconds(3));

    EXPECT_EQ(TimeWaitDuration(net), MilliSeconds(40));
    TimeValue msl;
    client.socket->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), MilliSeconds(20));
}

TEST_F(StockAttributes, MslAndMaxSegLifetime_EitherNameSetsTheOneMsl)
{
    TwoNodeNet net;
    Ptr<SynFinSocket> socket = NewSocket(net);
    DoubleValue seconds;
    socket->GetAttribute("MaxSegLifetime", seconds);
    EXPECT_DOUBLE_EQ(seconds.Get(), 120.0);

    socket->SetAttribute("Msl", TimeValue(Seconds(3)));
    socket->GetAttribute("MaxSegLifetime", seconds);
    EXPECT_DOUBLE_EQ(seconds.Get(), 3.0);

    socket->SetAttribute("MaxSegLifetime", DoubleValue(0.5));
    TimeValue msl;
    socket->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), MilliSeconds(500));
}

TEST_F(StockAttributes, Precedence_SynFinDefaultOverStockDefault_SocketValueOverBoth)
{
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(7)));
    TwoNodeNet net;
    Ptr<SynFinSocket> socket = NewSocket(net);

    TimeValue value;
    socket->GetAttribute("Msl", value);
    EXPECT_EQ(value.Get(), Seconds(7)) << "the synfin default wins over the stock one";
    socket->GetAttribute("MinRto", value);
    EXPECT_EQ(value.Get(), MilliSeconds(200)) << "the stock default wins over synfin's built-in";

    auto notApplied = SynFinStockAttributes::GetNotApplied();
    const SynFinStockSetting* overridden = Find(notApplied, "ns3::TcpSocketBase::MaxSegLifetime");
    ASSERT_NE(overridden, nullptr);
    EXPECT_NE(overridden->effect.find("overridden"), std::string::npos) << overridden->effect;

    socket->SetAttribute("MaxSegLifetime", DoubleValue(2.0));
    socket->GetAttribute("Msl", value);
    EXPECT_EQ(value.Get(), Seconds(2)) << "a value set on the socket wins over both";
}

TEST_F(StockAttributes, SynFinSocketStockNameDefault_WinsOverTcpSocketBaseDefault)
{
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
    Config::SetDefault("ns3::SynFinSocket::MaxSegLifetime", DoubleValue(4.0));
    TwoNodeNet net;
    TimeValue msl;
    NewSocket(net)->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), Seconds(4));
}

// ---------------------------------------------------------------------------------------------
// MinRto and ClockGranularity feed the RFC 6298 estimator

TEST_F(StockAttributes, SetDefaultMinRto_ChangesRetransmissionTiming)
{
    // A 20 ms round trip: RFC 6298 (2.4) rounds the RTO up to MinRto.
    EXPECT_EQ(DataRetransmissionDelay(), Seconds(1)) << "stock's and synfin's default";
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    EXPECT_EQ(DataRetransmissionDelay(), MilliSeconds(200));
}

TEST_F(StockAttributes, SetDefaultClockGranularity_IsTheGTermOfTheRto)
{
    // RTO = SRTT + max(G, 4*RTTVAR) (RFC 6298 2.2): with G = 500 ms above a 20 ms round trip
    // the RTO is the handshake's RTT plus G; without G it would be 3 RTTs (60 ms).
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(10)));
    Config::SetDefault("ns3::TcpSocketBase::ClockGranularity", TimeValue(MilliSeconds(500)));
    Time delay = DataRetransmissionDelay();
    EXPECT_GE(delay, MilliSeconds(520));
    EXPECT_LT(delay, MilliSeconds(521));
}

// ---------------------------------------------------------------------------------------------
// Not modelled: accepted, reported once, never silently ignored

TEST_F(StockAttributes, UnmodelledAttribute_WarnsOnceNamingIt)
{
    TwoNodeNet net;
    testing::internal::CaptureStderr();
    Ptr<SynFinSocket> a = NewSocket(net);
    Ptr<SynFinSocket> b = NewSocket(net);
    EXPECT_TRUE(a->SetAttributeFailSafe("UseEcn", StringValue("On")));
    EXPECT_TRUE(b->SetAttributeFailSafe("UseEcn", StringValue("On")));
    EXPECT_TRUE(a->SetAttributeFailSafe("Timestamp", BooleanValue(false))); // modelled
    std::string err = testing::internal::GetCapturedStderr();

    EXPECT_EQ(Count(err, "synfin: warning:"), 1u) << err;
    EXPECT_NE(err.find("UseEcn = On"), std::string::npos) << err;
    EXPECT_NE(err.find("does not model it yet"), std::string::npos) << err;
    EXPECT_EQ(err.find("Timestamp"), std::string::npos) << err;
    // The socket keeps what it was given.
    SynFinEnumValue<TcpSocketState::UseEcn_t> ecn;
    a->GetAttribute("UseEcn", ecn);
    EXPECT_EQ(ecn.Get(), TcpSocketState::On);
    auto notApplied = SynFinStockAttributes::GetNotApplied();
    ASSERT_NE(Find(notApplied, "ns3::SynFinSocket::UseEcn"), nullptr);
}

TEST_F(StockAttributes, UnmodelledStockDefault_WarnsOnceAndIsListedNotApplied)
{
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("On"));
    Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(false)); // modelled
    TwoNodeNet net;
    testing::internal::CaptureStderr();
    Ptr<SynFinSocket> a = NewSocket(net);
    Ptr<SynFinSocket> b = NewSocket(net);
    std::string err = testing::internal::GetCapturedStderr();

    EXPECT_EQ(Count(err, "synfin: warning:"), 1u) << err;
    EXPECT_NE(err.find("ns3::TcpSocketBase::UseEcn = On"), std::string::npos) << err;
    SynFinEnumValue<TcpSocketState::UseEcn_t> ecn;
    b->GetAttribute("UseEcn", ecn);
    EXPECT_EQ(ecn.Get(), TcpSocketState::On);

    auto notApplied = SynFinStockAttributes::GetNotApplied();
    const SynFinStockSetting* s = Find(notApplied, "ns3::TcpSocketBase::UseEcn");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->value, "On");
    EXPECT_EQ(Find(notApplied, "ns3::TcpSocketBase::WindowScaling"), nullptr);
    BooleanValue windowScaling;
    b->GetAttribute("WindowScaling", windowScaling);
    EXPECT_FALSE(windowScaling.Get()); // applied under its stock name (RFC 7323 2)
}

TEST_F(StockAttributes, TcpL4ProtocolSocketType_ChosenByStockDefault_NoWarning)
{
    // How unmodified ns-3 programs choose their congestion control.
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpVegas")));
    Config::SetDefault("ns3::TcpL4Protocol::RecoveryType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpClassicRecovery")));
    TwoNodeNet net;
    Server server;
    testing::internal::CaptureStderr();
    Ptr<SynFinSocket> socket = ConnectOnce(net, server);
    std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "");
    ASSERT_NE(socket->GetCongestionControl(), nullptr);
    EXPECT_EQ(socket->GetCongestionControl()->GetInstanceTypeId().GetName(), "ns3::TcpVegas");
    ASSERT_EQ(server.children.size(), 1u);
    EXPECT_EQ(Sf(server.children[0])->GetCongestionControl()->GetInstanceTypeId().GetName(),
              "ns3::TcpVegas");
    EXPECT_TRUE(SynFinStockAttributes::GetNotApplied().empty());
}

TEST_F(StockAttributes, SynFinSocketType_WinsOverTheStockDefault)
{
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpVegas")));
    Config::SetDefault("ns3::SynFinL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpBic")));
    TwoNodeNet net;
    Server server;
    Ptr<SynFinSocket> socket = ConnectOnce(net, server);
    ASSERT_NE(socket->GetCongestionControl(), nullptr);
    EXPECT_EQ(socket->GetCongestionControl()->GetInstanceTypeId().GetName(), "ns3::TcpBic");
}

TEST_F(StockAttributes, SocketType_DefaultIsTheStockDefault)
{
    TwoNodeNet net;
    Server server;
    Ptr<SynFinSocket> socket = ConnectOnce(net, server);
    TypeId::AttributeInformation info;
    ASSERT_TRUE(TcpL4Protocol::GetTypeId().LookupAttributeByName("SocketType", &info));
    std::string expected = info.originalInitialValue->SerializeToString(info.checker);
    EXPECT_EQ(socket->GetCongestionControl()->GetInstanceTypeId().GetName(), expected);
}

// ---------------------------------------------------------------------------------------------
// The node's ns3::TcpL4Protocol, as programs written for stock ns-3 reach it

TEST_F(StockAttributes, TcpL4Protocol_IsSynFinsView_NotInsertedIntoIpv4)
{
    TwoNodeNet net;
    Ptr<Node> node = net.Tcp(0)->GetNode();
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    ASSERT_NE(tcp, nullptr) << "DsrHelper, tcp-validation.cc and others dereference it";
    EXPECT_EQ(tcp->GetInstanceTypeId().GetName(), "ns3::SynFinTcpL4View");
    // Protocol 6 stays synfin's: the view carries no segment.
    EXPECT_EQ(node->GetObject<Ipv4>()->GetProtocol(6), Ptr<IpL4Protocol>(net.Tcp(0)));
    EXPECT_EQ(node->GetObject<TcpSocketFactory>()->GetInstanceTypeId().GetName(),
              "ns3::SynFinSocketFactory");
}

TEST_F(StockAttributes, TcpL4ProtocolSocketList_MatchesEachSynFinSocketOnce)
{
    TwoNodeNet net;
    Server server;
    ConnectOnce(net, server);
    Ptr<SynFinL4Protocol> synfin = net.Tcp(1);
    ASSERT_EQ(synfin->GetSocketCount(), 2u); // the listener and its child
    std::string node = std::to_string(synfin->GetNode()->GetId());
    Config::MatchContainer all =
        Config::LookupMatches("/NodeList/" + node + "/$ns3::TcpL4Protocol/SocketList/*");
    ASSERT_EQ(all.GetN(), 2u) << "one match per socket: a trace connected once fires once";
    for (std::size_t i = 0; i < all.GetN(); ++i)
    {
        EXPECT_EQ(all.Get(i), Ptr<Object>(synfin->GetSocket(i)));
    }
    // The stock index of the accepted socket (tcp-variants-comparison.cc uses it).
    Config::MatchContainer child =
        Config::LookupMatches("/NodeList/" + node + "/$ns3::TcpL4Protocol/SocketList/1");
    ASSERT_EQ(child.GetN(), 1u);
    EXPECT_EQ(child.Get(0), Ptr<Object>(server.children.at(0)));
}

TEST_F(StockAttributes, TcpL4ProtocolSocketType_SetOnTheNode_HoldsOverTheStockDefault)
{
    // tcp-validation.cc's per-node choice, here of the value that is also synfin's own
    // default, which must not read as "unset" and give way to the changed stock default.
    TypeId::AttributeInformation info;
    ASSERT_TRUE(TcpL4Protocol::GetTypeId().LookupAttributeByName("SocketType", &info));
    TypeId original =
        TypeId::LookupByName(info.originalInitialValue->SerializeToString(info.checker));
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName("ns3::TcpVegas")));
    TwoNodeNet net;
    Ptr<TcpL4Protocol> tcp = net.Tcp(0)->GetNode()->GetObject<TcpL4Protocol>();
    tcp->SetAttribute("SocketType", TypeIdValue(original));
    TypeIdValue read;
    tcp->GetAttribute("SocketType", read);
    EXPECT_EQ(read.Get(), original);
    Server server;
    Ptr<SynFinSocket> socket = ConnectOnce(net, server);
    EXPECT_EQ(socket->GetCongestionControl()->GetInstanceTypeId(), original);
    // The server's node was not chosen for: the program's default applies there.
    EXPECT_EQ(Sf(server.children.at(0))->GetCongestionControl()->GetInstanceTypeId().GetName(),
              "ns3::TcpVegas");
}

namespace
{
/// Counts segments on their way to IPv4 and passes them on.
struct DownTargetSpy
{
    IpL4Protocol::DownTargetCallback next; //!< where segments went before
    uint32_t segments{0};                  //!< segments seen

    void Send(Ptr<Packet> p, Ipv4Address src, Ipv4Address dst, uint8_t proto, Ptr<Ipv4Route> r)
    {
        ++segments;
        next(p, src, dst, proto, r);
    }
};
} // namespace

TEST_F(StockAttributes, TcpL4ProtocolDownTarget_SetOnTheNode_ReroutesSynFin)
{
    // DsrHelper puts its routing between TCP and IPv4 this way.
    TwoNodeNet net;
    Ptr<TcpL4Protocol> tcp = net.Tcp(0)->GetNode()->GetObject<TcpL4Protocol>();
    DownTargetSpy spy;
    spy.next = tcp->GetDownTarget();
    ASSERT_FALSE(spy.next.IsNull());
    tcp->SetDownTarget(MakeCallback(&DownTargetSpy::Send, &spy));
    Server server;
    Ptr<SynFinSocket> socket = ConnectOnce(net, server);
    EXPECT_EQ(socket->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(spy.segments, 2u); // the SYN and the handshake's ACK
}

TEST_F(StockAttributes, RxBuffer_NextRxSequence_IsRcvNxt)
{
    TwoNodeNet net;
    Server server;
    Ptr<SynFinSocket> client = ConnectOnce(net, server);
    PointerValue rx;
    server.children.at(0)->GetAttribute("RxBuffer", rx);
    Ptr<TcpRxBuffer> buffer = rx.Get<TcpRxBuffer>();
    ASSERT_NE(buffer, nullptr);
    EXPECT_EQ(buffer->NextRxSequence(), client->GetIss() + 1);
}

// ---------------------------------------------------------------------------------------------
// meta.json says what synfin got and what it did not apply

TEST_F(StockAttributes, MetaJson_InEffectAndNotAppliedStockSettings)
{
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false)); // synfin has none
    Config::SetDefault("ns3::TcpSocketBase::UseEcn", StringValue("AcceptOnly"));
    TwoNodeNet net;
    SynFinLifecycleRecorder rec;
    rec.Attach(net.nodes);
    Server server;
    server.Start(net);
    Client client;
    client.Open(net);
    RunUntil(Seconds(2));
    ASSERT_TRUE(client.socket->SetAttributeFailSafe("MaxSegLifetime", DoubleValue(0.02)));

    auto dir = std::filesystem::temp_directory_path() /
               ("synfin-stock-meta-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::string error;
    ASSERT_TRUE(rec.Write(dir.string(), error)) << error;
    std::ifstream in(dir / "meta.json");
    std::stringstream text;
    text << in.rdbuf();
    std::string meta = text.str();
    std::filesystem::remove_all(dir);

    auto inEffect = meta.find("\"synfin_in_effect\"");
    auto from = meta.find("\"synfin_in_effect_from\"");
    auto notApplied = meta.find("\"stock_not_applied\"");
    ASSERT_NE(inEffect, std::string::npos) << meta;
    ASSERT_NE(from, std::string::npos) << meta;
    ASSERT_NE(notApplied, std::string::npos) << meta;
    std::string inEffectPart = meta.substr(inEffect, from - inEffect);
    std::string fromPart = meta.substr(from, notApplied - from);
    std::string notAppliedPart = meta.substr(notApplied);

    EXPECT_NE(inEffectPart.find("\"ns3::SynFinSocket::Msl\": \"+1e+09ns\""), std::string::npos)
        << meta;
    EXPECT_NE(
        fromPart.find("\"ns3::SynFinSocket::Msl\": \"from ns3::TcpSocketBase::MaxSegLifetime\""),
        std::string::npos)
        << meta;
    EXPECT_NE(inEffectPart.find("MaxSegLifetime (SetAttribute on a socket)\": \"0.02\""),
              std::string::npos)
        << meta;
    EXPECT_NE(notAppliedPart.find("\"ns3::TcpSocketBase::UseEcn\": {\"value\": \"AcceptOnly\""),
              std::string::npos)
        << meta;
    EXPECT_EQ(notAppliedPart.find("Sack"), std::string::npos) << meta;
    EXPECT_EQ(notAppliedPart.find("MaxSegLifetime"), std::string::npos) << meta;
}
