/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The data phase: flow control against a receiver that stops reading, a FIN beyond a gap,
 * limited transmit.
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

class DataPath : public SimulatorTest
{
};

/// A receiver that reads nothing until told to, then everything.
struct SlowReader
{
    Ptr<ns3::Socket> conn;
    uint32_t received{0};
    bool reading{false};

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        conn = s;
        s->SetRecvCallback(MakeCallback(&SlowReader::OnData, this));
    }

    void OnData(Ptr<ns3::Socket> s)
    {
        if (!reading)
        {
            return;
        }
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            received += p->GetSize();
        }
    }

    void StartReading()
    {
        reading = true;
        OnData(conn);
    }
};

} // namespace

TEST_F(DataPath, ZeroWindow_SenderProbesPastDataRetries_ThenTransferCompletes)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(2000));
    Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(3));
    SlowReader reader;
    net.Listen(80, MakeCallback(&SlowReader::OnAccept, &reader));
    Ptr<ns3::Socket> client = net.Socket(0);
    int errorClosed = 0;
    client->SetCloseCallbacks(MakeNullCallback<void, Ptr<ns3::Socket>>(),
                              MakeSynFinCallback<void, Ptr<ns3::Socket>>(
                                  [&errorClosed](Ptr<ns3::Socket>) { ++errorClosed; }));
    SynFinSchedule(Seconds(1), [&]() { client->Connect(InetSocketAddress(net.Address(1), 80)); });
    SynFinSchedule(Seconds(2), [&]() { EXPECT_EQ(client->Send(Create<Packet>(10000), 0), 10000); });
    // The reader stays silent far longer than DataRetries (3) backed-off probes would last.
    Simulator::Schedule(Seconds(60), &SlowReader::StartReading, &reader);
    RunUntil(Seconds(200));

    EXPECT_EQ(errorClosed, 0);
    EXPECT_EQ(Sf(client)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(reader.received, 10000u);
    // While the window was closed the sender kept probing, on the persist timer: after
    // PersistTimeout (6 s), then 12 s, 24 s later (segments after the window filled).
    uint32_t probes = 0;
    for (const auto& seg : net.Segments())
    {
        probes +=
            (seg.node == 0 && seg.payload > 0 && seg.time > Seconds(3) && seg.time < Seconds(60));
    }
    EXPECT_GE(probes, 3u);
}

TEST_F(DataPath, FinBeyondAGap_HeldUntilTheGapFills_NoFinRetransmission)
{
    TwoNodeNet net;
    net.DropAtServer("+ACK#2@10.1.1.1:data"); // the second of two data segments, once
    uint32_t received = 0;
    Ptr<ns3::Socket> child;
    net.Listen(80,
               MakeSynFinCallback<void, Ptr<ns3::Socket>, const Address&>(
                   [&](Ptr<ns3::Socket> s, const Address&) {
                       child = s;
                       s->SetRecvCallback(
                           MakeSynFinCallback<void, Ptr<ns3::Socket>>([&](Ptr<ns3::Socket> r) {
                               while (Ptr<Packet> p = r->Recv())
                               {
                                   received += p->GetSize();
                                   if (p->GetSize() == 0)
                                   {
                                       break;
                                   }
                               }
                           }));
                   }));
    Ptr<ns3::Socket> client = net.Socket(0);
    SynFinSchedule(Seconds(1), [&]() { client->Connect(InetSocketAddress(net.Address(1), 80)); });
    SynFinSchedule(Seconds(2), [&]() {
        // 524 + 476 bytes: SegmentSize 536 less 12 for the timestamps (RFC 6691).
        client->Send(Create<Packet>(1000), 0);
    });
    // FIN right behind the data, a moment later: closed in the same instant, the FIN would
    // ride on the last data segment and be lost with it.
    SynFinSchedule(Seconds(2) + MicroSeconds(1), [&]() { client->Close(); });
    RunUntil(Seconds(10));

    EXPECT_EQ(net.DropsAtServer(), 1u);
    EXPECT_EQ(received, 1000u);
    uint32_t clientFins = 0;
    Time retransmittedDataAt;
    for (const auto& seg : net.Segments())
    {
        // A FIN of its own; the retransmitted last data segment may carry it too.
        clientFins += (seg.node == 0 && (seg.flags & TcpHeader::FIN) && seg.payload == 0) ? 1 : 0;
        if (seg.node == 0 && seg.payload == 476 && seg.time > Seconds(2.5))
        {
            retransmittedDataAt = seg.time;
        }
    }
    EXPECT_EQ(clientFins, 1u); // the held FIN was never needed again on its own
    ASSERT_TRUE(retransmittedDataAt.IsStrictlyPositive());
    // The server's child reaches CLOSE-WAIT when the retransmitted segment fills the gap.
    uint64_t childConn = net.Connections(1).at(1);
    Time closeWaitAt = net.EnteredAt(1, childConn, TcpSocket::CLOSE_WAIT);
    EXPECT_GT(closeWaitAt, retransmittedDataAt);
    EXPECT_LT(closeWaitAt, retransmittedDataAt + MilliSeconds(20));
}

namespace
{

/**
 * An active opener sending 1000-byte segments with an initial window of four, its peer's
 * SYN-ACK offering 65535 bytes; 10000 bytes written. Returns SND.UNA after the handshake.
 */
uint32_t
FourSegmentsOut(SocketHarness& h, Ptr<SynFinSocket> s)
{
    s->SetAttribute("SegmentSize", UintegerValue(1000));
    s->SetAttribute("InitialCwnd", UintegerValue(4));
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    EXPECT_EQ(syn.size(), 1u);
    h.Send(TcpHeader::SYN | TcpHeader::ACK,
           SocketHarness::kPeerIss,
           syn.at(0).seq + 1,
           0,
           65535,
           1000);
    h.Take(); // the handshake's ACK
    EXPECT_EQ(s->Send(Create<Packet>(10000), 0), 10000);
    h.Advance(MilliSeconds(1));
    return syn.at(0).seq + 1;
}

} // namespace

TEST_F(DataPath, LimitedTransmit_FirstTwoDuplicateAcksEachSendANewSegment)
{
    // RFC 3042 section 2: on each of the first two duplicate ACKs one new segment, beyond
    // cwnd; the third starts fast retransmit of the first segment.
    for (bool limitedTransmit : {true, false})
    {
        SCOPED_TRACE(limitedTransmit ? "LimitedTransmit on" : "off");
        SocketHarness h;
        Ptr<SynFinSocket> s = h.NewSocket();
        s->SetAttribute("LimitedTransmit", BooleanValue(limitedTransmit));
        uint32_t una = FourSegmentsOut(h, s);
        ASSERT_EQ(h.Take().size(), 4u); // the initial window
        for (uint32_t dup = 1; dup <= 2; ++dup)
        {
            h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una, 0, 65535);
            h.Advance(MilliSeconds(1));
            if (limitedTransmit)
            {
                h.Expect({TcpHeader::ACK, una + 3000 + 1000 * dup, -1, -1, 1000});
            }
            h.ExpectNothing();
        }
        h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una, 0, 65535);
        h.Advance(MilliSeconds(1));
        h.Expect({TcpHeader::ACK, una, -1, -1, 1000}); // fast retransmit
    }
}
