/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-recorder-writer.h"

#include "synfin-connection-summary.h"
#include "synfin-lifecycle-recorder.h"
#include "synfin-state-machine.h"
#include "synfin-stock-attributes.h"

#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/tcp-header.h"
#include "ns3/type-id.h"

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinRecorderWriter");

namespace
{

// Locale-independent formatting into a growing buffer (std::to_chars never consults the
// locale, unlike iostreams and printf's %f).

void
AppendUint(std::string& out, uint64_t v)
{
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, res.ptr);
}

/// Nanoseconds as seconds with exactly nine decimals ("12.000000000").
void
AppendSeconds(std::string& out, int64_t ns)
{
    uint64_t mag = ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
    if (ns < 0)
    {
        out.push_back('-');
    }
    AppendUint(out, mag / 1000000000ULL);
    out.push_back('.');
    char frac[9];
    uint64_t f = mag % 1000000000ULL;
    for (int i = 8; i >= 0; --i)
    {
        frac[i] = static_cast<char>('0' + f % 10);
        f /= 10;
    }
    out.append(frac, 9);
}

/// "a.b.c.d"
void
AppendAddress(std::string& out, uint32_t address)
{
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        AppendUint(out, (address >> shift) & 0xff);
        if (shift)
        {
            out.push_back('.');
        }
    }
}

/// "a.b.c.d,port": an endpoint as two cells, so that a reader outside gnuplot joins and
/// filters on the address or the port without splitting a cell.
void
AppendEndpoint(std::string& out, uint32_t address, uint16_t port)
{
    AppendAddress(out, address);
    out.push_back(',');
    AppendUint(out, port);
}

/// The cause column: an EventKey, "unknown" or "end_of_run".
const char*
CauseKey(uint8_t cause)
{
    if (cause == SynFinRecordedChange::CAUSE_END_OF_RUN)
    {
        return "end_of_run";
    }
    if (cause == SynFinRecordedChange::CAUSE_UNKNOWN ||
        cause >= static_cast<uint8_t>(SynFinEvent::EVENT_COUNT))
    {
        return "unknown";
    }
    return SynFinStateMachine::EventKey(static_cast<SynFinEvent>(cause));
}

const char*
RoleName(SynFinRecordedConnection::Role role)
{
    switch (role)
    {
    case SynFinRecordedConnection::CLIENT:
        return "client";
    case SynFinRecordedConnection::SERVER:
        return "server";
    case SynFinRecordedConnection::LISTENER:
        return "listener";
    }
    return "unknown";
}

/// JSON string literal, with the escapes RFC 8259 section 7 requires.
void
AppendJsonString(std::string& out, const std::string& s)
{
    out.push_back('"');
    for (unsigned char c : s)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out += buf;
            }
            else
            {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

/// \return the ns-3 version the module was built against
std::string
Ns3Version()
{
#ifdef NS3_VERSION_MAJOR
    std::string v = std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR);
    if (NS3_VERSION_PATCH != 0)
    {
        v += "." + std::to_string(NS3_VERSION_PATCH);
    }
    return v;
#else
    return "unknown";
#endif
}

} // namespace

SynFinRecorderWriter::SynFinRecorderWriter(const SynFinRecorderObservations& observations,
                                           const std::map<std::string, std::string>& parameters,
                                           const std::vector<SynFinListenerRow>& listeners,
                                           const std::vector<SynFinNodeRow>& nodes)
    : m_obs(observations),
      m_parameters(parameters),
      m_listeners(listeners),
      m_nodes(nodes)
{
    NS_LOG_FUNCTION(this);
}

std::vector<std::string>
SynFinRecorderWriter::GetFileNames()
{
    return {"states.csv",
            "segments.csv",
            "connections.csv",
            "timewait.csv",
            "listeners.csv",
            "nodes.csv",
            "meta.json"};
}

std::string
SynFinRecorderWriter::FormatStates(int64_t stop) const
{
    std::string out;
    out.reserve(96 + m_obs.conns.size() * 6 * 112);
    out += "conn,node,node_conn,role,local_address,local_port,remote_address,remote_port,state,"
           "enter_s,leave_s,cause_enter,cause_exit\n";
    for (std::size_t i = 0; i < m_obs.conns.size(); ++i)
    {
        const SynFinRecordedConnection& c = m_obs.conns[i];
        for (std::size_t k = 0; k < c.changes.size(); ++k)
        {
            const SynFinRecordedChange& ch = c.changes[k];
            if (ch.to == TcpSocket::CLOSED)
            {
                continue; // CLOSED is where a connection ends, not an interval of it
            }
            bool last = k + 1 == c.changes.size();
            AppendUint(out, i + 1);
            out.push_back(',');
            AppendUint(out, c.node);
            out.push_back(',');
            AppendUint(out, c.nodeConn);
            out.push_back(',');
            out += RoleName(c.role);
            out.push_back(',');
            AppendEndpoint(out, c.tuple.localAddress, c.tuple.localPort);
            out.push_back(',');
            AppendEndpoint(out, c.tuple.remoteAddress, c.tuple.remotePort);
            out.push_back(',');
            out += SynFinStateMachine::StateKey(static_cast<SynFinState>(ch.to));
            out.push_back(',');
            AppendSeconds(out, ch.time);
            out.push_back(',');
            AppendSeconds(out, last ? stop : c.changes[k + 1].time);
            out.push_back(',');
            out += CauseKey(ch.cause);
            out.push_back(',');
            out += CauseKey(last ? SynFinRecordedChange::CAUSE_END_OF_RUN : c.changes[k + 1].cause);
            out.push_back('\n');
        }
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatSegments() const
{
    static const char* const events[] = {"tx", "rx", "drop"};
    // FlagsToString builds a std::string per call; 256 cached names keep Write fast.
    std::vector<std::string> flagNames(256);
    for (uint32_t f = 0; f < 256; ++f)
    {
        flagNames[f] = TcpHeader::FlagsToString(static_cast<uint8_t>(f));
    }
    // Each connection's end marks its retransmissions as connections.csv counts them: the
    // same tx rows, in the same order, through SynFinConnectionSummary::Track.
    std::vector<SynFinRetransmissionTracker> sent(m_obs.conns.size());
    std::string out;
    out.reserve(64 + m_obs.segments.size() * 100);
    out += "time_s,event,node,conn,from_address,from_port,to_address,to_port,flags,seq,ack,len,"
           "retx,win,where\n";
    for (const SynFinSegmentRow& r : m_obs.segments)
    {
        AppendSeconds(out, r.time);
        out.push_back(',');
        out += events[r.event];
        out.push_back(',');
        AppendUint(out, r.node);
        out.push_back(',');
        if (r.conn != SynFinSegmentRow::NONE)
        {
            AppendUint(out, r.conn + 1);
        }
        out.push_back(',');
        AppendEndpoint(out, r.fromAddress, r.fromPort);
        out.push_back(',');
        AppendEndpoint(out, r.toAddress, r.toPort);
        out.push_back(',');
        out += flagNames[r.flags];
        out.push_back(',');
        AppendUint(out, r.seq);
        out.push_back(',');
        AppendUint(out, r.ack);
        out.push_back(',');
        AppendUint(out, r.length);
        out.push_back(',');
        if (r.event == SynFinSegmentRow::TX)
        {
            // A segment no connection owns (a RST from a closed port) is counted nowhere:
            // it repeats nothing that any connection's count holds.
            const bool again = r.conn != SynFinSegmentRow::NONE &&
                               SynFinConnectionSummary::Track(sent[r.conn], r).Any();
            out.push_back(again ? '1' : '0');
        }
        out.push_back(',');
        AppendUint(out, r.window);
        out.push_back(',');
        if (r.where != SynFinSegmentRow::NONE)
        {
            out += m_obs.labels[r.where];
        }
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatConnections() const
{
    using Summary = SynFinConnectionSummary;
    const std::size_t n = m_obs.conns.size();
    // Each end's observations: its changes, and the segments it owns in recorded order.
    std::vector<Summary::End> ends(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        ends[i].changes = m_obs.conns[i].changes;
    }
    for (const SynFinSegmentRow& r : m_obs.segments)
    {
        if (r.conn != SynFinSegmentRow::NONE && r.event != SynFinSegmentRow::DROP)
        {
            ends[r.conn].segments.push_back(r);
        }
    }

    const auto pairs = Summary::Pair(m_obs.conns);
    std::string out;
    out.reserve(512 + pairs.size() * 280);
    out += "conn_client,conn_server,client_address,client_port,server_address,server_port,"
           "connect_s,established_client_s,"
           "established_server_s,first_data_s,close_s,closer,fin_client_s,fin_server_s,"
           "time_wait_enter_s,time_wait_leave_s,closed_client_s,closed_server_s,handshake_s,"
           "close_time_s,syn_retx,synack_retx,data_retx,fin_retx,close_shape,outcome\n";
    for (const auto& [ci, si] : pairs)
    {
        const bool hasC = ci != SynFinSegmentRow::NONE;
        const bool hasS = si != SynFinSegmentRow::NONE;
        const Summary::Row row =
            Summary::Summarize(hasC ? &ends[ci] : nullptr, hasS ? &ends[si] : nullptr);
        auto cell = [&out](const std::optional<int64_t>& ns) {
            if (ns)
            {
                AppendSeconds(out, *ns);
            }
            out.push_back(',');
        };
        auto count = [&out](const std::optional<uint32_t>& v) {
            if (v)
            {
                AppendUint(out, *v);
            }
            out.push_back(',');
        };
        if (hasC)
        {
            AppendUint(out, ci + 1);
        }
        out.push_back(',');
        if (hasS)
        {
            AppendUint(out, si + 1);
        }
        out.push_back(',');
        const SynFinRecordedConnection& any = m_obs.conns[hasC ? ci : si];
        SynFinRecorderTuple ct = hasC ? any.tuple : any.tuple.Mirror(); // the client's view
        AppendEndpoint(out, ct.localAddress, ct.localPort);
        out.push_back(',');
        AppendEndpoint(out, ct.remoteAddress, ct.remotePort);
        out.push_back(',');
        cell(row.connect);
        cell(row.establishedClient);
        cell(row.establishedServer);
        cell(row.firstData);
        cell(row.close);
        out += Summary::CloserKey(row.closer);
        out.push_back(',');
        cell(row.finClient);
        cell(row.finServer);
        cell(row.timeWaitEnter);
        cell(row.timeWaitLeave);
        cell(row.closedClient);
        cell(row.closedServer);
        cell(row.handshake);
        cell(row.closeTime);
        count(row.synRetx);
        count(row.synAckRetx);
        count(row.dataRetx);
        count(row.finRetx);
        out += Summary::ShapeKey(row.shape);
        out.push_back(',');
        out += Summary::OutcomeKey(row.outcome);
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatTimeWait() const
{
    std::string out;
    out.reserve(32 + m_obs.timeWait.size() * 24);
    out += "time_s,node,count\n";
    for (const SynFinTimeWaitRow& r : m_obs.timeWait)
    {
        AppendSeconds(out, r.time);
        out.push_back(',');
        AppendUint(out, r.node);
        out.push_back(',');
        AppendUint(out, r.count);
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatListeners() const
{
    std::string out;
    out.reserve(96 + m_listeners.size() * 48);
    out += "node,name,syn_queue_drops,accept_queue_drops,cookies_sent,cookies_accepted,"
           "cookies_failed\n";
    for (const SynFinListenerRow& r : m_listeners)
    {
        AppendUint(out, r.node);
        out.push_back(',');
        // The node's name is what the program gave the recorder as parameter "node.ID"
        // (synfin-run's node names).
        auto name = m_parameters.find("node." + std::to_string(r.node));
        if (name != m_parameters.end())
        {
            out += SynFinCsvField(name->second);
        }
        out.push_back(',');
        AppendUint(out, r.synQueueDrops);
        out.push_back(',');
        AppendUint(out, r.acceptQueueDrops);
        out.push_back(',');
        AppendUint(out, r.cookiesSent);
        out.push_back(',');
        AppendUint(out, r.cookiesAccepted);
        out.push_back(',');
        AppendUint(out, r.cookiesFailed);
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatNodes() const
{
    // What the sockets did on each node: listened or accepted (server), connected (client).
    constexpr uint8_t kClient = 1;
    constexpr uint8_t kServer = 2;
    uint32_t last = 0;
    for (const SynFinNodeRow& n : m_nodes)
    {
        last = std::max(last, n.node);
    }
    std::vector<uint8_t> did(m_nodes.empty() ? 0 : last + 1, 0);
    for (const SynFinRecordedConnection& c : m_obs.conns)
    {
        if (c.node < did.size())
        {
            did[c.node] |= c.role == SynFinRecordedConnection::CLIENT ? kClient : kServer;
        }
    }

    std::string out;
    out.reserve(32 + m_nodes.size() * 48);
    out += "node,name,role,addresses\n";
    for (const SynFinNodeRow& n : m_nodes)
    {
        AppendUint(out, n.node);
        out.push_back(',');
        out += SynFinCsvField(n.name);
        out.push_back(',');
        const uint8_t d = did[n.node];
        // A node without sockets of its own is a router when it forwards between two or
        // more interfaces (the middle of a dumbbell, a chain's hops, a star's hub).
        out += d == (kClient | kServer) ? "client+server"
               : d == kClient           ? "client"
               : d == kServer           ? "server"
               : n.forwarding           ? "router"
                                        : "host";
        out.push_back(',');
        for (std::size_t i = 0; i < n.addresses.size(); ++i)
        {
            if (i)
            {
                out.push_back(' ');
            }
            AppendAddress(out, n.addresses[i]);
        }
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinRecorderWriter::FormatMeta(int64_t stop, const std::vector<std::string>& files) const
{
    std::string out;
    out += "{\n  \"synfin_version\": ";
    AppendJsonString(out, SYNFIN_VERSION);
    out += ",\n  \"ns3_version\": ";
    AppendJsonString(out, Ns3Version());
    out += ",\n  \"seed\": ";
    AppendUint(out, RngSeedManager::GetSeed());
    out += ",\n  \"run\": ";
    AppendUint(out, RngSeedManager::GetRun());
    out += ",\n  \"stop_time_s\": ";
    AppendSeconds(out, stop);

    out += ",\n  \"parameters\": {";
    bool firstEntry = true;
    for (const auto& [key, value] : m_parameters)
    {
        out += firstEntry ? "\n    " : ",\n    ";
        firstEntry = false;
        AppendJsonString(out, key);
        out += ": ";
        AppendJsonString(out, value);
    }
    out += firstEntry ? "}" : "\n  }";

    // ns-3 keeps every attribute's built-in default beside the configured one
    // (TypeId::AttributeInformation::originalInitialValue, what Config::Reset restores), so
    // what Config::SetDefault or --ns3::... changed is a comparison away. Registration
    // order is fixed by the program, so the order is stable.
    out += ",\n  \"attributes\": {";
    firstEntry = true;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        for (std::size_t j = 0; j < tid.GetAttributeN(); ++j)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(j);
            if (!info.initialValue || !info.originalInitialValue ||
                info.initialValue == info.originalInitialValue)
            {
                continue;
            }
            std::string now = info.initialValue->SerializeToString(info.checker);
            if (now == info.originalInitialValue->SerializeToString(info.checker))
            {
                continue;
            }
            out += firstEntry ? "\n    " : ",\n    ";
            firstEntry = false;
            AppendJsonString(out, tid.GetName() + "::" + info.name);
            out += ": ";
            AppendJsonString(out, now);
        }
    }
    out += firstEntry ? "}" : "\n  }";

    // "attributes" is what was asked for; synfin takes stock ns-3 TCP settings only where it
    // models them, so say what synfin sockets got and which stock settings they did not.
    auto appendSettings =
        [&out](const char* key, const std::vector<SynFinStockSetting>& list, bool withReason) {
            out += ",\n  \"";
            out += key;
            out += "\": {";
            for (std::size_t i = 0; i < list.size(); ++i)
            {
                out += i ? ",\n    " : "\n    ";
                AppendJsonString(out, list[i].name);
                out += withReason ? ": {\"value\": " : ": ";
                AppendJsonString(out, withReason ? list[i].value : list[i].effect);
                if (withReason)
                {
                    out += ", \"reason\": ";
                    AppendJsonString(out, list[i].effect);
                    out += "}";
                }
            }
            out += list.empty() ? "}" : "\n  }";
        };
    std::vector<SynFinStockSetting> inEffect = SynFinStockAttributes::GetInEffect();
    std::vector<SynFinStockSetting> values = inEffect;
    for (SynFinStockSetting& v : values)
    {
        v.effect = v.value; // flat "name": "value", as in "attributes"
    }
    appendSettings("synfin_in_effect", values, false);
    appendSettings("synfin_in_effect_from", inEffect, false);
    appendSettings("stock_not_applied", SynFinStockAttributes::GetNotApplied(), true);

    out += ",\n  \"time_wait_peak\": [";
    firstEntry = true;
    for (const auto& [id, info] : m_obs.nodes)
    {
        out += firstEntry ? "\n    " : ",\n    ";
        firstEntry = false;
        out += "{\"node\": ";
        AppendUint(out, id);
        out += ", \"peak\": ";
        AppendUint(out, info.timeWaitPeak);
        out += "}";
    }
    out += firstEntry ? "]" : "\n  ]";

    out += ",\n  \"files\": [";
    for (std::size_t i = 0; i < files.size(); ++i)
    {
        out += i ? ", " : "";
        AppendJsonString(out, files[i]);
    }
    out += "]\n}\n";
    return out;
}

bool
SynFinRecorderWriter::Write(const std::string& folder, int64_t stop, std::string& error) const
{
    NS_LOG_FUNCTION(this << folder);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir(folder);
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec))
    {
        error = "cannot create output folder '" + folder +
                "': " + (ec ? ec.message() : std::string("not a directory"));
        return false;
    }

    const std::vector<std::string> names = GetFileNames();
    std::vector<fs::path> partials;
    auto cleanUp = [&partials]() {
        std::error_code ignored;
        for (const fs::path& p : partials)
        {
            fs::remove(p, ignored);
        }
    };

    for (const std::string& name : names)
    {
        std::string content;
        if (name == "states.csv")
        {
            content = FormatStates(stop);
        }
        else if (name == "segments.csv")
        {
            content = FormatSegments();
        }
        else if (name == "connections.csv")
        {
            content = FormatConnections();
        }
        else if (name == "timewait.csv")
        {
            content = FormatTimeWait();
        }
        else if (name == "listeners.csv")
        {
            content = FormatListeners();
        }
        else if (name == "nodes.csv")
        {
            content = FormatNodes();
        }
        else
        {
            content = FormatMeta(stop, names);
        }
        fs::path partial = dir / (name + ".partial");
        std::FILE* f = std::fopen(partial.c_str(), "wb");
        if (!f)
        {
            error = "cannot write '" + partial.string() + "': " + std::strerror(errno);
            cleanUp();
            return false;
        }
        partials.push_back(partial);
        std::size_t written = std::fwrite(content.data(), 1, content.size(), f);
        int writeErrno = written == content.size() ? 0 : errno;
        if (std::fclose(f) != 0 && writeErrno == 0)
        {
            writeErrno = errno ? errno : EIO;
        }
        if (written != content.size() || writeErrno != 0)
        {
            error = "cannot write '" + partial.string() +
                    "': " + std::strerror(writeErrno ? writeErrno : EIO);
            cleanUp();
            return false;
        }
    }

    // Every file is complete: give them their names, meta.json last.
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        fs::path final = dir / names[i];
        fs::rename(partials[i], final, ec);
        if (ec)
        {
            error = "cannot rename '" + partials[i].string() + "' to '" + final.string() +
                    "': " + ec.message();
            partials.erase(partials.begin(), partials.begin() + static_cast<long>(i));
            cleanUp();
            return false;
        }
    }
    return true;
}

} // namespace ns3
