/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinValueParse: what users type is taken, or refused with a reason, never aborted on.
 */

#include "ns3/synfin-value-parse.h"

#include <gtest/gtest.h>

using namespace ns3;

TEST(ValueParse, Time_Ns3SpellingsAreTaken)
{
    ns3::Time t;
    std::string error;
    ASSERT_TRUE(SynFinValueParse::Time("20ms", t, error));
    EXPECT_EQ(t, MilliSeconds(20));
    ASSERT_TRUE(SynFinValueParse::Time("1.5s", t, error));
    EXPECT_EQ(t, MilliSeconds(1500));
    ASSERT_TRUE(SynFinValueParse::Time("2min", t, error));
    EXPECT_EQ(t, Seconds(120));
    ASSERT_TRUE(SynFinValueParse::Time("5", t, error)); // bare seconds, as ns-3
    EXPECT_EQ(t, Seconds(5));
    ASSERT_TRUE(SynFinValueParse::Time("2e-3s", t, error));
    EXPECT_EQ(t, MilliSeconds(2));
    ASSERT_TRUE(SynFinValueParse::Time("0s", t, error));
    EXPECT_TRUE(t.IsZero());
}

TEST(ValueParse, Time_MalformedOrNegative_IsRefusedWithTheReason)
{
    ns3::Time t = Seconds(9);
    std::string error;
    for (const char* bad : {"-5ms", "5xs", "ms", "", "1.2.3s", "5 ms", "+5s", "5e", "1e999s"})
    {
        error.clear();
        EXPECT_FALSE(SynFinValueParse::Time(bad, t, error)) << bad;
        EXPECT_NE(error.find("time"), std::string::npos) << bad << ": " << error;
    }
    EXPECT_EQ(t, Seconds(9)); // untouched on failure
    SynFinValueParse::Time("-5ms", t, error);
    EXPECT_NE(error.find("negative"), std::string::npos) << error;
    SynFinValueParse::Time("5xs", t, error);
    EXPECT_NE(error.find("'xs'"), std::string::npos) << error;
}

TEST(ValueParse, Rate_PositiveNs3RatesOnly)
{
    DataRate r;
    std::string error;
    ASSERT_TRUE(SynFinValueParse::Rate("10Mbps", r, error));
    EXPECT_EQ(r, DataRate("10Mbps"));
    ASSERT_TRUE(SynFinValueParse::Rate("1.5Gbps", r, error));
    EXPECT_EQ(r.GetBitRate(), 1500000000u);
    for (const char* bad : {"10Mbs", "-1Mbps", "0Mbps", "Mbps", "10", ""})
    {
        EXPECT_FALSE(SynFinValueParse::Rate(bad, r, error)) << bad;
        EXPECT_NE(error.find("rate"), std::string::npos) << bad << ": " << error;
    }
}

TEST(ValueParse, ProbabilityAndCount_BoundsAreEnforced)
{
    double p = 0;
    std::string error;
    EXPECT_TRUE(SynFinValueParse::Probability("0.25", p, error));
    EXPECT_DOUBLE_EQ(p, 0.25);
    EXPECT_TRUE(SynFinValueParse::Probability("1", p, error));
    for (const char* bad : {"1.5", "-0.1", "abc", "0.5x", ""})
    {
        EXPECT_FALSE(SynFinValueParse::Probability(bad, p, error)) << bad;
    }
    uint64_t n = 0;
    EXPECT_TRUE(SynFinValueParse::Count("42", 1, 100, n, error));
    EXPECT_EQ(n, 42u);
    for (const char* bad : {"0", "101", "-5", "4.5", "1e3", "", "99999999999999999999999"})
    {
        EXPECT_FALSE(SynFinValueParse::Count(bad, 1, 100, n, error)) << bad;
        EXPECT_NE(error.find("from 1 to 100"), std::string::npos) << bad << ": " << error;
    }
}
