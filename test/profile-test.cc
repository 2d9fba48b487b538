/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Behaviour profiles: each pins the schedule its stack follows (SYN retransmissions against
 * a silent peer, SYN-ACK retransmissions of a half-open connection, TIME-WAIT length, the
 * ACK of a FIN), and stays an ordinary attribute default that can be overridden.
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include "ns3/synfin-profile.h"

#include <fstream>
#include <set>
#include <sstream>

using namespace ns3;
using namespace synfin_test;

namespace
{

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;

class Profile : public SimulatorTest
{
  protected:
    /// Apply a profile that must exist.
    static void Use(const std::string& name)
    {
        std::string error;
        ASSERT_TRUE(SynFinProfile::Apply(name, error)) << error;
    }
};

/// When a failed connect was reported.
void
RecordFailure(Time* when, Ptr<Socket>)
{
    *when = Simulator::Now();
}

/// When a socket of the node reached CLOSED from \p from.
void
RecordClosedFrom(SynFinState from, Time* when, const SynFinStateChange& c)
{
    if (c.from == from && c.to == TcpSocket::CLOSED)
    {
        *when = c.time;
    }
}

/// Seconds of each segment with exactly \p flags, relative to the first of them.
std::vector<double>
TimesOf(const std::vector<Sent>& sent, uint8_t flags)
{
    std::vector<double> t;
    for (const Sent& s : sent)
    {
        if ((s.flags & ~TcpHeader::PSH) == flags)
        {
            t.push_back(s.time.GetSeconds());
        }
    }
    for (double& x : t)
    {
        x -= t.empty() ? 0 : t.front();
    }
    return t;
}

/// Connect to the silent scripted peer; return the SYN times and the failure time.
std::pair<std::vector<double>, double>
SynScheduleAgainstSilence()
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    Time failed = Seconds(-1);
    s->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                          MakeBoundCallback(&RecordFailure, &failed));
    h.Connect(s);
    h.Advance(Seconds(1000));
    std::vector<Sent> sent = h.Take();
    return {TimesOf(sent, SYN), (failed - sent.front().time).GetSeconds()};
}

/// Send one SYN to a listener and never answer; return SYN-ACK times and when the
/// half-open connection was dropped.
std::pair<std::vector<double>, double>
SynAckScheduleOfHalfOpen()
{
    SocketHarness h;
    Ptr<SynFinSocket> listener = h.NewSocket();
    h.Listen(listener);
    Time dropped = Seconds(-1);
    h.Tcp()->TraceConnectWithoutContext(
        "Transition",
        MakeBoundCallback(&RecordClosedFrom, TcpSocket::SYN_RCVD, &dropped));
    h.Send(SYN, SocketHarness::kPeerIss, 0, 0, 65535, 1460);
    h.Advance(Seconds(1000));
    std::vector<Sent> sent = h.Take();
    return {TimesOf(sent, SYN | ACK), (dropped - sent.front().time).GetSeconds()};
}

/// Close an established client first, complete the close; return TIME-WAIT's length.
double
TimeWaitLength()
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.EstablishedClient();
    Time left = Seconds(-1);
    h.Tcp()->TraceConnectWithoutContext(
        "Transition",
        MakeBoundCallback(&RecordClosedFrom, TcpSocket::TIME_WAIT, &left));
    s->Close();
    Sent fin = h.Expect({FIN | ACK});
    h.Send(FIN | ACK, SocketHarness::kPeerIss + 1, fin.seq + 1);
    Sent last = h.Expect({ACK});
    h.Advance(Seconds(1000));
    return (left - last.time).GetSeconds();
}

/// An established client; \p sndNxt receives its SND.NXT.
Ptr<SynFinSocket>
Established(SocketHarness& h, uint32_t& sndNxt)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    Sent syn = h.Expect({SYN});
    h.Send(SYN | ACK, SocketHarness::kPeerIss, syn.seq + 1, 0, 65535, 1460);
    h.Expect({ACK});
    h.Advance(Seconds(0));
    sndNxt = syn.seq + 1;
    return s;
}

/**
 * Data first, as in the measurements of the delayed FIN ACK: the peer sends 16 one-byte
 * segments (Linux's quick-ACK mode: each acknowledged at once), the application reads them.
 * \return the peer's next sequence number
 */
uint32_t
ReceiveData(SocketHarness& h, Ptr<SynFinSocket> s, uint32_t sndNxt)
{
    uint32_t seq = SocketHarness::kPeerIss + 1;
    for (int i = 0; i < 16; ++i)
    {
        h.Send(ACK, seq, sndNxt, 1);
        ++seq;
        h.Advance(MilliSeconds(1));
    }
    s->Recv(1000, 0);
    EXPECT_EQ(s->GetRxAvailable(), 0u);
    EXPECT_EQ(h.Take().size(), 16u) << "each of the first 16 segments acknowledged at once";
    return seq;
}

void
ExpectTimes(const std::vector<double>& got, const std::vector<double>& want)
{
    ASSERT_EQ(got.size(), want.size()) << ::testing::PrintToString(got);
    for (std::size_t i = 0; i < want.size(); ++i)
    {
        EXPECT_NEAR(got[i], want[i], 1e-6) << "index " << i;
    }
}

} // namespace

TEST_F(Profile, Names_EveryOneApplies_UnknownNameListsTheAllowedOnes)
{
    std::set<std::string> attributes;
    for (const std::string& name : SynFinProfile::GetNames())
    {
        SCOPED_TRACE(name);
        EXPECT_TRUE(SynFinProfile::Exists(name));
        EXPECT_FALSE(SynFinProfile::Describe(name).empty());
        Use(name);
        std::set<std::string> these;
        for (const SynFinProfileSetting& s : SynFinProfile::GetSettings(name))
        {
            EXPECT_FALSE(s.source.empty()) << s.attribute;
            these.insert(s.attribute);
        }
        // Every profile sets the same attributes, so none leaves a value of another behind.
        if (attributes.empty())
        {
            attributes = these;
        }
        EXPECT_EQ(these, attributes);
    }
    std::string error;
    EXPECT_FALSE(SynFinProfile::Apply("solaris", error));
    EXPECT_NE(error.find("'solaris'"), std::string::npos);
    EXPECT_NE(error.find("rfc9293, linux, linux-6, linux-5, freebsd, windows"), std::string::npos)
        << error;
}

TEST_F(Profile, Linux6_SynSchedule_FiveLinearTimeoutsThenDoubling_FailsAt131s)
{
    Use("linux");
    auto [syns, failed] = SynScheduleAgainstSilence();
    // Measured on Linux 6.18: 0, 1.0, 2.1, 3.1, 4.1, 5.1, 7.2, 11.3, 19.5, 35.7, 68-70 s,
    // failure at 133-135 s (the kernel's timer wheel runs long timers late).
    ExpectTimes(syns, {0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67});
    EXPECT_NEAR(failed, 131, 1e-6);
}

/**
 * The linux profile's SYN schedule against silence with tcp_syn_retries lowered to \p n, set
 * as synfin-drill's sysctl table sets it: n + 4 retransmissions, a (2^(n+1) - 1) s budget.
 * \return SYN times and the failure time, from the first SYN
 */
std::pair<std::vector<double>, double>
LinuxWithSynRetries(uint32_t n)
{
    std::string error;
    EXPECT_TRUE(SynFinProfile::Apply("linux", error)) << error;
    Config::SetDefault("ns3::TcpSocket::ConnCount", UintegerValue(n + 4));
    Config::SetDefault("ns3::SynFinSocket::ConnectTimeLimit", TimeValue(Seconds((2 << n) - 1)));
    return SynScheduleAgainstSilence();
}

TEST_F(Profile, Linux6_LoweredSynRetries_TimeBudgetEndsTheConnectAtATimeout)
{
    // tcp_syn_retries=N: N + 4 retransmissions, or the first timeout (2^(N+1) - 1) s after
    // the first SYN. Measured through a tap device with N=2 (test/linux-peer-check.py):
    // SYNs at 0, 1.0, 2.0, 3.1, 4.1, 5.1 s, failure at 7.1 s; the count alone would send a
    // sixth retransmission at 7 s and fail at 11 s.
    auto [syns, failed] = LinuxWithSynRetries(2);
    ExpectTimes(syns, {0, 1, 2, 3, 4, 5});
    EXPECT_NEAR(failed, 7, 1e-6);
}

TEST_F(Profile, Linux6_TimeBudget_CheckedOnlyWhenTheTimerFires)
{
    // tcp_syn_retries=3: the 15 s budget is checked at the timeouts, so the one at 11 s still
    // retransmits and the connect fails at the next, 19 s; a timer of its own (FreeBSD's
    // keepinit) would end it at 15 s.
    auto [syns, failed] = LinuxWithSynRetries(3);
    ExpectTimes(syns, {0, 1, 2, 3, 4, 5, 7, 11});
    EXPECT_NEAR(failed, 19, 1e-6);
}

TEST_F(Profile, Linux5_SynSchedule_ClassicDoubling_FailsAt127s)
{
    Use("linux-5");
    auto [syns, failed] = SynScheduleAgainstSilence();
    ExpectTimes(syns, {0, 1, 3, 7, 15, 31, 63});
    EXPECT_NEAR(failed, 127, 1e-6);
}

TEST_F(Profile, Rfc9293_SynSchedule_RetransmitsForThreeMinutes)
{
    Use("rfc9293");
    auto [syns, failed] = SynScheduleAgainstSilence();
    // Doubling from 1 s, capped at MaxRto 60 s: the last SYN after 3 minutes (RFC 1122).
    ExpectTimes(syns, {0, 1, 3, 7, 15, 31, 63, 123, 183});
    EXPECT_NEAR(failed, 243, 1e-6);
}

TEST_F(Profile, FreeBsd_SynSchedule_EndsAtKeepInit75s)
{
    Use("freebsd");
    auto [syns, failed] = SynScheduleAgainstSilence();
    ExpectTimes(syns, {0, 1, 3, 7, 15, 31, 63});
    EXPECT_NEAR(failed, 75, 1e-6);
}

namespace
{

/// Connect, answer the SYN with an unacceptable ACK at 100 ms and again at 200 ms; return the
/// times of the SYNs sent after the first, from it, up to 2.2 s.
std::vector<double>
SynsAfterBadAcks()
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    Sent syn = h.Expect({SYN});
    h.Advance(MilliSeconds(100));
    h.Send(ACK, SocketHarness::kPeerIss, syn.seq + 5, 0);
    Sent rst = h.Expect({RST});
    EXPECT_EQ(rst.seq, syn.seq + 5);
    h.Advance(MilliSeconds(100));
    h.Send(ACK, SocketHarness::kPeerIss, syn.seq + 9, 0);
    h.Advance(MilliSeconds(2000));
    EXPECT_EQ(s->GetState(), TcpSocket::SYN_SENT);
    std::vector<double> syns;
    for (const Sent& x : h.Take())
    {
        if (x.flags == SYN)
        {
            syns.push_back((x.time - syn.time).GetSeconds());
        }
    }
    return syns;
}

} // namespace

TEST_F(Profile, Linux_SynSentBadAck_SynAgainAfterTwoJiffies_OnceOnly)
{
    // Linux's tcp_rcv_synsent_state_process: an unacceptable ACK before any retransmission
    // draws a RST and a SYN 2 jiffies later, which counts as the first retransmission (the
    // linear timeouts run from it); the second bad ACK draws the RST alone.
    Use("linux");
    ExpectTimes(SynsAfterBadAcks(), {0.108, 1.108, 2.108});
}

TEST_F(Profile, Rfc9293_SynSentBadAck_RstOnly_ScheduleUnchanged)
{
    Use("rfc9293");
    ExpectTimes(SynsAfterBadAcks(), {1});
}

TEST_F(Profile, ConnectTimeLimit_AlsoEndsSynReceivedAfterASimultaneousOpen)
{
    // FreeBSD's keepinit bounds the whole establishment: a simultaneous open that never
    // completes fails at the limit, however many SYN-ACK retries are left.
    Config::SetDefault("ns3::SynFinSocket::ConnectTimeLimit", TimeValue(Seconds(5)));
    Config::SetDefault("ns3::SynFinSocket::SynAckRetries", UintegerValue(10));
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    SocketHarness h;
    Time failed = Seconds(-1);
    h.Tcp()->TraceConnectWithoutContext(
        "Transition",
        MakeBoundCallback(&RecordClosedFrom, TcpSocket::SYN_RCVD, &failed));
    Ptr<SynFinSocket> s = h.NewSocket();
    h.Connect(s);
    Sent syn = h.Expect({SYN});
    h.Advance(MilliSeconds(500));
    h.Send(SYN, SocketHarness::kPeerIss, 0, 0, 65535, 1460); // the peer's SYN crosses ours
    h.Expect({SYN | ACK});
    EXPECT_EQ(s->GetState(), TcpSocket::SYN_RCVD);
    h.Advance(Seconds(100));
    // SYN-ACKs again at 1.5 s and 3.5 s; the next would be 7.5 s, past the limit.
    std::vector<double> again;
    for (const Sent& x : h.Take())
    {
        again.push_back((x.time - syn.time).GetSeconds());
        EXPECT_EQ(x.flags, SYN | ACK);
    }
    ExpectTimes(again, {1.5, 3.5});
    EXPECT_NEAR((failed - syn.time).GetSeconds(), 5, 1e-6);
}

TEST_F(Profile, Windows_SynSchedule_FourRetransmissions)
{
    Use("windows");
    auto [syns, failed] = SynScheduleAgainstSilence();
    ExpectTimes(syns, {0, 1, 3, 7, 15});
    EXPECT_NEAR(failed, 31, 1e-6);
}

TEST_F(Profile, SynAckSchedules_LinuxFiveRetriesNotLinear_FreeBsdThree)
{
    Use("linux");
    auto [linux, linuxDropped] = SynAckScheduleOfHalfOpen();
    // Measured: SYN-ACKs at 0, 1.0, 3.0, 7.2, 15.4, 31.5 s; linear timeouts do not apply.
    ExpectTimes(linux, {0, 1, 3, 7, 15, 31});
    EXPECT_NEAR(linuxDropped, 63, 1e-6);
    ResetSimulator();
    Use("freebsd");
    auto [bsd, bsdDropped] = SynAckScheduleOfHalfOpen();
    ExpectTimes(bsd, {0, 1, 3, 7});
    EXPECT_NEAR(bsdDropped, 15, 1e-6);
}

TEST_F(Profile, TimeWaitLength_PerStack)
{
    const std::vector<std::pair<std::string, double>> expected{
        {"linux", 60}, // TCP_TIMEWAIT_LEN, whatever the MSL
        {"freebsd", 60},
        {"windows", 120},
        {"rfc9293", 240}, // 2 x 120 s
    };
    for (const auto& [name, seconds] : expected)
    {
        SCOPED_TRACE(name);
        Use(name);
        EXPECT_NEAR(TimeWaitLength(), seconds, 1e-6);
        ResetSimulator();
    }
}

TEST_F(Profile, Linux_LoneFinRightAfterTheHandshake_AckedAtOnce)
{
    // Measured on Linux 6.18: about 1 ms. Linux's delayed-ACK timeout (ato) is zero until
    // the first data segment arrives; after data the ACK of a FIN waits 40 ms (below).
    Use("linux");
    SocketHarness h;
    uint32_t sndNxt = 0;
    Ptr<SynFinSocket> s = Established(h, sndNxt);
    h.Send(FIN | ACK, SocketHarness::kPeerIss + 1, sndNxt);
    std::vector<Sent> sent = h.Take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].flags, ACK);
    EXPECT_EQ(sent[0].ack, SocketHarness::kPeerIss + 2);
}

TEST_F(Profile, Linux_LoneFinAckWaitsForTheDelayedAckTimer)
{
    Use("linux");
    SocketHarness h;
    uint32_t sndNxt = 0;
    Ptr<SynFinSocket> s = Established(h, sndNxt);
    uint32_t peerSeq = ReceiveData(h, s, sndNxt);
    h.Send(FIN | ACK, peerSeq, sndNxt);
    h.Advance(MilliSeconds(39));
    EXPECT_TRUE(h.Take().empty()) << "the ACK of the FIN left before the 40 ms timer";
    h.Advance(MilliSeconds(2));
    std::vector<Sent> sent = h.Take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].flags, ACK);
    EXPECT_EQ(sent[0].ack, peerSeq + 1);
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSE_WAIT);
}

TEST_F(Profile, Linux_ApplicationClosesAtOnce_ThreeSegmentClose)
{
    Use("linux");
    SocketHarness h;
    uint32_t sndNxt = 0;
    Ptr<SynFinSocket> s = Established(h, sndNxt);
    uint32_t peerSeq = ReceiveData(h, s, sndNxt);
    h.Send(FIN | ACK, peerSeq, sndNxt);
    s->Close(); // the application read EOF and closed
    h.Advance(Seconds(1));
    std::vector<Sent> sent = h.Take();
    // One FIN|ACK that acknowledges the peer's FIN: no separate ACK.
    ASSERT_GE(sent.size(), 1u);
    EXPECT_EQ(sent[0].flags, FIN | ACK);
    EXPECT_EQ(sent[0].ack, peerSeq + 1);
    EXPECT_EQ(TimesOf(sent, ACK).size(), 0u);
}

TEST_F(Profile, Rfc9293_LoneFinAckedAtOnce_FourSegmentClose)
{
    Use("rfc9293");
    SocketHarness h;
    uint32_t sndNxt = 0;
    Ptr<SynFinSocket> s = Established(h, sndNxt);
    h.Send(FIN | ACK, SocketHarness::kPeerIss + 1, sndNxt);
    s->Close();
    h.Advance(Seconds(1));
    std::vector<Sent> sent = h.Take();
    ASSERT_GE(sent.size(), 2u);
    EXPECT_EQ(sent[0].flags, ACK);
    EXPECT_EQ(sent[1].flags, FIN | ACK);
}

TEST_F(Profile, RstOnThePeersFin_ResetsCloseWaitOnLinuxOnly)
{
    // Linux's tcp_reset_check also takes a RST at RCV.NXT - 1 (the peer's FIN) in
    // CLOSE-WAIT, CLOSING and LAST-ACK; RFC 5961 3.2 and the BSDs only take RCV.NXT.
    for (const char* profile : {"linux", "linux-5", "freebsd", "rfc9293", "windows"})
    {
        SCOPED_TRACE(profile);
        Use(profile);
        SocketHarness h;
        uint32_t sndNxt = 0;
        Ptr<SynFinSocket> s = Established(h, sndNxt);
        const uint32_t fin = SocketHarness::kPeerIss + 1;
        h.Send(FIN | ACK, fin, sndNxt);
        h.Advance(MilliSeconds(300));
        ASSERT_EQ(s->GetState(), TcpSocket::CLOSE_WAIT);
        h.Take();
        h.Send(RST, fin, 0);
        bool linux = std::string(profile).rfind("linux", 0) == 0;
        EXPECT_EQ(s->GetState(), linux ? TcpSocket::CLOSED : TcpSocket::CLOSE_WAIT);
        h.Send(RST, fin + 1, 0); // RCV.NXT resets everywhere
        EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
        EXPECT_TRUE(h.Take().empty()) << "a RST is never answered";
    }
}

TEST_F(Profile, FreeBsd_BuffersRoundedUpToWholeSegments_OnceTheMssIsKnown)
{
    // FreeBSD's tcp_mss: 65536 and 32768 become 45 and 23 segments of 1460 bytes.
    for (bool round : {false, true})
    {
        SCOPED_TRACE(round ? "BufferRoundToMss" : "off");
        Config::SetDefault("ns3::SynFinSocket::BufferRoundToMss", BooleanValue(round));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(65536));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(32768));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
        SocketHarness h;
        uint32_t sndNxt = 0;
        Ptr<SynFinSocket> s = Established(h, sndNxt);
        UintegerValue rcv;
        UintegerValue snd;
        s->GetAttribute("RcvBufSize", rcv);
        s->GetAttribute("SndBufSize", snd);
        EXPECT_EQ(rcv.Get(), round ? 65700u : 65536u);
        EXPECT_EQ(snd.Get(), round ? 33580u : 32768u);
    }
    Use("freebsd");
    BooleanValue v;
    SocketHarness h;
    h.NewSocket()->GetAttribute("BufferRoundToMss", v);
    EXPECT_TRUE(v.Get());
}

TEST_F(Profile, RstInWindowResets_Rfc793Rule_AnyRstInTheWindowResets)
{
    // FreeBSD's net.inet.tcp.insecure_rst=1; RFC 5961 3.2 (the default) challenges instead.
    for (bool insecure : {false, true})
    {
        SCOPED_TRACE(insecure ? "RstInWindowResets" : "RFC 5961");
        Config::SetDefault("ns3::SynFinSocket::RstInWindowResets", BooleanValue(insecure));
        SocketHarness h;
        uint32_t sndNxt = 0;
        Ptr<SynFinSocket> s = Established(h, sndNxt);
        h.Send(RST, SocketHarness::kPeerIss + 1 + 100, 0);
        std::vector<Sent> sent = h.Take();
        if (insecure)
        {
            EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
            EXPECT_TRUE(sent.empty());
        }
        else
        {
            EXPECT_EQ(s->GetState(), TcpSocket::ESTABLISHED);
            ASSERT_EQ(sent.size(), 1u); // the challenge ACK
            EXPECT_EQ(sent[0].flags, ACK);
        }
    }
}

TEST_F(Profile, ValuesStayAttributes_AScriptOverridesThemAfterwards)
{
    Use("linux");
    Config::SetDefault("ns3::SynFinSocket::TimeWaitDuration", TimeValue(Seconds(5)));
    EXPECT_NEAR(TimeWaitLength(), 5, 1e-6);
    ResetSimulator();
    Use("linux");
    Config::SetDefault("ns3::SynFinL4Protocol::EphemeralPortFirst", UintegerValue(40000));
    SocketHarness h;
    UintegerValue first;
    h.Tcp()->GetAttribute("EphemeralPortFirst", first);
    EXPECT_EQ(first.Get(), 40000u); // the script's value, not the profile's 32768
}

TEST(ProfileDoc, DocTableIsTheProfilesOutput)
{
    std::ostringstream os;
    SynFinProfile::WriteRst(os);
    std::ifstream committed(std::string(SYNFIN_SOURCE_DIR) + "/doc/synfin-profiles.rst");
    ASSERT_TRUE(committed.good()) << "doc/synfin-profiles.rst is missing";
    std::ostringstream text;
    text << committed.rdbuf();
    EXPECT_EQ(text.str(), os.str()) << "doc/synfin-profiles.rst is stale: make doc-profiles";
}

TEST_F(Profile, Linux_FinHeldBehindAGap_IsAcknowledgedOnceTheGapFills)
{
    Use("linux");
    SocketHarness h;
    uint32_t sndNxt = 0;
    Ptr<SynFinSocket> s = Established(h, sndNxt);
    // 100 bytes and the FIN after them arrive before the 100 bytes they follow.
    h.Send(FIN | ACK, SocketHarness::kPeerIss + 101, sndNxt, 100);
    h.Expect({ACK, sndNxt, SocketHarness::kPeerIss + 1}); // duplicate ACK for the gap
    h.Send(ACK, SocketHarness::kPeerIss + 1, sndNxt, 100);
    h.Advance(MilliSeconds(100));
    // The gap-filling segment is ACKed at once (RFC 5681 4.2); the FIN still needs its own.
    std::vector<Sent> sent = h.Take();
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent.back().flags, ACK);
    EXPECT_EQ(sent.back().ack, SocketHarness::kPeerIss + 202);
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSE_WAIT);
}

TEST_F(Profile, SynCookies_LinuxAndFreeBsdAnswerPastAFullSynQueue_Rfc9293AndWindowsDrop)
{
    const std::vector<std::pair<std::string, bool>> expected{
        {"linux", true},    // tcp_syncookies=1
        {"freebsd", true},  // net.inet.tcp.syncookies=1
        {"rfc9293", false}, // no cookies in RFC 9293
        {"windows", false}, // SYN attack protection, no cookies
    };
    for (const auto& [name, cookies] : expected)
    {
        SCOPED_TRACE(name);
        Use(name);
        Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(1));
        SocketHarness h;
        Ptr<SynFinSocket> listener = h.NewSocket();
        h.Listen(listener);
        h.Send(SYN, SocketHarness::kPeerIss, 0, 0, 65535, 1460);
        h.Expect({SYN | ACK}); // the one slot
        h.SetPeerPort(SocketHarness::kPeerPort + 1);
        h.Send(SYN, SocketHarness::kPeerIss, 0, 0, 65535, 1460);
        if (cookies)
        {
            h.Expect({SYN | ACK});
        }
        h.ExpectNothing();
        EXPECT_EQ(h.Tcp()->GetListenCounters().cookiesSent, cookies ? 1u : 0u);
        EXPECT_EQ(h.Tcp()->GetListenCounters().synQueueDrops, cookies ? 0u : 1u);
        ResetSimulator();
    }
}

TEST_F(Profile, ApplyTo_OneNodeTakesTheProfile_OthersKeepTheDefaults)
{
    TwoNodeNet net;
    std::string error;
    ASSERT_TRUE(SynFinProfile::ApplyTo("linux", net.nodes.Get(0), error)) << error;
    TimeValue tw;
    Sf(net.Socket(0))->GetAttribute("TimeWaitDuration", tw);
    EXPECT_EQ(tw.Get(), Seconds(60));
    Sf(net.Socket(1))->GetAttribute("TimeWaitDuration", tw);
    EXPECT_EQ(tw.Get(), Seconds(0)); // 2 MSL
    UintegerValue first;
    net.Tcp(0)->GetAttribute("EphemeralPortFirst", first);
    EXPECT_EQ(first.Get(), 32768u);

    EXPECT_FALSE(SynFinProfile::ApplyTo("bsd", net.nodes.Get(0), error));
    EXPECT_NE(error.find("unknown profile 'bsd'"), std::string::npos) << error;
    EXPECT_FALSE(net.Tcp(0)->SetSocketAttribute("NoSuch", UintegerValue(1)));
    EXPECT_FALSE(net.Tcp(0)->SetSocketAttribute("SynBacklog", UintegerValue(0))); // below 1
}
