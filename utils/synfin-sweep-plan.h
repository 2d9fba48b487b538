/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_PLAN_H
#define SYNFIN_SWEEP_PLAN_H

#include "synfin-sweep-grid.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * One synfin-run option as the sweep was given it.
 */
struct OptionValue
{
    std::string name;  //!< without "--"
    std::string value; //!< as written: one value, a list or a range ("" for a flag)
    bool flag{false};  //!< given without a value
};

/**
 * \ingroup synfin
 * A share of a sweep's runs: shard \p index of \p count (1 <= index <= count).
 */
struct Shard
{
    uint32_t index{1}; //!< which, from 1
    uint32_t count{1}; //!< of how many
};

/**
 * \brief Read "i/N".
 * \param text the text
 * \return the shard
 * \throws SweepError naming the value unless 1 <= i <= N
 */
Shard ParseShard(const std::string& text);

/**
 * \ingroup synfin
 * A sweep as planned: its points and runs, the options every run gets, and its definition
 * (sweep.ini's text), from which ParseDefinition gets the same plan back.
 */
struct Plan
{
    uint32_t runs{1};                 //!< replications per point
    std::string seed{"1"};            //!< --seed of every run
    std::vector<std::string> columns; //!< the options that vary, in column order
    std::vector<Point> points;        //!< every point, in order
    std::vector<std::string> fixed;   //!< "--name=value" and "--flag" for every run
    std::optional<Shard> shard;       //!< the share of the runs this folder runs, if any
    std::string definition;           //!< sweep.ini's text

    /// \return the definition without its shard line: the same for every shard of a sweep
    std::string BaseDefinition() const;

    /// \return whether run \p run of point \p point is this plan's to run (its shard's)
    bool Owns(std::size_t point, uint32_t run) const;

    /// \return the synfin-run options of \p point: the fixed ones, then its settings
    std::vector<std::string> Arguments(const Point& point) const;
};

/**
 * \brief Plan a sweep.
 * \param options the synfin-run options given, in order (the last varies fastest)
 * \param runs replications per point
 * \param seed the seed
 * \param pointsFile a CSV of points instead of the product ("" for none)
 * \param shard the share to run, if any
 * \return the plan
 * \throws SweepError for a malformed value, an option given twice or one the sweep sets
 */
Plan MakePlan(const std::vector<OptionValue>& options,
              uint32_t runs,
              const std::string& seed,
              const std::string& pointsFile,
              const std::optional<Shard>& shard);

/**
 * \brief The plan that wrote \p definition (a sweep.ini).
 * \param definition the text
 * \param where the file, for messages
 * \return the plan (its fixed options as the definition records them)
 * \throws SweepError if it is not a sweep definition
 */
Plan ParseDefinition(const std::string& definition, const std::string& where);

/// \return whether \p option's own syntax holds ',' or ':', so that it takes one value
bool TakesOneValue(const std::string& option);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_PLAN_H */
