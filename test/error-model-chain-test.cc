/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinErrorModelChain: a packet is lost if any member loses it, and every member sees
 * every packet.
 */

#include "ns3/error-model.h"
#include "ns3/packet.h"
#include "ns3/synfin-error-model-chain.h"

#include <gtest/gtest.h>
#include <list>

using namespace ns3;

namespace
{

/// Loses the packets whose uid is listed, and counts what it saw.
Ptr<ReceiveListErrorModel>
Losing(std::list<uint32_t> uids)
{
    Ptr<ReceiveListErrorModel> m = CreateObject<ReceiveListErrorModel>();
    m->SetList(uids);
    return m;
}

} // namespace

TEST(ErrorModelChain, LostIfAnyMemberLosesIt_AndEveryMemberSeesEveryPacket)
{
    // ReceiveListErrorModel counts packets in order: index 0, 1, 2, ...
    Ptr<SynFinErrorModelChain> chain = CreateObject<SynFinErrorModelChain>();
    chain->Add(Losing({1}));
    chain->Add(Losing({1, 3}));
    std::vector<bool> lost;
    for (int i = 0; i < 5; ++i)
    {
        lost.push_back(chain->IsCorrupt(Create<Packet>(10)));
    }
    // Packet 1 is lost by both; packet 3 only by the second, which must have counted
    // packet 1 too even though the first member had already lost it.
    EXPECT_EQ(lost, std::vector<bool>({false, true, false, true, false}));
    EXPECT_EQ(chain->GetN(), 2u);
}

TEST(ErrorModelChain, EmptyChain_LosesNothing_DisabledChainLosesNothing)
{
    Ptr<SynFinErrorModelChain> chain = CreateObject<SynFinErrorModelChain>();
    EXPECT_FALSE(chain->IsCorrupt(Create<Packet>(10)));
    chain->Add(Losing({0, 1, 2}));
    chain->Disable();
    EXPECT_FALSE(chain->IsCorrupt(Create<Packet>(10)));
    chain->Enable();
    EXPECT_TRUE(chain->IsCorrupt(Create<Packet>(10)));
}
