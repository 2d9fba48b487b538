/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * How synfin joins a node: SynFinStackHelper's two paths and InternetStackHelper::SetTcp.
 */

#include "synfin-test-util.h"

#include "ns3/point-to-point-module.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

/// Two nodes joined by a link, stacks installed by `install`; true if a handshake completes.
template <typename Install>
bool
HandshakeCompletes(Install install)
{
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devices = p2p.Install(nodes);
    install(nodes);
    Ipv4AddressHelper address;
    address.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = address.Assign(devices);

    Ptr<Socket> listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
    bool connected = false;
    client->SetConnectCallback(
        MakeSynFinCallback<void, Ptr<Socket>>([&connected](Ptr<Socket>) { connected = true; }),
        MakeNullCallback<void, Ptr<Socket>>());
    client->Connect(InetSocketAddress(ifs.GetAddress(1), 80));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_TRUE(DynamicCast<SynFinSocket>(client)) << "the client socket is not synfin's";
    EXPECT_TRUE(SynFinStackHelper::HasSynFin(nodes.Get(0)));
    EXPECT_TRUE(nodes.Get(0)->GetObject<UdpL4Protocol>()) << "UDP missing from the stack";
    return connected;
}

class StackHelper : public SimulatorTest
{
};

} // namespace

TEST_F(StackHelper, DefaultInstall_SynFinServesTcpSocketFactory)
{
    EXPECT_TRUE(HandshakeCompletes([](NodeContainer n) { SynFinStackHelper().Install(n); }));
}

TEST_F(StackHelper, AssembledStack_WorksWithoutSetTcp)
{
    EXPECT_TRUE(HandshakeCompletes([](NodeContainer n) {
        SynFinStackHelper stack;
        stack.SetAssembleStack(true);
        stack.Install(n);
        for (uint32_t i = 0; i < n.GetN(); ++i)
        {
            // No stock protocol: the node's TcpL4Protocol is synfin's view of itself.
            Ptr<TcpL4Protocol> tcp = n.Get(i)->GetObject<TcpL4Protocol>();
            EXPECT_TRUE(tcp && tcp->GetInstanceTypeId().GetName() == "ns3::SynFinTcpL4View");
            EXPECT_TRUE(n.Get(i)->GetObject<ArpL3Protocol>());
        }
    }));
}

TEST_F(StackHelper, InternetStackHelperSetTcp_OneLinePath)
{
#if SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP
    EXPECT_TRUE(HandshakeCompletes([](NodeContainer n) {
        InternetStackHelper internet;
        internet.SetTcp("ns3::SynFinL4Protocol");
        internet.Install(n);
    }));
#else
    GTEST_SKIP() << "this ns-3 has no InternetStackHelper::SetTcp (removed in ns-3.39)";
#endif
}

TEST_F(StackHelper, InstallStock_GivesNs3Tcp)
{
    NodeContainer nodes;
    nodes.Create(1);
    SynFinStackHelper().InstallStock(nodes);
    EXPECT_TRUE(nodes.Get(0)->GetObject<TcpL4Protocol>());
    EXPECT_FALSE(SynFinStackHelper::HasSynFin(nodes.Get(0)));
}

TEST_F(StackHelper, InstallTwice_AbortsNamingTheNode)
{
    NodeContainer nodes;
    nodes.Create(1);
    SynFinStackHelper stack;
    stack.Install(nodes);
    EXPECT_DEATH(stack.Install(nodes.Get(0)), "node 0 already has an internet stack");
}
