/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The statistics of synfin-sweep's summary.csv: Student t critical values against the
 * published tables, the summary (mean, sample standard deviation, confidence interval) of
 * known data, and type 7 quantiles.
 */

#include "synfin-sweep-stats.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

using namespace synfin::sweep;

namespace
{

/// NaN, as an input meaning "absent"
const double kNaN = std::nan("");

} // namespace

TEST(SweepStats, StudentT_MatchesTheTables)
{
    struct Row
    {
        double level;
        std::size_t dof;
        double t;
    };

    // Two-sided critical values, to the nine significant digits the tables give.
    const Row table[] = {
        {0.95, 1, 12.7062047},
        {0.95, 2, 4.30265273},
        {0.95, 4, 2.77644511},
        {0.95, 9, 2.26215716},
        {0.95, 29, 2.04522964},
        {0.95, 1000, 1.96233908},
        {0.99, 5, 4.03214298},
        {0.90, 1, 6.31375151},
        {0.99, 1, 63.6567412},
        {0.50, 1, 1.0},
        {0.999, 3, 12.9239786},
    };
    for (const Row& row : table)
    {
        EXPECT_NEAR(StudentT(row.level, row.dof), row.t, row.t * 1e-8)
            << "level " << row.level << ", dof " << row.dof;
    }
}

TEST(SweepStats, StudentT_ApproachesTheNormalQuantile)
{
    // 1.95996398 is the normal distribution's two-sided 95% point.
    EXPECT_NEAR(StudentT(0.95, 1000000), 1.95996398, 1e-5);
    EXPECT_GT(StudentT(0.95, 1000000), 1.95996398);
    // More degrees of freedom, narrower intervals.
    double previous = StudentT(0.95, 1);
    for (std::size_t dof = 2; dof < 200; ++dof)
    {
        const double t = StudentT(0.95, dof);
        EXPECT_LT(t, previous) << dof;
        previous = t;
    }
}

TEST(SweepStats, StudentT_RejectsALevelOutsideZeroOneAndNoDegreesOfFreedom)
{
    EXPECT_THROW(StudentT(0.0, 5), std::invalid_argument);
    EXPECT_THROW(StudentT(1.0, 5), std::invalid_argument);
    EXPECT_THROW(StudentT(-0.5, 5), std::invalid_argument);
    EXPECT_THROW(StudentT(kNaN, 5), std::invalid_argument);
    EXPECT_THROW(StudentT(0.95, 0), std::invalid_argument);
}

TEST(SweepStats, Summarize_OneToFive_MeanSdAndInterval)
{
    const Summary s = Summarize({3, 1, 5, 2, 4});
    EXPECT_EQ(s.n, 5u);
    EXPECT_DOUBLE_EQ(s.mean, 3.0);
    EXPECT_NEAR(s.sd, 1.58113883, 1e-8);
    EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.5));
    const double half = 2.77644511 * std::sqrt(2.5) / std::sqrt(5.0);
    EXPECT_NEAR(s.ciLow, 3.0 - half, 1e-8);
    EXPECT_NEAR(s.ciHigh, 3.0 + half, 1e-8);
}

TEST(SweepStats, Summarize_TwoValues_IntervalUsesOneDegreeOfFreedom)
{
    const Summary s = Summarize({10, 12});
    EXPECT_EQ(s.n, 2u);
    EXPECT_DOUBLE_EQ(s.mean, 11.0);
    EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.0));
    // 12.7062047 * sqrt(2) / sqrt(2)
    EXPECT_NEAR(s.ciLow, 11.0 - 12.7062047, 1e-6);
    EXPECT_NEAR(s.ciHigh, 11.0 + 12.7062047, 1e-6);
}

TEST(SweepStats, Summarize_LargeCommonOffset_KeepsThePrecision)
{
    const double offset = 1e9;
    const Summary s = Summarize({offset + 4, offset + 7, offset + 13, offset + 16});
    EXPECT_DOUBLE_EQ(s.mean, offset + 10);
    EXPECT_DOUBLE_EQ(s.sd, std::sqrt(30.0));
}

TEST(SweepStats, Summarize_EqualValues_ZeroSdAndAPointInterval)
{
    const Summary s = Summarize({0.1, 0.1, 0.1});
    EXPECT_EQ(s.n, 3u);
    EXPECT_DOUBLE_EQ(s.mean, 0.1);
    EXPECT_NEAR(s.sd, 0.0, 1e-17);
    EXPECT_NEAR(s.ciLow, 0.1, 1e-16);
    EXPECT_NEAR(s.ciHigh, 0.1, 1e-16);
}

TEST(SweepStats, Summarize_OneValue_SdZeroIntervalIsTheMean)
{
    const Summary s = Summarize({4.25});
    EXPECT_EQ(s.n, 1u);
    EXPECT_EQ(s.mean, 4.25);
    EXPECT_EQ(s.sd, 0.0);
    EXPECT_EQ(s.ciLow, 4.25);
    EXPECT_EQ(s.ciHigh, 4.25);
}

TEST(SweepStats, Summarize_NoValues_CountZeroFieldsNaN)
{
    for (const std::vector<double>& values : {std::vector<double>{}, std::vector<double>{kNaN}})
    {
        const Summary s = Summarize(values);
        EXPECT_EQ(s.n, 0u);
        EXPECT_TRUE(std::isnan(s.mean));
        EXPECT_TRUE(std::isnan(s.sd));
        EXPECT_TRUE(std::isnan(s.ciLow));
        EXPECT_TRUE(std::isnan(s.ciHigh));
    }
}

TEST(SweepStats, Summarize_NaNIsAbsent)
{
    const Summary s = Summarize({1, kNaN, 2, 3, kNaN, 4, 5});
    EXPECT_EQ(s.n, 5u);
    EXPECT_DOUBLE_EQ(s.mean, 3.0);
    EXPECT_NEAR(s.sd, 1.58113883, 1e-8);
}

TEST(SweepStats, Quantile_UnsortedInput_Type7)
{
    const std::vector<double> values = {5, 1, 4, 2, 3};
    EXPECT_DOUBLE_EQ(Quantile(values, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(Quantile(values, 0.5), 3.0);
    // h = 4 * 0.99 = 3.96: 4 + 0.96 * (5 - 4)
    EXPECT_DOUBLE_EQ(Quantile(values, 0.99), 4.96);
    EXPECT_DOUBLE_EQ(Quantile(values, 1.0), 5.0);
    // numpy.percentile([5, 1, 4, 2, 3], 30) == 2.2
    EXPECT_DOUBLE_EQ(Quantile(values, 0.3), 2.2);
}

TEST(SweepStats, Quantile_EvenCount_MedianBetweenTheMiddleTwo)
{
    EXPECT_DOUBLE_EQ(Quantile({40, 10, 30, 20}, 0.5), 25.0);
    // h = 3 * 0.99 = 2.97: 30 + 0.97 * 10
    EXPECT_DOUBLE_EQ(Quantile({40, 10, 30, 20}, 0.99), 39.7);
    EXPECT_DOUBLE_EQ(Quantile({0, 10}, 0.25), 2.5);
}

TEST(SweepStats, Quantile_OneValue_IsThatValueAtEveryQ)
{
    for (double q : {0.0, 0.5, 0.99, 1.0})
    {
        EXPECT_EQ(Quantile({7.5}, q), 7.5) << q;
    }
}

TEST(SweepStats, Quantile_NoValuesOrBadQ_NaN)
{
    EXPECT_TRUE(std::isnan(Quantile({}, 0.5)));
    EXPECT_TRUE(std::isnan(Quantile({kNaN}, 0.5)));
    EXPECT_TRUE(std::isnan(Quantile({1, 2}, -0.1)));
    EXPECT_TRUE(std::isnan(Quantile({1, 2}, 1.1)));
    EXPECT_TRUE(std::isnan(Quantile({1, 2}, kNaN)));
    EXPECT_DOUBLE_EQ(Quantile({3, kNaN, 1}, 0.5), 2.0) << "NaN is absent";
}
