/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_ERROR_H
#define SYNFIN_SWEEP_ERROR_H

#include <stdexcept>
#include <string>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * A sweep that cannot be run as asked: a malformed value, list or range, an unreadable
 * points file, a folder holding another sweep. synfin-sweep reports it with exit status 2
 * before any simulation starts; other exceptions are its own failures (exit status 1).
 */
class SweepError : public std::runtime_error
{
  public:
    /// \param message what is wrong, naming the bad value and what is allowed
    explicit SweepError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_ERROR_H */
