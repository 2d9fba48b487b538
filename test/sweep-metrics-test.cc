/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The metrics synfin-sweep takes from each run's recorder folder (runs.csv), on the
 * fixtures test/fixtures/run-basic (one lossless connection) and run-lossy (50 connections
 * with losses, TIME_WAIT piling up on the server), on small synthetic folders written here,
 * and on broken folders (SweepError naming the file).
 *
 * The fixtures' expected values are taken from files other than the ones measured where
 * there is one (TIME_WAIT from states.csv's intervals and meta.json's per-node peak), or
 * counted here by plain line reading; the percentiles were checked by hand.
 */

#include "synfin-sweep-error.h"
#include "synfin-sweep-metrics.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace synfin::sweep;
namespace fs = std::filesystem;

namespace
{

/// \return the synfin source directory: $SYNFIN_SOURCE_DIR, else the one compiled in
std::string
SourceDir()
{
    const char* env = std::getenv("SYNFIN_SOURCE_DIR");
    if (env != nullptr && *env != '\0')
    {
        return env;
    }
    return SYNFIN_SOURCE_DIR;
}

/// \return the path of fixture \p name
std::string
Fixture(const std::string& name)
{
    return SourceDir() + "/test/fixtures/" + name;
}

/// \return \p line split at every comma
std::vector<std::string>
Split(const std::string& line)
{
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ','))
    {
        fields.push_back(field);
    }
    if (!line.empty() && line.back() == ',')
    {
        fields.emplace_back();
    }
    return fields;
}

/// \return the rows of the CSV file \p path as column -> text maps
std::vector<std::map<std::string, std::string>>
ReadRows(const std::string& path)
{
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    std::string line;
    std::getline(in, line);
    const auto header = Split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line))
    {
        const auto fields = Split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i)
        {
            row[header[i]] = fields[i];
        }
        rows.push_back(row);
    }
    return rows;
}

/// \return the metrics of \p dir by name
std::map<std::string, std::optional<double>>
ByName(const std::string& dir)
{
    std::map<std::string, std::optional<double>> map;
    for (const auto& [name, value] : ComputeMetrics(dir).values)
    {
        map[name] = value;
    }
    return map;
}

/// \return the metrics of \p dir as the runs.csv row text
std::string
RowText(const std::string& dir)
{
    std::string text;
    for (const auto& [name, value] : ComputeMetrics(dir).values)
    {
        text += (text.empty() ? "" : ",") + FormatMetric(name, value);
    }
    return text;
}

/// The columns of connections.csv, in the recorder's order.
const std::vector<std::string> kConnectionColumns = {"conn_client",
                                                     "conn_server",
                                                     "client_address",
                                                     "client_port",
                                                     "server_address",
                                                     "server_port",
                                                     "connect_s",
                                                     "established_client_s",
                                                     "established_server_s",
                                                     "first_data_s",
                                                     "close_s",
                                                     "closer",
                                                     "fin_client_s",
                                                     "fin_server_s",
                                                     "time_wait_enter_s",
                                                     "time_wait_leave_s",
                                                     "closed_client_s",
                                                     "closed_server_s",
                                                     "handshake_s",
                                                     "close_time_s",
                                                     "syn_retx",
                                                     "synack_retx",
                                                     "data_retx",
                                                     "fin_retx",
                                                     "close_shape",
                                                     "outcome"};

/// A fresh temporary folder per test, removed afterwards, to write run folders into.
class SweepMetricsFolder : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        std::string pattern = (fs::temp_directory_path() / "synfin-sweep-metrics-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }

    void TearDown() override
    {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    /// Writes \p text as \p name in the folder.
    void Write(const std::string& name, const std::string& text)
    {
        std::ofstream out(m_dir / name, std::ios::binary);
        out << text;
        ASSERT_TRUE(out.good()) << name;
    }

    /// \return a connections.csv row of \p cells (column -> text), the others empty
    static std::string Connection(const std::map<std::string, std::string>& cells)
    {
        std::string row;
        for (std::size_t i = 0; i < kConnectionColumns.size(); ++i)
        {
            auto it = cells.find(kConnectionColumns[i]);
            row += (i == 0 ? "" : ",") + (it == cells.end() ? "" : it->second);
        }
        return row + "\n";
    }

    /// \return the header line of connections.csv
    static std::string ConnectionHeader()
    {
        std::string header;
        for (const auto& column : kConnectionColumns)
        {
            header += (header.empty() ? "" : ",") + column;
        }
        return header + "\n";
    }

    /**
     * Writes a complete folder: three client connections (one failed, two refused or
     * reset) and one half-open child without a client; two nodes whose TIME-WAIT steps
     * overlap, with a node going up and another down at the same instant; six tx rows.
     */
    void WriteSynthetic()
    {
        Write("connections.csv",
              ConnectionHeader() +
                  Connection({{"conn_client", "2"},
                              {"conn_server", "3"},
                              {"handshake_s", "0.500000000"},
                              {"close_time_s", "2.000000000"},
                              {"syn_retx", "1"},
                              {"synack_retx", "0"},
                              {"data_retx", "0"},
                              {"fin_retx", "0"},
                              {"close_shape", "three"},
                              {"outcome", "completed"}}) +
                  Connection({{"conn_client", "4"}, {"syn_retx", "3"}, {"outcome", "timed_out"}}) +
                  // A spoofed SYN's half-open child: nobody opened it.
                  Connection({{"conn_server", "9"},
                              {"synack_retx", "5"},
                              {"data_retx", "7"},
                              {"handshake_s", "9.000000000"},
                              {"close_shape", "four"},
                              {"outcome", "timed_out"}}) +
                  Connection({{"conn_client", "6"},
                              {"conn_server", "7"},
                              {"handshake_s", "1.500000000"},
                              {"syn_retx", "0"},
                              {"synack_retx", "0"},
                              {"data_retx", "2"},
                              {"fin_retx", "0"},
                              {"close_shape", "reset"},
                              {"outcome", "reset"}}));
        Write("timewait.csv",
              "time_s,node,count\n"
              "0.000000000,1,0\n"
              "0.000000000,2,0\n"
              "1.000000000,1,1\n"
              "1.500000000,2,1\n"
              "2.000000000,1,2\n"
              "2.500000000,2,2\n"
              // Node 2 up, node 1 down at the same instant: 4 held, never 5.
              "3.000000000,2,3\n"
              "3.000000000,1,1\n"
              "3.500000000,1,0\n"
              "4.000000000,2,0\n"
              // A record that enters and leaves in the same instant.
              "4.500000000,1,1\n"
              "4.500000000,1,0\n");
        Write("segments.csv",
              "time_s,event,node,conn,from_address,from_port,to_address,to_port,flags,seq,ack,"
              "len,retx,win,where\n"
              "1.0,tx,0,2,a,1,b,2,SYN,1,0,0,0,65535,\n"
              "1.1,drop,1,,a,1,b,2,SYN,1,0,0,,65535,device\n"
              "2.0,tx,0,2,a,1,b,2,SYN,1,0,0,1,65535,\n"
              "2.1,rx,1,3,a,1,b,2,SYN,1,0,0,,65535,\n"
              "2.1,tx,1,3,b,2,a,1,SYN|ACK,5,2,0,0,65535,\n"
              "2.2,rx,0,2,b,2,a,1,SYN|ACK,5,2,0,,65535,\n"
              "2.2,tx,0,2,a,1,b,2,ACK,2,6,0,0,65535,\n"
              "3.0,tx,0,4,a,3,b,2,SYN,1,0,0,0,65535,\n"
              "3.5,tx,0,6,a,4,b,2,SYN,1,0,0,0,65535,\n");
        Write("listeners.csv",
              "node,name,syn_queue_drops,accept_queue_drops,cookies_sent,"
              "cookies_accepted,cookies_failed\n1,,0,0,0,0,0\n");
        Write("meta.json",
              "{\n  \"seed\": 1,\n  \"run\": 1,\n  \"stop_time_s\": 5.000000000,\n"
              "  \"parameters\": {}\n}\n");
    }

    /// Expects ComputeMetrics on the folder to throw SweepError whose message has every
    /// string of \p parts.
    void ExpectError(const std::vector<std::string>& parts)
    {
        try
        {
            ComputeMetrics(m_dir.string());
            ADD_FAILURE() << "no SweepError; expected one naming " << parts.front();
        }
        catch (const SweepError& e)
        {
            const std::string message = e.what();
            for (const auto& part : parts)
            {
                EXPECT_NE(message.find(part), std::string::npos)
                    << "'" << part << "' not in: " << message;
            }
        }
    }

    fs::path m_dir; //!< the temporary folder
};

} // namespace

TEST(SweepMetrics, Names_FixedOrderAndComputeMetricsFollowsIt)
{
    const std::vector<std::string> expected = {"connections",
                                               "handshake_mean_s",
                                               "handshake_p50_s",
                                               "handshake_p99_s",
                                               "failure_rate",
                                               "syn_retx",
                                               "synack_retx",
                                               "data_retx",
                                               "fin_retx",
                                               "close_time_mean_s",
                                               "close_time_p99_s",
                                               "shape_four",
                                               "shape_three",
                                               "shape_five",
                                               "shape_simultaneous",
                                               "shape_reset",
                                               "time_wait_peak",
                                               "time_wait_mean",
                                               "segments_per_connection",
                                               "sim_time_s"};
    EXPECT_EQ(MetricNames(), expected);
    const RunMetrics m = ComputeMetrics(Fixture("run-lossy"));
    ASSERT_EQ(m.values.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_EQ(m.values[i].first, expected[i]);
        // Every metric happens in the lossy run.
        EXPECT_TRUE(m.values[i].second.has_value()) << expected[i];
    }
}

TEST(SweepMetrics, Basic_OneLosslessConnection)
{
    const auto m = ByName(Fixture("run-basic"));
    EXPECT_EQ(m.at("connections"), 1.0);
    EXPECT_DOUBLE_EQ(*m.at("handshake_mean_s"), 0.040064);
    EXPECT_DOUBLE_EQ(*m.at("handshake_p50_s"), 0.040064);
    EXPECT_DOUBLE_EQ(*m.at("handshake_p99_s"), 0.040064);
    EXPECT_EQ(m.at("failure_rate"), 0.0);
    for (const char* retx : {"syn_retx", "synack_retx", "data_retx", "fin_retx"})
    {
        EXPECT_EQ(m.at(retx), 0.0) << retx;
    }
    EXPECT_DOUBLE_EQ(*m.at("close_time_mean_s"), 1.050064);
    EXPECT_DOUBLE_EQ(*m.at("close_time_p99_s"), 1.050064);
    EXPECT_EQ(m.at("shape_four"), 1.0);
    for (const char* shape : {"shape_three", "shape_five", "shape_simultaneous", "shape_reset"})
    {
        EXPECT_EQ(m.at(shape), 0.0) << shape;
    }
    // One TIME_WAIT record from 1.140592 s to 2.140592 s of 2.5 s.
    EXPECT_EQ(m.at("time_wait_peak"), 1.0);
    EXPECT_NEAR(*m.at("time_wait_mean"), 1.0 / 2.5, 1e-12);
    // Nine tx rows in segments.csv (rx and drop rows are not sent segments).
    EXPECT_DOUBLE_EQ(*m.at("segments_per_connection"), 9.0);
    EXPECT_EQ(m.at("sim_time_s"), 2.5);
}

TEST(SweepMetrics, Lossy_CountsAndTimesFromTheFixture)
{
    const std::string dir = Fixture("run-lossy");
    const auto m = ByName(dir);

    // Counted here, from the files by plain line reading.
    const auto connections = ReadRows(dir + "/connections.csv");
    std::size_t clients = 0;
    std::map<std::string, double> retx;
    for (const auto& row : connections)
    {
        if (row.at("conn_client").empty())
        {
            continue;
        }
        ++clients;
        for (const char* column : {"syn_retx", "synack_retx", "data_retx", "fin_retx"})
        {
            retx[column] += row.at(column).empty() ? 0 : std::stod(row.at(column));
        }
    }
    ASSERT_EQ(clients, 50u);
    EXPECT_EQ(m.at("connections"), 50.0);
    for (const auto& [column, sum] : retx)
    {
        EXPECT_EQ(m.at(column), sum) << column;
    }
    // Checked by hand: 6 SYN, 2 SYN-ACK, 3 data and 7 FIN retransmissions.
    EXPECT_EQ(m.at("syn_retx"), 6.0);
    EXPECT_EQ(m.at("synack_retx"), 2.0);
    EXPECT_EQ(m.at("data_retx"), 3.0);
    EXPECT_EQ(m.at("fin_retx"), 7.0);
    EXPECT_EQ(m.at("failure_rate"), 0.0) << "every connection completed";
    EXPECT_EQ(m.at("shape_four"), 50.0);
    EXPECT_EQ(m.at("shape_three"), 0.0);

    // handshake_s: 45 x 0.040064, 4 x 1.040064 (one lost SYN), 1 x 3.040064 (two).
    // Mean (45 * 0.040064 + 4 * 1.040064 + 3.040064) / 50 = 0.180064; median 0.040064;
    // p99: h = 49 * 0.99 = 48.51, 1.040064 + 0.51 * 2 = 2.060064.
    EXPECT_NEAR(*m.at("handshake_mean_s"), 0.180064, 1e-12);
    EXPECT_NEAR(*m.at("handshake_p50_s"), 0.040064, 1e-12);
    EXPECT_NEAR(*m.at("handshake_p99_s"), 2.060064, 1e-12);
    // close_time_s: 36 present (14 connections still closing at 9 s): 33 x 4.040512,
    // 1 x 5.040096, 2 x 5.04048; p99 between the two largest, both 5.04048.
    EXPECT_NEAR(*m.at("close_time_mean_s"), (33 * 4.040512 + 5.040096 + 2 * 5.04048) / 36, 1e-12);
    EXPECT_NEAR(*m.at("close_time_p99_s"), 5.04048, 1e-12);

    // TIME_WAIT: only node 3 holds records, so the total's peak is meta.json's peak of
    // node 3, and the time average is the TIME_WAIT intervals of states.csv over 9 s.
    EXPECT_EQ(m.at("time_wait_peak"), 40.0);
    double held = 0;
    for (const auto& row : ReadRows(dir + "/states.csv"))
    {
        if (row.at("state") == "TIME_WAIT")
        {
            held += std::stod(row.at("leave_s")) - std::stod(row.at("enter_s"));
        }
    }
    EXPECT_NEAR(*m.at("time_wait_mean"), held / 9.0, 1e-9);
    EXPECT_NEAR(*m.at("time_wait_mean"), 20.965575111, 1e-9);

    std::size_t tx = 0;
    for (const auto& row : ReadRows(dir + "/segments.csv"))
    {
        tx += row.at("event") == "tx" ? 1 : 0;
    }
    EXPECT_EQ(tx, 472u);
    EXPECT_DOUBLE_EQ(*m.at("segments_per_connection"), static_cast<double>(tx) / 50);
    EXPECT_EQ(m.at("sim_time_s"), 9.0);
}

TEST(SweepMetrics, Lossy_FormattedRowIsFixed)
{
    const std::string dir = Fixture("run-lossy");
    const std::string row = RowText(dir);
    EXPECT_EQ(row,
              "50,0.180064000,0.040064000,2.060064000,0.000000,6,2,3,7,4.123832000,5.040480000,"
              "50,0,0,0,0,40,20.965575,9.440000,9.000000000");
    EXPECT_EQ(RowText(dir), row) << "the same run, the same text";
}

TEST(SweepMetrics, Format_CountsSecondsRatesAndEmpty)
{
    EXPECT_EQ(FormatMetric("connections", 50.0), "50");
    EXPECT_EQ(FormatMetric("time_wait_peak", 0.0), "0");
    EXPECT_EQ(FormatMetric("handshake_p99_s", 0.040064), "0.040064000");
    EXPECT_EQ(FormatMetric("sim_time_s", 9.0), "9.000000000");
    EXPECT_EQ(FormatMetric("failure_rate", 2.0 / 3), "0.666667");
    EXPECT_EQ(FormatMetric("segments_per_connection", 9.44), "9.440000");
    EXPECT_EQ(FormatMetric("handshake_mean_s", std::nullopt), "");
    EXPECT_EQ(FormatMetric("failure_rate", std::nan("")), "");
    EXPECT_EQ(FormatMetric("failure_rate", -0.0), "0.000000");
    EXPECT_EQ(FormatMetric("close_time_mean_s", -1e-13), "0.000000000");
    EXPECT_EQ(FormatMetric("time_wait_mean", 1e7), "10000000.000000");
    EXPECT_THROW(FormatMetric("no_such_metric", 1.0), std::invalid_argument);
}

TEST_F(SweepMetricsFolder, Synthetic_ClientConnectionsOnlyAndTimeWaitSummedOverNodes)
{
    WriteSynthetic();
    const auto m = ByName(m_dir.string());
    EXPECT_EQ(m.at("connections"), 3.0) << "the row without conn_client is not counted";
    EXPECT_DOUBLE_EQ(*m.at("failure_rate"), 2.0 / 3);
    EXPECT_DOUBLE_EQ(*m.at("handshake_mean_s"), 1.0);
    EXPECT_DOUBLE_EQ(*m.at("handshake_p50_s"), 1.0);
    EXPECT_DOUBLE_EQ(*m.at("handshake_p99_s"), 0.5 + 0.99 * 1.0);
    EXPECT_EQ(m.at("syn_retx"), 4.0);
    EXPECT_EQ(m.at("synack_retx"), 0.0);
    EXPECT_EQ(m.at("data_retx"), 2.0);
    EXPECT_EQ(m.at("fin_retx"), 0.0);
    EXPECT_EQ(m.at("close_time_mean_s"), 2.0);
    EXPECT_EQ(m.at("close_time_p99_s"), 2.0);
    EXPECT_EQ(m.at("shape_four"), 0.0);
    EXPECT_EQ(m.at("shape_three"), 1.0);
    EXPECT_EQ(m.at("shape_reset"), 1.0);
    // Totals: 0 until 1 s, then 1, 2, 3, 4 every half second, 4 from 3 s (one node up,
    // the other down), 3 from 3.5 s, 0 from 4 s to the end at 5 s.
    EXPECT_EQ(m.at("time_wait_peak"), 4.0);
    const double area = 0.5 * (1 + 2 + 3 + 4 + 4 + 3);
    EXPECT_DOUBLE_EQ(*m.at("time_wait_mean"), area / 5.0);
    EXPECT_DOUBLE_EQ(*m.at("segments_per_connection"), 6.0 / 3);
    EXPECT_EQ(m.at("sim_time_s"), 5.0);
}

TEST_F(SweepMetricsFolder, NoClientConnections_RatesAndTimesEmptyCountsZero)
{
    WriteSynthetic();
    Write("connections.csv",
          ConnectionHeader() +
              Connection({{"conn_server", "9"}, {"synack_retx", "5"}, {"outcome", "timed_out"}}));
    Write("timewait.csv", "time_s,node,count\n");
    const auto m = ByName(m_dir.string());
    EXPECT_EQ(m.at("connections"), 0.0);
    EXPECT_FALSE(m.at("failure_rate").has_value());
    EXPECT_FALSE(m.at("handshake_mean_s").has_value());
    EXPECT_FALSE(m.at("handshake_p50_s").has_value());
    EXPECT_FALSE(m.at("handshake_p99_s").has_value());
    EXPECT_FALSE(m.at("close_time_mean_s").has_value());
    EXPECT_FALSE(m.at("close_time_p99_s").has_value());
    EXPECT_FALSE(m.at("segments_per_connection").has_value());
    EXPECT_EQ(m.at("synack_retx"), 0.0);
    EXPECT_EQ(m.at("time_wait_peak"), 0.0);
    EXPECT_EQ(m.at("time_wait_mean"), 0.0);
    EXPECT_EQ(FormatMetric("handshake_p99_s", m.at("handshake_p99_s")), "");
}

TEST_F(SweepMetricsFolder, MetaJson_StopTimeSpacingAndZero)
{
    WriteSynthetic();
    Write("meta.json", "{\"run\":1,\"stop_time_s\":5}");
    EXPECT_EQ(ByName(m_dir.string()).at("sim_time_s"), 5.0);
    Write("meta.json", "{\n  \"stop_time_s\" :\t2.5e0\n}\n");
    EXPECT_EQ(ByName(m_dir.string()).at("sim_time_s"), 2.5);
    // Nothing simulated: no time to average over.
    Write("meta.json", "{\"stop_time_s\": 0.000000000, \"files\": []}");
    Write("timewait.csv", "time_s,node,count\n0.000000000,1,0\n");
    const auto m = ByName(m_dir.string());
    EXPECT_EQ(m.at("sim_time_s"), 0.0);
    EXPECT_FALSE(m.at("time_wait_mean").has_value());
}

TEST_F(SweepMetricsFolder, MissingFiles_SweepErrorNamesTheFile)
{
    for (const char* file : {"meta.json", "connections.csv", "timewait.csv", "segments.csv"})
    {
        SCOPED_TRACE(file);
        WriteSynthetic();
        fs::remove(m_dir / file);
        ExpectError({(m_dir / file).string(), "cannot read"});
    }
}

TEST_F(SweepMetricsFolder, MalformedMeta_SweepErrorNamesTheFile)
{
    WriteSynthetic();
    Write("meta.json", "{\"seed\": 1}");
    ExpectError({"meta.json", "stop_time_s"});
    Write("meta.json", "{\"stop_time_s\": soon}");
    ExpectError({"meta.json", "'soon'"});
    Write("meta.json", "{\"stop_time_s\": 9.0s}");
    ExpectError({"meta.json", "stop_time_s"});
    Write("meta.json", "{\"stop_time_s\": -1}");
    ExpectError({"meta.json", "stop_time_s"});
}

TEST_F(SweepMetricsFolder, MalformedConnections_SweepErrorNamesFileLineAndColumn)
{
    WriteSynthetic();
    Write("connections.csv",
          ConnectionHeader() + Connection({{"conn_client", "2"}, {"handshake_s", "fast"}}));
    ExpectError({"connections.csv:2", "handshake_s", "'fast'"});
    Write("connections.csv",
          ConnectionHeader() + Connection({{"conn_client", "2"}, {"syn_retx", "1.5"}}));
    ExpectError({"connections.csv:2", "syn_retx"});
    Write("connections.csv", "conn_client,handshake_s\n2,0.1\n");
    ExpectError({"connections.csv:1", "missing column"});
    Write("connections.csv", ConnectionHeader() + "2,3,x\n");
    ExpectError({"connections.csv:2", "fields"});
}

TEST_F(SweepMetricsFolder, MalformedTimeWait_SweepErrorNamesFileLineAndColumn)
{
    WriteSynthetic();
    Write("timewait.csv", "time_s,node,count\n0.0,1,0\n1.0,1,many\n");
    ExpectError({"timewait.csv:3", "count"});
    Write("timewait.csv", "time_s,node,count\n0.0,1,0\n1.0,1,-2\n");
    ExpectError({"timewait.csv:3", "negative"});
    Write("timewait.csv", "time_s,node\n0.0,1\n");
    ExpectError({"timewait.csv", "missing column 'count'"});
}

TEST_F(SweepMetricsFolder, MalformedSegments_SweepErrorNamesFileAndLine)
{
    WriteSynthetic();
    Write("segments.csv", "time_s,what,node\n1.0,tx,0\n");
    ExpectError({"segments.csv:1", "missing column 'event'"});
    Write("segments.csv", "time_s,event,node\n1.0,tx,0\n1.1,tx\n");
    ExpectError({"segments.csv:3", "2 fields, but the header has 3"});
    Write("segments.csv", "");
    ExpectError({"segments.csv", "empty"});
}

TEST_F(SweepMetricsFolder, Segments_EventColumnAnywhereAndWindowsLineEnds)
{
    WriteSynthetic();
    Write("segments.csv", "time_s,node,event\r\n1.0,0,tx\r\n1.1,1,rx\r\n\r\n1.2,0,tx\r\n");
    EXPECT_DOUBLE_EQ(*ByName(m_dir.string()).at("segments_per_connection"), 2.0 / 3);
    Write("segments.csv", "event,time_s\ntx,1.0\ntx,1.1\ntx,1.2\ndrop,1.3\n");
    EXPECT_DOUBLE_EQ(*ByName(m_dir.string()).at("segments_per_connection"), 1.0);
}
