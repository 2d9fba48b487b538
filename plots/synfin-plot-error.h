/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_ERROR_H
#define SYNFIN_PLOT_ERROR_H

#include <stdexcept>
#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * An input the figures cannot be drawn from: a missing or malformed recorder file, an
 * unknown connection, a bad option value.
 *
 * Kept apart from other exceptions so that synfin-plot can tell the user's mistakes (exit
 * code 2, the message says what to fix) from its own failures.
 */
class PlotError : public std::runtime_error
{
  public:
    /// \param message what is wrong and, where it helps, what is allowed
    explicit PlotError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_ERROR_H */
