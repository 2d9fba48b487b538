/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Sockets made by a node (SynFinL4Protocol::CreateSocket) are copies of a prototype, not
 * constructed one by one. They must be indistinguishable from CreateObject<SynFinSocket>():
 * the same value for every attribute, and every attribute default changed between two
 * sockets (synfin's own, the stock TcpSocketBase ones) seen by the second.
 */

#include "synfin-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <map>

using namespace ns3;
using namespace synfin_test;

namespace
{

/// Every readable attribute of a socket's TypeId chain, serialized, by full name.
std::map<std::string, std::string>
AttributeValues(Ptr<SynFinSocket> socket)
{
    std::map<std::string, std::string> values;
    for (TypeId tid = socket->GetInstanceTypeId(); tid != ObjectBase::GetTypeId();
         tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            if (!info.accessor->HasGetter())
            {
                continue;
            }
            Ptr<AttributeValue> value = info.checker->Create();
            if (info.accessor->Get(PeekPointer(socket), *value))
            {
                values[tid.GetName() + "::" + info.name] = value->SerializeToString(info.checker);
            }
        }
    }
    return values;
}

Ptr<SynFinSocket>
NodeSocket(const TwoNodeNet& net)
{
    return DynamicCast<SynFinSocket>(net.Socket(0));
}

class SocketPrototype : public SimulatorTest
{
  protected:
    void SetUp() override
    {
        SynFinStockAttributes::Reset();
    }
};

} // namespace

TEST_F(SocketPrototype, EveryAttribute_SameAsAConstructedSocket)
{
    // Values other than the built-in defaults, of each kind of attribute: a synfin one, a
    // TcpSocket one, a stock one mapped onto synfin, a not-modelled stock one.
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(7)));
    Config::SetDefault("ns3::SynFinSocket::LingerZero", BooleanValue(true));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(300)));
    Config::SetDefault("ns3::TcpSocketBase::ReTxThreshold", UintegerValue(5));
    TwoNodeNet net;
    for (int i = 0; i < 3; ++i) // the first copy and later ones
    {
        Ptr<SynFinSocket> copied = NodeSocket(net);
        ASSERT_NE(copied, nullptr);
        std::map<std::string, std::string> expected = AttributeValues(CreateObject<SynFinSocket>());
        std::map<std::string, std::string> got = AttributeValues(copied);
        ASSERT_GT(expected.size(), 30u);
        for (const auto& [name, value] : expected)
        {
            if (name == "ns3::SynFinSocket::CongestionOps")
            {
                continue; // the protocol hands each socket it makes its SocketType's
            }
            if (name == "ns3::SynFinSocket::RxBuffer")
            {
                continue; // each socket's own view of its RCV.NXT, made when read
            }
            EXPECT_EQ(got[name], value) << name;
        }
        EXPECT_EQ(got.at("ns3::SynFinSocket::Msl"), "+7e+09ns");
        EXPECT_EQ(got.at("ns3::SynFinSocket::MinRto"), "+3e+08ns");
        EXPECT_EQ(copied->GetState(), TcpSocket::CLOSED);
    }
}

TEST_F(SocketPrototype, DefaultChangedBetweenTwoSockets_SecondSeesIt)
{
    TwoNodeNet net;
    Ptr<SynFinSocket> before = NodeSocket(net);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(3)));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(700));
    Ptr<SynFinSocket> after = NodeSocket(net);

    TimeValue msl;
    before->GetAttribute("Msl", msl);
    EXPECT_NE(msl.Get(), Seconds(3)) << "a socket keeps the defaults it was made with";
    after->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), Seconds(3));
    UintegerValue segment;
    after->GetAttribute("SegmentSize", segment);
    EXPECT_EQ(segment.Get(), 700u);
}

TEST_F(SocketPrototype, StockDefaultChangedBetweenTwoSockets_SecondSeesIt)
{
    TwoNodeNet net;
    NodeSocket(net);
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(2.5));
    TimeValue msl;
    NodeSocket(net)->GetAttribute("Msl", msl);
    EXPECT_EQ(msl.Get(), Seconds(2.5));
}

TEST_F(SocketPrototype, SameValueOnBothNames_NotReportedAsOverridden)
{
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(60));
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(60)));
    TwoNodeNet net;
    NodeSocket(net);
    for (const SynFinStockSetting& s : SynFinStockAttributes::GetNotApplied())
    {
        EXPECT_NE(s.name, "ns3::TcpSocketBase::MaxSegLifetime") << s.effect;
    }
}

TEST_F(SocketPrototype, SocketsAreIndependent)
{
    TwoNodeNet net;
    Ptr<SynFinSocket> a = NodeSocket(net);
    a->SetAttribute("Msl", TimeValue(Seconds(9)));
    TimeValue msl;
    NodeSocket(net)->GetAttribute("Msl", msl);
    EXPECT_NE(msl.Get(), Seconds(9)) << "a value set on one socket leaked into the next";
}
