/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-run.h"

#include "synfin-plot-csv.h"
#include "synfin-plot-error.h"

#include <algorithm>
#include <filesystem>

namespace synfin
{
namespace plot
{

bool
SegmentEvent::HasFlag(const std::string& flag) const
{
    // Split on '|' rather than searching, so "ACK" does not match inside another name.
    std::string::size_type start = 0;
    while (start <= flags.size())
    {
        auto bar = flags.find('|', start);
        if (bar == std::string::npos)
        {
            bar = flags.size();
        }
        if (flags.compare(start, bar - start, flag) == 0)
        {
            return true;
        }
        start = bar + 1;
    }
    return false;
}

/// Files read so far; mutable behind const getters because reading is an implementation
/// detail of asking.
struct RunFolder::Cache
{
    std::optional<std::vector<StateInterval>> states;         //!< states.csv
    std::optional<std::vector<SegmentEvent>> segments;        //!< segments.csv
    std::optional<std::vector<ConnectionRecord>> connections; //!< connections.csv
    std::optional<std::vector<TimeWaitStep>> timeWait;        //!< timewait.csv
    std::optional<std::vector<NodeRecord>> nodes;             //!< nodes.csv
    std::optional<RunMeta> meta;                              //!< meta.json
};

namespace
{

/// \return a sequence-number cell, checked to fit 32 bits
uint32_t
Uint32(const CsvTable& table, std::size_t row, const std::string& column)
{
    const int64_t value = table.Integer(row, column);
    if (value < 0 || value > 0xffffffffLL)
    {
        throw PlotError(table.Where(row, column) + ": " + std::to_string(value) +
                        " is outside 0..4294967295");
    }
    return static_cast<uint32_t>(value);
}

/**
 * Where one endpoint of a row is: the recorder's columns NAME_address and NAME_port, or the
 * single "address:port" column NAME of folders written before they were split, which still
 * plot.
 */
class EndpointColumns
{
  public:
    /// \throws PlotError naming the current columns if \p table has neither form
    EndpointColumns(const CsvTable& table, const std::string& name)
        : m_address(name + "_address"),
          m_port(name + "_port"),
          m_joined(name),
          m_split(table.HasColumn(m_address))
    {
        for (const std::string& column : m_split ? std::vector<std::string>{m_address, m_port}
                                                 : std::vector<std::string>{m_joined})
        {
            if (!table.HasColumn(column))
            {
                throw PlotError(table.Path() + ":1: missing column '" +
                                (m_split ? column : m_address) + "'");
            }
        }
    }

    /// \return the endpoint of \p row as "address:port"; \throws PlotError for a port that
    ///         is not an integer in 0..65535
    std::string Get(const CsvTable& table, std::size_t row) const
    {
        if (!m_split)
        {
            return table.Text(row, m_joined);
        }
        const int64_t port = table.Integer(row, m_port);
        if (port < 0 || port > 65535)
        {
            throw PlotError(table.Where(row, m_port) + ": " + std::to_string(port) +
                            " is outside 0..65535");
        }
        return table.Text(row, m_address) + ":" + table.Text(row, m_port);
    }

  private:
    std::string m_address; //!< the address column
    std::string m_port;    //!< the port column
    std::string m_joined;  //!< the old single column
    bool m_split;          //!< the table has the address and port columns
};

/// \return the retx cell of \p row: nothing when empty, else 0 or 1
std::optional<bool>
Retx(const CsvTable& table, std::size_t row)
{
    const auto value = table.OptionalInteger(row, "retx");
    if (value && *value != 0 && *value != 1)
    {
        throw PlotError(table.Where(row, "retx") + ": " + table.Text(row, "retx") +
                        ", expected 0, 1 or empty");
    }
    return value ? std::optional<bool>(*value == 1) : std::nullopt;
}

} // namespace

RunFolder::RunFolder(const std::string& dir)
    : m_dir(dir),
      m_cache(std::make_unique<Cache>())
{
    if (!std::filesystem::is_directory(dir))
    {
        throw PlotError(dir + ": no such run folder (expected the recorder's output folder "
                              "holding states.csv, segments.csv, connections.csv, "
                              "timewait.csv, meta.json)");
    }
}

RunFolder::~RunFolder() = default;

const std::string&
RunFolder::Dir() const
{
    return m_dir;
}

const std::vector<StateInterval>&
RunFolder::States() const
{
    if (!m_cache->states)
    {
        const auto table =
            CsvTable::Load(m_dir + "/states.csv",
                           {"conn", "node", "role", "state", "enter_s", "leave_s", "cause_exit"});
        const EndpointColumns local(table, "local");
        const EndpointColumns remote(table, "remote");
        std::vector<StateInterval> rows;
        for (std::size_t r = 0; r < table.Rows(); ++r)
        {
            StateInterval s;
            s.conn = table.Integer(r, "conn");
            s.node = table.Integer(r, "node");
            s.role = table.Text(r, "role");
            s.local = local.Get(table, r);
            s.remote = remote.Get(table, r);
            s.state = table.Text(r, "state");
            s.enter = table.Double(r, "enter_s");
            s.leave = table.Double(r, "leave_s");
            s.causeExit = table.Text(r, "cause_exit");
            if (s.state.empty())
            {
                throw PlotError(table.Where(r, "state") + ": empty, expected a state name");
            }
            if (s.leave < s.enter)
            {
                throw PlotError(table.Where(r, "leave_s") + ": " + table.Text(r, "leave_s") +
                                " is before enter_s " + table.Text(r, "enter_s"));
            }
            rows.push_back(std::move(s));
        }
        m_cache->states = std::move(rows);
    }
    return *m_cache->states;
}

const std::vector<SegmentEvent>&
RunFolder::Segments() const
{
    if (!m_cache->segments)
    {
        const auto table =
            CsvTable::Load(m_dir + "/segments.csv",
                           {"time_s", "event", "node", "conn", "flags", "seq", "ack", "len"});
        const EndpointColumns from(table, "from");
        const EndpointColumns to(table, "to");
        const bool hasRetx = table.HasColumn("retx");
        std::vector<SegmentEvent> rows;
        for (std::size_t r = 0; r < table.Rows(); ++r)
        {
            SegmentEvent s;
            s.time = table.Double(r, "time_s");
            s.event = table.Text(r, "event");
            if (s.event != "tx" && s.event != "rx" && s.event != "drop")
            {
                throw PlotError(table.Where(r, "event") + ": '" + s.event +
                                "', expected tx, rx or drop");
            }
            s.node = table.Integer(r, "node");
            s.conn = table.OptionalInteger(r, "conn");
            s.from = from.Get(table, r);
            s.to = to.Get(table, r);
            s.flags = table.Text(r, "flags");
            s.seq = Uint32(table, r, "seq");
            s.ack = Uint32(table, r, "ack");
            s.len = Uint32(table, r, "len");
            if (hasRetx)
            {
                s.retx = Retx(table, r);
            }
            if (table.HasColumn("where"))
            {
                s.where = table.Text(r, "where");
            }
            rows.push_back(std::move(s));
        }
        // The ladder pairs each tx with the rx or drop after it; make "after" mean file
        // order too, whatever order the recorder flushed in.
        std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            return a.time < b.time;
        });
        m_cache->segments = std::move(rows);
    }
    return *m_cache->segments;
}

const std::vector<ConnectionRecord>&
RunFolder::Connections() const
{
    if (!m_cache->connections)
    {
        const auto table = CsvTable::Load(
            m_dir + "/connections.csv",
            {"conn_client", "conn_server", "connect_s", "handshake_s", "close_time_s", "outcome"});
        const EndpointColumns client(table, "client");
        const EndpointColumns server(table, "server");
        std::vector<ConnectionRecord> rows;
        for (std::size_t r = 0; r < table.Rows(); ++r)
        {
            ConnectionRecord c;
            c.connClient = table.OptionalInteger(r, "conn_client");
            c.connServer = table.OptionalInteger(r, "conn_server");
            c.client = client.Get(table, r);
            c.server = server.Get(table, r);
            c.connect = table.OptionalDouble(r, "connect_s");
            c.handshake = table.OptionalDouble(r, "handshake_s");
            c.closeTime = table.OptionalDouble(r, "close_time_s");
            c.outcome = table.Text(r, "outcome");
            rows.push_back(std::move(c));
        }
        m_cache->connections = std::move(rows);
    }
    return *m_cache->connections;
}

const std::vector<TimeWaitStep>&
RunFolder::TimeWait() const
{
    if (!m_cache->timeWait)
    {
        const auto table = CsvTable::Load(m_dir + "/timewait.csv", {"time_s", "node", "count"});
        std::vector<TimeWaitStep> rows;
        for (std::size_t r = 0; r < table.Rows(); ++r)
        {
            TimeWaitStep s;
            s.time = table.Double(r, "time_s");
            s.node = table.Integer(r, "node");
            s.count = table.Integer(r, "count");
            if (s.count < 0)
            {
                throw PlotError(table.Where(r, "count") + ": negative count " +
                                table.Text(r, "count"));
            }
            rows.push_back(s);
        }
        m_cache->timeWait = std::move(rows);
    }
    return *m_cache->timeWait;
}

const std::vector<NodeRecord>&
RunFolder::Nodes() const
{
    if (!m_cache->nodes)
    {
        std::vector<NodeRecord> rows;
        const std::string path = m_dir + "/nodes.csv";
        // Folders from before nodes.csv, and hand-made ones, have none: the figures then
        // name nodes from states.csv alone.
        if (std::filesystem::exists(path))
        {
            const auto table = CsvTable::Load(path, {"node", "name", "role", "addresses"});
            for (std::size_t r = 0; r < table.Rows(); ++r)
            {
                NodeRecord n;
                n.node = table.Integer(r, "node");
                n.name = table.Text(r, "name");
                n.role = table.Text(r, "role");
                if (n.role.empty())
                {
                    throw PlotError(table.Where(r, "role") +
                                    ": empty, expected client, server, client+server, router "
                                    "or host");
                }
                const std::string& cell = table.Text(r, "addresses");
                std::string::size_type start = 0;
                while (start < cell.size())
                {
                    auto space = cell.find(' ', start);
                    if (space == std::string::npos)
                    {
                        space = cell.size();
                    }
                    if (space > start)
                    {
                        n.addresses.push_back(cell.substr(start, space - start));
                    }
                    start = space + 1;
                }
                rows.push_back(std::move(n));
            }
        }
        m_cache->nodes = std::move(rows);
    }
    return *m_cache->nodes;
}

const RunMeta&
RunFolder::Meta() const
{
    if (!m_cache->meta)
    {
        m_cache->meta = LoadRunMeta(m_dir + "/meta.json");
    }
    return *m_cache->meta;
}

double
RunFolder::StopSeconds() const
{
    if (Meta().stopSeconds)
    {
        return *Meta().stopSeconds;
    }
    double last = 0;
    for (const auto& s : States())
    {
        last = std::max(last, s.leave);
    }
    return last;
}

} // namespace plot
} // namespace synfin
