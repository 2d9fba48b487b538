/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder-layout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

namespace synfin
{
namespace plot
{

namespace
{

constexpr double kClearIn = 0.02; //!< space between an arrow and its label (in)
constexpr double kMustNot = 1000; //!< cost of a refused place
constexpr double kStrike = 30;    //!< cost of each arrow struck through

/**
 * Things on paper indexed by height: each lies in the horizontal slices it spans, so a
 * query visits only what is near. Slices are a fixed height; things far taller than one
 * (an arrow across a squeezed gap) simply sit in many.
 */
class Slices
{
  public:
    /// \param pitch slice height (in)
    explicit Slices(double pitch)
        : m_pitch(pitch)
    {
    }

    /// Files item \p id as spanning heights [\p low, \p high].
    void Add(std::size_t id, double low, double high)
    {
        const long a = Slice(low);
        const long b = Slice(high);
        for (long s = a; s <= b; ++s)
        {
            m_items[s].push_back(id);
        }
        m_seen.resize(std::max(m_seen.size(), id + 1), 0);
    }

    /// Calls \p visit once for each item filed in a slice that [\p low, \p high] touches.
    template <typename F>
    void Near(double low, double high, F visit)
    {
        ++m_stamp;
        for (long s = Slice(low); s <= Slice(high); ++s)
        {
            const auto it = m_items.find(s);
            if (it == m_items.end())
            {
                continue;
            }
            for (std::size_t id : it->second)
            {
                if (m_seen[id] != m_stamp)
                {
                    m_seen[id] = m_stamp;
                    visit(id);
                }
            }
        }
    }

  private:
    /// \return the slice holding height \p y
    long Slice(double y) const
    {
        return static_cast<long>(std::floor(y / m_pitch));
    }

    double m_pitch;                                             //!< slice height (in)
    std::unordered_map<long, std::vector<std::size_t>> m_items; //!< ids by slice
    std::vector<unsigned> m_seen;                               //!< last query that visited each id
    unsigned m_stamp{0};                                        //!< the current query
};

/// A place a label may take, and what it costs on its own.
struct Candidate
{
    LabelBox box; //!< where the text goes
    double cost;  //!< before other labels are counted
};

} // namespace

LabelBox::LabelBox(double x, double y, double halfW, double halfH, double turn)
    : cx(x),
      cy(y),
      hw(halfW),
      hh(halfH),
      rad(turn),
      cosr(std::cos(turn)),
      sinr(std::sin(turn))
{
}

double
LabelBox::Reach(double nx, double ny) const
{
    return hw * std::abs(cosr * nx + sinr * ny) + hh * std::abs(-sinr * nx + cosr * ny);
}

bool
LabelBox::Overlaps(const LabelBox& o) const
{
    // The candidate separating axes: both boxes' own two axes.
    const double axes[4][2] = {{cosr, sinr}, {-sinr, cosr}, {o.cosr, o.sinr}, {-o.sinr, o.cosr}};
    for (const auto& n : axes)
    {
        if (std::abs((o.cx - cx) * n[0] + (o.cy - cy) * n[1]) >=
            Reach(n[0], n[1]) + o.Reach(n[0], n[1]))
        {
            return false;
        }
    }
    return true;
}

bool
CrossesText(const PaperLine& seg, const LabelBox& box)
{
    // Into the text's own frame, where it is an axis-parallel box; then clip (Liang-Barsky).
    auto local = [&](double x, double y) {
        const double dx = x - box.cx;
        const double dy = y - box.cy;
        return std::make_pair(dx * box.cosr + dy * box.sinr, -dx * box.sinr + dy * box.cosr);
    };
    const auto [ax, ay] = local(seg[0], seg[1]);
    const auto [bx, by] = local(seg[2], seg[3]);
    double t0 = 0;
    double t1 = 1;
    const double p[] = {-(bx - ax), bx - ax, -(by - ay), by - ay};
    const double q[] = {ax + box.hw, box.hw - ax, ay + box.hh, box.hh - ay};
    for (int k = 0; k < 4; ++k)
    {
        if (p[k] == 0)
        {
            if (q[k] < 0)
            {
                return false;
            }
            continue;
        }
        const double r = q[k] / p[k];
        if (p[k] < 0)
        {
            t0 = std::max(t0, r);
        }
        else
        {
            t1 = std::min(t1, r);
        }
    }
    return t0 < t1;
}

void
SpreadMarks(std::vector<AxisMark>& marks, double gap)
{
    std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
        return a.y < b.y;
    });
    for (std::size_t i = 1; i < marks.size(); ++i)
    {
        marks[i].y = std::max(marks[i].y, marks[i - 1].y + gap);
    }
}

LabelLayout
PlaceLabels(const std::vector<LabelRequest>& requests,
            const std::vector<PaperLine>& lines,
            const std::vector<LabelBox>& taken,
            double left,
            double right)
{
    const std::size_t n = requests.size();
    Slices lineSlices(0.25);
    for (std::size_t j = 0; j < lines.size(); ++j)
    {
        lineSlices.Add(j, std::min(lines[j][1], lines[j][3]), std::max(lines[j][1], lines[j][3]));
    }
    Slices takenSlices(0.25);
    for (std::size_t j = 0; j < taken.size(); ++j)
    {
        const double reach = taken[j].Reach(0, 1);
        takenSlices.Add(j, taken[j].cy - reach, taken[j].cy + reach);
    }

    // Every label's candidate places with their own cost: kMustNot for covering a taken
    // box or leaving [left, right], kStrike per arrow struck through, plus the rank.
    std::vector<std::vector<Candidate>> candidates(n);
    std::vector<double> lowest(n); // the lowest point any candidate of a label reaches
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto& r = requests[i];
        const auto& [x0, y0, x1, y1] = r.guide;
        static const double alongs[] = {0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8};
        const double near = r.height / 2 + kClearIn;
        int rank = 0;
        lowest[i] = 1e300;
        for (const double off :
             {near, -near, near + r.height + kClearIn, -near - r.height - kClearIn})
        {
            for (double along : alongs)
            {
                const double cx = x0 + (x1 - x0) * along - std::sin(r.rad) * off;
                const double cy = y0 + (y1 - y0) * along + std::cos(r.rad) * off;
                Candidate c{{cx, cy, r.width / 2, r.height / 2, r.rad},
                            static_cast<double>(rank++)};
                const double wide = c.box.Reach(1, 0);
                const double tall = c.box.Reach(0, 1);
                if (cx - wide < left || cx + wide > right)
                {
                    c.cost += kMustNot;
                }
                takenSlices.Near(cy - tall, cy + tall, [&](std::size_t j) {
                    c.cost += kMustNot * c.box.Overlaps(taken[j]);
                });
                lineSlices.Near(cy - tall, cy + tall, [&](std::size_t j) {
                    c.cost += kStrike * (j != i && CrossesText(lines[j], c.box));
                });
                lowest[i] = std::min(lowest[i], cy - tall);
                candidates[i].push_back(c);
            }
        }
        std::stable_sort(candidates[i].begin(),
                         candidates[i].end(),
                         [](const auto& p, const auto& q) { return p.cost < q.cost; });
    }
    // lowestSoFar[j]: the lowest any label up to j can reach. Scanning earlier labels from
    // i - 1 backwards stops once none of them can reach down to a candidate's top.
    std::vector<double> lowestSoFar(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        lowestSoFar[i] = std::min(lowest[i], i ? lowestSoFar[i - 1] : 1e300);
    }
    std::vector<std::size_t> choice(n, 0);
    // \return the latest earlier label whose place \p box covers, or -1; with \p count,
    // how many earlier labels it covers (for the least bad places)
    auto latestBlocker = [&](std::size_t i, const LabelBox& box, int* count) {
        long latest = -1;
        const double top = box.cy + box.Reach(0, 1);
        for (std::size_t j = i; j-- > 0;)
        {
            if (lowestSoFar[j] >= top)
            {
                break;
            }
            if (box.Overlaps(candidates[j][choice[j]].box))
            {
                latest = std::max(latest, static_cast<long>(j));
                if (count == nullptr)
                {
                    break;
                }
                ++*count;
            }
        }
        return latest;
    };

    // Depth first, in order: each label takes its cheapest place that covers no earlier
    // label. A dead end jumps straight back to the latest label that blocked it (handing
    // on the rest of its blockers), not to its neighbour: labels far apart on paper cannot
    // help each other, and plain backtracking would try every combination of them.
    // Bounded; without a layout the caller grows the figure.
    constexpr long kHopeless = -1;
    const long done = static_cast<long>(n);
    std::vector<std::set<std::size_t>> blockers(n);
    long budget = 20000;
    auto fail = [&](std::size_t i) {
        if (blockers[i].empty())
        {
            return kHopeless;
        }
        const std::size_t culprit = *blockers[i].rbegin();
        blockers[i].erase(culprit);
        blockers[culprit].insert(blockers[i].begin(), blockers[i].end());
        blockers[i].clear();
        return static_cast<long>(culprit);
    };
    std::function<long(std::size_t)> place = [&](std::size_t i) -> long {
        if (i == n)
        {
            return done;
        }
        blockers[i].clear();
        if (candidates[i].front().cost >= kMustNot)
        {
            // Nowhere allowed whatever the others do: it takes its least bad place.
            choice[i] = 0;
            const long r = place(i + 1);
            return r == static_cast<long>(i) ? fail(i) : r;
        }
        for (std::size_t k = 0; k < candidates[i].size(); ++k)
        {
            const Candidate& c = candidates[i][k];
            if (c.cost >= kMustNot || budget-- <= 0)
            {
                break;
            }
            const long blocker = latestBlocker(i, c.box, nullptr);
            if (blocker >= 0)
            {
                blockers[i].insert(static_cast<std::size_t>(blocker));
                continue;
            }
            choice[i] = k;
            const long r = place(i + 1);
            if (r != static_cast<long>(i))
            {
                return r; // done, hopeless, or a jump further back
            }
        }
        return budget <= 0 ? kHopeless : fail(i);
    };
    LabelLayout layout;
    layout.clean = place(0) == done;
    if (!layout.clean)
    {
        // No clean layout: the least bad place for each label, in order.
        for (std::size_t i = 0; i < n; ++i)
        {
            double best = 1e300;
            for (std::size_t k = 0; k < candidates[i].size() && best > 0; ++k)
            {
                const auto& c = candidates[i][k];
                int covered = 0;
                latestBlocker(i, c.box, &covered);
                const double cost = c.cost + kMustNot * covered;
                if (cost < best)
                {
                    best = cost;
                    choice[i] = k;
                }
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i)
    {
        layout.boxes.push_back(candidates[i][choice[i]].box);
    }
    return layout;
}

} // namespace plot
} // namespace synfin
