/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * RunFolder, the figures' reader of a recorder folder: endpoints joined from their address
 * and port cells, segments.csv's retx column, nodes.csv, and folders written before these
 * columns existed (which must still plot).
 */

#include "plots-test-util.h"
#include "synfin-plot-error.h"
#include "synfin-plot-run.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace synfin::plot;
using namespace synfin::plot::test;

namespace
{

/// \return the message of the PlotError that \p read throws, or "" (and a failure) if none
template <typename F>
std::string
PlotErrorOf(F read)
{
    try
    {
        read();
    }
    catch (const PlotError& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "no PlotError";
    return "";
}

} // namespace

TEST(RunFolder, Endpoints_JoinedFromAddressAndPortCells)
{
    const RunFolder run(Fixture("run-basic"));
    ASSERT_FALSE(run.States().empty());
    // The listener: the server's address, and no peer.
    EXPECT_EQ(run.States()[0].local, "10.1.1.2:80");
    EXPECT_EQ(run.States()[0].remote, "0.0.0.0:0");
    ASSERT_FALSE(run.Segments().empty());
    EXPECT_EQ(run.Segments()[0].from, "10.1.1.1:49152");
    EXPECT_EQ(run.Segments()[0].to, "10.1.1.2:80");
    ASSERT_EQ(run.Connections().size(), 1u);
    EXPECT_EQ(run.Connections()[0].client, "10.1.1.1:49152");
    EXPECT_EQ(run.Connections()[0].server, "10.1.1.2:80");
}

TEST(RunFolder, Retx_SetOnTxRowsOnly_MarkedRowsAreConnectionsCounts)
{
    const RunFolder run(Fixture("run-lossy"));
    std::size_t marked = 0;
    for (const SegmentEvent& s : run.Segments())
    {
        EXPECT_EQ(s.retx.has_value(), s.event == "tx") << s.event << " at " << s.time;
        marked += s.retx.value_or(false) ? 1 : 0;
    }
    // connections.csv of this fixture: 6 SYN, 2 SYN-ACK, 3 data and 7 FIN retransmissions,
    // none of them a segment repeating both payload and a FIN.
    EXPECT_EQ(marked, 6u + 2u + 3u + 7u);
}

TEST(RunFolder, Nodes_ReadFromNodesCsv_AddressesSplitOnSpaces)
{
    const RunFolder run(Fixture("run-lossy"));
    const std::vector<NodeRecord>& nodes = run.Nodes();
    ASSERT_EQ(nodes.size(), 4u);
    EXPECT_EQ(nodes[0].node, 0);
    EXPECT_EQ(nodes[0].name, "client");
    EXPECT_EQ(nodes[0].role, "client");
    EXPECT_EQ(nodes[0].addresses, (std::vector<std::string>{"10.1.1.1"}));
    EXPECT_EQ(nodes[1].role, "router");
    EXPECT_EQ(nodes[1].addresses, (std::vector<std::string>{"10.1.1.2", "10.1.2.1"}));
    EXPECT_EQ(nodes[2].role, "router");
    EXPECT_EQ(nodes[3].node, 3);
    EXPECT_EQ(nodes[3].role, "server");
    EXPECT_EQ(&run.Nodes(), &nodes) << "read once";
}

TEST(RunFolder, Nodes_FolderWithoutNodesCsv_EmptyNotAnError)
{
    // run-basic stands for a folder written before nodes.csv existed.
    ASSERT_FALSE(fs::exists(fs::path(Fixture("run-basic")) / "nodes.csv"));
    const RunFolder run(Fixture("run-basic"));
    EXPECT_TRUE(run.Nodes().empty());
}

TEST(RunFolder, Nodes_EmptyNameAndAddressesAllowed_EmptyRoleOrMissingColumnNamed)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "nodes.csv") << "node,name,role,addresses\n"
                                               "0,,host,\n"
                                               "1,r,router,10.0.0.1  10.0.1.1\n";
    const RunFolder run(tmp.Path().string());
    ASSERT_EQ(run.Nodes().size(), 2u);
    EXPECT_EQ(run.Nodes()[0].name, "");
    EXPECT_TRUE(run.Nodes()[0].addresses.empty());
    EXPECT_EQ(run.Nodes()[1].addresses, (std::vector<std::string>{"10.0.0.1", "10.0.1.1"}));

    std::ofstream(tmp.Path() / "nodes.csv") << "node,name,role,addresses\n0,,,10.0.0.1\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Nodes();
              }).find("nodes.csv:2: column 'role': empty"),
              std::string::npos);
    std::ofstream(tmp.Path() / "nodes.csv") << "node,name,addresses\n0,,10.0.0.1\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Nodes();
              }).find("nodes.csv:1: missing column 'role'"),
              std::string::npos);
}

TEST(RunFolder, FolderFromBeforeTheSplit_OneCellEndpointsAndNoRetxStillRead)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "states.csv")
        << "conn,node,node_conn,role,local,remote,state,enter_s,leave_s,cause_enter,cause_exit\n"
           "1,0,1,client,10.1.1.1:49152,10.1.1.2:80,SYN_SENT,1.0,1.5,app_connect,rcv_syn_ack\n";
    std::ofstream(tmp.Path() / "segments.csv")
        << "time_s,event,node,conn,from,to,flags,seq,ack,len,win,where\n"
           "1.000000000,tx,0,1,10.1.1.1:49152,10.1.1.2:80,SYN,7,0,0,65535,\n";
    std::ofstream(tmp.Path() / "connections.csv")
        << "conn_client,conn_server,client,server,connect_s,handshake_s,close_time_s,outcome\n"
           "1,,10.1.1.1:49152,10.1.1.2:80,1.0,,,open\n";
    const RunFolder run(tmp.Path().string());
    ASSERT_EQ(run.States().size(), 1u);
    EXPECT_EQ(run.States()[0].local, "10.1.1.1:49152");
    EXPECT_EQ(run.States()[0].remote, "10.1.1.2:80");
    ASSERT_EQ(run.Segments().size(), 1u);
    EXPECT_EQ(run.Segments()[0].from, "10.1.1.1:49152");
    EXPECT_FALSE(run.Segments()[0].retx.has_value());
    ASSERT_EQ(run.Connections().size(), 1u);
    EXPECT_EQ(run.Connections()[0].server, "10.1.1.2:80");
    EXPECT_TRUE(run.Nodes().empty());
}

TEST(RunFolder, BadEndpointOrRetxCells_ErrorNamesFileLineAndColumn)
{
    TempDir tmp;
    const std::string header = "time_s,event,node,conn,from_address,from_port,to_address,"
                               "to_port,flags,seq,ack,len,retx,win,where\n";
    std::ofstream(tmp.Path() / "segments.csv")
        << header << "1.0,tx,0,1,10.1.1.1,70000,10.1.1.2,80,SYN,7,0,0,0,65535,\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Segments();
              }).find("segments.csv:2: column 'from_port': 70000 is outside 0..65535"),
              std::string::npos);
    std::ofstream(tmp.Path() / "segments.csv")
        << header << "1.0,tx,0,1,10.1.1.1,49152,10.1.1.2,http,SYN,7,0,0,0,65535,\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Segments();
              }).find("segments.csv:2: column 'to_port'"),
              std::string::npos);
    std::ofstream(tmp.Path() / "segments.csv")
        << header << "1.0,tx,0,1,10.1.1.1,49152,10.1.1.2,80,SYN,7,0,0,2,65535,\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Segments();
              }).find("segments.csv:2: column 'retx': 2, expected 0, 1 or empty"),
              std::string::npos);
    // Neither the split columns nor the old one: the message names the current column.
    std::ofstream(tmp.Path() / "segments.csv")
        << "time_s,event,node,conn,flags,seq,ack,len\n1.0,tx,0,1,SYN,7,0,0\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Segments();
              }).find("segments.csv:1: missing column 'from_address'"),
              std::string::npos);
    // The address without its port.
    std::ofstream(tmp.Path() / "segments.csv")
        << "time_s,event,node,conn,from_address,to_address,to_port,flags,seq,ack,len\n"
           "1.0,tx,0,1,10.1.1.1,10.1.1.2,80,SYN,7,0,0\n";
    EXPECT_NE(PlotErrorOf([&] {
                  RunFolder(tmp.Path().string()).Segments();
              }).find("segments.csv:1: missing column 'from_port'"),
              std::string::npos);
}
