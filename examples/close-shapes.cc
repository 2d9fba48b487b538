/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Why four segments to close, and when three. RFC 9293 3.6 closes each direction with its
 * own FIN and that FIN's ACK: FIN, ACK, FIN, ACK (figure 12). A passive closer that ACKs the
 * peer's FIN at once (3.10.7.4, eighth step: "send an acknowledgment for the FIN") sends that
 * ACK before its application has even heard of the FIN, so its own FIN, sent when the
 * application calls Close() (3.10.4, CLOSE in CLOSE-WAIT), is a segment of its own: four.
 * A passive closer that delays the ACK (Linux, SynFinSocket::DelayFinAck; RFC 1122 4.2.3.2
 * and RFC 9293 3.8.6.3 allow up to 0.5 s) still owes it when an application that closes
 * quickly sends the FIN, and the FIN carries it: FIN, FIN|ACK, ACK, three segments, the
 * active closer going from FIN-WAIT-1 straight to TIME-WAIT (3.10.7.4, eighth step,
 * FIN-WAIT-1: "if our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT").
 *
 * The experiment: a client and a server on one 10 Mb/s link (10 ms one way); the client
 * sends a 100-byte request, reads the 1000-byte response and closes (the active closer);
 * the server (SynFinWorkloadServer, Closer=Client) calls Close() a given delay after its
 * application is told of the client's FIN (the normal-close callback). One run per profile
 * and delay, each with the lifecycle recorder; the close shape is the recorder's
 * (connections.csv's close_shape), the segments are counted from its segments.csv.
 *
 * It prints the table and writes, into --output:
 *   close-shapes.csv        one row per profile and delay (columns: doc/synfin.rst,
 *                           "Close shapes")
 *   close-shapes.pdf, .png  segments and close time against the delay, a line per profile
 *   close-shapes.gp         the gnuplot script that draws them from the CSV
 *   PROFILE-DELAYms/        each run's recorder folder (synfin-plot ladder FOLDER/linux-20ms)
 *
 *   ./close-shapes --output=out/close-shapes
 *   ./close-shapes --profiles=linux --delays=0ms,20ms,39ms,41ms,60ms
 *   ./close-shapes --profiles=linux --ns3::SynFinSocket::DelayFinAck=false
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

const char* const kProgram = "close-shapes";
const char* const kName = "close-shapes"; //!< base name of the CSV, script and figures

/// What one run (a profile and a close delay) measured.
struct Result
{
    std::string profile;                //!< the profile
    Time delay;                         //!< the passive closer's close delay
    Time finAckTimer;                   //!< delayed-ACK timeout of a lone FIN; 0: ACKed at once
    uint32_t segments{0};               //!< segments sent from the first FIN on, both ends
    std::string shape;                  //!< connections.csv's close_shape
    std::string sequence;               //!< the flags of those segments, in order
    std::optional<int64_t> ackDelay;    //!< at the passive closer: FIN in -> its ACK out, ns
    std::optional<int64_t> closeTime;   //!< first FIN -> active closer in TIME-WAIT, ns
    std::optional<int64_t> settledTime; //!< first FIN -> no end in a closing state, ns
    std::string outcome;                //!< connections.csv's outcome
};

/// \return \p ns nanoseconds as milliseconds, exactly, without trailing zeros ("20.0512")
std::string
FormatMs(int64_t ns)
{
    std::ostringstream out;
    if (ns < 0)
    {
        out << "-";
        ns = -ns;
    }
    out << ns / 1000000;
    std::string fraction = std::to_string(ns % 1000000);
    fraction.insert(0, 6 - fraction.size(), '0');
    fraction.erase(fraction.find_last_not_of('0') + 1);
    if (!fraction.empty())
    {
        out << "." << fraction;
    }
    return out.str();
}

/// \return \p ns as FormatMs does, or an empty cell for "did not happen"
std::string
FormatMs(const std::optional<int64_t>& ns)
{
    return ns ? FormatMs(*ns) : std::string();
}

/**
 * \brief Read a time the recorder wrote (seconds with nine decimals) as nanoseconds, exactly.
 * \param text the cell
 * \param ns receives the time
 * \return false if the cell is empty or not such a number
 */
bool
ParseSeconds(const std::string& text, int64_t& ns)
{
    std::size_t dot = text.find('.');
    std::string whole = text.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    auto digits = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || !digits(whole) || !digits(fraction) || fraction.size() > 9)
    {
        return false;
    }
    fraction.append(9 - fraction.size(), '0');
    ns = std::stoll(whole) * 1000000000 + std::stoll(fraction);
    return true;
}

/// \return \p text split at every \p sep, empty pieces kept
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true)
    {
        std::size_t end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos)
        {
            return parts;
        }
        start = end + 1;
    }
}

/// One of the recorder's CSV files: its header and rows (no field is quoted).
struct Table
{
    std::vector<std::string> header;            //!< column names
    std::vector<std::vector<std::string>> rows; //!< cells

    /// \return the index of column \p name, or -1
    int Column(const std::string& name) const
    {
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    }
};

/**
 * \param path the file
 * \param columns columns that must be there
 * \param table receives it
 * \param error receives what went wrong
 * \return true if it was read and has every column of \p columns
 */
bool
ReadTable(const fs::path& path,
          const std::vector<std::string>& columns,
          Table& table,
          std::string& error)
{
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line))
    {
        error = "cannot read " + path.string();
        return false;
    }
    table.header = Split(line, ',');
    for (const std::string& c : columns)
    {
        if (table.Column(c) < 0)
        {
            error = path.string() + " has no column '" + c + "'";
            return false;
        }
    }
    while (std::getline(in, line))
    {
        table.rows.push_back(Split(line, ','));
        if (table.rows.back().size() != table.header.size())
        {
            error = path.string() + ": a row has " + std::to_string(table.rows.back().size()) +
                    " fields, the header " + std::to_string(table.header.size());
            return false;
        }
    }
    return true;
}

/// \return true if \p flags ("FIN|ACK") has the flag \p flag
bool
HasFlag(const std::string& flags, const std::string& flag)
{
    for (const std::string& f : Split(flags, '|'))
    {
        if (f == flag)
        {
            return true;
        }
    }
    return false;
}

/// \return the configured default of attribute \p attribute of type \p type
Ptr<const AttributeValue>
DefaultOf(const std::string& type, const std::string& attribute)
{
    TypeId::AttributeInformation info;
    TypeId::LookupByName(type).LookupAttributeByName(attribute, &info);
    return info.initialValue;
}

/**
 * \brief The close of one run's connection, from the recorder's connections.csv and
 *        segments.csv in \p folder.
 *
 * segments: every segment either end sent, from the first FIN (the active closer's) to the
 * last of the connection, retransmissions included. close time: from that FIN leaving to
 * the active closer entering TIME-WAIT (it has sent its FIN, had it acknowledged and
 * acknowledged the peer's; RFC 9293 3.6). Settled: from that FIN to the moment neither end
 * is in a closing state any more (FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK):
 * the later of the active closer's TIME-WAIT entry and the passive closer's CLOSED, which
 * the last ACK brings. TIME-WAIT's own 2 MSL is left out: it does not depend on the shape.
 */
bool
Measure(const fs::path& folder, Result& r, std::string& error)
{
    Table conns;
    if (!ReadTable(folder / "connections.csv",
                   {"conn_client",
                    "conn_server",
                    "fin_client_s",
                    "time_wait_enter_s",
                    "closed_server_s",
                    "close_shape",
                    "outcome"},
                   conns,
                   error))
    {
        return false;
    }
    if (conns.rows.size() != 1)
    {
        error = (folder / "connections.csv").string() + " has " +
                std::to_string(conns.rows.size()) + " connections, expected 1";
        return false;
    }
    const std::vector<std::string>& c = conns.rows[0];
    auto cell = [&](const char* name) { return c[conns.Column(name)]; };
    r.shape = cell("close_shape");
    r.outcome = cell("outcome");
    const std::set<std::string> ends{cell("conn_client"), cell("conn_server")};
    const std::string server = cell("conn_server");

    Table segs;
    if (!ReadTable(folder / "segments.csv",
                   {"time_s", "event", "conn", "flags", "seq", "ack", "len"},
                   segs,
                   error))
    {
        return false;
    }
    const int time = segs.Column("time_s");
    const int event = segs.Column("event");
    const int conn = segs.Column("conn");
    const int flags = segs.Column("flags");
    std::optional<int64_t> firstFin;
    std::optional<int64_t> finArrived; // the first FIN at the passive closer
    uint32_t finAck = 0;               // the acknowledgment number that covers it
    for (const std::vector<std::string>& s : segs.rows)
    {
        int64_t t = 0;
        if (!ParseSeconds(s[time], t))
        {
            error = (folder / "segments.csv").string() + ": bad time '" + s[time] + "'";
            return false;
        }
        if (!ends.count(s[conn]))
        {
            continue;
        }
        const bool fin = HasFlag(s[flags], "FIN");
        if (s[event] == "tx")
        {
            if (fin && !firstFin)
            {
                firstFin = t;
            }
            if (firstFin)
            {
                ++r.segments;
                r.sequence += (r.sequence.empty() ? "" : " ") + s[flags];
            }
            if (finArrived && !r.ackDelay && s[conn] == server && HasFlag(s[flags], "ACK") &&
                static_cast<uint32_t>(std::stoul(s[segs.Column("ack")])) == finAck)
            {
                r.ackDelay = t - *finArrived;
            }
        }
        else if (s[event] == "rx" && s[conn] == server && fin && !finArrived)
        {
            finArrived = t;
            // The FIN occupies the sequence number after its data (RFC 9293 3.4).
            finAck = static_cast<uint32_t>(std::stoul(s[segs.Column("seq")]) +
                                           std::stoul(s[segs.Column("len")]) + 1);
        }
    }
    if (!firstFin)
    {
        error = (folder / "segments.csv").string() + ": no FIN was sent";
        return false;
    }
    int64_t timeWait = 0;
    int64_t closed = 0;
    bool haveTimeWait = ParseSeconds(cell("time_wait_enter_s"), timeWait);
    if (haveTimeWait)
    {
        r.closeTime = timeWait - *firstFin;
    }
    if (haveTimeWait && ParseSeconds(cell("closed_server_s"), closed))
    {
        r.settledTime = std::max(timeWait, closed) - *firstFin;
    }
    return true;
}

/**
 * \brief One run: \p profile on both ends, the server closing \p delay after it is told of
 *        the client's FIN; the recorder's files go to \p folder.
 * \param overrides the --ns3:: settings of the command line, applied over the profile
 */
bool
Run(const std::string& profile,
    Time delay,
    Time linkDelay,
    const std::vector<std::pair<std::string, std::string>>& overrides,
    const fs::path& folder,
    Result& r,
    std::string& error)
{
    // Every profile sets the same attributes, so one run leaves nothing of its profile to
    // the next; the command line's --ns3:: settings win over it, as in every synfin program.
    // (Not Config::Reset(): it would forget --RngSeed and --RngRun too.)
    if (!SynFinProfile::Apply(profile, error))
    {
        return false;
    }
    for (const auto& [name, value] : overrides)
    {
        Config::SetDefault(name, StringValue(value));
    }
    r.profile = profile;
    r.delay = delay;
    // How long a lone FIN waits for its ACK here: the delayed-ACK timeout where the FIN's
    // ACK is delayed (RFC 1122 4.2.3.2), none where it is sent at once (RFC 9293 3.10.7.4).
    auto delayFinAck =
        DynamicCast<const BooleanValue>(DefaultOf("ns3::SynFinSocket", "DelayFinAck"));
    auto delAck = DynamicCast<const TimeValue>(DefaultOf("ns3::TcpSocket", "DelAckTimeout"));
    r.finAckTimer = delayFinAck->Get() ? delAck->Get() : Time(0);

    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
    SynFinLinkSpec link;
    link.delay = linkDelay;
    builder.SetDefaultLink(link);
    // Fixed random streams: a run's result depends on the seed and run number only, not on
    // the runs before it.
    SynFinTopology topo = builder.Build(1000);

    SynFinLifecycleRecorder recorder;
    recorder.Attach(topo.Hosts());
    recorder.SetParameter("profile", profile);
    recorder.SetParameter("close_delay_ms", FormatMs(delay.GetNanoSeconds()));
    recorder.SetParameter("link_delay_ms", FormatMs(linkDelay.GetNanoSeconds()));

    SynFinWorkloadSpec w;
    w.connections = 1;
    w.requestBytes = 100;
    w.responseBytes = 1000;
    w.closer = CLOSER_CLIENT; // the client is the active closer
    w.closeDelay = delay;     // the server's time in CLOSE-WAIT before Close()
    SynFinWorkloadHelper apps(w);
    apps.Install(topo, 2000);

    // Longer than any profile's TIME-WAIT (rfc9293: 2 x 120 s), so that every state of the
    // connection ends within the run.
    Simulator::Stop(Seconds(600) + delay);
    Simulator::Run();
    bool written = recorder.Write(folder.string(), error);
    Simulator::Destroy();
    return written && Measure(folder, r, error);
}

/// \return the profile names, comma-separated
std::string
ProfileNames()
{
    std::string all;
    for (const std::string& n : SynFinProfile::GetNames())
    {
        all += (all.empty() ? "" : ", ") + n;
    }
    return all;
}

/// \return the --ns3::Type::Attribute=value words of the command line, in order
std::vector<std::pair<std::string, std::string>>
Ns3Settings(int argc, char* argv[])
{
    std::vector<std::pair<std::string, std::string>> settings;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::size_t eq = arg.find('=');
        if (arg.rfind("--ns3::", 0) == 0 && eq != std::string::npos)
        {
            settings.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
        }
    }
    return settings;
}

/**
 * \brief The gnuplot script that draws the figure from the CSV beside it: the segments and
 *        the close times against the delay, a line per profile, in PDF and PNG (the look of
 *        synfin-plot's figures: one column wide, 7 pt sans, Okabe-Ito colours, a title on
 *        the PNG preview only).
 * \param profiles the profiles, in the CSV's order
 * \param timers each profile's delayed-ACK timeout of a lone FIN (0: ACKed at once)
 * \param maxDelay the largest delay
 */
std::string
GnuplotScript(const std::vector<std::string>& profiles,
              const std::map<std::string, Time>& timers,
              Time maxDelay)
{
    static const char* const colours[] = {"#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7"};
    std::ostringstream names;
    std::ostringstream palette;
    for (std::size_t i = 0; i < profiles.size(); ++i)
    {
        names << (i ? " " : "") << profiles[i];
        palette << (i ? " " : "") << colours[i % 5];
    }
    const double widthIn = 3.5;
    const double heightIn = 4.0;
    const int dpi = 200;
    std::ostringstream gp;
    gp << "# Written by " << kProgram << ". Run `gnuplot " << kName << ".gp` in this folder to\n"
       << "# draw " << kName << ".pdf and " << kName << ".png again from " << kName << ".csv.\n"
       << "set datafile separator ','\n"
       << "profiles = '" << names.str() << "'\n"
       << "colours = '" << palette.str() << "'\n"
       << "csv = '" << kName << ".csv'\n"
       << "# The CSV's column COL on the rows of profile P, else no point.\n"
       << "only(p, col) = strcol(1) eq p ? column(col) : NaN\n"
       << "# Columns: 2 delay_ms, 4 segments, 8 close_ms, 9 settled_ms.\n";
    for (const std::string format : {"pdf", "png"})
    {
        gp << "\n";
        if (format == "pdf")
        {
            gp << "set terminal pdfcairo noenhanced color font 'Sans,7' size " << widthIn << "in,"
               << heightIn << "in\n";
        }
        else
        {
            // pngcairo measures at 72 dpi: scale fonts and lines so the PNG is the PDF at 200 dpi.
            double scale = dpi / 72.0;
            gp << "set terminal pngcairo noenhanced color font 'Sans,7' fontscale " << scale
               << " linewidth " << scale << " pointscale " << scale << " size "
               << static_cast<int>(widthIn * dpi) << "," << static_cast<int>(heightIn * dpi)
               << "\n";
        }
        gp << "set output '" << kName << "." << format << "'\n"
           << "set multiplot layout 2,1"
           << (format == "png" ? " title 'Close shapes against the passive close delay'" : "")
           << "\n"
           << "set border 3 lw 0.8\n"
           << "set tics nomirror out scale 0.6\n"
           << "set grid xtics ytics lw 0.4 lc rgb '#DDDDDD'\n"
           << "set lmargin 8\n"
           << "set rmargin 2\n"
           << "set xrange [0:"
           << (maxDelay.IsStrictlyPositive() ? FormatMs(maxDelay.GetNanoSeconds()) : "1") << "]\n"
           << "set xlabel 'passive close delay (ms)'\n";
        // The delayed-ACK timeouts of a lone FIN: where three segments become four.
        std::set<int64_t> drawn;
        for (const std::string& p : profiles)
        {
            int64_t t = timers.at(p).GetNanoSeconds();
            if (t > 0 && t <= maxDelay.GetNanoSeconds() && drawn.insert(t).second)
            {
                gp << "set arrow from " << FormatMs(t) << ", graph 0 to " << FormatMs(t)
                   << ", graph 1 nohead dt 2 lw 0.8 lc rgb '#555555'\n"
                   << "set label 'delayed ACK of a FIN: " << FormatMs(t) << " ms' at "
                   << FormatMs(t) << ", graph 0.93 offset 0.6,0 font 'Sans,6'\n";
            }
        }
        // The first profile drawn last, on top where the steps coincide.
        gp << "set ylabel 'segments from 1st FIN'\n"
           << "set yrange [0:5.5]\n"
           << "set ytics 1\n"
           << "set key bottom right invert\n"
           // A step per sampled delay: the count holds until the next delay measured.
           << "plot for [i=words(profiles):1:-1] csv using 2:(only(word(profiles,i), 4)) "
              "with steps lw 1.2 lc rgb word(colours,i) notitle, \\\n"
           << "     for [i=words(profiles):1:-1] csv using 2:(only(word(profiles,i), 4)) "
              "with points pt 5+2*i ps 0.7 lc rgb word(colours,i) title word(profiles,i)\n"
           << "unset arrow\n"
           << "unset label\n"
           << "set ylabel 'close time (ms)'\n"
           << "set yrange [0:*]\n"
           << "set ytics autofreq\n"
           << "set key top left Left reverse noinvert\n"
           << "set label \"solid: active closer in TIME-WAIT\\n"
              "dashed: passive closer CLOSED\" at graph 0.98, graph 0.2 right "
              "font 'Sans,6'\n"
           << "plot for [i=1:words(profiles)] csv using 2:(only(word(profiles,i), 8)) "
              "with linespoints lw 1.2 pt 5+2*i ps 0.7 lc rgb word(colours,i) "
              "title word(profiles,i), \\\n"
           << "     for [i=1:words(profiles)] csv using 2:(only(word(profiles,i), 9)) "
              "with lines dt 2 lw 1 lc rgb word(colours,i) notitle\n"
           << "unset label\n"
           << "unset multiplot\n"
           << "unset output\n";
    }
    return gp.str();
}

/**
 * \brief Run gnuplot on \p script in \p dir.
 * \return true if it exited with status 0
 */
bool
RunGnuplot(const fs::path& dir, const std::string& script)
{
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = fork();
    if (pid == 0)
    {
        if (chdir(dir.c_str()) == 0)
        {
            execlp("gnuplot", "gnuplot", script.c_str(), static_cast<char*>(nullptr));
        }
        std::cerr << kProgram << ": cannot run gnuplot: " << std::strerror(errno) << std::endl;
        _exit(127);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/// \return the name of the output file with extension \p ext: close-shapes.EXT
std::string
File(const std::string& ext)
{
    return std::string(kName) + "." + ext;
}

/// \return true if \p text was written to \p path, whole
bool
WriteFile(const fs::path& path, const std::string& text)
{
    std::ofstream out(path);
    out << text;
    out.close();
    return !out.fail();
}

/// \return true if \p path is a file with something in it
bool
NonEmptyFile(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) && fs::file_size(path, ec) > 0 && !ec;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output = "out/close-shapes";
    std::string profilesText = "linux,rfc9293";
    // Around Linux's 40 ms delayed-ACK timeout closely (39 and 41 ms), then on to 5 times it.
    std::string delaysText = "0ms,1ms,2ms,5ms,10ms,20ms,30ms,39ms,41ms,50ms,100ms,200ms";
    std::string linkDelayText = "10ms";
    bool plot = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue("output", "Folder for close-shapes.csv, the figure and each run's folder", output);
    cmd.AddValue("profiles",
                 "Comma-separated profiles to compare (" + ProfileNames() + ")",
                 profilesText);
    cmd.AddValue("delays",
                 "Comma-separated passive close delays, ns-3 times (20ms; a bare number is "
                 "seconds): from the server being told of the client's FIN to its Close()",
                 delaysText);
    cmd.AddValue("linkDelay",
                 "One-way delay of the link (an ns-3 time, not negative)",
                 linkDelayText);
    cmd.AddValue("plot", "Draw close-shapes.pdf and .png with gnuplot", plot);
    cmd.Parse(argc, argv);

    Time linkDelay;
    if (!SynFinCommandLine::NoStrayWords(kProgram, cmd) ||
        !SynFinCommandLine::ReadTime(kProgram, "linkDelay", linkDelayText, linkDelay))
    {
        return 2;
    }
    std::vector<std::string> profiles;
    for (const std::string& p : Split(profilesText, ','))
    {
        if (!SynFinProfile::Exists(p))
        {
            std::cerr << kProgram << ": --profiles=" << profilesText << ": unknown profile '" << p
                      << "'; allowed: " << ProfileNames() << std::endl;
            return 2;
        }
        if (std::find(profiles.begin(), profiles.end(), p) != profiles.end())
        {
            std::cerr << kProgram << ": --profiles=" << profilesText << ": '" << p
                      << "' is given twice" << std::endl;
            return 2;
        }
        profiles.push_back(p);
    }
    std::vector<Time> delays;
    for (const std::string& d : Split(delaysText, ','))
    {
        Time t;
        if (d.empty())
        {
            std::cerr << kProgram << ": --delays=" << delaysText
                      << ": an empty item; expected times such as 0ms,20ms,50ms" << std::endl;
            return 2;
        }
        if (!SynFinCommandLine::ReadTime(kProgram, "delays", d, t))
        {
            return 2;
        }
        if (std::find(delays.begin(), delays.end(), t) != delays.end())
        {
            std::cerr << kProgram << ": --delays=" << delaysText << ": " << d
                      << " is the same delay as an earlier item" << std::endl;
            return 2;
        }
        delays.push_back(t);
    }
    std::sort(delays.begin(), delays.end());

    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec)
    {
        std::cerr << kProgram << ": cannot create --output=" << output << ": " << ec.message()
                  << std::endl;
        return 2;
    }
    // A failed run must not leave the previous run's results looking current.
    const std::vector<std::string> outputs{File("pdf"), File("png"), File("gp"), File("csv")};
    for (const std::string& name : outputs)
    {
        fs::remove(fs::path(output) / name, ec);
    }

    const auto overrides = Ns3Settings(argc, argv);
    std::vector<Result> results;
    std::map<std::string, Time> timers;
    std::cout << std::left << std::setw(10) << "profile" << std::right << std::setw(9) << "delay_ms"
              << std::setw(10) << "segments" << std::setw(7) << "shape" << std::setw(14)
              << "ack_delay_ms" << std::setw(11) << "close_ms" << std::setw(12) << "settled_ms"
              << "  sequence\n";
    for (const std::string& profile : profiles)
    {
        for (Time delay : delays)
        {
            std::string run = profile + "-" + FormatMs(delay.GetNanoSeconds()) + "ms";
            Result r;
            std::string error;
            if (!Run(profile, delay, linkDelay, overrides, fs::path(output) / run, r, error))
            {
                std::cerr << kProgram << ": " << run << ": " << error << std::endl;
                return 1;
            }
            timers[profile] = r.finAckTimer;
            std::cout << std::left << std::setw(10) << r.profile << std::right << std::setw(9)
                      << FormatMs(delay.GetNanoSeconds()) << std::setw(10) << r.segments
                      << std::setw(7) << r.shape << std::setw(14) << FormatMs(r.ackDelay)
                      << std::setw(11) << FormatMs(r.closeTime) << std::setw(12)
                      << FormatMs(r.settledTime) << "  " << r.sequence << "\n";
            results.push_back(r);
        }
    }

    std::ostringstream csv;
    csv << "profile,delay_ms,fin_ack_timer_ms,segments,shape,sequence,ack_delay_ms,close_ms,"
           "settled_ms,outcome\n";
    for (const Result& r : results)
    {
        csv << r.profile << "," << FormatMs(r.delay.GetNanoSeconds()) << ","
            << FormatMs(r.finAckTimer.GetNanoSeconds()) << "," << r.segments << "," << r.shape
            << "," << r.sequence << "," << FormatMs(r.ackDelay) << "," << FormatMs(r.closeTime)
            << "," << FormatMs(r.settledTime) << "," << r.outcome << "\n";
    }

    // Everything is made in a staging folder and moved into --output only when complete:
    // the figures first and the CSV last, so the CSV's presence means the set is whole.
    fs::path staging = fs::path(output) / ("." + File("partial"));
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    bool written = WriteFile(staging / File("csv"), csv.str()) &&
                   WriteFile(staging / File("gp"), GnuplotScript(profiles, timers, delays.back()));
    std::vector<std::string> ready{File("gp"), File("csv")};
    bool drawn = true;
    if (written && plot)
    {
        drawn = RunGnuplot(staging, File("gp")) && NonEmptyFile(staging / File("pdf")) &&
                NonEmptyFile(staging / File("png"));
        if (drawn)
        {
            ready.insert(ready.begin(), {File("pdf"), File("png")});
        }
    }
    for (const std::string& name : ready)
    {
        std::error_code moved;
        written = written && NonEmptyFile(staging / name);
        if (written)
        {
            fs::rename(staging / name, fs::path(output) / name, moved);
            written = !moved;
        }
    }
    fs::remove_all(staging, ec);
    fs::path table = fs::path(output) / File("csv");
    if (!written)
    {
        for (const std::string& name : outputs)
        {
            fs::remove(fs::path(output) / name, ec);
        }
        std::cerr << kProgram << ": cannot write " << table.string() << std::endl;
        return 1;
    }
    std::cout << "\n"
              << table.string() << "; ladders: synfin-plot ladder " << output
              << "/<profile>-<delay>ms" << std::endl;
    if (!drawn)
    {
        std::cerr << kProgram << ": gnuplot did not draw the figure; the data is in "
                  << table.string() << ", the script in "
                  << (fs::path(output) / File("gp")).string() << std::endl;
        return 1;
    }
    if (plot)
    {
        std::cout << (fs::path(output) / File("pdf")).string() << ", .png" << std::endl;
    }
    return 0;
}
