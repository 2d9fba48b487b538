/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace synfin
{
namespace sweep
{

namespace
{

/// Not a number: the value of a statistic of nothing.
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// \return \p values without its NaNs ("absent")
std::vector<double>
Present(std::vector<double> values)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    return values;
}

/**
 * The continued fraction of the regularized incomplete beta function (DLMF 8.17.22):
 * 1 / (1 + d1 / (1 + d2 / (1 + ...))) with d(2m) = m (b - m) x / ((a + 2m - 1)(a + 2m)) and
 * d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)), evaluated front to back by
 * the modified Lentz method. It converges quickly for x < (a + 1) / (a + b + 2).
 *
 * \param a first shape parameter (> 0)
 * \param b second shape parameter (> 0)
 * \param x the argument, 0 < x < 1
 * \return the value of the fraction
 */
double
BetaFraction(double a, double b, double x)
{
    constexpr double tiny = 1e-300;
    constexpr double epsilon = 1e-16;
    constexpr int maxTerms = 100000;

    // Fraction b0 + a1 / (b1 + a2 / (b2 + ...)) with b0 = 0, a1 = 1 and every b = 1; the
    // partial numerators after a1 are the d above.
    double f = tiny;
    double c = f;
    double d = 0.0;
    for (int j = 1; j <= maxTerms; ++j)
    {
        double numerator = 1.0;
        if (j >= 2)
        {
            const int k = j - 1; // index of d
            const double m = std::floor(k / 2.0);
            if (k % 2 == 0)
            {
                numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            }
            else
            {
                numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            }
        }
        d = 1.0 + numerator * d;
        if (std::fabs(d) < tiny)
        {
            d = tiny;
        }
        c = 1.0 + numerator / c;
        if (std::fabs(c) < tiny)
        {
            c = tiny;
        }
        d = 1.0 / d;
        const double delta = c * d;
        f *= delta;
        if (std::fabs(delta - 1.0) < epsilon)
        {
            break;
        }
    }
    return f;
}

/**
 * The regularized incomplete beta function I_x(a, b).
 *
 * \param a first shape parameter (> 0)
 * \param b second shape parameter (> 0)
 * \param x the argument
 * \param y 1 - x, passed separately so that a caller can give it without cancellation
 * \return I_x(a, b), 0 to 1
 */
double
RegularizedBeta(double a, double b, double x, double y)
{
    if (x <= 0.0)
    {
        return 0.0;
    }
    if (y <= 0.0)
    {
        return 1.0;
    }
    const double logBeta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    const double front = std::exp(a * std::log(x) + b * std::log(y) - logBeta);
    if (x < (a + 1.0) / (a + b + 2.0))
    {
        return front * BetaFraction(a, b, x) / a;
    }
    // I_x(a, b) = 1 - I_(1-x)(b, a), whose fraction converges there.
    return 1.0 - front * BetaFraction(b, a, y) / b;
}

/**
 * \param t a value, >= 0
 * \param dof degrees of freedom
 * \return P(|T| > t) for Student's T with \p dof degrees of freedom: I_x(dof/2, 1/2) with
 *         x = dof / (dof + t^2)
 */
double
TwoSidedTail(double t, double dof)
{
    const double t2 = t * t;
    const double x = dof / (dof + t2);
    const double y = t2 / (dof + t2);
    return RegularizedBeta(dof / 2.0, 0.5, x, y);
}

} // namespace

Summary
Summarize(const std::vector<double>& values)
{
    const std::vector<double> present = Present(values);
    Summary s{present.size(), kNaN, kNaN, kNaN, kNaN};
    if (present.empty())
    {
        return s;
    }
    const double n = static_cast<double>(present.size());
    double sum = 0.0;
    for (double v : present)
    {
        sum += v;
    }
    const double roughMean = sum / n;
    // Second pass: the deviations from the rough mean. Their sum is the rounding error of
    // that mean (zero in exact arithmetic), which corrects both the mean and the sum of
    // squares (the "corrected two-pass algorithm" of Chan, Golub and LeVeque).
    double deviationSum = 0.0;
    double squareSum = 0.0;
    for (double v : present)
    {
        const double deviation = v - roughMean;
        deviationSum += deviation;
        squareSum += deviation * deviation;
    }
    s.mean = roughMean + deviationSum / n;
    if (present.size() == 1)
    {
        s.sd = 0.0;
        s.ciLow = s.mean;
        s.ciHigh = s.mean;
        return s;
    }
    const double variance = std::max(0.0, (squareSum - deviationSum * deviationSum / n) / (n - 1));
    s.sd = std::sqrt(variance);
    const double halfWidth = StudentT(0.95, present.size() - 1) * s.sd / std::sqrt(n);
    s.ciLow = s.mean - halfWidth;
    s.ciHigh = s.mean + halfWidth;
    return s;
}

double
Quantile(std::vector<double> values, double q)
{
    values = Present(std::move(values));
    if (values.empty() || !(q >= 0.0 && q <= 1.0))
    {
        return kNaN;
    }
    std::sort(values.begin(), values.end());
    const double h = static_cast<double>(values.size() - 1) * q;
    const double below = std::floor(h);
    const auto i = static_cast<std::size_t>(below);
    if (i + 1 >= values.size())
    {
        return values.back();
    }
    const double fraction = h - below;
    if (fraction == 0.0)
    {
        return values[i];
    }
    return values[i] + fraction * (values[i + 1] - values[i]);
}

double
StudentT(double level, std::size_t dof)
{
    if (!(level > 0.0 && level < 1.0))
    {
        throw std::invalid_argument("StudentT: the confidence level must be between 0 and 1 "
                                    "(exclusive)");
    }
    if (dof == 0)
    {
        throw std::invalid_argument("StudentT: needs at least one degree of freedom");
    }
    const double nu = static_cast<double>(dof);
    const double tail = 1.0 - level;
    // The tail falls from 1 at t = 0 towards 0: bracket the root by doubling, then halve
    // the bracket until it is as narrow as a double allows.
    double low = 0.0;
    double high = 1.0;
    while (TwoSidedTail(high, nu) > tail)
    {
        low = high;
        high *= 2.0;
        if (std::isinf(high))
        {
            return high;
        }
    }
    for (int i = 0; i < 2000; ++i)
    {
        const double middle = low + (high - low) / 2.0;
        if (middle <= low || middle >= high)
        {
            break;
        }
        if (TwoSidedTail(middle, nu) > tail)
        {
            low = middle;
        }
        else
        {
            high = middle;
        }
    }
    return low + (high - low) / 2.0;
}

} // namespace sweep
} // namespace synfin
