/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * connections.csv's summary as a pure function, and the one definition of a retransmission,
 * both fed hand-made observations: no simulator runs here.
 */

#include "ns3/synfin-connection-summary.h"
#include "ns3/synfin-retransmission-tracker.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>
#include <initializer_list>

using namespace ns3;

namespace
{

using Summary = SynFinConnectionSummary;
using S = TcpSocket;
using E = SynFinEvent;

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;

/// \return \p ms milliseconds in nanoseconds
int64_t
Ms(int64_t ms)
{
    return ms * 1000000;
}

/// One state change at \p ms.
SynFinRecordedChange
To(int64_t ms, SynFinState state, E cause)
{
    return {Ms(ms), static_cast<uint8_t>(state), static_cast<uint8_t>(cause)};
}

/// One segment row of the end being described (its conn is not looked at).
SynFinSegmentRow
Segment(SynFinSegmentRow::Event event, int64_t ms, uint8_t flags, uint32_t seq, uint32_t len = 0)
{
    SynFinSegmentRow r{};
    r.time = Ms(ms);
    r.event = event;
    r.flags = flags;
    r.seq = seq;
    r.length = len;
    r.conn = 0;
    r.where = SynFinSegmentRow::NONE;
    return r;
}

/// A segment the end sent.
SynFinSegmentRow
Tx(int64_t ms, uint8_t flags, uint32_t seq, uint32_t len = 0)
{
    return Segment(SynFinSegmentRow::TX, ms, flags, seq, len);
}

/// A segment the end received.
SynFinSegmentRow
Rx(int64_t ms, uint8_t flags, uint32_t seq, uint32_t len = 0)
{
    return Segment(SynFinSegmentRow::RX, ms, flags, seq, len);
}

constexpr uint32_t kClientIss = 1000; //!< the client's ISS in these exchanges
constexpr uint32_t kServerIss = 5000; //!< the server's

/// A lossless handshake on a 20 ms path, connect at 0: the client's end.
Summary::End
ClientOpened()
{
    Summary::End c;
    c.changes = {To(0, S::SYN_SENT, E::APP_ACTIVE_OPEN), To(40, S::ESTABLISHED, E::RCV_SYN_ACK)};
    c.segments = {Tx(0, SYN, kClientIss),
                  Rx(40, SYN | ACK, kServerIss),
                  Tx(40, ACK, kClientIss + 1)};
    return c;
}

/// The server's end of the same handshake.
Summary::End
ServerOpened()
{
    Summary::End s;
    s.changes = {To(20, S::SYN_RCVD, E::RCV_SYN), To(60, S::ESTABLISHED, E::RCV_ACK)};
    s.segments = {Rx(20, SYN, kClientIss),
                  Tx(20, SYN | ACK, kServerIss),
                  Rx(60, ACK, kClientIss + 1)};
    return s;
}

/// Appends to \p end.
void
Add(Summary::End& end,
    std::initializer_list<SynFinRecordedChange> changes,
    std::initializer_list<SynFinSegmentRow> segments)
{
    end.changes.insert(end.changes.end(), changes);
    end.segments.insert(end.segments.end(), segments);
}

/// A connection of the given role and 4-tuple (10.0.0.1:port <-> 10.0.0.2:80 for clients).
SynFinRecordedConnection
Conn(SynFinRecordedConnection::Role role, uint16_t clientPort)
{
    SynFinRecordedConnection c;
    c.role = role;
    SynFinRecorderTuple clientView{0x0a000001, 0x0a000002, clientPort, 80};
    c.tuple = role == SynFinRecordedConnection::CLIENT ? clientView : clientView.Mirror();
    if (role == SynFinRecordedConnection::LISTENER)
    {
        c.tuple = {0, 0, 80, 0};
    }
    return c;
}

} // namespace

// ---------------------------------------------------------------------------------------
// The summary row
// ---------------------------------------------------------------------------------------

TEST(ConnectionSummary, LosslessFourWayClose_TimesShapeAndOutcome)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    Add(c,
        {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
         To(140, S::FIN_WAIT_2, E::RCV_ACK_OF_FIN),
         To(160, S::TIME_WAIT, E::RCV_FIN)},
        {Tx(100, FIN | ACK, kClientIss + 1),
         Rx(140, ACK, kServerIss + 1),
         Rx(160, FIN | ACK, kServerIss + 1),
         Tx(160, ACK, kClientIss + 2)});
    Add(s,
        {To(120, S::CLOSE_WAIT, E::RCV_FIN),
         To(140, S::LAST_ACK, E::APP_CLOSE),
         To(180, S::CLOSED, E::RCV_ACK_OF_FIN)},
        {Rx(120, FIN | ACK, kClientIss + 1),
         Tx(120, ACK, kServerIss + 1),
         Tx(140, FIN | ACK, kServerIss + 1),
         Rx(180, ACK, kClientIss + 2)});

    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.connect, Ms(0));
    EXPECT_EQ(row.establishedClient, Ms(40));
    EXPECT_EQ(row.establishedServer, Ms(60));
    EXPECT_EQ(row.handshake, Ms(40));
    EXPECT_EQ(row.close, Ms(100));
    EXPECT_EQ(row.closer, Summary::Closer::CLIENT);
    EXPECT_EQ(row.finClient, Ms(100));
    EXPECT_EQ(row.finServer, Ms(140));
    EXPECT_EQ(row.timeWaitEnter, Ms(160));
    EXPECT_FALSE(row.timeWaitLeave.has_value()) << "still in TIME-WAIT";
    EXPECT_EQ(row.closedServer, Ms(180));
    EXPECT_FALSE(row.closeTime.has_value()) << "the client has not reached CLOSED";
    EXPECT_FALSE(row.firstData.has_value());
    EXPECT_EQ(row.synRetx, 0u);
    EXPECT_EQ(row.synAckRetx, 0u);
    EXPECT_EQ(row.dataRetx, 0u);
    EXPECT_EQ(row.finRetx, 0u);
    EXPECT_EQ(row.shape, Summary::Shape::FOUR);
    EXPECT_EQ(row.outcome, Summary::Outcome::COMPLETED);
}

TEST(ConnectionSummary, BothEndsClosed_CloseTimeRunsToTheLaterClosed)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    Add(c,
        {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
         To(140, S::TIME_WAIT, E::RCV_FIN_ACKING_OUR_FIN),
         To(1140, S::CLOSED, E::TIMER_TIME_WAIT)},
        {});
    Add(s,
        {To(120, S::CLOSE_WAIT, E::RCV_FIN),
         To(120, S::LAST_ACK, E::APP_CLOSE),
         To(160, S::CLOSED, E::RCV_ACK_OF_FIN)},
        {});
    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.closeTime, Ms(1040));
    EXPECT_EQ(row.timeWaitLeave, Ms(1140));
    EXPECT_EQ(row.shape, Summary::Shape::THREE) << "FIN_WAIT_1 straight to TIME_WAIT";
    EXPECT_EQ(row.outcome, Summary::Outcome::COMPLETED);
}

TEST(ConnectionSummary, LostSyn_HandshakeTimeCountsTheRetransmission)
{
    Summary::End c;
    c.changes = {To(0, S::SYN_SENT, E::APP_ACTIVE_OPEN), To(1040, S::ESTABLISHED, E::RCV_SYN_ACK)};
    c.segments = {Tx(0, SYN, kClientIss),
                  Tx(1000, SYN, kClientIss),
                  Rx(1040, SYN | ACK, kServerIss),
                  Tx(1040, ACK, kClientIss + 1)};
    Summary::End s;
    s.changes = {To(1020, S::SYN_RCVD, E::RCV_SYN), To(1060, S::ESTABLISHED, E::RCV_ACK)};
    s.segments = {Rx(1020, SYN, kClientIss), Tx(1020, SYN | ACK, kServerIss)};

    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.handshake, Ms(1040)) << "from the first SYN's connect, not the resend";
    EXPECT_EQ(row.synRetx, 1u);
    EXPECT_EQ(row.synAckRetx, 0u);
    EXPECT_EQ(row.outcome, Summary::Outcome::OPEN);
}

TEST(ConnectionSummary, LostFinalAck_SynAckRetxOneAndServerEstablishedLate)
{
    Summary::End c = ClientOpened();
    Summary::End s;
    // The client's ACK at 40 ms is lost; the SYN|ACK goes again at 1020 ms.
    s.changes = {To(20, S::SYN_RCVD, E::RCV_SYN), To(1060, S::ESTABLISHED, E::RCV_ACK)};
    s.segments = {Rx(20, SYN, kClientIss),
                  Tx(20, SYN | ACK, kServerIss),
                  Tx(1020, SYN | ACK, kServerIss),
                  Rx(1060, ACK, kClientIss + 1)};
    Add(c, {}, {Rx(1040, SYN | ACK, kServerIss), Tx(1040, ACK, kClientIss + 1)});

    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.handshake, Ms(40)) << "the client was established at the first SYN|ACK";
    EXPECT_EQ(row.establishedServer, Ms(1060));
    EXPECT_EQ(row.synRetx, 0u) << "the client's re-ACK is no SYN";
    EXPECT_EQ(row.synAckRetx, 1u);
}

TEST(ConnectionSummary, SimultaneousClose_ShapeIsSimultaneous)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    Add(c,
        {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
         To(120, S::CLOSING, E::RCV_FIN),
         To(140, S::TIME_WAIT, E::RCV_ACK_OF_FIN)},
        {Tx(100, FIN | ACK, kClientIss + 1), Rx(120, FIN | ACK, kServerIss + 1)});
    Add(s,
        {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
         To(120, S::CLOSING, E::RCV_FIN),
         To(140, S::TIME_WAIT, E::RCV_ACK_OF_FIN)},
        {Tx(100, FIN | ACK, kServerIss + 1), Rx(120, FIN | ACK, kClientIss + 1)});

    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.shape, Summary::Shape::SIMULTANEOUS);
    EXPECT_EQ(row.closer, Summary::Closer::BOTH);
    EXPECT_EQ(row.outcome, Summary::Outcome::COMPLETED);
    EXPECT_EQ(row.timeWaitEnter, Ms(140));
}

TEST(ConnectionSummary, RstAnswersSyn_OutcomeRefusedAndServerCountsEmpty)
{
    Summary::End c;
    c.changes = {To(0, S::SYN_SENT, E::APP_ACTIVE_OPEN), To(40, S::CLOSED, E::RCV_RST)};
    c.segments = {Tx(0, SYN, kClientIss), Rx(40, RST | ACK, 0)};

    const Summary::Row row = Summary::Summarize(&c, nullptr);
    EXPECT_EQ(row.outcome, Summary::Outcome::REFUSED);
    EXPECT_EQ(row.shape, Summary::Shape::NONE);
    EXPECT_EQ(row.synRetx, 0u);
    EXPECT_FALSE(row.synAckRetx.has_value()) << "no server end was recorded";
    EXPECT_FALSE(row.handshake.has_value());
}

TEST(ConnectionSummary, EverySynUnanswered_OutcomeTimedOut)
{
    Summary::End c;
    c.changes = {To(0, S::SYN_SENT, E::APP_ACTIVE_OPEN),
                 To(7000, S::CLOSED, E::TIMER_RETRIES_EXHAUSTED)};
    c.segments = {Tx(0, SYN, kClientIss), Tx(1000, SYN, kClientIss), Tx(3000, SYN, kClientIss)};
    const Summary::Row row = Summary::Summarize(&c, nullptr);
    EXPECT_EQ(row.outcome, Summary::Outcome::TIMED_OUT);
    EXPECT_EQ(row.synRetx, 2u);
}

TEST(ConnectionSummary, AbortBeforeFins_OutcomeAndShapeReset)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    Add(c, {To(100, S::CLOSED, E::APP_ABORT)}, {Tx(100, RST | ACK, kClientIss + 1)});
    Add(s, {To(120, S::CLOSED, E::RCV_RST)}, {Rx(120, RST | ACK, kClientIss + 1)});
    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.outcome, Summary::Outcome::RESET);
    EXPECT_EQ(row.shape, Summary::Shape::RESET);
    EXPECT_EQ(row.closer, Summary::Closer::NONE);
}

TEST(ConnectionSummary, RstAfterBothFins_OnlyShortensTheEnding)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    Add(c,
        {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
         To(140, S::FIN_WAIT_2, E::RCV_ACK_OF_FIN),
         To(160, S::TIME_WAIT, E::RCV_FIN),
         To(200, S::CLOSED, E::RCV_RST)},
        {});
    Add(s,
        {To(120, S::CLOSE_WAIT, E::RCV_FIN),
         To(140, S::LAST_ACK, E::APP_CLOSE),
         To(180, S::CLOSED, E::RCV_RST)},
        {});
    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.outcome, Summary::Outcome::COMPLETED);
    EXPECT_EQ(row.shape, Summary::Shape::FOUR);
}

TEST(ConnectionSummary, PassiveCloserAcksTheFinalAck_FiveSegmentClose)
{
    // The five-way-close variant: the server answers the client's last ACK with one more.
    for (const bool extraAck : {false, true})
    {
        Summary::End c = ClientOpened();
        Summary::End s = ServerOpened();
        Add(c,
            {To(100, S::FIN_WAIT_1, E::APP_CLOSE),
             To(140, S::FIN_WAIT_2, E::RCV_ACK_OF_FIN),
             To(160, S::TIME_WAIT, E::RCV_FIN)},
            {Tx(100, FIN | ACK, kClientIss + 1), Tx(160, ACK, kClientIss + 2)});
        Add(s,
            {To(120, S::CLOSE_WAIT, E::RCV_FIN),
             To(140, S::LAST_ACK, E::APP_CLOSE),
             To(180, S::CLOSED, E::RCV_ACK_OF_FIN)},
            {Tx(120, ACK, kServerIss + 1), Tx(140, FIN | ACK, kServerIss + 1)});
        if (extraAck)
        {
            s.segments.push_back(Tx(180, ACK, kServerIss + 2));
        }
        const Summary::Row row = Summary::Summarize(&c, &s);
        EXPECT_EQ(row.shape, extraAck ? Summary::Shape::FIVE : Summary::Shape::FOUR);
        EXPECT_STREQ(Summary::ShapeKey(row.shape), extraAck ? "five" : "four");
        EXPECT_EQ(row.outcome, Summary::Outcome::COMPLETED);
    }
}

TEST(ConnectionSummary, RetransmittedDataAndFin_EachCountedOnceDropsIgnored)
{
    Summary::End c = ClientOpened();
    Summary::End s = ServerOpened();
    SynFinSegmentRow drop = Tx(50, ACK, kClientIss + 1, 500);
    drop.event = SynFinSegmentRow::DROP;
    Add(c,
        {To(300, S::FIN_WAIT_1, E::APP_CLOSE)},
        {Tx(50, ACK, kClientIss + 1, 500),
         drop,
         Tx(51, ACK, kClientIss + 501, 500),
         // Resent with other flags and cut differently: still payload already sent.
         Tx(250, ACK | TcpHeader::PSH, kClientIss + 1, 800),
         Tx(300, FIN | ACK, kClientIss + 1001),
         Tx(700, FIN | ACK, kClientIss + 1001)});
    Add(s, {}, {Rx(71, ACK, kClientIss + 501, 500)});

    const Summary::Row row = Summary::Summarize(&c, &s);
    EXPECT_EQ(row.dataRetx, 1u);
    EXPECT_EQ(row.finRetx, 1u);
    EXPECT_EQ(row.finClient, Ms(300)) << "the first FIN, not its resend";
    EXPECT_EQ(row.firstData, Ms(50));
}

TEST(ConnectionSummary, Track_TxRowsReachTheTracker_RxAndDropRowsRepeatNothing)
{
    // The path segments.csv's retx flags and connections.csv's counts share.
    SynFinRetransmissionTracker sent;
    SynFinSegmentRow drop = Tx(50, ACK, kClientIss + 1, 500);
    drop.event = SynFinSegmentRow::DROP;
    EXPECT_FALSE(Summary::Track(sent, Tx(0, SYN, kClientIss)).Any());
    EXPECT_FALSE(Summary::Track(sent, Tx(50, ACK, kClientIss + 1, 500)).Any());
    // What the end received, or lost on the way, is not sent again by it.
    EXPECT_FALSE(Summary::Track(sent, Rx(60, ACK, kClientIss + 1, 500)).Any());
    EXPECT_FALSE(Summary::Track(sent, drop).Any());
    const auto again = Summary::Track(sent, Tx(250, ACK | FIN, kClientIss + 1, 500));
    EXPECT_TRUE(again.payload);
    EXPECT_FALSE(again.fin) << "the first FIN, on a resent segment";
    const auto both = Summary::Track(sent, Tx(700, ACK | FIN, kClientIss + 1, 500));
    EXPECT_TRUE(both.payload);
    EXPECT_TRUE(both.fin) << "one segment, counted in data_retx and in fin_retx";
    EXPECT_TRUE(Summary::Track(sent, Tx(900, SYN, kClientIss)).syn);
}

TEST(ConnectionSummary, OnlyPassiveEndRecorded_ShapeFromItsFirstSegmentInCloseWait)
{
    for (const bool finFirst : {true, false})
    {
        Summary::End s = ServerOpened();
        Add(s,
            {To(120, S::CLOSE_WAIT, E::RCV_FIN), To(130, S::LAST_ACK, E::APP_CLOSE)},
            {Rx(120, FIN | ACK, kClientIss + 1)});
        if (finFirst)
        {
            Add(s, {}, {Tx(130, FIN | ACK, kServerIss + 1)});
        }
        else
        {
            Add(s, {}, {Tx(120, ACK, kServerIss + 1), Tx(130, FIN | ACK, kServerIss + 1)});
        }
        const Summary::Row row = Summary::Summarize(nullptr, &s);
        EXPECT_EQ(row.shape, finFirst ? Summary::Shape::THREE : Summary::Shape::FOUR);
        EXPECT_EQ(row.closer, Summary::Closer::CLIENT) << "told by the server's CLOSE_WAIT";
        EXPECT_FALSE(row.synRetx.has_value());
    }
}

TEST(ConnectionSummary, Pair_ChildTakesLatestUnpairedMirroredClient_ListenerHasNoRow)
{
    using R = SynFinRecordedConnection;
    const std::vector<R> conns = {Conn(R::LISTENER, 0),
                                  Conn(R::CLIENT, 40000),
                                  Conn(R::CLIENT, 40001),
                                  Conn(R::SERVER, 40001),
                                  Conn(R::SERVER, 40000),
                                  Conn(R::SERVER, 40002)};
    const auto pairs = Summary::Pair(conns);
    const uint32_t none = SynFinSegmentRow::NONE;
    ASSERT_EQ(pairs.size(), 3u);
    EXPECT_EQ(pairs[0], std::make_pair(1u, 4u));
    EXPECT_EQ(pairs[1], std::make_pair(2u, 3u));
    EXPECT_EQ(pairs[2], std::make_pair(none, 5u)) << "a child whose client was not recorded";
}

TEST(ConnectionSummary, Pair_TwoMirroredClients_SimultaneousOpenOneRow)
{
    using R = SynFinRecordedConnection;
    R a = Conn(R::CLIENT, 40000);
    R b = a;
    b.tuple = a.tuple.Mirror();
    const auto pairs = Summary::Pair({a, b});
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0], std::make_pair(0u, 1u));
}

TEST(ConnectionSummary, SimultaneousOpen_SynAckAfterOwnSynIsNotCounted)
{
    // Both ends send SYN, then SYN|ACK with the same ISS (RFC 9293 Figure 8).
    Summary::End a;
    a.changes = {To(0, S::SYN_SENT, E::APP_ACTIVE_OPEN),
                 To(20, S::SYN_RCVD, E::RCV_SYN),
                 To(40, S::ESTABLISHED, E::RCV_ACK)};
    a.segments = {Tx(0, SYN, kClientIss), Tx(20, SYN | ACK, kClientIss)};
    Summary::End b;
    b.changes = a.changes;
    b.segments = {Tx(0, SYN, kServerIss), Tx(20, SYN | ACK, kServerIss)};
    const Summary::Row row = Summary::Summarize(&a, &b);
    EXPECT_EQ(row.synRetx, 0u);
    EXPECT_EQ(row.synAckRetx, 0u);
}

// ---------------------------------------------------------------------------------------
// The one definition of a retransmission (recorder and ladder figure)
// ---------------------------------------------------------------------------------------

TEST(RetransmissionDefinition, SynRepeated_IsRetransmission)
{
    SynFinRetransmissionTracker t;
    EXPECT_FALSE(t.Send(kClientIss, 0, true, false, false).Any());
    const auto again = t.Send(kClientIss, 0, true, false, false);
    EXPECT_TRUE(again.syn);
    EXPECT_TRUE(again.Any());
    EXPECT_FALSE(again.payload);
}

TEST(RetransmissionDefinition, SynAckRepeated_IsRetransmissionButNotAfterOwnSyn)
{
    SynFinRetransmissionTracker server;
    EXPECT_FALSE(server.Send(kServerIss, 0, true, true, false).Any());
    EXPECT_TRUE(server.Send(kServerIss, 0, true, true, false).syn);

    SynFinRetransmissionTracker simultaneous;
    EXPECT_FALSE(simultaneous.Send(kClientIss, 0, true, false, false).Any());
    EXPECT_FALSE(simultaneous.Send(kClientIss, 0, true, true, false).Any())
        << "the first SYN|ACK of a simultaneous open answers the peer's SYN";
}

TEST(RetransmissionDefinition, PayloadBelowHighestSent_IsRetransmissionHoweverCut)
{
    SynFinRetransmissionTracker t;
    t.Send(kClientIss, 0, true, false, false);
    EXPECT_FALSE(t.Send(kClientIss + 1, 100, false, true, false).Any());
    EXPECT_FALSE(t.Send(kClientIss + 101, 100, false, true, false).Any());
    EXPECT_TRUE(t.Send(kClientIss + 1, 100, false, true, false).payload) << "the same octets";
    EXPECT_TRUE(t.Send(kClientIss + 51, 300, false, true, false).payload) << "overlapping";
    EXPECT_FALSE(t.Send(kClientIss + 351, 10, false, true, false).Any()) << "all new";
}

TEST(RetransmissionDefinition, PureAck_NeverRetransmission)
{
    SynFinRetransmissionTracker t;
    t.Send(kClientIss, 0, true, false, false);
    t.Send(kClientIss + 1, 100, false, true, false);
    EXPECT_FALSE(t.Send(kClientIss + 101, 0, false, true, false).Any());
    EXPECT_FALSE(t.Send(kClientIss + 101, 0, false, true, false).Any()) << "a duplicate ACK";
}

TEST(RetransmissionDefinition, FinRepeatedAtItsSequenceNumber_IsRetransmission)
{
    SynFinRetransmissionTracker t;
    t.Send(kClientIss, 0, true, false, false);
    EXPECT_FALSE(t.Send(kClientIss + 1, 10, false, true, true).Any()) << "data and FIN, new";
    const auto fin = t.Send(kClientIss + 11, 0, false, true, true);
    EXPECT_TRUE(fin.fin);
    EXPECT_FALSE(fin.payload);
    const auto both = t.Send(kClientIss + 1, 10, false, true, true);
    EXPECT_TRUE(both.fin);
    EXPECT_TRUE(both.payload);
}

TEST(RetransmissionDefinition, SequenceNumbersWrap_ComparedModulo2To32)
{
    SynFinRetransmissionTracker t;
    const uint32_t iss = 0xffffffa0u;
    t.Send(iss, 0, true, false, false);
    EXPECT_FALSE(t.Send(iss + 1, 200, false, true, false).Any()) << "crosses 2^32, new";
    EXPECT_TRUE(t.Send(iss + 1, 200, false, true, false).payload);
    EXPECT_FALSE(t.Send(iss + 201, 100, false, true, false).Any()) << "past the wrap, new";
}
