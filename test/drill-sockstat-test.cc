/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill's reading of the FreeBSD tcp-testsuite's sockstat checks.
 */

#include "synfin-drill-sockstat.h"

#include <gtest/gtest.h>

using namespace synfin_drill;

TEST(DrillSockstat, PortFilter_EitherOrder_CountAndState)
{
    for (const char* line : {"sockstat -4 -P tcp -p 8080 -s | grep -c SYN_RCVD | grep 1",
                             "sockstat -4 -P tcp -s -p 8080 | grep -c SYN_RCVD | grep 1"})
    {
        SCOPED_TRACE(line);
        std::optional<SockstatQuery> q = ParseSockstat(line);
        ASSERT_TRUE(q.has_value());
        EXPECT_EQ(q->state, "SYN_RCVD");
        ASSERT_TRUE(q->port.has_value());
        EXPECT_EQ(*q->port, 8080);
        EXPECT_FALSE(q->ownedOnly);
        EXPECT_EQ(q->count, 1);
    }
}

TEST(DrillSockstat, GrepPacketdril_OnlyTheScriptsSockets)
{
    std::optional<SockstatQuery> q =
        ParseSockstat("sockstat -4 -P tcp -s | grep packetdril | grep -c TIME_WAIT | grep 0");
    ASSERT_TRUE(q.has_value());
    EXPECT_TRUE(q->ownedOnly);
    EXPECT_FALSE(q->port.has_value());
    EXPECT_EQ(q->state, "TIME_WAIT");
    EXPECT_EQ(q->count, 0);
}

TEST(DrillSockstat, OtherCommands_NotRead)
{
    for (const char* line : {"sockstat -6 -P tcp -s | grep -c LISTEN | grep 1",
                             "sockstat -4 -P udp -s | grep -c LISTEN | grep 1",
                             "sockstat -4 -P tcp | grep -c LISTEN | grep 1",
                             "sockstat -4 -P tcp -s | grep -c LISTEN",
                             "sockstat -4 -P tcp -s | grep other | grep -c LISTEN | grep 1",
                             "sockstat -4 -P tcp -s | grep -c LISTEN | grep one",
                             "netstat -an | grep -c LISTEN | grep 1",
                             "sysctl -w net.inet.tcp.blackhole=0"})
    {
        SCOPED_TRACE(line);
        EXPECT_FALSE(ParseSockstat(line).has_value());
    }
}

TEST(DrillSockstat, StateMatchesAsGrepDoes_ASubstring)
{
    SockstatQuery q;
    q.state = "FIN_WAIT";
    EXPECT_TRUE(StateMatches(q, "FIN_WAIT_1"));
    EXPECT_TRUE(StateMatches(q, "FIN_WAIT_2"));
    EXPECT_FALSE(StateMatches(q, "TIME_WAIT"));
}
