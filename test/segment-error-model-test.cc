/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

/**
 * \file
 * GoogleTest unit tests of SynFinSegmentErrorModel. Frames are built by hand
 * (TcpHeader + Ipv4Header, then the link-layer bytes of PPP, Ethernet II,
 * IEEE 802.3 LLC/SNAP or nothing), so no network is simulated; the time
 * window tests only run the simulator's clock, handing frames to the model
 * from scheduled events.
 */

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/synfin-segment-error-model.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Model = SynFinSegmentErrorModel;

const Ipv4Address CLIENT("10.1.1.1");
const Ipv4Address SERVER("10.1.1.2");
constexpr uint16_t CLIENT_PORT = 49153;
constexpr uint16_t SERVER_PORT = 80;

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;
constexpr uint8_t PSH = TcpHeader::PSH;
constexpr uint8_t ECE = TcpHeader::ECE;

/// Link-layer framing of a test frame.
enum class Framing
{
    BARE,     //!< IPv4 packet alone (SimpleNetDevice).
    PPP,      //!< 2-byte PPP header (PointToPointNetDevice).
    ETHERNET, //!< Ethernet II header and a 4-byte trailer (CsmaNetDevice, Dix).
    LLC       //!< IEEE 802.3 header, LLC/SNAP header and trailer (CsmaNetDevice, Llc).
};

/**
 * Wrap an IPv4 packet into a link-layer frame.
 * \param ip the IPv4 packet
 * \param framing the framing
 * \return the frame
 */
Ptr<Packet>
Frame(Ptr<const Packet> ip, Framing framing)
{
    std::vector<uint8_t> head;
    std::vector<uint8_t> tail;
    const uint8_t macs[12] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1};
    switch (framing)
    {
    case Framing::BARE:
        break;
    case Framing::PPP:
        head = {0x00, 0x21};
        break;
    case Framing::ETHERNET:
        head.assign(macs, macs + 12);
        head.push_back(0x08);
        head.push_back(0x00);
        tail = {0xde, 0xad, 0xbe, 0xef};
        break;
    case Framing::LLC: {
        head.assign(macs, macs + 12);
        uint16_t length = static_cast<uint16_t>(ip->GetSize() + 8);
        head.push_back(static_cast<uint8_t>(length >> 8));
        head.push_back(static_cast<uint8_t>(length & 0xff));
        const uint8_t snap[8] = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00};
        head.insert(head.end(), snap, snap + 8);
        tail = {0xde, 0xad, 0xbe, 0xef};
        break;
    }
    }
    Ptr<Packet> frame = Create<Packet>(head.data(), static_cast<uint32_t>(head.size()));
    frame->AddAtEnd(ip);
    if (!tail.empty())
    {
        frame->AddAtEnd(Create<Packet>(tail.data(), static_cast<uint32_t>(tail.size())));
    }
    return frame;
}

/**
 * Build an IPv4 packet with the given transport payload.
 * \param l4 the transport header and payload
 * \param src source address
 * \param dst destination address
 * \param protocol IPv4 protocol number
 * \return the IPv4 packet
 */
Ptr<Packet>
Ipv4Packet(Ptr<Packet> l4, Ipv4Address src, Ipv4Address dst, uint8_t protocol)
{
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(protocol);
    ip.SetTtl(64);
    ip.SetPayloadSize(static_cast<uint16_t>(l4->GetSize()));
    l4->AddHeader(ip);
    return l4;
}

/**
 * Build a framed TCP segment.
 * \param src source address
 * \param sport source port
 * \param flags TCP flags
 * \param payload number of payload bytes
 * \param framing link-layer framing
 * \return the frame
 */
Ptr<Packet>
Segment(Ipv4Address src,
        uint16_t sport,
        uint8_t flags,
        uint32_t payload = 0,
        Framing framing = Framing::PPP)
{
    Ipv4Address dst = (src == CLIENT) ? SERVER : CLIENT;
    uint16_t dport = (sport == CLIENT_PORT) ? SERVER_PORT : CLIENT_PORT;
    Ptr<Packet> p = Create<Packet>(payload);
    TcpHeader tcp;
    tcp.SetSourcePort(sport);
    tcp.SetDestinationPort(dport);
    tcp.SetFlags(flags);
    tcp.SetWindowSize(65535);
    p->AddHeader(tcp);
    return Frame(Ipv4Packet(p, src, dst, 6), framing);
}

/// A segment from the client.
Ptr<Packet>
FromClient(uint8_t flags, uint32_t payload = 0, Framing framing = Framing::PPP)
{
    return Segment(CLIENT, CLIENT_PORT, flags, payload, framing);
}

/// A segment from the server.
Ptr<Packet>
FromServer(uint8_t flags, uint32_t payload = 0, Framing framing = Framing::PPP)
{
    return Segment(SERVER, SERVER_PORT, flags, payload, framing);
}

/// Records the "Drop" trace.
struct DropRecorder
{
    std::vector<std::string> labels;  //!< Label of each drop.
    std::vector<uint8_t> flags;       //!< Flags of each dropped segment.
    std::vector<uint32_t> sizes;      //!< Frame size of each drop.
    std::vector<Ipv4Address> sources; //!< IPv4 source of each dropped segment.

    /// Trace sink.
    void OnDrop(Ptr<const Packet> frame,
                const Ipv4Header& ip,
                const TcpHeader& tcp,
                const std::string& label)
    {
        labels.push_back(label);
        sources.push_back(ip.GetSource());
        flags.push_back(tcp.GetFlags());
        sizes.push_back(frame->GetSize());
    }
};

/// What the model decided for one frame handed to it at some simulation time.
struct Verdict
{
    Time at;          //!< When the frame was handed to the model.
    bool dropped;     //!< Whether the model dropped it.
    uint32_t matches; //!< The rule 0 match counter right after.
};

/**
 * Hand a frame to a model now and record the verdict; scheduled by the window tests.
 * \param model the model
 * \param frame the frame
 * \param verdicts receives the verdict
 */
void
Judge(Ptr<SynFinSegmentErrorModel> model, Ptr<Packet> frame, std::vector<Verdict>* verdicts)
{
    bool dropped = model->IsCorrupt(frame);
    verdicts->push_back({Simulator::Now(), dropped, model->GetMatchCount(0)});
}

/**
 * Hand a frame to a model at each of the given times, run the simulation, and return the
 * verdicts in time order.
 * \param model the model
 * \param frame the frame (a copy is handed each time)
 * \param times when to hand it
 * \return one verdict per time
 */
std::vector<Verdict>
JudgeAt(Ptr<SynFinSegmentErrorModel> model, Ptr<Packet> frame, const std::vector<Time>& times)
{
    std::vector<Verdict> verdicts;
    for (const Time& t : times)
    {
        Simulator::Schedule(t, &Judge, model, frame->Copy(), &verdicts);
    }
    Simulator::Run();
    Simulator::Destroy();
    return verdicts;
}

/// Create a model with the given rule specification.
Ptr<Model>
ModelWithRules(const std::string& spec)
{
    Ptr<Model> model = CreateObject<Model>();
    model->SetAttribute("Rules", StringValue(spec));
    return model;
}

} // namespace

TEST(SegmentErrorModel, SecondSynAck_DropsOnlyTheSecond)
{
    Ptr<Model> model = CreateObject<Model>();
    model->AddRule(Model::Nth(SYN | ACK, 2));

    EXPECT_FALSE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_TRUE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_EQ(model->GetDropCount(), 1u);
    EXPECT_EQ(model->GetSegmentCount(), 6u);
    EXPECT_EQ(model->GetMatchCount(0), 3u);
}

TEST(SegmentErrorModel, ExactFlags_MatchControlBitsExactly_IgnoringUnnamedPshAndEce)
{
    Model::Rule rule = Model::Every(ACK);
    Ipv4Header ip;
    ip.SetSource(CLIENT);
    TcpHeader tcp;

    tcp.SetFlags(ACK);
    EXPECT_TRUE(rule.Matches(ip, tcp, 0));
    tcp.SetFlags(ACK | PSH);
    EXPECT_TRUE(rule.Matches(ip, tcp, 0));
    tcp.SetFlags(ACK | ECE);
    EXPECT_TRUE(rule.Matches(ip, tcp, 0));
    tcp.SetFlags(FIN | ACK);
    EXPECT_FALSE(rule.Matches(ip, tcp, 0));
    tcp.SetFlags(SYN | ACK);
    EXPECT_FALSE(rule.Matches(ip, tcp, 0));
    tcp.SetFlags(RST);
    EXPECT_FALSE(rule.Matches(ip, tcp, 0));

    Model::Rule pshAck = Model::Every(PSH | ACK);
    tcp.SetFlags(ACK);
    EXPECT_FALSE(pshAck.Matches(ip, tcp, 0));
    tcp.SetFlags(PSH | ACK);
    EXPECT_TRUE(pshAck.Matches(ip, tcp, 0));
}

TEST(SegmentErrorModel, ContainsFlags_MatchEverySegmentWithThoseBits)
{
    Ptr<Model> model = CreateObject<Model>();
    model->AddRule(Model::Every(FIN).Containing());

    EXPECT_TRUE(model->IsCorrupt(FromClient(FIN)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(FIN | ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromServer(FIN | PSH | ACK, 10)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK)));

    Ptr<Model> exact = CreateObject<Model>();
    exact->AddRule(Model::Every(FIN));
    EXPECT_TRUE(exact->IsCorrupt(FromClient(FIN)));
    EXPECT_FALSE(exact->IsCorrupt(FromClient(FIN | ACK)));
}

TEST(SegmentErrorModel, SecondFinFromServer_DropsOnlyThatSegment)
{
    Ptr<Model> model = ModelWithRules("FIN|ACK#2@10.1.1.2");

    EXPECT_FALSE(model->IsCorrupt(FromClient(FIN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(FIN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(FIN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromServer(FIN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(FIN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(FIN | ACK)));
    EXPECT_EQ(model->GetDropCount(), 1u);
}

TEST(SegmentErrorModel, SourcePortFilter_IgnoresOtherPorts)
{
    Ptr<Model> model = CreateObject<Model>();
    model->AddRule(Model::Nth(SYN | ACK, 1).FromPort(SERVER_PORT));

    EXPECT_FALSE(model->IsCorrupt(Segment(SERVER, 8080, SYN | ACK)));
    EXPECT_TRUE(model->IsCorrupt(Segment(SERVER, SERVER_PORT, SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(Segment(SERVER, SERVER_PORT, SYN | ACK)));

    Ptr<Model> both = ModelWithRules("RST@10.1.1.1:49153");
    EXPECT_FALSE(both->IsCorrupt(Segment(CLIENT, 5000, RST)));
    EXPECT_FALSE(both->IsCorrupt(Segment(SERVER, CLIENT_PORT, RST)));
    EXPECT_TRUE(both->IsCorrupt(Segment(CLIENT, CLIENT_PORT, RST)));
    EXPECT_TRUE(both->IsCorrupt(Segment(CLIENT, CLIENT_PORT, RST)));
}

TEST(SegmentErrorModel, FinalHandshakeAck_EmptyFilter_SkipsDataSegments)
{
    Ptr<Model> model = CreateObject<Model>();
    model->AddRule(Model::Nth(ACK, 1).From(CLIENT).Empty());

    // A data-carrying ACK from the client does not count as "the final ACK".
    EXPECT_FALSE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK, 536)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_EQ(model->GetMatchCount(0), 2u);
}

TEST(SegmentErrorModel, DataFilter_DropsOnlySegmentsWithPayload)
{
    Ptr<Model> model = ModelWithRules("+ACK#2@10.1.1.1:data");

    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK, 100)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(PSH | ACK, 100)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK, 100)));
}

TEST(SegmentErrorModel, ParseRules_ExampleSpec_YieldsThreeRulesWithTheirFields)
{
    std::vector<Model::Rule> rules;
    std::string error;
    ASSERT_TRUE(
        Model::ParseRules("SYN|ACK#1;ACK#1@10.1.1.1:empty;FIN|ACK#2@10.1.1.2", rules, error))
        << error;
    ASSERT_EQ(rules.size(), 3u);

    EXPECT_EQ(rules[0].flags, SYN | ACK);
    EXPECT_TRUE(rules[0].exactFlags);
    EXPECT_EQ(rules[0].occurrence, 1u);
    EXPECT_EQ(rules[0].source, Ipv4Address::GetAny());
    EXPECT_EQ(rules[0].sourcePort, 0u);
    EXPECT_EQ(rules[0].payload, Model::PayloadFilter::ANY);
    EXPECT_EQ(rules[0].label, "SYN|ACK#1");

    EXPECT_EQ(rules[1].flags, ACK);
    EXPECT_EQ(rules[1].occurrence, 1u);
    EXPECT_EQ(rules[1].source, CLIENT);
    EXPECT_EQ(rules[1].payload, Model::PayloadFilter::EMPTY);
    EXPECT_EQ(rules[1].label, "ACK#1@10.1.1.1:empty");

    EXPECT_EQ(rules[2].flags, FIN | ACK);
    EXPECT_EQ(rules[2].occurrence, 2u);
    EXPECT_EQ(rules[2].source, SERVER);
    EXPECT_EQ(rules[2].label, "FIN|ACK#2@10.1.1.2");
}

TEST(SegmentErrorModel, ParseRules_OptionalPartsCaseAndBlanks_AreAccepted)
{
    std::vector<Model::Rule> rules;
    std::string error;
    ASSERT_TRUE(Model::ParseRules(" +fin ; syn|ack #0 ; ANY#3@*:80:DATA ; rst@10.0.0.1:0 ;;NONE;",
                                  rules,
                                  error))
        << error;
    ASSERT_EQ(rules.size(), 5u);

    EXPECT_EQ(rules[0].flags, FIN);
    EXPECT_FALSE(rules[0].exactFlags);
    EXPECT_EQ(rules[0].occurrence, 0u);

    EXPECT_EQ(rules[1].flags, SYN | ACK);
    EXPECT_TRUE(rules[1].exactFlags);
    EXPECT_EQ(rules[1].occurrence, 0u);

    EXPECT_EQ(rules[2].flags, 0u);
    EXPECT_FALSE(rules[2].exactFlags);
    EXPECT_EQ(rules[2].occurrence, 3u);
    EXPECT_EQ(rules[2].source, Ipv4Address::GetAny());
    EXPECT_EQ(rules[2].sourcePort, 80u);
    EXPECT_EQ(rules[2].payload, Model::PayloadFilter::NONEMPTY);

    EXPECT_EQ(rules[3].flags, RST);
    EXPECT_EQ(rules[3].source, Ipv4Address("10.0.0.1"));
    EXPECT_EQ(rules[3].sourcePort, 0u);

    EXPECT_EQ(rules[4].flags, 0u);
    EXPECT_TRUE(rules[4].exactFlags);

    EXPECT_TRUE(Model::ParseRules("", rules, error));
    EXPECT_TRUE(Model::ParseRules("  ; ", rules, error));
    EXPECT_EQ(rules.size(), 5u);
}

TEST(SegmentErrorModel, ParseRules_BadSpecs_ErrorNamesTheTokenAndWhatIsAllowed)
{
    struct Case
    {
        std::string spec;
        std::vector<std::string> expected;
    };

    const std::vector<Case> cases = {
        {"SYN|AKC#1", {"rule 1 'SYN|AKC#1'", "unknown flag 'AKC'", "SYN, ACK, FIN, RST"}},
        {"SYN;FIN#x", {"rule 2 'FIN#x'", "'#x'", "decimal"}},
        {"FIN#99999999999", {"'#99999999999'"}},
        {"ACK@10.1.1.300", {"bad address '10.1.1.300'", "dotted-quad"}},
        {"ACK@host", {"bad address 'host'"}},
        {"ACK:bogus", {"bad payload filter ':bogus'", "':empty' or ':data'"}},
        {"ACK:80", {"misplaced port ':80'", "@*:80"}},
        {"ACK@10.1.1.1:70000", {"bad port ':70000'", "0..65535"}},
        {"ACK@10.1.1.1:empty:data", {"bad payload filter ':data'"}},
        {"+", {"unknown flag ''"}},
        {"ACK|", {"unknown flag ''"}},
        {"ACK@1.2.3.4@5.6.7.8", {"more than one '@'"}},
    };
    for (const auto& c : cases)
    {
        std::vector<Model::Rule> rules;
        std::string error;
        EXPECT_FALSE(Model::ParseRules(c.spec, rules, error)) << c.spec;
        EXPECT_TRUE(rules.empty()) << c.spec;
        for (const auto& fragment : c.expected)
        {
            EXPECT_NE(error.find(fragment), std::string::npos)
                << "spec \"" << c.spec << "\": error \"" << error << "\" lacks \"" << fragment
                << "\"";
        }
    }
}

TEST(SegmentErrorModel, RulesAttribute_RoundTripsCanonicalSpec)
{
    Ptr<Model> model = ModelWithRules("syn|ack#1; ack#1@10.1.1.1:empty ;+FIN#2@*:80:data");
    EXPECT_EQ(model->GetNRules(), 3u);
    StringValue value;
    model->GetAttribute("Rules", value);
    EXPECT_EQ(value.Get(), "SYN|ACK#1;ACK#1@10.1.1.1:empty;+FIN#2@*:80:data");

    model->AddRule(Model::Every(RST).From(SERVER).FromPort(SERVER_PORT));
    EXPECT_EQ(model->GetRules(), "SYN|ACK#1;ACK#1@10.1.1.1:empty;+FIN#2@*:80:data;RST@10.1.1.2:80");

    model->SetAttribute("Rules", StringValue(""));
    EXPECT_EQ(model->GetNRules(), 0u);
}

TEST(SegmentErrorModelDeathTest, RulesAttribute_BadSpec_AbortsNamingTheToken)
{
    EXPECT_DEATH(ModelWithRules("SYN|ACK#1;FNI"), "unknown flag 'FNI'");
}

TEST(SegmentErrorModel, TypeId_IsRegisteredWithRulesAttributeAndDropTrace)
{
    TypeId tid;
    ASSERT_TRUE(TypeId::LookupByNameFailSafe("ns3::SynFinSegmentErrorModel", &tid));
    EXPECT_EQ(tid.GetParent(), ErrorModel::GetTypeId());
    EXPECT_EQ(tid.GetGroupName(), "SynFin");
    TypeId::AttributeInformation info;
    EXPECT_TRUE(tid.LookupAttributeByName("Rules", &info));
    EXPECT_NE(tid.LookupTraceSourceByName("Drop"), nullptr);

    ObjectFactory factory("ns3::SynFinSegmentErrorModel");
    factory.Set("Rules", StringValue("SYN#1"));
    Ptr<ErrorModel> em = factory.Create<ErrorModel>();
    EXPECT_TRUE(em->IsCorrupt(FromClient(SYN)));
    EXPECT_FALSE(em->IsCorrupt(FromClient(SYN)));
}

TEST(SegmentErrorModel, NonTcpPackets_AreNeverDropped)
{
    Ptr<Model> model = ModelWithRules("ANY");

    Ptr<Packet> udp = Create<Packet>(20);
    UdpHeader udpHeader;
    udpHeader.SetSourcePort(SERVER_PORT);
    udpHeader.SetDestinationPort(CLIENT_PORT);
    udp->AddHeader(udpHeader);
    for (Framing framing : {Framing::BARE, Framing::PPP, Framing::ETHERNET, Framing::LLC})
    {
        EXPECT_FALSE(model->IsCorrupt(Frame(Ipv4Packet(udp->Copy(), CLIENT, SERVER, 17), framing)));
    }

    // Not IPv4 at all: an ARP-like Ethernet frame and a PPP frame carrying IPv6.
    std::vector<uint8_t> arp(42, 0);
    arp[12] = 0x08;
    arp[13] = 0x06;
    EXPECT_FALSE(model->IsCorrupt(Create<Packet>(arp.data(), arp.size())));
    std::vector<uint8_t> ppp6(60, 0x60);
    ppp6[0] = 0x00;
    ppp6[1] = 0x57;
    EXPECT_FALSE(model->IsCorrupt(Create<Packet>(ppp6.data(), ppp6.size())));
    EXPECT_FALSE(model->IsCorrupt(Create<Packet>(1)));
    EXPECT_FALSE(model->IsCorrupt(Create<Packet>(0)));

    // A TCP header truncated to 10 bytes is passed, not parsed.
    Ptr<Packet> truncated = Ipv4Packet(Create<Packet>(10), CLIENT, SERVER, 6);
    EXPECT_FALSE(model->IsCorrupt(truncated));

    EXPECT_EQ(model->GetSegmentCount(), 0u);
    EXPECT_EQ(model->GetDropCount(), 0u);
    EXPECT_TRUE(model->IsCorrupt(FromClient(ACK)));
}

TEST(SegmentErrorModel, AllFramings_AreParsed)
{
    for (Framing framing : {Framing::BARE, Framing::PPP, Framing::ETHERNET, Framing::LLC})
    {
        Ptr<Model> model = ModelWithRules("SYN|ACK#1@10.1.1.2:80;ACK#1@10.1.1.1:empty");
        SCOPED_TRACE(static_cast<int>(framing));
        EXPECT_FALSE(model->IsCorrupt(FromClient(SYN, 0, framing)));
        EXPECT_TRUE(model->IsCorrupt(FromServer(SYN | ACK, 0, framing)));
        EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK, 0, framing)));
        EXPECT_FALSE(model->IsCorrupt(FromClient(ACK, 1000, framing)));
        EXPECT_TRUE(model->IsCorrupt(FromClient(ACK, 0, framing)));
        EXPECT_EQ(model->GetSegmentCount(), 5u);
    }
}

TEST(SegmentErrorModel, IsCorrupt_LeavesTheFrameUnchanged)
{
    Ptr<Model> model = ModelWithRules("ANY");
    Ptr<Packet> frame = FromServer(FIN | ACK, 33, Framing::ETHERNET);
    std::vector<uint8_t> before(frame->GetSize());
    frame->CopyData(before.data(), before.size());

    EXPECT_TRUE(model->IsCorrupt(frame));
    std::vector<uint8_t> after(frame->GetSize());
    frame->CopyData(after.data(), after.size());
    EXPECT_EQ(before, after);
}

TEST(SegmentErrorModel, DropTrace_FiresOncePerDropWithTheRuleLabel)
{
    Ptr<Model> model = ModelWithRules("SYN|ACK#1;FIN|ACK#2@10.1.1.2");
    model->AddRule(Model::Nth(RST, 1).WithLabel("first-reset"));
    model->AddRule(Model::Nth(ACK, 2).From(CLIENT));
    DropRecorder recorder;
    ASSERT_TRUE(
        model->TraceConnectWithoutContext("Drop", MakeCallback(&DropRecorder::OnDrop, &recorder)));

    Ptr<Packet> synAck = FromServer(SYN | ACK, 0, Framing::ETHERNET);
    EXPECT_TRUE(model->IsCorrupt(synAck));
    EXPECT_FALSE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromServer(FIN | ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromServer(FIN | ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(RST)));

    ASSERT_EQ(recorder.labels.size(), 4u);
    EXPECT_EQ(recorder.labels[0], "SYN|ACK#1");
    EXPECT_EQ(recorder.sizes[0], synAck->GetSize());
    EXPECT_EQ(recorder.flags[0], SYN | ACK);
    EXPECT_EQ(recorder.labels[1], "ACK#2@10.1.1.1");
    EXPECT_EQ(recorder.sources[1], CLIENT);
    EXPECT_EQ(recorder.labels[2], "FIN|ACK#2@10.1.1.2");
    EXPECT_EQ(recorder.flags[2], FIN | ACK);
    EXPECT_EQ(recorder.labels[3], "first-reset");
    EXPECT_EQ(model->GetDropCount(), 4u);
}

TEST(SegmentErrorModel, DropTrace_SegmentSelectedByTwoRules_FiresOnceWithBothLabels)
{
    Ptr<Model> model = ModelWithRules("SYN|ACK#1;+ACK#1");
    DropRecorder recorder;
    model->TraceConnectWithoutContext("Drop", MakeCallback(&DropRecorder::OnDrop, &recorder));

    EXPECT_TRUE(model->IsCorrupt(FromServer(SYN | ACK)));
    ASSERT_EQ(recorder.labels.size(), 1u);
    EXPECT_EQ(recorder.labels[0], "SYN|ACK#1;+ACK#1");
    EXPECT_EQ(model->GetDropCount(), 1u);
}

TEST(SegmentErrorModel, EachRuleCountsItsMatches_EvenWhenAnotherRuleDrops)
{
    Ptr<Model> model = ModelWithRules("SYN|ACK#1;+ACK#2");

    // The dropped SYN-ACK is also the first "+ACK" match, so the second one
    // is the next ACK-bearing segment.
    EXPECT_TRUE(model->IsCorrupt(FromServer(SYN | ACK)));
    EXPECT_TRUE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(ACK)));
    EXPECT_EQ(model->GetMatchCount(0), 1u);
    EXPECT_EQ(model->GetMatchCount(1), 3u);
}

TEST(SegmentErrorModel, Reset_ClearsCountersButKeepsRules)
{
    Ptr<Model> model = ModelWithRules("SYN#1");
    EXPECT_TRUE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_FALSE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_EQ(model->GetDropCount(), 1u);
    EXPECT_EQ(model->GetMatchCount(0), 2u);

    model->Reset();
    EXPECT_EQ(model->GetDropCount(), 0u);
    EXPECT_EQ(model->GetSegmentCount(), 0u);
    EXPECT_EQ(model->GetMatchCount(0), 0u);
    EXPECT_EQ(model->GetNRules(), 1u);
    EXPECT_TRUE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_EQ(model->GetDropCount(), 1u);
}

TEST(SegmentErrorModel, Disabled_NeitherCountsNorDrops)
{
    Ptr<Model> model = ModelWithRules("SYN#1");
    model->Disable();
    EXPECT_FALSE(model->IsCorrupt(FromClient(SYN)));
    EXPECT_EQ(model->GetSegmentCount(), 0u);
    model->Enable();
    EXPECT_TRUE(model->IsCorrupt(FromClient(SYN)));
}

TEST(SegmentErrorModel, RuleToString_WritesTheGrammar)
{
    EXPECT_EQ(Model::Nth(SYN | ACK, 1).ToString(), "SYN|ACK#1");
    EXPECT_EQ(Model::Every(FIN | ACK).Containing().ToString(), "+FIN|ACK");
    EXPECT_EQ(Model::Nth(ACK, 1).From(CLIENT).Empty().ToString(), "ACK#1@10.1.1.1:empty");
    EXPECT_EQ(Model::Every(PSH | ACK).FromPort(80).WithPayload().ToString(), "ACK|PSH@*:80:data");
    EXPECT_EQ(Model::Every(0).Containing().ToString(), "ANY");
    EXPECT_EQ(Model::Every(0).ToString(), "NONE");
}

TEST(SegmentErrorModel, RuleBetween_ToStringWritesTheWindowOnlyWhenSet)
{
    EXPECT_EQ(Model::Every(ACK).Between(Seconds(2), Seconds(3)).ToString(), "ACK[2s,3s]");
    EXPECT_EQ(Model::Nth(FIN, 1).From(SERVER).Between(Seconds(5)).ToString(),
              "FIN#1@10.1.1.2[5s,]");
    EXPECT_EQ(
        Model::Every(ACK).Empty().Between(MilliSeconds(2500), MicroSeconds(2500001)).ToString(),
        "ACK:empty[2500ms,2500001us]");
    EXPECT_EQ(Model::Every(ACK).Between(Time(0), Minutes(2)).ToString(), "ACK[0s,120s]");
    EXPECT_EQ(Model::Every(ACK).Between(NanoSeconds(1), NanoSeconds(2)).ToString(), "ACK[1ns,2ns]");
    EXPECT_EQ(Model::Every(ACK).ToString(), "ACK");
    EXPECT_FALSE(Model::Every(ACK).HasWindow());
    // A window from 0 with no end is no window at all.
    EXPECT_FALSE(Model::Every(ACK).Between(Time(0)).HasWindow());
    EXPECT_EQ(Model::Every(ACK).Between(Time(0)).ToString(), "ACK");
}

TEST(SegmentErrorModel, RuleInWindow_StartIncludedEndExcluded)
{
    Model::Rule rule = Model::Every(ACK).Between(Seconds(2), Seconds(3));
    EXPECT_FALSE(rule.InWindow(Seconds(2) - NanoSeconds(1)));
    EXPECT_TRUE(rule.InWindow(Seconds(2)));
    EXPECT_TRUE(rule.InWindow(Seconds(3) - NanoSeconds(1)));
    EXPECT_FALSE(rule.InWindow(Seconds(3)));

    Model::Rule open = Model::Every(ACK).Between(Seconds(5));
    EXPECT_FALSE(open.InWindow(Seconds(4)));
    EXPECT_TRUE(open.InWindow(Seconds(5)));
    EXPECT_TRUE(open.InWindow(Seconds(1e6)));
    EXPECT_TRUE(Model::Every(ACK).InWindow(Time(0)));
}

TEST(SegmentErrorModelDeathTest, RuleBetween_EmptyOrNegativeWindow_Aborts)
{
    EXPECT_DEATH(Model::Every(ACK).Between(Seconds(3), Seconds(2)), "not after its start");
    EXPECT_DEATH(Model::Every(ACK).Between(Seconds(3), Seconds(3)), "not after its start");
    EXPECT_DEATH(Model::Every(ACK).Between(Seconds(-1), Seconds(2)), "starts before 0");
}

TEST(SegmentErrorModel, ParseRules_TimeWindow_YieldsBoundsAndRoundTrips)
{
    std::vector<Model::Rule> rules;
    std::string error;
    ASSERT_TRUE(Model::ParseRules("ACK:empty[2s,3s]; FIN#1@10.1.1.2[5s,]; "
                                  "+ACK#2@*:80:data [ 2500ms , 3.25s ]; SYN[0.3s,1min]; "
                                  "RST[1.5us,2h]; ACK[0s,]; ACK[0010.000ms,10.0000000021s]",
                                  rules,
                                  error))
        << error;
    ASSERT_EQ(rules.size(), 7u);

    EXPECT_EQ(rules[0].flags, ACK);
    EXPECT_EQ(rules[0].payload, Model::PayloadFilter::EMPTY);
    EXPECT_EQ(rules[0].windowStart, Seconds(2));
    EXPECT_EQ(rules[0].windowEnd, Seconds(3));
    EXPECT_EQ(rules[0].label, "ACK:empty[2s,3s]");

    EXPECT_EQ(rules[1].flags, FIN);
    EXPECT_EQ(rules[1].occurrence, 1u);
    EXPECT_EQ(rules[1].source, SERVER);
    EXPECT_EQ(rules[1].windowStart, Seconds(5));
    EXPECT_EQ(rules[1].windowEnd, Time::Max());

    EXPECT_FALSE(rules[2].exactFlags);
    EXPECT_EQ(rules[2].sourcePort, 80u);
    EXPECT_EQ(rules[2].payload, Model::PayloadFilter::NONEMPTY);
    EXPECT_EQ(rules[2].windowStart, MilliSeconds(2500));
    EXPECT_EQ(rules[2].windowEnd, MilliSeconds(3250));

    // Decimal fractions land on the exact instant, not one step below it.
    EXPECT_EQ(rules[3].windowStart, MilliSeconds(300));
    EXPECT_EQ(rules[3].windowEnd, Seconds(60));
    EXPECT_EQ(rules[4].windowStart, NanoSeconds(1500));
    EXPECT_EQ(rules[4].windowEnd, Hours(2));
    EXPECT_FALSE(rules[5].HasWindow());
    // Leading and trailing zeros are ignored; 10.0000000021 s is rounded to the
    // default resolution, the nanosecond.
    EXPECT_EQ(rules[6].windowStart, MilliSeconds(10));
    EXPECT_EQ(rules[6].windowEnd, NanoSeconds(10000000002));

    std::vector<std::string> canonical;
    for (const auto& rule : rules)
    {
        canonical.push_back(rule.ToString());
    }
    const std::vector<std::string> expected = {"ACK:empty[2s,3s]",
                                               "FIN#1@10.1.1.2[5s,]",
                                               "+ACK#2@*:80:data[2500ms,3250ms]",
                                               "SYN[300ms,60s]",
                                               "RST[1500ns,7200s]",
                                               "ACK",
                                               "ACK[10ms,10000000002ns]"};
    EXPECT_EQ(canonical, expected);

    // The canonical text parses back to the same rules.
    for (std::size_t i = 0; i < rules.size(); ++i)
    {
        SCOPED_TRACE(canonical[i]);
        std::vector<Model::Rule> again;
        ASSERT_TRUE(Model::ParseRules(canonical[i], again, error)) << error;
        ASSERT_EQ(again.size(), 1u);
        EXPECT_EQ(again[0].windowStart, rules[i].windowStart);
        EXPECT_EQ(again[0].windowEnd, rules[i].windowEnd);
        EXPECT_EQ(again[0].ToString(), canonical[i]);
    }

    Ptr<Model> model = ModelWithRules("ack:empty [2s,3s];FIN#1@10.1.1.2[5000ms,]");
    EXPECT_EQ(model->GetRules(), "ACK:empty[2s,3s];FIN#1@10.1.1.2[5s,]");
}

TEST(SegmentErrorModel, ParseRules_BadWindows_ErrorNamesTheTokenAndWhatIsAllowed)
{
    struct Case
    {
        std::string spec;
        std::vector<std::string> expected;
    };

    const std::string units = "s, ms, us, ns, ps, fs, min, h, d";
    const std::vector<Case> cases = {
        {"ACK[2x,3s]", {"rule 1 'ACK[2x,3s]'", "bad START '2x'", "'[2x,3s]'", units}},
        {"SYN;ACK[2s,3q]", {"rule 2 'ACK[2s,3q]'", "bad END '3q'", units}},
        {"ACK[2 s,3s]", {"bad START '2 s'", "no blank"}},
        {"ACK[2.s,3s]", {"bad START '2.s'"}},
        {"ACK[.5s,3s]", {"bad START '.5s'"}},
        {"ACK[1.2.3s,]", {"bad START '1.2.3s'"}},
        {"ACK[1e3s,]", {"bad START '1e3s'"}},
        {"ACK[+1s,]", {"bad START '+1s'"}},
        {"ACK[2S,3s]", {"bad START '2S'"}},
        {"ACK[2y,]", {"bad START '2y'"}},
        {"ACK[2,3]", {"bad START '2'"}},
        {"ACK[2s,3s", {"missing ']'", "'[2s,3s'", "'[START,END]'"}},
        {"ACK]2s,3s[", {"missing ']'"}},
        {"ACK 2s,3s]", {"']' without '['", "'[START,END]'"}},
        {"ACK[3s,2s]", {"empty time window '[3s,2s]'", "END after START"}},
        {"ACK[2s,2000ms]", {"empty time window '[2s,2000ms]'"}},
        {"ACK[-1s,3s]", {"negative START '-1s'", "at or after 0"}},
        {"ACK[1s,-3s]", {"negative END '-3s'"}},
        {"ACK[,3s]", {"missing START", "'[,3s]'"}},
        {"ACK[2s]", {"bad time window '[2s]'", "'[START,]' (no end)"}},
        {"ACK[2s,3s,4s]", {"bad time window '[2s,3s,4s]'"}},
        {"ACK[2s,3s]:empty", {"':empty' after the time window", "last in the rule"}},
        {"ACK[1s,2s][3s,4s]", {"more than one time window"}},
        {"ACK[99999999999d,]", {"START '99999999999d'", "beyond the largest simulation time"}},
        {"ACK[1s,99999999999999999999s]", {"END '99999999999999999999s'", "beyond"}},
        {"[2s,3s]", {"unknown flag ''"}},
    };
    for (const auto& c : cases)
    {
        std::vector<Model::Rule> rules;
        std::string error;
        EXPECT_FALSE(Model::ParseRules(c.spec, rules, error)) << c.spec;
        EXPECT_TRUE(rules.empty()) << c.spec;
        for (const auto& fragment : c.expected)
        {
            EXPECT_NE(error.find(fragment), std::string::npos)
                << "spec \"" << c.spec << "\": error \"" << error << "\" lacks \"" << fragment
                << "\"";
        }
    }
}

TEST(SegmentErrorModelDeathTest, RulesAttribute_BadWindow_AbortsNamingTheToken)
{
    EXPECT_DEATH(ModelWithRules("ACK[2s,1s]"), "empty time window '\\[2s,1s\\]'");
}

TEST(SegmentErrorModel, TimeWindow_DropsOnlyInsideTheWindow)
{
    Ptr<Model> model = ModelWithRules("ACK[2s,3s]");
    std::vector<Verdict> verdicts = JudgeAt(model,
                                            FromClient(ACK),
                                            {Seconds(1),
                                             Seconds(2) - NanoSeconds(1),
                                             Seconds(2),
                                             MilliSeconds(2500),
                                             Seconds(3) - NanoSeconds(1),
                                             Seconds(3),
                                             Seconds(4)});
    ASSERT_EQ(verdicts.size(), 7u);
    const std::vector<bool> dropped = {false, false, true, true, true, false, false};
    const std::vector<uint32_t> matches = {0, 0, 1, 2, 3, 3, 3};
    for (std::size_t i = 0; i < verdicts.size(); ++i)
    {
        SCOPED_TRACE(verdicts[i].at.As(Time::NS));
        EXPECT_EQ(verdicts[i].dropped, dropped[i]);
        EXPECT_EQ(verdicts[i].matches, matches[i]);
    }
    // Every segment is inspected; only those inside the window count for the rule.
    EXPECT_EQ(model->GetSegmentCount(), 7u);
    EXPECT_EQ(model->GetMatchCount(0), 3u);
    EXPECT_EQ(model->GetDropCount(), 3u);
}

TEST(SegmentErrorModel, TimeWindow_OccurrenceCountsOnlyInsideTheWindow)
{
    // Without the window the 2nd ACK would be the one at 1.5 s.
    Ptr<Model> model = ModelWithRules("ACK#2[2s,3s]");
    model->AddRule(Model::Nth(ACK, 2));
    std::vector<Verdict> verdicts = JudgeAt(
        model,
        FromClient(ACK),
        {Seconds(1), MilliSeconds(1500), Seconds(2), MilliSeconds(2500), MilliSeconds(2700)});
    ASSERT_EQ(verdicts.size(), 5u);
    const std::vector<bool> dropped = {false, true, false, true, false};
    for (std::size_t i = 0; i < verdicts.size(); ++i)
    {
        SCOPED_TRACE(verdicts[i].at.As(Time::MS));
        EXPECT_EQ(verdicts[i].dropped, dropped[i]);
    }
    EXPECT_EQ(model->GetMatchCount(0), 3u);
    EXPECT_EQ(model->GetMatchCount(1), 5u);
}

TEST(SegmentErrorModel, TimeWindow_FirstFinFromServerAfterFiveSeconds)
{
    Ptr<Model> model = ModelWithRules("FIN#1@10.1.1.2[5s,]");
    DropRecorder recorder;
    model->TraceConnectWithoutContext("Drop", MakeCallback(&DropRecorder::OnDrop, &recorder));
    std::vector<Verdict> verdicts =
        JudgeAt(model, FromServer(FIN), {Seconds(1), Seconds(4), Seconds(5), Seconds(6)});
    ASSERT_EQ(verdicts.size(), 4u);
    EXPECT_FALSE(verdicts[0].dropped);
    EXPECT_FALSE(verdicts[1].dropped);
    EXPECT_TRUE(verdicts[2].dropped);
    EXPECT_FALSE(verdicts[3].dropped);
    ASSERT_EQ(recorder.labels.size(), 1u);
    EXPECT_EQ(recorder.labels[0], "FIN#1@10.1.1.2[5s,]");
}

TEST(SegmentErrorModel, TimeWindow_ResetKeepsTheWindow)
{
    Ptr<Model> model = ModelWithRules("ACK#1[2s,3s]");
    std::vector<Verdict> first = JudgeAt(model, FromClient(ACK), {Seconds(1), MilliSeconds(2100)});
    model->Reset();
    std::vector<Verdict> second =
        JudgeAt(model, FromClient(ACK), {Seconds(1), MilliSeconds(2100), MilliSeconds(2200)});
    ASSERT_EQ(first.size(), 2u);
    ASSERT_EQ(second.size(), 3u);
    EXPECT_FALSE(first[0].dropped);
    EXPECT_TRUE(first[1].dropped);
    EXPECT_FALSE(second[0].dropped);
    EXPECT_TRUE(second[1].dropped);
    EXPECT_FALSE(second[2].dropped);
    EXPECT_EQ(model->GetRules(), "ACK#1[2s,3s]");
}
