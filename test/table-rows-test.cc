/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every segment event in every state a socket can be brought to, checked on the wire: the
 * test builds a segment of the event's kind, sends it to a real socket in that state, and
 * compares what the socket emits and the state it ends in with what the table's cell says
 * (its actions and its response). The expectation is derived from SynFinStateMachine::Lookup;
 * the observation is the socket's own output, so a socket that raises the wrong event or
 * does not carry out its cell fails here.
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include "ns3/object-vector.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;
constexpr uint32_t kPeer = SocketHarness::kPeerIss;

/// A socket brought to a state, with its sequence variables as the peer knows them.
struct Subject
{
    Ptr<SynFinSocket> socket;
    uint32_t iss{0};    //!< its ISS
    uint32_t sndNxt{0}; //!< its SND.NXT
    uint32_t rcvNxt{0}; //!< its RCV.NXT
};

/// Find the socket of the node in `state` other than `except`.
Ptr<SynFinSocket>
SocketInState(SocketHarness& h, SynFinState state)
{
    ObjectVectorValue list;
    h.Tcp()->GetAttribute("SocketList", list);
    for (auto it = list.Begin(); it != list.End(); ++it)
    {
        Ptr<SynFinSocket> s = DynamicCast<SynFinSocket>(it->second);
        if (s && s->GetState() == state)
        {
            return s;
        }
    }
    return nullptr;
}

/// Bring a socket to `state` against the scripted peer; nothing pending afterwards.
Subject
Bring(SocketHarness& h, SynFinState state)
{
    Subject x;
    switch (state)
    {
    case TcpSocket::LISTEN: {
        x.socket = h.NewSocket();
        h.Listen(x.socket);
        return x;
    }
    case TcpSocket::SYN_SENT: {
        x.socket = h.NewSocket();
        h.Connect(x.socket);
        x.iss = h.Expect({SYN}).seq;
        x.sndNxt = x.iss + 1;
        return x;
    }
    case TcpSocket::SYN_RCVD: {
        Ptr<SynFinSocket> listener = h.NewSocket();
        h.Listen(listener);
        h.Send(SYN, kPeer, 0, 0, 65535, 1460);
        x.iss = h.Expect({SYN | ACK}).seq;
        x.socket = SocketInState(h, TcpSocket::SYN_RCVD);
        x.sndNxt = x.iss + 1;
        x.rcvNxt = kPeer + 1;
        return x;
    }
    default:
        break;
    }
    x.socket = h.EstablishedClient();
    x.iss = x.socket->GetIss().GetValue();
    x.sndNxt = x.iss + 1;
    x.rcvNxt = kPeer + 1;
    switch (state)
    {
    case TcpSocket::ESTABLISHED:
        break;
    case TcpSocket::CLOSE_WAIT:
    case TcpSocket::LAST_ACK:
        h.Send(FIN | ACK, kPeer + 1, x.sndNxt);
        h.Expect({ACK});
        x.rcvNxt += 1;
        if (state == TcpSocket::LAST_ACK)
        {
            x.socket->Close();
            h.Expect({FIN | ACK});
            x.sndNxt += 1;
        }
        break;
    case TcpSocket::FIN_WAIT_1:
    case TcpSocket::FIN_WAIT_2:
    case TcpSocket::CLOSING:
    case TcpSocket::TIME_WAIT:
        x.socket->Close();
        h.Expect({FIN | ACK});
        x.sndNxt += 1;
        if (state == TcpSocket::FIN_WAIT_2 || state == TcpSocket::TIME_WAIT)
        {
            h.Send(ACK, kPeer + 1, x.sndNxt);
        }
        if (state == TcpSocket::CLOSING)
        {
            h.Send(FIN | ACK, kPeer + 1, x.sndNxt - 1); // crosses ours, does not ACK it
            h.Expect({ACK});
            x.rcvNxt += 1;
        }
        if (state == TcpSocket::TIME_WAIT)
        {
            h.Send(FIN | ACK, kPeer + 1, x.sndNxt);
            h.Expect({ACK});
            x.rcvNxt += 1;
        }
        break;
    default:
        ADD_FAILURE() << "no way to reach " << SynFinStateMachine::StateName(state);
    }
    h.ExpectNothing();
    EXPECT_EQ(x.socket->GetState(), state);
    return x;
}

/// A segment of the given kind for a socket in the given state.
struct Segment
{
    uint8_t flags;
    uint32_t seq;
    uint32_t ack;
    uint32_t payload;
};

Segment
Make(SynFinEvent event, const Subject& x)
{
    const uint32_t far = 200000; // beyond any window
    switch (event)
    {
    case SynFinEvent::RCV_OUT_OF_WINDOW:
        return {ACK, x.rcvNxt + far, x.sndNxt, 10};
    case SynFinEvent::RCV_OUT_OF_WINDOW_CTL:
        return {ACK, x.rcvNxt + far, x.sndNxt, 0};
    case SynFinEvent::RCV_RST_OUT_OF_WINDOW:
        return {RST, x.rcvNxt + far, 0, 0};
    case SynFinEvent::RCV_RST_INEXACT:
        return {RST, x.rcvNxt + 10, 0, 0};
    case SynFinEvent::RCV_RST:
        return {RST, x.rcvNxt, 0, 0};
    case SynFinEvent::RCV_SYN_IN_WINDOW:
        return {SYN, x.rcvNxt + 10, 0, 0};
    case SynFinEvent::RCV_SYN_AGAIN:
        return {SYN, kPeer, 0, 0};
    case SynFinEvent::RCV_ACK_UNACCEPTABLE:
        return {ACK, x.rcvNxt, x.sndNxt + 1000, 0};
    case SynFinEvent::RCV_ACK_TOO_OLD:
        return {ACK, x.rcvNxt, x.sndNxt - far, 0};
    case SynFinEvent::RCV_OTHER:
        return {0, x.rcvNxt, 0, 10}; // no ACK bit
    case SynFinEvent::RCV_ACK:
        return {ACK, x.rcvNxt, x.sndNxt, 0};
    case SynFinEvent::RCV_ACK_OF_FIN:
        return {ACK, x.rcvNxt, x.sndNxt, 0};
    case SynFinEvent::RCV_FIN:
        return {FIN | ACK, x.rcvNxt, x.sndNxt - 1, 0}; // does not cover our FIN, if any
    case SynFinEvent::RCV_FIN_ACKING_OUR_FIN:
        return {FIN | ACK, x.rcvNxt, x.sndNxt, 0};
    default:
        return {0, 0, 0, 0};
    }
}

/// The segments a cell's actions and response put on the wire, in the dispatcher's order.
std::vector<uint8_t>
Emitted(const SynFinTransition& t)
{
    std::vector<uint8_t> out;
    if (t.actions & ACTION_SEND_SYN)
    {
        out.push_back(SYN);
    }
    if (t.actions & ACTION_SEND_SYN_ACK)
    {
        out.push_back(SYN | ACK);
    }
    // A delayable ACK goes out at once with DelayFinAck off, as these sockets have it.
    if (t.actions & (ACTION_SEND_ACK | ACTION_DELAYABLE_ACK))
    {
        out.push_back(ACK);
    }
    if (t.actions & ACTION_SEND_FIN)
    {
        out.push_back(FIN | ACK);
    }
    if (t.actions & ACTION_SEND_RST)
    {
        out.push_back(RST);
    }
    switch (t.response)
    {
    case SynFinResponse::ACK:
    case SynFinResponse::CHALLENGE_ACK:
        out.push_back(ACK);
        break;
    case SynFinResponse::RST:
        out.push_back(RST);
        break;
    case SynFinResponse::SYN_ACK:
        out.push_back(SYN | ACK);
        break;
    case SynFinResponse::NONE:
        break;
    }
    return out;
}

struct Case
{
    SynFinState state;
    SynFinEvent event;
};

std::string
CaseName(const testing::TestParamInfo<Case>& info)
{
    std::string name = std::string(SynFinStateMachine::StateKey(info.param.state)) + "_" +
                       SynFinStateMachine::EventKey(info.param.event);
    return name;
}

/// The (state, event) pairs a scripted peer can produce.
std::vector<Case>
Cases()
{
    using S = TcpSocket;
    using E = SynFinEvent;
    const std::vector<E> anySynchronized = {E::RCV_OUT_OF_WINDOW,
                                            E::RCV_OUT_OF_WINDOW_CTL,
                                            E::RCV_RST_OUT_OF_WINDOW,
                                            E::RCV_RST_INEXACT,
                                            E::RCV_RST,
                                            E::RCV_SYN_IN_WINDOW,
                                            E::RCV_ACK_UNACCEPTABLE,
                                            E::RCV_ACK_TOO_OLD,
                                            E::RCV_OTHER};
    std::vector<Case> out;
    for (S::TcpStates_t s : {S::ESTABLISHED,
                             S::FIN_WAIT_1,
                             S::FIN_WAIT_2,
                             S::CLOSE_WAIT,
                             S::CLOSING,
                             S::LAST_ACK,
                             S::TIME_WAIT})
    {
        for (E e : anySynchronized)
        {
            out.push_back({s, e});
        }
    }
    for (E e : {E::RCV_OUT_OF_WINDOW,
                E::RCV_OUT_OF_WINDOW_CTL,
                E::RCV_RST_OUT_OF_WINDOW,
                E::RCV_RST_INEXACT,
                E::RCV_RST,
                E::RCV_SYN_AGAIN,
                E::RCV_ACK_UNACCEPTABLE,
                E::RCV_OTHER,
                E::RCV_ACK})
    {
        out.push_back({S::SYN_RCVD, e});
    }
    for (E e : {E::RCV_RST_OUT_OF_WINDOW, E::RCV_ACK_UNACCEPTABLE, E::RCV_OTHER})
    {
        out.push_back({S::SYN_SENT, e});
    }
    for (E e : {E::RCV_ACK, E::RCV_RST, E::RCV_OTHER})
    {
        out.push_back({S::LISTEN, e});
    }
    out.push_back({S::ESTABLISHED, E::RCV_FIN});
    out.push_back({S::FIN_WAIT_1, E::RCV_FIN});
    out.push_back({S::FIN_WAIT_1, E::RCV_ACK_OF_FIN});
    out.push_back({S::FIN_WAIT_1, E::RCV_FIN_ACKING_OUR_FIN});
    out.push_back({S::FIN_WAIT_2, E::RCV_FIN});
    out.push_back({S::CLOSING, E::RCV_ACK_OF_FIN});
    out.push_back({S::LAST_ACK, E::RCV_ACK_OF_FIN});
    out.push_back({S::TIME_WAIT, E::RCV_FIN});
    out.push_back({S::TIME_WAIT, E::RCV_ACK});
    return out;
}

class TableRow : public SimulatorTest, public testing::WithParamInterface<Case>
{
};

} // namespace

TEST_P(TableRow, SocketEmitsWhatTheCellSays)
{
    const Case c = GetParam();
    SocketHarness h;
    Subject x = Bring(h, c.state);
    ASSERT_TRUE(x.socket);
    ASSERT_EQ(x.socket->GetState(), c.state);
    Segment seg = Make(c.event, x);
    if (c.state == TcpSocket::TIME_WAIT && c.event == SynFinEvent::RCV_FIN)
    {
        seg.seq = x.rcvNxt - 1; // the peer's FIN once more
    }
    h.Send(seg.flags, seg.seq, seg.ack, seg.payload);

    const SynFinTransition& t = SynFinStateMachine::Lookup(c.state, c.event);
    std::vector<Sent> sent = h.Take();
    std::vector<uint8_t> want = Emitted(t);
    std::vector<std::string> got;
    std::vector<std::string> expected;
    for (const Sent& s : sent)
    {
        got.push_back(FlagNames(s.flags & ~TcpHeader::PSH));
    }
    for (uint8_t f : want)
    {
        expected.push_back(FlagNames(f));
    }
    EXPECT_EQ(got, expected) << SynFinStateMachine::StateName(c.state) << " + "
                             << SynFinStateMachine::EventName(c.event) << ": cell says "
                             << SynFinStateMachine::ActionNames(t.actions) << " / "
                             << SynFinStateMachine::ResponseName(t.response);
    // The numbers of what was sent: ACKs carry <SEQ=SND.NXT><ACK=RCV.NXT> (the state after
    // the segment), a RST answering an ACK carries SEG.ACK.
    for (const Sent& s : sent)
    {
        uint8_t f = s.flags & ~TcpHeader::PSH;
        if (f == RST && (seg.flags & ACK))
        {
            EXPECT_EQ(s.seq, seg.ack) << s.ToString();
        }
        if (f == ACK && t.response != SynFinResponse::NONE && t.actions == ACTION_NONE)
        {
            EXPECT_EQ(s.seq, x.sndNxt) << s.ToString();
            EXPECT_EQ(s.ack, x.rcvNxt) << s.ToString();
        }
        if (f == (SYN | ACK))
        {
            EXPECT_EQ(s.seq, x.iss) << s.ToString();
        }
    }
    EXPECT_EQ(SynFinStateMachine::StateName(x.socket->GetState()),
              std::string(SynFinStateMachine::StateName(t.next)));
}

INSTANTIATE_TEST_SUITE_P(Rfc9293, TableRow, testing::ValuesIn(Cases()), CaseName);

// Every response the table can give is exercised by at least one case above.
TEST(TableRowCoverage, EveryResponseKindIsExercised)
{
    std::set<SynFinResponse> seen;
    for (const Case& c : Cases())
    {
        seen.insert(SynFinStateMachine::Lookup(c.state, c.event).response);
    }
    for (SynFinResponse r : {SynFinResponse::NONE,
                             SynFinResponse::ACK,
                             SynFinResponse::CHALLENGE_ACK,
                             SynFinResponse::RST,
                             SynFinResponse::SYN_ACK})
    {
        EXPECT_EQ(seen.count(r), 1u) << SynFinStateMachine::ResponseName(r);
    }
}
