/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Packet-level conformance of one socket against a scripted peer: each test is one exchange,
 * and checks every segment the socket emits (flags, seq, ack, window, length). The cases are
 * the ones where RFC 9293, RFC 5681/6298/6582, RFC 5961 or Linux pin an exact answer.
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;
constexpr uint8_t PSH = TcpHeader::PSH;
constexpr uint32_t kPeer = SocketHarness::kPeerIss;

class Conformance : public SimulatorTest
{
  protected:
    SocketHarness h;
};

/// An application that answers every request from inside its receive callback.
struct Responder
{
    uint32_t responseSize{50};

    void OnRecv(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            s->Send(Create<Packet>(responseSize), 0);
        }
    }
};

} // namespace

// RFC 9293 3.10.7.4: the data and the FIN of one segment are acknowledged together.
TEST_F(Conformance, DataCarryingFin_AnsweredByOneAck)
{
    Ptr<SynFinSocket> child = h.EstablishedServer();
    h.Send(ACK | PSH | FIN, kPeer + 1, child->GetIss().GetValue() + 1, 100);
    h.Expect({ACK, child->GetIss().GetValue() + 1, kPeer + 1 + 100 + 1});
    h.Advance(Seconds(1));
    h.ExpectNothing();
    EXPECT_EQ(child->GetState(), TcpSocket::CLOSE_WAIT);
}

// RFC 1122 4.2.3.2: a response sent from the receive callback carries the ACK; no delayed
// ACK follows it.
TEST_F(Conformance, ResponseFromReceiveCallback_CarriesTheAck_NoDelayedAckAfter)
{
    Ptr<SynFinSocket> child = h.EstablishedServer();
    Responder app;
    child->SetRecvCallback(MakeCallback(&Responder::OnRecv, &app));
    h.Send(ACK | PSH, kPeer + 1, child->GetIss().GetValue() + 1, 100);
    h.Expect({ACK, child->GetIss().GetValue() + 1, kPeer + 101, -1, 50});
    h.Advance(MilliSeconds(900)); // less than the 1 s RTO, more than the 200 ms delayed ACK
    h.ExpectNothing();
}

// RFC 9293 3.8.6.2.2 and RFC 7323 2.4: held out-of-order data must not move the right edge
// of the window left, and in-window segments are accepted.
TEST_F(Conformance, OutOfOrderDataHeld_SmallReceiveBuffer_RightEdgeNeverShrinks)
{
    Ptr<SynFinSocket> listener = h.NewSocket();
    listener->SetAttribute("RcvBufSize", UintegerValue(8192));
    h.Listen(listener);
    h.Send(SYN, kPeer, 0, 0, 65535, 1460);
    Sent synAck = h.Expect({SYN | ACK, -1, kPeer + 1, 8192});
    h.Send(ACK, kPeer + 1, synAck.seq + 1);
    uint32_t iss = synAck.seq;
    const uint32_t edge = kPeer + 1 + 8192;

    h.Send(ACK, kPeer + 1 + 1000, iss + 1, 1000); // a gap of 1000 before it
    Sent a = h.Expect({ACK, iss + 1, kPeer + 1});
    EXPECT_EQ(a.ack + a.window, edge) << a.ToString();

    h.Send(ACK, kPeer + 1 + 7000, iss + 1, 1000); // ends at 8000, inside the window
    Sent b = h.Expect({ACK, iss + 1, kPeer + 1});
    EXPECT_EQ(b.ack + b.window, edge) << b.ToString();

    h.Send(ACK, kPeer + 1, iss + 1, 1000); // fills the first gap
    Sent c = h.Expect({ACK, iss + 1, kPeer + 1 + 2000});
    EXPECT_EQ(c.ack + c.window, edge) << c.ToString();

    h.Send(ACK, kPeer + 1 + 2000, iss + 1, 5000); // fills the second
    Sent d = h.Expect({ACK, iss + 1, kPeer + 1 + 8000});
    EXPECT_EQ(d.ack + d.window, edge) << d.ToString();
}

// RFC 9293 3.10.4 (CLOSE in SYN-RECEIVED sends FIN); the unacknowledged SYN is what the
// retransmission timer resends, and the connection survives a silent peer.
TEST_F(Conformance, SimultaneousOpen_CloseInSynReceived_SilentPeer_RetransmitsSynAck)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    Sent syn = h.Expect({SYN});
    uint32_t iss = syn.seq;
    h.Send(SYN, kPeer, 0, 0, 65535, 1460); // the peer's own SYN crosses ours
    h.Expect({SYN | ACK, iss, kPeer + 1});
    ASSERT_EQ(s->GetState(), TcpSocket::SYN_RCVD);
    EXPECT_EQ(s->Close(), 0);
    h.Expect({FIN | ACK, iss + 1, kPeer + 1});
    h.Advance(Seconds(30));
    std::vector<Sent> later = h.Take();
    ASSERT_FALSE(later.empty());
    EXPECT_EQ(FlagNames(later[0].flags), "SYN|ACK") << later[0].ToString();
    EXPECT_EQ(later[0].seq, iss);
}

TEST_F(Conformance, SimultaneousOpen_CloseInSynReceived_PeerAcksSynAndFin_FinWait2)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    uint32_t iss = h.Expect({SYN}).seq;
    h.Send(SYN, kPeer, 0, 0, 65535, 1460);
    h.Expect({SYN | ACK, iss, kPeer + 1});
    s->Close();
    h.Expect({FIN | ACK, iss + 1, kPeer + 1});
    h.Send(ACK, kPeer + 1, iss + 2);
    EXPECT_EQ(s->GetState(), TcpSocket::FIN_WAIT_2);
    h.ExpectNothing();
}

namespace
{

/// An established client whose ISS lies in the upper half of the sequence space.
Ptr<SynFinSocket>
ClientWithUpperHalfIss(SocketHarness& h, uint32_t segmentSize, uint16_t peerMss)
{
    for (int i = 0; i < 64; ++i)
    {
        Ptr<SynFinSocket> s = h.NewSocket();
        s->SetAttribute("SegmentSize", UintegerValue(segmentSize));
        h.Connect(s);
        Sent syn = h.Expect({SYN});
        if (syn.seq < 0x80000000u)
        {
            s->Abort();
            h.Take();
            continue;
        }
        h.Send(SYN | ACK, kPeer, syn.seq + 1, 0, 65535, peerMss);
        h.Expect({ACK, syn.seq + 1, kPeer + 1});
        h.Advance(Seconds(0));
        return s;
    }
    ADD_FAILURE() << "no ISS in the upper half in 64 tries";
    return nullptr;
}

} // namespace

// RFC 6582 3.2: recover starts at the ISS, so fast retransmit works wherever the ISS lies.
TEST_F(Conformance, FastRetransmit_IssInUpperHalf_ThirdDuplicateAckRetransmits)
{
    Ptr<SynFinSocket> s = ClientWithUpperHalfIss(h, 1000, 1460);
    ASSERT_TRUE(s);
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(5000), 0);
    EXPECT_EQ(h.Take().size(), 5u);
    for (int i = 0; i < 3; ++i)
    {
        h.Send(ACK, kPeer + 1, una);
    }
    h.Expect({ACK, una, kPeer + 1, -1, 1000});
    h.ExpectNothing();
}

// The retransmission is sized by the effective MSS (RFC 9293 3.7.1), not SegmentSize.
TEST_F(Conformance, FastRetransmit_PeerMssSmallerThanSegmentSize_RetransmitsOneEffectiveMss)
{
    Ptr<SynFinSocket> s = h.EstablishedClient(65535, 500, 1000);
    uint32_t iss = s->GetIss().GetValue();
    s->Send(Create<Packet>(2500), 0);
    std::vector<Sent> burst = h.Take();
    ASSERT_EQ(burst.size(), 5u);
    for (const Sent& seg : burst)
    {
        EXPECT_EQ(seg.length, 500u);
    }
    for (int i = 0; i < 3; ++i)
    {
        h.Send(ACK, kPeer + 1, iss + 1);
    }
    h.Expect({ACK, iss + 1, kPeer + 1, -1, 500});
}

// A retransmission never reads the FIN's sequence number as a data byte.
TEST_F(Conformance, FastRetransmit_DataThenFinOutstanding_RetransmitsTheDataBytesOnly)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(300), 0);
    h.Expect({ACK, una, kPeer + 1, -1, 300});
    s->Close();
    h.Expect({FIN | ACK, una + 300, kPeer + 1, -1, 0});
    for (int i = 0; i < 3; ++i)
    {
        h.Send(ACK, kPeer + 1, una);
    }
    std::vector<Sent> out = h.Take();
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0].seq, una);
    EXPECT_EQ(out[0].length, 300u) << out[0].ToString();
}

// RFC 6298 section 5 and Karn: the backed-off RTO stays until an ACK of new, never
// retransmitted data gives an RTT sample.
TEST_F(Conformance, Karn_AckOfRetransmittedData_KeepsTheBackedOffRto)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(100), 0);
    Sent first = h.Expect({ACK, una, -1, -1, 100});
    h.Advance(Seconds(1.5)); // one RTO (1 s: the floor), not two
    Sent retx = h.Expect({ACK, una, -1, -1, 100});
    Time backedOff = 2 * (retx.time - first.time);
    h.Send(ACK, kPeer + 1, una + 100); // acknowledges the retransmission: no sample
    h.ExpectNothing();
    s->Send(Create<Packet>(100), 0);
    Sent next = h.Expect({ACK, una + 100, -1, -1, 100});
    h.Advance(Seconds(20));
    Sent nextRetx = h.Expect({ACK, una + 100, -1, -1, 100});
    EXPECT_EQ((nextRetx.time - next.time).GetMilliSeconds(), backedOff.GetMilliSeconds());
}

// RFC 9293 3.8.6.1: a zero window is probed; the probes are not a loss (no cwnd collapse,
// no full segment into the closed window) and their answers are not duplicate ACKs.
TEST_F(Conformance, ZeroWindow_ProbesAreOneByte_AnswersNotDuplicateAcks_CwndKept)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(536), 0);
    h.Expect({ACK, una, -1, -1, 536});
    h.Send(ACK, kPeer + 1, una + 536, 0, 0); // all acknowledged, window closed
    s->Send(Create<Packet>(5360), 0);
    h.ExpectNothing();
    for (int probe = 0; probe < 4; ++probe)
    {
        for (int step = 0; step < 1300 && h.Pending().empty(); ++step)
        {
            h.Advance(MilliSeconds(100));
        }
        std::vector<Sent> out = h.Take();
        ASSERT_EQ(out.size(), 1u) << "probe " << probe;
        EXPECT_EQ(out[0].seq, una + 536) << out[0].ToString();
        EXPECT_EQ(out[0].length, 1u) << out[0].ToString();
        for (int i = 0; i < 3; ++i)
        {
            h.Send(ACK, kPeer + 1, una + 536, 0, 0); // the probe's answer, still closed
        }
        h.ExpectNothing();
    }
    h.Send(ACK, kPeer + 1, una + 536, 0, 65535); // the window opens
    std::vector<Sent> burst = h.Take();
    EXPECT_GE(burst.size(), 4u) << "congestion window collapsed by the probes";
}

// Linux (inet_csk_listen_stop): closing a listener drops its half-open children silently
// and resets the established ones waiting in the accept queue.
TEST_F(Conformance, ListenerClose_HalfOpenChildDropped_LaterAckGetsRst)
{
    Ptr<SynFinSocket> listener = h.NewSocket();
    h.Listen(listener);
    h.Send(SYN, kPeer, 0, 0, 65535, 1460);
    Sent synAck = h.Expect({SYN | ACK, -1, kPeer + 1});
    std::size_t before = h.Tcp()->GetSocketCount();
    listener->Close();
    EXPECT_LE(h.Tcp()->GetSocketCount(), before - 2);
    h.Advance(Seconds(10));
    h.ExpectNothing(); // no SYN-ACK retransmissions from an orphan
    h.Send(ACK, kPeer + 1, synAck.seq + 1);
    h.Expect({RST, synAck.seq + 1});
}

namespace
{

/// ManualAccept on `listener`, then one handshake whose child waits in its accept queue.
Sent
CompleteIntoAcceptQueue(SocketHarness& h, Ptr<SynFinSocket> listener)
{
    listener->SetAttribute("ManualAccept", BooleanValue(true));
    h.Listen(listener);
    h.Send(SYN, kPeer, 0, 0, 65535, 1460);
    Sent synAck = h.Expect({SYN | ACK, -1, kPeer + 1});
    h.Send(ACK, kPeer + 1, synAck.seq + 1);
    return synAck;
}

} // namespace

TEST_F(Conformance, ListenerClose_AcceptQueueChild_ResetAndClosed)
{
    Ptr<SynFinSocket> listener = h.NewSocket();
    Sent synAck = CompleteIntoAcceptQueue(h, listener);
    ASSERT_EQ(listener->GetAcceptQueueLength(), 1u);
    listener->Close();
    h.Expect({RST, synAck.seq + 1}); // RFC 9293 3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>
    h.ExpectNothing();
    EXPECT_EQ(listener->GetAcceptQueueLength(), 0u);
}

// Linux (tcp_conn_request): while the accept queue is full a new SYN is dropped, not
// answered with a SYN-ACK that could not be completed.
TEST_F(Conformance, AcceptQueueFull_NewSynDropped)
{
    Ptr<SynFinSocket> listener = h.NewSocket();
    listener->SetAttribute("ManualAccept", BooleanValue(true));
    listener->SetAttribute("AcceptBacklog", UintegerValue(1));
    h.Listen(listener);
    h.Send(SYN, kPeer, 0, 0, 65535, 1460);
    Sent synAck = h.Expect({SYN | ACK});
    h.Send(ACK, kPeer + 1, synAck.seq + 1);
    ASSERT_EQ(listener->GetAcceptQueueLength(), 1u);
    h.SetPeerPort(5001);
    h.Send(SYN, kPeer + 7, 0, 0, 65535, 1460);
    h.ExpectNothing();
    EXPECT_EQ(listener->GetSynQueueLength(), 0u);
}

// RFC 6191 / Linux: a connection reopened from TIME-WAIT starts beyond the old sequence
// space (Linux: the old SND.NXT + 65535 + 2), so old duplicates cannot be taken as new.
TEST_F(Conformance, SynReusingTimeWait_NewIssBeyondOldSequenceSpace)
{
    Ptr<SynFinSocket> child = h.EstablishedServer();
    uint32_t iss = child->GetIss().GetValue();
    child->Close();
    h.Expect({FIN | ACK, iss + 1, kPeer + 1});
    h.Send(FIN | ACK, kPeer + 1, iss + 2);
    h.Expect({ACK, iss + 2, kPeer + 2});
    ASSERT_EQ(child->GetState(), TcpSocket::TIME_WAIT);
    h.Send(SYN, kPeer + 100000, 0, 0, 65535, 1460);
    Sent synAck = h.Expect({SYN | ACK, -1, kPeer + 100001});
    EXPECT_EQ(synAck.seq, iss + 2 + 65535 + 2);
}

// RFC 5961 section 7 (Linux tcp_invalid_ratelimit, 500 ms): challenge ACKs are throttled.
TEST_F(Conformance, ChallengeAcks_RateLimitedPerConnection)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    for (int i = 0; i < 5; ++i)
    {
        h.Send(RST, kPeer + 1 + 10 + i, 0); // in the window, not exact: challenge
    }
    h.Expect({ACK, una, kPeer + 1});
    h.ExpectNothing();
    h.Advance(MilliSeconds(600));
    h.Send(RST, kPeer + 1 + 20, 0);
    h.Expect({ACK, una, kPeer + 1});
    EXPECT_EQ(s->GetState(), TcpSocket::ESTABLISHED);
}

// RFC 5961 5.2: an ACK older than SND.UNA - MAX.SND.WND is dropped with a challenge ACK,
// its data is not taken.
TEST_F(Conformance, AckTooOld_SegmentDroppedWithChallengeAck)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    h.Send(ACK | PSH, kPeer + 1, una - 200000, 100);
    h.Expect({ACK, una, kPeer + 1});
    EXPECT_EQ(s->GetRxAvailable(), 0u);
}

// RFC 9293 3.10.7.4: the send window is updated only by an ACK with SND.UNA =< SEG.ACK.
TEST_F(Conformance, OldAck_DoesNotUpdateTheSendWindow)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(1000), 0);
    h.Advance(MicroSeconds(1)); // the runt after the first full segment leaves too
    h.Take();
    h.Send(ACK | PSH, kPeer + 1, una + 500, 10); // SND.UNA moves to una + 500
    h.Send(ACK | PSH, kPeer + 11, una, 10, 0);   // newer data, old ACK, "window 0"
    h.Take();
    s->Send(Create<Packet>(100), 0);
    h.Advance(MicroSeconds(1)); // a runt with data in flight leaves at the end of the instant
    std::vector<Sent> out = h.Take();
    ASSERT_EQ(out.size(), 1u) << "the old ACK closed the window";
    EXPECT_EQ(out[0].length, 100u);
}

// Linux (tcp_min_snd_mss): an MSS option below 48 is raised to 48.
TEST_F(Conformance, TinyPeerMss_ClampedTo48)
{
    Ptr<SynFinSocket> s = h.EstablishedClient(65535, 10, 1000);
    uint32_t iss = s->GetIss().GetValue();
    s->Send(Create<Packet>(100), 0);
    h.Expect({ACK, iss + 1, -1, -1, 48});
}

// RFC 5681 3.1: the initial window is counted in effective-MSS segments.
TEST_F(Conformance, InitialWindow_CountedInEffectiveMss)
{
    Ptr<SynFinSocket> s = h.EstablishedClient(65535, 500, 1000);
    s->Send(Create<Packet>(20000), 0);
    EXPECT_EQ(h.Take().size(), 10u); // InitialCwnd 10 x 500 bytes
}

// RFC 5681 3.1: after a retransmitted SYN the initial window is one segment.
TEST_F(Conformance, InitialWindow_AfterRetransmittedSyn_IsOneSegment)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    uint32_t iss = h.Expect({SYN}).seq;
    h.Advance(Seconds(3.5)); // ConnTimeout: 3 s
    h.Expect({SYN, iss});
    h.Send(SYN | ACK, kPeer, iss + 1, 0, 65535, 1460);
    h.Expect({ACK});
    h.Advance(Seconds(0));
    s->Send(Create<Packet>(5000), 0);
    EXPECT_EQ(h.Take().size(), 1u);
}

// A FIN queued behind unsent data leaves on the last data segment (as Linux and BSD do).
TEST_F(Conformance, CloseWithDataQueued_FinPiggybackedOnLastSegment)
{
    Ptr<SynFinSocket> s = h.EstablishedClient(1000, 1000, 1000); // room for one segment
    uint32_t iss = s->GetIss().GetValue();
    s->Send(Create<Packet>(3000), 0);
    h.Expect({ACK, iss + 1, -1, -1, 1000});
    h.ExpectNothing();
    s->Close();
    h.ExpectNothing();
    h.Send(ACK, kPeer + 1, iss + 1001, 0, 2000);
    h.Expect({ACK, iss + 1001, -1, -1, 1000});
    h.Expect({ACK | FIN, iss + 2001, -1, -1, 1000});
    h.ExpectNothing();
}

// Linux (bind(2) without SO_REUSEADDR): a port that only a TIME-WAIT record still uses cannot
// be bound; with ReuseAddress it can.
TEST_F(Conformance, BindToPortHeldOnlyByTimeWait_FailsUnlessReuseAddress)
{
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    uint16_t port = h.LocalPort();
    s->Close();
    h.Expect({FIN | ACK, una, kPeer + 1});
    h.Send(FIN | ACK, kPeer + 1, una + 1);
    h.Expect({ACK, una + 1, kPeer + 2});
    ASSERT_EQ(s->GetState(), TcpSocket::TIME_WAIT);

    Ptr<SynFinSocket> plain = h.NewSocket();
    EXPECT_EQ(plain->Bind(InetSocketAddress(SocketHarness::LocalAddress(), port)), -1);
    EXPECT_EQ(plain->GetErrno(), ns3::Socket::ERROR_ADDRINUSE);
    Ptr<SynFinSocket> reusing = h.NewSocket();
    reusing->SetAttribute("ReuseAddress", BooleanValue(true));
    EXPECT_EQ(reusing->Bind(InetSocketAddress(SocketHarness::LocalAddress(), port)), 0);
}

namespace
{

/// Connect a fresh socket of node 0 to the server's `port`; the socket, or nullptr.
Ptr<ns3::Socket>
ConnectTo(TwoNodeNet& net, uint16_t port)
{
    Ptr<ns3::Socket> s = net.Socket(0);
    if (s->Connect(InetSocketAddress(net.Address(1), port)) != 0)
    {
        return nullptr;
    }
    return s;
}

uint16_t
LocalPortOf(Ptr<ns3::Socket> s)
{
    Address a;
    s->GetSockName(a);
    return InetSocketAddress::ConvertFrom(a).GetPort();
}

void
Ignore(Ptr<ns3::Socket>, const Address&)
{
}

} // namespace

// Linux (connect(2) without bind): the local port must make the 4-tuple unique, not the port
// alone, so one ephemeral port serves connections to different peers or peer ports.
TEST_F(Conformance, ConnectWithoutBind_OnePortServesDifferentPeerPorts)
{
    TwoNodeNet net;
    net.Tcp(0)->SetAttribute("EphemeralPortFirst", UintegerValue(40000));
    net.Tcp(0)->SetAttribute("EphemeralPortLast", UintegerValue(40000));
    Ptr<ns3::Socket> l80 = net.Listen(80, MakeCallback(&Ignore));
    Ptr<ns3::Socket> l81 = net.Listen(81, MakeCallback(&Ignore));
    Ptr<ns3::Socket> a;
    Ptr<ns3::Socket> b;
    Ptr<ns3::Socket> c;
    SynFinSchedule(Seconds(1), [&]() {
        a = ConnectTo(net, 80);
        b = ConnectTo(net, 81);
        c = ConnectTo(net, 80); // the only port is taken towards :80
    });
    RunUntil(Seconds(2));
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_FALSE(c);
    EXPECT_EQ(LocalPortOf(a), 40000);
    EXPECT_EQ(LocalPortOf(b), 40000);
    EXPECT_EQ(Sf(a)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(Sf(b)->GetState(), TcpSocket::ESTABLISHED);
    // Bind() to port 0 wants a port of its own: there is none left.
    Ptr<ns3::Socket> bound = net.Socket(0);
    EXPECT_EQ(bound->Bind(), -1);
}

// ns-3's ReTxThreshold (stock name, on the socket or by Config::SetDefault) sets how many
// duplicate ACKs start fast retransmit; no warning is given, it is honoured.
TEST_F(Conformance, ReTxThresholdTwo_SecondDuplicateAckRetransmits)
{
    Config::SetDefault("ns3::TcpSocketBase::ReTxThreshold", UintegerValue(2));
    testing::internal::CaptureStderr();
    Ptr<SynFinSocket> s = h.EstablishedClient();
    uint32_t una = s->GetIss().GetValue() + 1;
    s->Send(Create<Packet>(5 * 536), 0);
    EXPECT_EQ(h.Take().size(), 5u);
    h.Send(ACK, kPeer + 1, una);
    h.ExpectNothing();
    h.Send(ACK, kPeer + 1, una);
    h.Expect({ACK, una, kPeer + 1, -1, 536});
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

// A child the peer closed while it waited in the accept queue (CLOSE-WAIT) is reset too.
TEST_F(Conformance, ListenerClose_AcceptQueueChildInCloseWait_Reset)
{
    Ptr<SynFinSocket> listener = h.NewSocket();
    Sent synAck = CompleteIntoAcceptQueue(h, listener);
    h.Send(FIN | ACK, kPeer + 1, synAck.seq + 1);
    h.Expect({ACK, synAck.seq + 1, kPeer + 2});
    ASSERT_EQ(listener->GetAcceptQueueLength(), 1u);
    listener->Close();
    h.Expect({RST, synAck.seq + 1});
    h.ExpectNothing();
}
