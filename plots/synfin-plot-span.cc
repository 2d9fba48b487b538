/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-span.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

namespace synfin
{
namespace plot
{

namespace
{

/// \return true if \p run's folder holds \p file: a figure must not fail on a file it
///         does not need, only because the span would have looked at it
bool
Has(const RunFolder& run, const std::string& file)
{
    return std::filesystem::exists(run.Dir() + "/" + file);
}

/// The earliest and latest of the times shown to it.
class Extent
{
  public:
    /// Counts \p t towards the start of the span.
    void First(double t)
    {
        m_from = m_from ? std::min(*m_from, t) : t;
    }

    /// Counts \p t towards the end of the span.
    void Last(double t)
    {
        m_to = m_to ? std::max(*m_to, t) : t;
    }

    /// Counts \p t towards both ends.
    void Both(double t)
    {
        First(t);
        Last(t);
    }

    /// \return the span, if anything was counted
    std::optional<TimeSpan> Span() const
    {
        if (!m_from || !m_to)
        {
            return std::nullopt;
        }
        return TimeSpan{*m_from, std::max(*m_from, *m_to)};
    }

  private:
    std::optional<double> m_from; //!< earliest start
    std::optional<double> m_to;   //!< latest end
};

/// \return true if \p state is one a socket waits in rather than acts in: LISTEN (from
///         the application's listen call, usually time 0) and CLOSED
bool
Idle(const std::string& state)
{
    return state == "LISTEN" || state == "CLOSED";
}

} // namespace

TimeSpan
ActivitySpan(const RunFolder& run)
{
    Extent extent;
    if (Has(run, "states.csv"))
    {
        for (const auto& s : run.States())
        {
            if (!Idle(s.state))
            {
                extent.Both(s.enter);
            }
            // Leaving LISTEN is the listener closing, usually at the end; a state left
            // because the run stopped did not end at all.
            if (s.state != "LISTEN" && s.causeExit != "end_of_run")
            {
                extent.Last(s.leave);
            }
        }
    }
    if (Has(run, "connections.csv"))
    {
        for (const auto& c : run.Connections())
        {
            if (c.connect)
            {
                extent.Both(*c.connect);
            }
        }
    }
    if (Has(run, "segments.csv"))
    {
        // Segments are activity even where no state changes: a stock ns-3 node's whole
        // exchange, an ACK repeated into TIME_WAIT.
        for (const auto& s : run.Segments())
        {
            extent.Both(s.time);
        }
    }
    if (Has(run, "timewait.csv"))
    {
        // Only changes of a count: the first row of each node states its zero.
        std::map<int64_t, int64_t> count;
        for (const auto& s : run.TimeWait())
        {
            if (s.count != count[s.node])
            {
                extent.Both(s.time);
            }
            count[s.node] = s.count;
        }
    }
    const auto span = extent.Span();
    return span ? *span : FullRunSpan(run);
}

TimeSpan
FullRunSpan(const RunFolder& run)
{
    double to = run.Meta().stopSeconds.value_or(0);
    // A record past the stop time would otherwise fall off the axis; the recorder writes
    // none, but a folder put together by hand (or truncated meta.json) may.
    if (Has(run, "states.csv"))
    {
        for (const auto& s : run.States())
        {
            to = std::max(to, s.leave);
        }
    }
    if (Has(run, "segments.csv"))
    {
        for (const auto& s : run.Segments())
        {
            to = std::max(to, s.time);
        }
    }
    if (Has(run, "timewait.csv"))
    {
        for (const auto& s : run.TimeWait())
        {
            to = std::max(to, s.time);
        }
    }
    return TimeSpan{0, to > 0 ? to : 1.0};
}

TimeSpan
FigureSpan(const RunFolder& run, bool fullRun)
{
    if (fullRun)
    {
        return FullRunSpan(run);
    }
    TimeSpan span = ActivitySpan(run);
    // One instant of activity (a single SYN) still needs an axis some width around it.
    const double width = span.to - span.from;
    const double pad = width > 1e-9 ? 0.02 * width : 0.5;
    span.from = std::max(0.0, span.from - pad);
    // Not past the end of the run, though: there every band would stop short of the
    // border and every count drop, as if the sockets had closed rather than the recording.
    span.to = std::min(span.to + pad, std::max(span.to, FullRunSpan(run).to));
    return span;
}

} // namespace plot
} // namespace synfin
