/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-grid.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include <system_error>
#include <vector>

namespace
{

using synfin::sweep::Axis;
using synfin::sweep::CartesianProduct;
using synfin::sweep::ExpandValues;
using synfin::sweep::Point;
using synfin::sweep::ReadPoints;
using synfin::sweep::SweepError;
using Values = std::vector<std::string>;

namespace fs = std::filesystem;

/// \return the message of the SweepError \p action throws ("" and a test failure if none)
std::string
ErrorOf(const std::function<void()>& action)
{
    try
    {
        action();
    }
    catch (const SweepError& error)
    {
        return error.what();
    }
    ADD_FAILURE() << "expected a SweepError";
    return "";
}

/// Checks that \p message holds every one of \p parts.
void
ExpectMentions(const std::string& message, std::initializer_list<std::string> parts)
{
    for (const auto& part : parts)
    {
        EXPECT_NE(message.find(part), std::string::npos)
            << "message: " << message << "\nlacks: " << part;
    }
}

/// \return the message of the error ExpandValues(option, spec) throws
std::string
ExpandError(const std::string& option, const std::string& spec)
{
    return ErrorOf([&] { ExpandValues(option, spec); });
}

// --- Single values and lists ---

TEST(SweepGridValues, SingleValue_KeptExactlyAsWritten)
{
    EXPECT_EQ(ExpandValues("loss", "0.02"), Values({"0.02"}));
    EXPECT_EQ(ExpandValues("loss", "0.020"), Values({"0.020"}));
    EXPECT_EQ(ExpandValues("delay", "20ms"), Values({"20ms"}));
    EXPECT_EQ(ExpandValues("profile", "linux"), Values({"linux"}));
    EXPECT_EQ(ExpandValues("loss", "1e-3"), Values({"1e-3"}));
}

TEST(SweepGridValues, List_KeptAsWrittenInOrder)
{
    EXPECT_EQ(ExpandValues("loss", "0,0.01,0.05"), Values({"0", "0.01", "0.05"}));
    EXPECT_EQ(ExpandValues("loss", "0.05,0,0.010"), Values({"0.05", "0", "0.010"}));
    EXPECT_EQ(ExpandValues("profile", "linux,freebsd"), Values({"linux", "freebsd"}));
}

TEST(SweepGridValues, ListWithRange_ItemsExpandedInPlace)
{
    EXPECT_EQ(ExpandValues("loss", "0,0.1:0.3:0.1"), Values({"0", "0.1", "0.2", "0.3"}));
    EXPECT_EQ(ExpandValues("delay", "1ms,10ms:30ms:10ms,100ms"),
              Values({"1ms", "10ms", "20ms", "30ms", "100ms"}));
}

TEST(SweepGridValues, NotSplittable_SpecIsOneValue)
{
    EXPECT_EQ(ExpandValues("link", "0->1:10Mbps,2ms", false), Values({"0->1:10Mbps,2ms"}));
    EXPECT_EQ(ExpandValues("burst-loss", "0:1:0.1", false), Values({"0:1:0.1"}));
    EXPECT_EQ(ExpandValues("drop", "a,a", false), Values({"a,a"}));
}

// --- Linear ranges ---

TEST(SweepGridValues, LinearRange_EndReachedWithinRoundingIsIncluded)
{
    const auto values = ExpandValues("loss", "0:0.2:0.02");
    EXPECT_EQ(
        values,
        Values(
            {"0", "0.02", "0.04", "0.06", "0.08", "0.1", "0.12", "0.14", "0.16", "0.18", "0.2"}));
    ASSERT_EQ(values.size(), 11U);
    EXPECT_EQ(values.back(), "0.2");
}

TEST(SweepGridValues, LinearRange_IntegerStepsHitEnd)
{
    EXPECT_EQ(ExpandValues("connections", "1:10:3"), Values({"1", "4", "7", "10"}));
}

TEST(SweepGridValues, LinearRange_EndOffTheGridStopsBeforeIt)
{
    EXPECT_EQ(ExpandValues("loss", "0:1:0.3"), Values({"0", "0.3", "0.6", "0.9"}));
}

TEST(SweepGridValues, LinearRange_StartEqualsEndGivesOneValue)
{
    EXPECT_EQ(ExpandValues("loss", "0.5:0.5:0.1"), Values({"0.5"}));
}

TEST(SweepGridValues, LinearRange_ValuesRoundedTo12SignificantDigits)
{
    // 0.1 + 2 * 0.1 is 0.30000000000000004 in binary.
    EXPECT_EQ(ExpandValues("loss", "0.1:0.3:0.1"), Values({"0.1", "0.2", "0.3"}));
    // 7 * 0.1 is 0.7000000000000001.
    const auto values = ExpandValues("loss", "0:0.7:0.1");
    ASSERT_EQ(values.size(), 8U);
    EXPECT_EQ(values.back(), "0.7");
}

TEST(SweepGridValues, LinearRange_CrossingZeroPrintsZero)
{
    // -0.3 + 3 * 0.1 is 5.55e-17, not 0.
    EXPECT_EQ(ExpandValues("offset", "-0.3:0.3:0.1"),
              Values({"-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3"}));
}

TEST(SweepGridValues, LinearRange_SmallAndLargeValuesWithoutExponent)
{
    EXPECT_EQ(ExpandValues("loss", "0:0.0000003:0.0000001"),
              Values({"0", "0.0000001", "0.0000002", "0.0000003"}));
    EXPECT_EQ(ExpandValues("loss", "1e-7:3e-7:1e-7"),
              Values({"0.0000001", "0.0000002", "0.0000003"}));
    EXPECT_EQ(ExpandValues("bytes", "0:1e6:250000"),
              Values({"0", "250000", "500000", "750000", "1000000"}));
}

TEST(SweepGridValues, LinearRange_ExtremeMagnitudesUseAnExponent)
{
    EXPECT_EQ(ExpandValues("x", "1e-20:3e-20:1e-20"), Values({"1e-20", "2e-20", "3e-20"}));
    EXPECT_EQ(ExpandValues("x", "1e21:2.5e21:5e20"),
              Values({"1e+21", "1.5e+21", "2e+21", "2.5e+21"}));
}

TEST(SweepGridValues, LinearRange_TimeUnitAppended)
{
    EXPECT_EQ(ExpandValues("delay", "10ms:50ms:10ms"),
              Values({"10ms", "20ms", "30ms", "40ms", "50ms"}));
    EXPECT_EQ(ExpandValues("delay", "0.5s:1.5s:0.25s"),
              Values({"0.5s", "0.75s", "1s", "1.25s", "1.5s"}));
}

TEST(SweepGridValues, LinearRange_DataRateUnitAppended)
{
    EXPECT_EQ(ExpandValues("rate", "10Mbps:30Mbps:10Mbps"), Values({"10Mbps", "20Mbps", "30Mbps"}));
}

TEST(SweepGridValues, LinearRange_MixedUnitsOfOneKindUseTheSmallest)
{
    EXPECT_EQ(ExpandValues("delay", "500us:2ms:500us"),
              Values({"500us", "1000us", "1500us", "2000us"}));
    EXPECT_EQ(ExpandValues("delay", "1s:2500ms:500ms"),
              Values({"1000ms", "1500ms", "2000ms", "2500ms"}));
    EXPECT_EQ(ExpandValues("rate", "1Mbps:2Mbps:500kbps"),
              Values({"1000kbps", "1500kbps", "2000kbps"}));
    // A byte is eight bits: 1KBps is 8kbps.
    EXPECT_EQ(ExpandValues("rate", "1KBps:16kbps:4kbps"), Values({"8kbps", "12kbps", "16kbps"}));
}

// --- Geometric ranges ---

TEST(SweepGridValues, GeometricRange_WithUnit)
{
    EXPECT_EQ(ExpandValues("delay", "5ms:320ms:x2"),
              Values({"5ms", "10ms", "20ms", "40ms", "80ms", "160ms", "320ms"}));
}

TEST(SweepGridValues, GeometricRange_PlainAndFractionalFactor)
{
    EXPECT_EQ(ExpandValues("loss", "0.001:1:x10"), Values({"0.001", "0.01", "0.1", "1"}));
    EXPECT_EQ(ExpandValues("n", "1:3:x1.5"), Values({"1", "1.5", "2.25"}));
    // END not on the grid: stop before it.
    EXPECT_EQ(ExpandValues("n", "1:100:x3"), Values({"1", "3", "9", "27", "81"}));
}

TEST(SweepGridValues, GeometricRange_MixedUnitsUseTheSmallest)
{
    EXPECT_EQ(ExpandValues("delay", "500us:4ms:x2"),
              Values({"500us", "1000us", "2000us", "4000us"}));
}

// --- Errors in a spec ---

TEST(SweepGridErrors, EmptyValue)
{
    ExpectMentions(ExpandError("loss", ""), {"--loss", "empty value", "START:END:STEP"});
    ExpectMentions(ErrorOf([] { ExpandValues("link", "", false); }), {"--link", "empty value"});
}

TEST(SweepGridErrors, OptionNameGivenWithDashesIsNotDoubled)
{
    const auto message = ExpandError("--loss", "");
    EXPECT_EQ(message.rfind("--loss:", 0), 0U) << message;
}

TEST(SweepGridErrors, EmptyListItem)
{
    for (const std::string spec : {"0,,1", "0,", ",0"})
    {
        ExpectMentions(ExpandError("loss", spec), {"--loss", "empty item", spec, "0,0.01,0.05"});
    }
}

TEST(SweepGridErrors, DuplicateValue_NamesTheDuplicate)
{
    ExpectMentions(ExpandError("profile", "linux,freebsd,linux"),
                   {"--profile", "duplicate value 'linux'", "linux,freebsd,linux", "once"});
}

TEST(SweepGridErrors, DuplicateValue_NumericallyEqualIsDuplicate)
{
    ExpectMentions(ExpandError("loss", "0.02,0.020"),
                   {"--loss", "duplicate value '0.020'", "same as '0.02'"});
    ExpectMentions(ExpandError("delay", "1s,1000ms"),
                   {"--delay", "duplicate value '1000ms'", "same as '1s'"});
}

TEST(SweepGridErrors, DuplicateValue_FromOverlappingRange)
{
    ExpectMentions(ExpandError("loss", "0.1,0:0.2:0.1"),
                   {"--loss", "duplicate value '0.1'", "0.1,0:0.2:0.1"});
}

TEST(SweepGridErrors, RangeWithWrongNumberOfParts)
{
    for (const std::string spec : {"0:1", "0:1:0.1:2"})
    {
        ExpectMentions(ExpandError("loss", spec),
                       {"--loss", "'" + spec + "'", "START:END:STEP", "START:END:xFACTOR"});
    }
}

TEST(SweepGridErrors, RangeOfNonNumbers)
{
    ExpectMentions(ExpandError("profile", "linux:freebsd:1"),
                   {"--profile", "'linux:freebsd:1'", "'linux' is not a number", "unit"});
    ExpectMentions(ExpandError("loss", "0::0.1"),
                   {"--loss", "END '' is not a number", "START:END:STEP"});
    ExpectMentions(ExpandError("delay", "1parsec:2parsec:1parsec"),
                   {"--delay", "'1parsec' is not a number", "10ms:50ms:10ms"});
}

TEST(SweepGridErrors, RangeItemInListNamesItemAndList)
{
    ExpectMentions(ExpandError("loss", "0,a:b:c"), {"--loss", "'a:b:c' in '0,a:b:c'"});
}

TEST(SweepGridErrors, RangeOfDifferentUnitKinds)
{
    ExpectMentions(ExpandError("delay", "1ms:5Mbps:1ms"),
                   {"--delay", "'1ms:5Mbps:1ms'", "a time", "a data rate", "same kind"});
    ExpectMentions(ExpandError("delay", "10ms:50ms:10"),
                   {"--delay", "'10ms:50ms:10'", "a plain number", "same kind"});
    ExpectMentions(ExpandError("delay", "0:50ms:10ms"), {"--delay", "same kind"});
    ExpectMentions(ExpandError("delay", "1ms:5Mbps:x2"), {"--delay", "same kind"});
}

TEST(SweepGridErrors, RangeStartAfterEnd)
{
    ExpectMentions(ExpandError("loss", "0.2:0:0.02"), {"--loss", "'0.2:0:0.02'", "START <= END"});
    ExpectMentions(ExpandError("delay", "2ms:1500us:x2"), {"--delay", "START <= END"});
}

TEST(SweepGridErrors, RangeStepNotPositive)
{
    ExpectMentions(ExpandError("loss", "0:1:0"), {"--loss", "'0:1:0'", "STEP", "greater than 0"});
    ExpectMentions(ExpandError("loss", "0:1:-0.1"), {"--loss", "STEP", "greater than 0"});
}

TEST(SweepGridErrors, RangeFactorNotAboveOne)
{
    ExpectMentions(ExpandError("delay", "5ms:320ms:x1"),
                   {"--delay", "'5ms:320ms:x1'", "FACTOR", "greater than 1"});
    ExpectMentions(ExpandError("delay", "5ms:320ms:x0.5"), {"--delay", "greater than 1"});
    ExpectMentions(ExpandError("delay", "5ms:320ms:x2ms"), {"--delay", "plain number"});
    ExpectMentions(ExpandError("delay", "5ms:320ms:x"), {"--delay", "not a number"});
}

TEST(SweepGridErrors, GeometricRangeNeedsPositiveStart)
{
    ExpectMentions(ExpandError("loss", "0:1:x2"),
                   {"--loss", "'0:1:x2'", "START", "greater than 0"});
}

TEST(SweepGridErrors, TooManyValues_SaysTheCount)
{
    ExpectMentions(ExpandError("loss", "0:1:0.000001"),
                   {"--loss", "'0:1:0.000001'", "1000001 values", "at most 100000"});
    ExpectMentions(ExpandError("loss", "1:1e300:x1.0001"),
                   {"--loss", "'1:1e300:x1.0001'", "values", "at most 100000"});
    // Together the items give one too many: fails before printing the range's values.
    ExpectMentions(ExpandError("n", "a,1:100000:1"),
                   {"--n", "'a,1:100000:1'", "more than 100000", "at most 100000"});
}

TEST(SweepGridErrors, MostValuesAllowed)
{
    EXPECT_EQ(ExpandValues("n", "1:100000:1").size(), 100000U);
}

// --- The cartesian product ---

TEST(SweepGridProduct, NoAxes_OneEmptyPoint)
{
    const auto points = CartesianProduct({});
    ASSERT_EQ(points.size(), 1U);
    EXPECT_TRUE(points[0].settings.empty());
    EXPECT_EQ(points[0].Key(), "");
}

TEST(SweepGridProduct, LastAxisVariesFastest)
{
    const std::vector<Axis> axes = {{"loss", {"0", "0.01"}},
                                    {"delay", {"10ms", "20ms", "30ms"}},
                                    {"profile", {"linux"}}};
    const auto points = CartesianProduct(axes);
    std::vector<std::string> keys;
    for (const auto& point : points)
    {
        keys.push_back(point.Key());
    }
    EXPECT_EQ(keys,
              Values({"loss=0,delay=10ms,profile=linux",
                      "loss=0,delay=20ms,profile=linux",
                      "loss=0,delay=30ms,profile=linux",
                      "loss=0.01,delay=10ms,profile=linux",
                      "loss=0.01,delay=20ms,profile=linux",
                      "loss=0.01,delay=30ms,profile=linux"}));
    ASSERT_EQ(points[4].settings.size(), 3U);
    EXPECT_EQ(points[4].settings[0], std::make_pair(std::string("loss"), std::string("0.01")));
    EXPECT_EQ(points[4].settings[1], std::make_pair(std::string("delay"), std::string("20ms")));
}

TEST(SweepGridProduct, Key_OptionEqualsValueJoinedByComma)
{
    Point point;
    point.settings = {{"loss", "0.02"}, {"delay", "20ms"}};
    EXPECT_EQ(point.Key(), "loss=0.02,delay=20ms");
}

TEST(SweepGridProduct, TooManyPoints_SaysHowMany)
{
    Values hundred;
    for (int i = 0; i < 100; ++i)
    {
        hundred.push_back(std::to_string(i));
    }
    const std::vector<Axis> axes = {{"a", hundred}, {"b", hundred}, {"c", hundred}, {"d", hundred}};
    ExpectMentions(ErrorOf([&] { CartesianProduct(axes); }),
                   {"100000000 points", "10000000", "--a"});

    // 100^10 does not fit in 64 bits.
    std::vector<Axis> huge;
    for (int i = 0; i < 10; ++i)
    {
        huge.push_back({"o" + std::to_string(i), hundred});
    }
    ExpectMentions(ErrorOf([&] { CartesianProduct(huge); }), {"more than", "points"});
}

TEST(SweepGridProduct, AxisWithoutValuesOrTwice)
{
    ExpectMentions(ErrorOf([] { CartesianProduct({{"loss", {}}}); }), {"--loss", "no values"});
    ExpectMentions(ErrorOf([] {
                       CartesianProduct({{"loss", {"0"}}, {"loss", {"1"}}});
                   }),
                   {"--loss", "twice"});
}

// --- Points from a CSV file ---

/// A fresh temporary folder per test, removed afterwards.
class SweepGridPoints : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        std::string pattern = (fs::temp_directory_path() / "synfin-sweep-grid-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }

    void TearDown() override
    {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }

    /// \return the path of a new file holding \p text
    std::string Write(const std::string& text)
    {
        const auto path = (m_dir / ("points" + std::to_string(m_files++) + ".csv")).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    /// \return the message of the error reading a file holding \p text throws
    std::string ReadError(const std::string& text)
    {
        const auto path = Write(text);
        return ErrorOf([&] { ReadPoints(path); });
    }

    fs::path m_dir;  //!< the folder
    int m_files = 0; //!< files written so far
};

TEST_F(SweepGridPoints, RowsTakenLiterally)
{
    const auto path = Write("# a comment\n"
                            "\n"
                            "loss,delay,link\n"
                            "0.020,20ms,0:1:0.1\n"
                            "  \n"
                            "# another\n"
                            "0.05,x2,a\n");
    const auto points = ReadPoints(path);
    ASSERT_EQ(points.size(), 2U);
    EXPECT_EQ(points[0].Key(), "loss=0.020,delay=20ms,link=0:1:0.1");
    EXPECT_EQ(points[1].Key(), "loss=0.05,delay=x2,link=a");
}

TEST_F(SweepGridPoints, QuotedCells)
{
    const auto path = Write("link,\"drop\"\r\n"
                            "\"0->1:10Mbps,2ms\",\"say \"\"hi\"\", then\"\r\n"
                            "plain,\"#not a comment\"\r\n");
    const auto points = ReadPoints(path);
    ASSERT_EQ(points.size(), 2U);
    ASSERT_EQ(points[0].settings.size(), 2U);
    EXPECT_EQ(points[0].settings[0].first, "link");
    EXPECT_EQ(points[0].settings[0].second, "0->1:10Mbps,2ms");
    EXPECT_EQ(points[0].settings[1].first, "drop");
    EXPECT_EQ(points[0].settings[1].second, "say \"hi\", then");
    EXPECT_EQ(points[1].settings[1].second, "#not a comment");
}

TEST_F(SweepGridPoints, HeaderDashesDropped)
{
    const auto points = ReadPoints(Write("--loss,delay\n0,1ms\n"));
    ASSERT_EQ(points.size(), 1U);
    EXPECT_EQ(points[0].Key(), "loss=0,delay=1ms");
}

TEST_F(SweepGridPoints, UnreadableFile)
{
    const auto missing = (m_dir / "missing.csv").string();
    ExpectMentions(ErrorOf([&] { ReadPoints(missing); }), {missing, "cannot read"});
    const auto folder = m_dir.string();
    ExpectMentions(ErrorOf([&] { ReadPoints(folder); }), {folder, "cannot read"});
}

TEST_F(SweepGridPoints, EmptyHeader)
{
    ExpectMentions(ReadError(""), {":1: ", "empty file", "header"});
    ExpectMentions(ReadError("# only\n\n"), {":2: ", "empty file", "header"});
    ExpectMentions(ReadError("loss,,delay\n0,1,2\n"), {":1: ", "empty column name", "column 2"});
    ExpectMentions(ReadError("loss,\n0,1\n"), {":1: ", "empty column name"});
}

TEST_F(SweepGridPoints, DuplicateColumn)
{
    ExpectMentions(ReadError("# c\nloss,delay,loss\n0,1,2\n"), {":2: ", "duplicate column 'loss'"});
}

TEST_F(SweepGridPoints, WrongFieldCount)
{
    ExpectMentions(ReadError("loss,delay\n0,1ms\n0.1,1ms,x\n"),
                   {":3: ", "3 fields", "header has 2"});
    ExpectMentions(ReadError("loss,delay\n0\n"), {":2: ", "1 fields", "header has 2"});
}

TEST_F(SweepGridPoints, EmptyCell)
{
    ExpectMentions(ReadError("loss,delay\n0,\n"), {":2: ", "empty value", "'delay'"});
    ExpectMentions(ReadError("loss\n\"\"\n"), {":2: ", "empty value", "'loss'"});
}

TEST_F(SweepGridPoints, NoRows)
{
    ExpectMentions(ReadError("\nloss,delay\n# nothing\n"), {":2: ", "no points"});
}

TEST_F(SweepGridPoints, DuplicatePoints)
{
    ExpectMentions(ReadError("loss,delay\n0,1ms\n0.1,1ms\n\"0\",1ms\n"),
                   {":4: ", "duplicate point loss=0,delay=1ms", "line 2"});
}

TEST_F(SweepGridPoints, MalformedQuotes)
{
    ExpectMentions(ReadError("loss\n\"0.1\n"), {":2: ", "unterminated quote"});
    ExpectMentions(ReadError("loss\n\"0.1\"x\n"), {":2: ", "after the closing quote"});
}

} // namespace
