/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_META_H
#define SYNFIN_PLOT_META_H

#include <optional>
#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * The few facts of meta.json the figures need.
 */
struct RunMeta
{
    /// RFC 9293 3.4.2's MSL; TIME_WAIT lasts twice this
    double mslSeconds{120.0};
    /// true if meta.json set ns3::SynFinSocket::Msl; false when the default is assumed
    bool mslFromMeta{false};
    /// ns3::SynFinSocket::TimeWaitDuration when meta.json sets it (TIME_WAIT then lasts
    /// this, not 2 MSL: Linux's fixed 60 s)
    std::optional<double> timeWaitSeconds;

    /// \return how long TIME_WAIT lasts: TimeWaitDuration if set, else 2 MSL
    double TimeWaitSeconds() const
    {
        return timeWaitSeconds.value_or(2 * mslSeconds);
    }

    /// when recording stopped, if meta.json says
    std::optional<double> stopSeconds;
};

/// SynFinSocket's built-in Msl default (model/synfin-socket.cc), used when meta.json is
/// silent: the attribute is written only when it differs from this.
constexpr double kDefaultMslSeconds = 120.0;

/**
 * Reads \p path (meta.json of a run folder).
 *
 * Minimal on purpose: the figures need two values, so rather than a JSON library this
 * looks for the keys and reads the value after them. A missing file gives the defaults
 * (the figures still make sense); a present but unparsable value is an error, since a
 * silently wrong 2 MSL horizon would mislead.
 *
 * \throws PlotError if the Msl value is present but not a time
 */
RunMeta LoadRunMeta(const std::string& path);

/**
 * \return \p text, an ns-3 Time as TimeValue prints it ("+500ms", "+2e+09ns", "120s") or a
 *         bare number of seconds, in seconds; nothing if it is not one
 */
std::optional<double> ParseTimeSeconds(const std::string& text);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_META_H */
