/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder-axis.h"

#include "synfin-plot-figure.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace synfin
{
namespace plot
{

LadderTimeAxis::LadderTimeAxis(std::vector<double> times,
                               double origin,
                               double zero,
                               double maxGap,
                               double squeezed,
                               const std::vector<std::pair<double, double>>& bands,
                               double bandLength)
    : m_zero(zero)
{
    times.push_back(origin);
    for (const auto& [start, end] : bands)
    {
        times.push_back(start);
        times.push_back(end);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    const auto first = std::find(times.begin(), times.end(), origin);
    double y = 0;
    m_t.push_back(origin);
    m_y.push_back(0);
    auto band = bands.begin();
    for (auto it = first + 1; it != times.end(); ++it)
    {
        const double from = *(it - 1);
        const double delta = *it - from;
        // Inside a band every time is squeezed together with it: the band is one piece.
        while (band != bands.end() && band->second <= from)
        {
            ++band;
        }
        const bool inBand = band != bands.end() && band->first <= from && *it <= band->second;
        if (inBand)
        {
            const double length = bandLength * 1000 * delta / (band->second - band->first);
            if (from == band->first)
            {
                m_breaks.push_back({y, y + bandLength * 1000, band->second - band->first, true});
            }
            y += length;
        }
        else if (delta > maxGap)
        {
            m_breaks.push_back({y, y + squeezed * 1000, delta, false});
            y += squeezed * 1000;
        }
        else
        {
            y += delta * 1000;
        }
        m_t.push_back(*it);
        m_y.push_back(y);
    }
}

double
LadderTimeAxis::Y(double t) const
{
    if (t <= m_t.front())
    {
        return (t - m_t.front()) * 1000;
    }
    if (t >= m_t.back())
    {
        return m_y.back() + (t - m_t.back()) * 1000;
    }
    const auto hi = std::upper_bound(m_t.begin(), m_t.end(), t) - m_t.begin();
    const auto lo = hi - 1;
    const double f = (t - m_t[lo]) / (m_t[hi] - m_t[lo]);
    return m_y[lo] + f * (m_y[hi] - m_y[lo]);
}

double
LadderTimeAxis::Last() const
{
    return m_t.back();
}

const std::vector<LadderTimeAxis::Break>&
LadderTimeAxis::Breaks() const
{
    return m_breaks;
}

double
LadderTimeAxis::TimeAtY(double y) const
{
    const auto it = std::lower_bound(m_y.begin(), m_y.end(), y - 1e-9);
    if (it != m_y.end() && std::abs(*it - y) < 1e-9)
    {
        return m_t[it - m_y.begin()];
    }
    return m_t.front() + y / 1000;
}

std::string
LadderTimeAxis::TicList(double inPerY) const
{
    static const double nice[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    double step = nice[0];
    for (double n : nice)
    {
        step = n;
        if (n * inPerY >= 0.3)
        {
            break;
        }
    }
    std::ostringstream out;
    double lastY = -1e300;
    auto tic = [&](double t) {
        const double y = Y(t);
        if ((y - lastY) * inPerY < 0.12)
        {
            return;
        }
        out << (lastY > -1e300 ? ", " : "") << "\"" << Num((t - m_zero) * 1000, 0) << "\" "
            << Num(y, 3);
        lastY = y;
    };
    // Stretches run between breaks; each starts with a tic at its own first time.
    double stretchStart = m_t.front();
    for (std::size_t i = 0; i <= m_breaks.size(); ++i)
    {
        const double stretchEnd = i < m_breaks.size() ? TimeAtY(m_breaks[i].yStart) : m_t.back();
        tic(stretchStart);
        const double rel0 = (stretchStart - m_zero) * 1000;
        for (double rel = std::ceil(rel0 / step + 1e-9) * step;
             m_zero + rel / 1000 <= stretchEnd + 1e-12;
             rel += step)
        {
            tic(m_zero + rel / 1000);
        }
        if (i < m_breaks.size())
        {
            stretchStart = TimeAtY(m_breaks[i].yEnd);
        }
    }
    return out.str();
}

} // namespace plot
} // namespace synfin
