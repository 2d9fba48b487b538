/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The state table, walked exhaustively (RFC 9293 Figure 5 and section 3.10).
 */

#include "ns3/synfin-state-machine.h"

#include <fstream>
#include <gtest/gtest.h>
#include <queue>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{

constexpr int kStates = TcpSocket::LAST_STATE;
constexpr int kEvents = static_cast<int>(SynFinEvent::EVENT_COUNT);

SynFinState
S(int s)
{
    return static_cast<SynFinState>(s);
}

SynFinEvent
E(int e)
{
    return static_cast<SynFinEvent>(e);
}

/// States reachable from `start` through defined rows.
std::set<int>
Reachable(int start)
{
    std::set<int> seen{start};
    std::queue<int> todo;
    todo.push(start);
    while (!todo.empty())
    {
        int s = todo.front();
        todo.pop();
        for (int e = 0; e < kEvents; ++e)
        {
            const auto& t = SynFinStateMachine::Lookup(S(s), E(e));
            if (t.outcome == SynFinDefault::NONE && seen.insert(t.next).second)
            {
                todo.push(t.next);
            }
        }
    }
    return seen;
}

struct Row
{
    SynFinState from;
    SynFinEvent event;
    SynFinState to;
    uint16_t mustHave;
};

} // namespace

TEST(StateMachine, EveryPair_HasADefinedOutcome_NeverInvalid)
{
    for (int s = 0; s < kStates; ++s)
    {
        for (int e = 0; e < kEvents; ++e)
        {
            const auto& t = SynFinStateMachine::Lookup(S(s), E(e));
            EXPECT_LT(static_cast<int>(t.next), kStates);
            if (t.outcome != SynFinDefault::NONE)
            {
                // A missing row never moves the state.
                EXPECT_EQ(t.next, S(s)) << SynFinStateMachine::StateName(S(s)) << " + "
                                        << SynFinStateMachine::EventName(E(e));
                EXPECT_EQ(t.actions, ACTION_NONE);
            }
        }
    }
    // Out-of-range input is answered, not asserted.
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::LAST_STATE, SynFinEvent::RCV_SYN).outcome,
              SynFinDefault::IGNORE);
}

TEST(StateMachine, Rfc9293Diagram_RowsPresentWithTheirActions)
{
    using T = TcpSocket;
    using V = SynFinEvent;
    const Row rows[] = {
        {T::CLOSED, V::APP_PASSIVE_OPEN, T::LISTEN, ACTION_NONE},
        {T::CLOSED, V::APP_ACTIVE_OPEN, T::SYN_SENT, ACTION_SEND_SYN},
        {T::LISTEN, V::RCV_SYN, T::SYN_RCVD, ACTION_SEND_SYN_ACK},
        {T::SYN_SENT, V::RCV_SYN_ACK, T::ESTABLISHED, ACTION_SEND_ACK | ACTION_NOTIFY_ESTABLISHED},
        {T::SYN_SENT, V::RCV_SYN, T::SYN_RCVD, ACTION_SEND_SYN_ACK},
        {T::SYN_SENT, V::RCV_RST, T::CLOSED, ACTION_NOTIFY_ERROR},
        {T::SYN_SENT, V::TIMER_RETRIES_EXHAUSTED, T::CLOSED, ACTION_NOTIFY_ERROR},
        {T::SYN_RCVD, V::RCV_ACK, T::ESTABLISHED, ACTION_NOTIFY_ESTABLISHED},
        {T::SYN_RCVD, V::APP_CLOSE, T::FIN_WAIT_1, ACTION_SEND_FIN},
        {T::ESTABLISHED, V::APP_CLOSE, T::FIN_WAIT_1, ACTION_SEND_FIN},
        {T::ESTABLISHED, V::RCV_FIN, T::CLOSE_WAIT, ACTION_DELAYABLE_ACK},
        {T::ESTABLISHED, V::APP_ABORT, T::CLOSED, ACTION_SEND_RST},
        {T::FIN_WAIT_1, V::RCV_ACK_OF_FIN, T::FIN_WAIT_2, ACTION_NONE},
        {T::FIN_WAIT_1, V::RCV_FIN, T::CLOSING, ACTION_SEND_ACK},
        {T::FIN_WAIT_1,
         V::RCV_FIN_ACKING_OUR_FIN,
         T::TIME_WAIT,
         ACTION_SEND_ACK | ACTION_ENTER_TIME_WAIT},
        {T::FIN_WAIT_2, V::RCV_FIN, T::TIME_WAIT, ACTION_SEND_ACK | ACTION_ENTER_TIME_WAIT},
        {T::FIN_WAIT_2, V::TIMER_FIN_WAIT_2, T::CLOSED, ACTION_RELEASE},
        {T::CLOSE_WAIT, V::APP_CLOSE, T::LAST_ACK, ACTION_SEND_FIN},
        {T::CLOSING, V::RCV_ACK_OF_FIN, T::TIME_WAIT, ACTION_ENTER_TIME_WAIT},
        {T::LAST_ACK, V::RCV_ACK_OF_FIN, T::CLOSED, ACTION_RELEASE},
        {T::TIME_WAIT, V::RCV_FIN, T::TIME_WAIT, ACTION_SEND_ACK | ACTION_RESTART_TIME_WAIT},
        {T::TIME_WAIT, V::TIMER_TIME_WAIT, T::CLOSED, ACTION_RELEASE},
        {T::TIME_WAIT, V::RCV_SYN_REUSE, T::CLOSED, ACTION_RELEASE},
    };
    for (const auto& r : rows)
    {
        const auto& t = SynFinStateMachine::Lookup(r.from, r.event);
        SCOPED_TRACE(std::string(SynFinStateMachine::StateName(r.from)) + " + " +
                     SynFinStateMachine::EventName(r.event));
        EXPECT_EQ(t.outcome, SynFinDefault::NONE);
        EXPECT_EQ(t.next, r.to);
        EXPECT_EQ(t.actions & r.mustHave, r.mustHave);
    }
}

TEST(StateMachine, RstInSynchronizedStates_ClosesWithoutAnsweringIt)
{
    for (auto s : {TcpSocket::SYN_RCVD,
                   TcpSocket::ESTABLISHED,
                   TcpSocket::FIN_WAIT_1,
                   TcpSocket::FIN_WAIT_2,
                   TcpSocket::CLOSE_WAIT,
                   TcpSocket::CLOSING,
                   TcpSocket::LAST_ACK,
                   TcpSocket::TIME_WAIT})
    {
        const auto& t = SynFinStateMachine::Lookup(s, SynFinEvent::RCV_RST);
        EXPECT_EQ(t.next, TcpSocket::CLOSED) << SynFinStateMachine::StateName(s);
        EXPECT_FALSE(t.actions & (ACTION_SEND_RST | ACTION_SEND_ACK));
    }
    // Never answer a RST with a RST (3.10.7.1): the defaults for RST are "ignore".
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::LISTEN, SynFinEvent::RCV_RST).outcome,
              SynFinDefault::IGNORE);
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::CLOSED, SynFinEvent::RCV_RST).outcome,
              SynFinDefault::IGNORE);
}

TEST(StateMachine, MissingRows_FollowSection310Defaults)
{
    // An ACK to a listener or a closed port draws a RST (3.10.7.1, 3.10.7.2).
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::LISTEN, SynFinEvent::RCV_ACK).outcome,
              SynFinDefault::SEND_RST);
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::CLOSED, SynFinEvent::RCV_ACK).outcome,
              SynFinDefault::SEND_RST);
    // A SYN in a synchronized state draws an ACK (RFC 5961 section 4).
    EXPECT_EQ(SynFinStateMachine::Lookup(TcpSocket::ESTABLISHED, SynFinEvent::RCV_SYN).outcome,
              SynFinDefault::SEND_ACK);
    // Calls that make no sense are errors, not state changes.
    EXPECT_EQ(
        SynFinStateMachine::Lookup(TcpSocket::ESTABLISHED, SynFinEvent::APP_ACTIVE_OPEN).outcome,
        SynFinDefault::APP_ERROR);
    // A timer of a state we have left is ignored.
    EXPECT_EQ(
        SynFinStateMachine::Lookup(TcpSocket::ESTABLISHED, SynFinEvent::TIMER_TIME_WAIT).outcome,
        SynFinDefault::IGNORE);
}

TEST(StateMachine, Graph_EveryStateReachable_AndEveryStateCanClose)
{
    auto fromClosed = Reachable(TcpSocket::CLOSED);
    EXPECT_EQ(fromClosed.size(), static_cast<size_t>(kStates));
    for (int s = 0; s < kStates; ++s)
    {
        EXPECT_TRUE(Reachable(s).count(TcpSocket::CLOSED))
            << SynFinStateMachine::StateName(S(s)) << " cannot reach CLOSED";
    }
}

TEST(StateMachine, TimeWait_OnlyEnteredFromFinWait1Or2OrClosing)
{
    for (int s = 0; s < kStates; ++s)
    {
        for (int e = 0; e < kEvents; ++e)
        {
            const auto& t = SynFinStateMachine::Lookup(S(s), E(e));
            if (t.outcome == SynFinDefault::NONE && t.next == TcpSocket::TIME_WAIT &&
                s != TcpSocket::TIME_WAIT)
            {
                EXPECT_TRUE(s == TcpSocket::FIN_WAIT_1 || s == TcpSocket::FIN_WAIT_2 ||
                            s == TcpSocket::CLOSING)
                    << SynFinStateMachine::StateName(S(s));
                EXPECT_TRUE(t.actions & ACTION_ENTER_TIME_WAIT);
            }
        }
    }
}

TEST(StateMachine, Graphviz_OneEdgePerDefinedRow)
{
    std::ostringstream os;
    SynFinStateMachine::WriteGraphviz(os);
    std::string dot = os.str();
    size_t edges = 0;
    for (size_t pos = dot.find("->"); pos != std::string::npos; pos = dot.find("->", pos + 2))
    {
        ++edges;
    }
    size_t rows = 0;
    for (int s = 0; s < kStates; ++s)
    {
        for (int e = 0; e < kEvents; ++e)
        {
            rows += SynFinStateMachine::Lookup(S(s), E(e)).outcome == SynFinDefault::NONE;
        }
    }
    EXPECT_EQ(edges, rows);
    EXPECT_NE(dot.find("\"FIN-WAIT-2\" -> \"TIME-WAIT\""), std::string::npos);
    EXPECT_EQ(dot.rfind("digraph", 0), 0u);
}

TEST(StateMachine, Names_MatchRfc9293Spelling)
{
    EXPECT_STREQ(SynFinStateMachine::StateName(TcpSocket::SYN_RCVD), "SYN-RECEIVED");
    EXPECT_STREQ(SynFinStateMachine::StateName(TcpSocket::TIME_WAIT), "TIME-WAIT");
    EXPECT_STREQ(SynFinStateMachine::StateName(TcpSocket::LAST_STATE), "INVALID");
    EXPECT_EQ(SynFinStateMachine::ActionNames(ACTION_NONE), "-");
    EXPECT_EQ(SynFinStateMachine::ActionNames(ACTION_SEND_ACK | ACTION_ENTER_TIME_WAIT),
              "send ACK+enter TIME-WAIT");
}

TEST(StateMachine, Keys_OneWordEachAndDistinct)
{
    std::set<std::string> keys;
    for (int e = 0; e < kEvents; ++e)
    {
        std::string k = SynFinStateMachine::EventKey(E(e));
        EXPECT_EQ(k.find_first_of(" ,|\""), std::string::npos) << k;
        keys.insert(k);
    }
    EXPECT_EQ(keys.size(), static_cast<size_t>(kEvents));
    EXPECT_STREQ(SynFinStateMachine::StateKey(TcpSocket::SYN_RCVD), "SYN_RCVD");
    for (int s = 0; s < kStates; ++s)
    {
        EXPECT_STREQ(SynFinStateMachine::StateKey(S(s)), TcpSocket::TcpStateName[s]);
    }
}

// The diagram in doc/ is the table's own Graphviz output (regenerate with
// `make doc-diagram` after changing a row).
TEST(StateMachine, DocDiagram_IsTheTablesGraphvizOutput)
{
    std::ostringstream os;
    SynFinStateMachine::WriteGraphviz(os);
    std::ifstream committed(std::string(SYNFIN_SOURCE_DIR) + "/doc/synfin-state-machine.dot");
    ASSERT_TRUE(committed.good()) << "doc/synfin-state-machine.dot is missing";
    std::ostringstream text;
    text << committed.rdbuf();
    EXPECT_EQ(text.str(), os.str()) << "doc/synfin-state-machine.dot is stale: make doc-diagram";
}
