/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_STATS_H
#define SYNFIN_SWEEP_STATS_H

#include <cstddef>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * The summary of one metric over the replications of a sweep point (summary.csv).
 */
struct Summary
{
    std::size_t n; //!< values summarised (NaNs, meaning "absent", are not counted)
    double mean;   //!< their mean; NaN when n == 0
    double sd;     //!< sample standard deviation (divisor n - 1); 0 when n == 1, NaN when 0
    double ciLow;  //!< 95% two-sided Student t confidence interval of the mean, low end;
                   //!< the mean when n == 1, NaN when n == 0
    double ciHigh; //!< its high end; the mean when n == 1, NaN when n == 0
};

/**
 * Summarises \p values: count, mean, sample standard deviation and the 95% confidence
 * interval of the mean, mean +- t(0.95, n - 1) sd / sqrt(n).
 *
 * The mean and the deviations are computed in two passes (the deviations from the mean,
 * with the rounding error of the mean corrected), so values with a large common offset
 * keep their precision. NaN values stand for "absent" and are left out.
 *
 * \param values the values, in any order
 * \return the summary of the values present; n == 0 and NaN fields when there are none
 */
Summary Summarize(const std::vector<double>& values);

/**
 * The quantile \p q of \p values by linear interpolation between the closest ranks
 * (Hyndman and Fan's type 7, the default of R and numpy): with the values sorted
 * x[0] <= ... <= x[n-1] and h = (n - 1) q, x[floor(h)] + (h - floor(h)) (x[floor(h)+1] -
 * x[floor(h)]). q = 0 is the minimum, q = 1 the maximum, q = 0.5 the median.
 *
 * \param values the values, in any order (taken by value: they are sorted here); NaNs
 *        ("absent") are left out
 * \param q the probability, 0 to 1
 * \return the quantile; NaN when there are no values or \p q is not in [0, 1]
 */
double Quantile(std::vector<double> values, double q);

/**
 * The two-sided critical value of Student's t distribution: the t with P(|T| <= t) =
 * \p level for T with \p dof degrees of freedom (t(0.95, 1) = 12.7062047, t(0.95, 1000) =
 * 1.96233908).
 *
 * Computed by inverting the tail probability P(|T| > t) = I_x(dof/2, 1/2), x = dof / (dof
 * + t^2), the regularized incomplete beta function evaluated by its continued fraction;
 * accurate to about 1e-12 relative.
 *
 * \param level the confidence level, strictly between 0 and 1
 * \param dof the degrees of freedom, at least 1
 * \return the critical value
 * \throws std::invalid_argument if \p level is not in (0, 1) or \p dof is 0
 */
double StudentT(double level, std::size_t dof);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_STATS_H */
