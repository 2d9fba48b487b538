/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The what-if variants: each table differs from RFC 9293's in exactly the rows it names, and
 * a socket running it does on the wire what those rows say, up to the point where it goes
 * wrong (a connection open on a SYN, state dropped while the peer still sends, a FIN never
 * acknowledged, no TIME-WAIT to re-ACK a FIN, an ACK of an ACK).
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include <fstream>
#include <sstream>

using namespace ns3;
using namespace synfin_test;

namespace
{

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;
constexpr uint32_t PEER = SocketHarness::kPeerIss;

class Variant : public SimulatorTest
{
  protected:
    /// Every synfin socket created from now on runs \p key's table.
    static void Use(const std::string& key)
    {
        SynFinVariant v;
        ASSERT_TRUE(SynFinStateMachine::ParseVariant(key, v)) << key;
        Config::SetDefault("ns3::SynFinSocket::Variant", EnumValue(v));
    }

    /// A client established with the scripted peer; \p sndNxt receives its SND.NXT.
    static Ptr<SynFinSocket> Client(SocketHarness& h, uint32_t& sndNxt)
    {
        Ptr<SynFinSocket> s = h.NewSocket();
        h.Connect(s);
        Sent syn = h.Expect({SYN});
        h.Send(SYN | ACK, PEER, syn.seq + 1, 0, 65535, 1460);
        h.Expect({ACK});
        h.Advance(Seconds(0));
        sndNxt = syn.seq + 1;
        return s;
    }

    /// The client closes first and the peer ACKs its FIN.
    static Ptr<SynFinSocket> ClosedFirstAndAcked(SocketHarness& h, uint32_t& finSeq)
    {
        uint32_t sndNxt = 0;
        Ptr<SynFinSocket> s = Client(h, sndNxt);
        s->Close();
        finSeq = h.Expect({FIN | ACK, sndNxt, PEER + 1}).seq;
        h.Send(ACK, PEER + 1, finSeq + 1);
        h.Advance(MilliSeconds(1));
        return s;
    }
};

} // namespace

TEST(VariantTable, EachDiffersFromRfc9293InExactlyTheRowsItNames)
{
    const std::size_t states = TcpSocket::LAST_STATE;
    const std::size_t events = static_cast<std::size_t>(SynFinEvent::EVENT_COUNT);
    EXPECT_TRUE(SynFinStateMachine::GetChanges(VARIANT_STANDARD).empty());
    for (std::size_t v = 1; v < VARIANT_COUNT; ++v)
    {
        auto variant = static_cast<SynFinVariant>(v);
        SCOPED_TRACE(SynFinStateMachine::VariantKey(variant));
        const auto& changes = SynFinStateMachine::GetChanges(variant);
        EXPECT_FALSE(changes.empty());
        std::size_t differing = 0;
        for (std::size_t s = 0; s < states; ++s)
        {
            for (std::size_t e = 0; e < events; ++e)
            {
                auto state = static_cast<SynFinState>(s);
                auto event = static_cast<SynFinEvent>(e);
                const SynFinTransition& a = SynFinStateMachine::Lookup(state, event);
                const SynFinTransition& b = SynFinStateMachine::Lookup(state, event, variant);
                if (a.next != b.next || a.actions != b.actions || a.outcome != b.outcome ||
                    a.response != b.response)
                {
                    ++differing;
                    bool named = false;
                    for (const SynFinVariantRow& r : changes)
                    {
                        named = named || (r.state == state && r.event == event);
                    }
                    EXPECT_TRUE(named) << SynFinStateMachine::StateName(state) << " + " << event
                                       << " differs but is not named";
                }
            }
        }
        EXPECT_EQ(differing, changes.size());
        // The diagram draws exactly those rows in red.
        std::ostringstream dot;
        SynFinStateMachine::WriteGraphviz(dot, variant);
        std::string text = dot.str();
        std::size_t red = 0;
        for (std::size_t at = text.find(", color=red"); at != std::string::npos;
             at = text.find(", color=red", at + 1))
        {
            ++red;
        }
        EXPECT_EQ(red, changes.size());
        SynFinVariant parsed;
        ASSERT_TRUE(
            SynFinStateMachine::ParseVariant(SynFinStateMachine::VariantKey(variant), parsed));
        EXPECT_EQ(parsed, variant);
    }
    SynFinVariant unused;
    EXPECT_FALSE(SynFinStateMachine::ParseVariant("one-way-handshake", unused));
}

TEST(VariantTable, DocDiagrams_AreTheTablesGraphvizOutput)
{
    for (uint32_t v = 1; v < VARIANT_COUNT; ++v)
    {
        auto variant = static_cast<SynFinVariant>(v);
        std::string file = std::string(SYNFIN_SOURCE_DIR) + "/doc/synfin-variant-" +
                           SynFinStateMachine::VariantKey(variant) + ".dot";
        std::ostringstream os;
        SynFinStateMachine::WriteGraphviz(os, variant);
        std::ifstream committed(file);
        ASSERT_TRUE(committed.good()) << file << " is missing: make doc-diagram";
        std::ostringstream text;
        text << committed.rdbuf();
        EXPECT_EQ(text.str(), os.str()) << file << " is stale: make doc-diagram";
    }
}

TEST_F(Variant, TwoWayHandshake_ListenerChildIsEstablishedOnTheSynAlone)
{
    Use("two-way-handshake");
    SocketHarness h;
    Ptr<SynFinSocket> listener = h.NewSocket();
    h.Listen(listener);
    h.Send(SYN, PEER, 0, 0, 65535, 1460);
    h.Expect({SYN | ACK, -1, PEER + 1});
    h.Advance(Seconds(0));
    // No third segment, yet the application has its connection.
    ASSERT_EQ(h.Accepted().size(), 1u);
    EXPECT_EQ(h.Accepted()[0]->GetObject<SynFinSocket>()->GetState(), TcpSocket::ESTABLISHED);
}

TEST_F(Variant, Standard_ListenerChildWaitsForTheThirdSegment)
{
    SocketHarness h;
    Ptr<SynFinSocket> listener = h.NewSocket();
    h.Listen(listener);
    h.Send(SYN, PEER, 0, 0, 65535, 1460);
    h.Expect({SYN | ACK, -1, PEER + 1});
    h.Advance(Seconds(0));
    EXPECT_TRUE(h.Accepted().empty());
}

TEST_F(Variant, TwoWayClose_StateGoneOnceFinIsAcked_PeersDataDrawsRst)
{
    Use("two-way-close");
    SocketHarness h;
    uint32_t finSeq = 0;
    Ptr<SynFinSocket> s = ClosedFirstAndAcked(h, finSeq);
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSED); // not FIN-WAIT-2
    // The peer, half-closed, still has something to say.
    h.Send(ACK, PEER + 1, finSeq + 1, 500);
    Sent rst = h.Expect({RST});
    EXPECT_EQ(rst.seq, finSeq + 1);
}

TEST_F(Variant, ThreeWayClose_PeersFinNeverAcked_ItsRetransmissionDrawsRst)
{
    Use("three-way-close");
    SocketHarness h;
    uint32_t finSeq = 0;
    Ptr<SynFinSocket> s = ClosedFirstAndAcked(h, finSeq);
    EXPECT_EQ(s->GetState(), TcpSocket::FIN_WAIT_2);
    h.Send(FIN | ACK, PEER + 1, finSeq + 1);
    h.Advance(MilliSeconds(1));
    h.ExpectNothing(); // the fourth segment is missing
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
    h.Send(FIN | ACK, PEER + 1, finSeq + 1); // the peer retransmits from LAST-ACK
    h.Expect({RST});
}

TEST_F(Variant, NoTimeWait_LastAckSentStateDropped_RetransmittedFinDrawsRst)
{
    Use("no-time-wait");
    SocketHarness h;
    uint32_t finSeq = 0;
    Ptr<SynFinSocket> s = ClosedFirstAndAcked(h, finSeq);
    h.Send(FIN | ACK, PEER + 1, finSeq + 1);
    h.Expect({ACK, finSeq + 1, PEER + 2});
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
    EXPECT_EQ(h.Tcp()->GetTimeWaitTable().Size(), 0u);
    // That ACK was lost: the peer's FIN comes again, and nobody remembers the connection.
    h.Send(FIN | ACK, PEER + 1, finSeq + 1);
    h.Expect({RST});
}

TEST_F(Variant, Standard_TimeWaitReAcksTheRetransmittedFin)
{
    SocketHarness h;
    uint32_t finSeq = 0;
    ClosedFirstAndAcked(h, finSeq);
    h.Send(FIN | ACK, PEER + 1, finSeq + 1);
    h.Expect({ACK, finSeq + 1, PEER + 2});
    h.Send(FIN | ACK, PEER + 1, finSeq + 1);
    h.Expect({ACK, finSeq + 1, PEER + 2});
}

TEST_F(Variant, FiveWayClose_PassiveCloserAcknowledgesTheFinalAck)
{
    Use("five-way-close");
    SocketHarness h;
    Ptr<SynFinSocket> listener = h.NewSocket();
    h.Listen(listener);
    h.Send(SYN, PEER, 0, 0, 65535, 1460);
    uint32_t serverNxt = h.Expect({SYN | ACK, -1, PEER + 1}).seq + 1;
    h.Send(ACK, PEER + 1, serverNxt);
    h.Advance(Seconds(0));
    ASSERT_EQ(h.Accepted().size(), 1u);
    Ptr<SynFinSocket> server = DynamicCast<SynFinSocket>(h.Accepted()[0]);
    // The peer (client) closes first; the server acknowledges and closes.
    h.Send(FIN | ACK, PEER + 1, serverNxt);
    h.Expect({ACK, serverNxt, PEER + 2});
    server->Close();
    h.Expect({FIN | ACK, serverNxt, PEER + 2});
    h.Send(ACK, PEER + 2, serverNxt + 1);     // the fourth segment
    h.Expect({ACK, serverNxt + 1, PEER + 2}); // and a fifth, for nothing
    EXPECT_EQ(server->GetState(), TcpSocket::CLOSED);
}
