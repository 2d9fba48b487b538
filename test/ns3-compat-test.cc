/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The compatibility layer (model/synfin-ns3-compat.h): the configure-time probes agree with
 * the ns-3 headers this program was compiled against, and the helpers that stand in for
 * newer ns-3 APIs behave like them on every release.
 */

#include "synfin-test-util.h"

#include <string>
#include <type_traits>
#include <utility>

using namespace ns3;

namespace
{

/// True where InternetStackHelper has SetTcp(std::string), found by overload resolution.
template <typename T, typename = void>
struct HasSetTcp : std::false_type
{
};

template <typename T>
struct HasSetTcp<T, std::void_t<decltype(std::declval<T&>().SetTcp(std::string()))>>
    : std::true_type
{
};

/// A capturing lambda's type, as the probe uses one.
auto
CapturingLambda(int value)
{
    return [value](int) { (void)value; };
}

} // namespace

// A probe that answered wrongly would still build where the answer only picks a slower path
// (SetTcp): these compare it with what the headers say through the type system.
TEST(Ns3Compat, SetTcpProbe_AgreesWithTheHeaders)
{
    EXPECT_EQ(HasSetTcp<InternetStackHelper>::value, SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP == 1);
}

TEST(Ns3Compat, CallbackFromLambdaProbe_AgreesWithTheHeaders)
{
    bool direct = std::is_constructible_v<Callback<void, int>, decltype(CapturingLambda(1))>;
    EXPECT_EQ(direct, SYNFIN_NS3_CALLBACK_FROM_LAMBDA == 1);
}

TEST(Ns3Compat, MakeSynFinCallback_CallsTheLambdaWithItsArgumentsAndReturnsItsResult)
{
    int calls = 0;
    auto add = MakeSynFinCallback<int, int, int>([&calls](int a, int b) {
        ++calls;
        return a + b;
    });
    EXPECT_FALSE(add.IsNull());
    EXPECT_EQ(add(2, 3), 5);
    EXPECT_EQ(add(4, 5), 9);
    EXPECT_EQ(calls, 2);
}

TEST(Ns3Compat, SynFinSchedule_RunsTheLambdaAtItsTimeInOrder)
{
    std::vector<std::pair<double, int>> ran;
    int tag = 7;
    SynFinSchedule(Seconds(2),
                   [&ran, tag]() { ran.emplace_back(Simulator::Now().GetSeconds(), tag); });
    SynFinSchedule(Seconds(1), [&ran]() {
        ran.emplace_back(Simulator::Now().GetSeconds(), 1);
        SynFinScheduleNow([&ran]() { ran.emplace_back(Simulator::Now().GetSeconds(), 2); });
    });
    EventId cancelled = SynFinSchedule(Seconds(3), [&ran]() { ran.emplace_back(0, -1); });
    cancelled.Cancel();
    Simulator::Run();
    Simulator::Destroy();
    std::vector<std::pair<double, int>> expected{{1.0, 1}, {1.0, 2}, {2.0, 7}};
    EXPECT_EQ(ran, expected);
}

TEST(Ns3Compat, EnumAttribute_SetByNameAndReadBack)
{
    Ptr<SynFinSocket> s = CreateObject<SynFinSocket>();
    s->SetAttribute("TimeWaitRstPolicy", StringValue("Ignore"));
    StringValue policy;
    s->GetAttribute("TimeWaitRstPolicy", policy);
    EXPECT_EQ(policy.Get(), "Ignore");
    s->SetAttribute("TimeWaitRstPolicy", StringValue("Close"));
    s->GetAttribute("TimeWaitRstPolicy", policy);
    EXPECT_EQ(policy.Get(), "Close");
}
