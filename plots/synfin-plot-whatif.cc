/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-whatif.h"

#include "synfin-plot-csv.h"
#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

// Vertical layout in row units (one unit holds a line of small text), top to bottom: the
// variant's name, each scenario of it, then per measurement its name and the two bars.
constexpr double kVariantLine = 1.5;  //!< a variant's name, with space above
constexpr double kScenarioLine = 1.1; //!< a scenario line
constexpr double kLabel = 1.05;       //!< a measurement's name
constexpr double kBar = 0.8;          //!< one bar's slot
constexpr double kLabelToBar = 0.25;  //!< extra space between a name and its first bar
constexpr double kBarHalf = 0.3;      //!< half a bar's thickness
constexpr double kInchesPerUnit = 0.105;
/// The shortest bar drawn: a value of zero still shows as a tick at the axis.
constexpr double kMinLength = 0.006;

const char* const kStandardColour = "#0072B2"; //!< the RFC 9293 table (Okabe-Ito blue)
const char* const kVariantColour = "#D55E00";  //!< the variant (vermillion)

} // namespace

Figure
MakeWhatIf(const std::string& folder)
{
    const std::string path = (std::filesystem::path(folder) / "comparison.csv").string();
    if (!std::filesystem::is_regular_file(path))
    {
        throw PlotError(path + ": not found (expected the output folder of "
                               "why-three-why-four, holding comparison.csv)");
    }
    const CsvTable table =
        CsvTable::Load(path, {"variant", "scenario", "metric", "standard", "variant_value"});
    if (table.Rows() == 0)
    {
        throw PlotError(path + ": no rows, nothing to draw");
    }

    DataFile variants{"whatif-variants.dat", "y text", {}};
    DataFile scenarios{"whatif-scenarios.dat", "y text", {}};
    DataFile names{"whatif-names.dat", "y text", {}};
    DataFile standard{"whatif-standard.dat", "y bar_length value", {}};
    DataFile variant{"whatif-variant.dat", "y bar_length value", {}};
    double y = -0.5; // grows downwards; the y axis is reversed
    std::string lastVariant;
    std::string lastScenario;
    for (std::size_t r = 0; r < table.Rows(); ++r)
    {
        const std::string& name = table.Text(r, "variant");
        const std::string& scenario = table.Text(r, "scenario");
        if (name != lastVariant)
        {
            y += kVariantLine;
            variants.rows.push_back({Num(y, 3), Quoted(name)});
            lastVariant = name;
            lastScenario.clear();
        }
        if (scenario != lastScenario)
        {
            y += kScenarioLine;
            scenarios.rows.push_back({Num(y, 3), Quoted(scenario)});
            lastScenario = scenario;
        }
        y += kLabel;
        names.rows.push_back({Num(y, 3), Quoted(table.Text(r, "metric"))});
        const double a = table.Double(r, "standard");
        const double b = table.Double(r, "variant_value");
        if (a < 0 || b < 0)
        {
            throw PlotError(table.Where(r, a < 0 ? "standard" : "variant_value") +
                            ": negative, but every comparison is a count or a time");
        }
        // Each row on its own scale: the larger value is a full bar.
        const double scale = std::max(a, b) > 0 ? std::max(a, b) : 1.0;
        for (auto& [file, value, column] : {std::make_tuple(&standard, a, "standard"),
                                            std::make_tuple(&variant, b, "variant_value")})
        {
            y += kBar + (file == &standard ? kLabelToBar : 0.0);
            file->rows.push_back({Num(y, 3),
                                  Num(std::max(value / scale, kMinLength), 6),
                                  Quoted(table.Text(r, column))});
        }
    }
    const double bottom = y + kBar;

    Figure fig;
    fig.name = "whatif";
    fig.summary = "what-if variants against the standard table, one row per measurement";
    fig.heightInches = bottom * kInchesPerUnit + 0.55;
    std::ostringstream b;
    fig.title = "What-if variants against the standard table";
    b << "unset xtics\nunset ytics\nunset grid\nunset border\n";
    b << "set xrange [0:1.3]\n";
    b << "set yrange [" << Num(bottom, 3) << ":0]\n";
    b << "set lmargin 1\nset rmargin 1\n";
    b << "set key below horizontal Left reverse samplen 1.5 width 2 font ',"
      << PlotStyle::kSmallFontPoints << "'\n";
    b << "set style fill solid 1.0 noborder\n";
    auto bars = [&b](const char* file, const char* colour, const char* title) {
        b << "    '" << file << "' using (0.02+$2/2):1:($2/2):(" << kBarHalf
          << ") with boxxyerror lc rgb '" << colour << "' title '" << title << "', \\\n"
          << "    '" << file << "' using (0.035+$2):1:3 with labels left font ',"
          << PlotStyle::kSmallFontPoints << "' notitle, \\\n";
    };
    b << "plot \\\n";
    b << "    'whatif-variants.dat' using (0):1:2 with labels left font 'Sans Bold,"
      << PlotStyle::kFontPoints << "' notitle, \\\n";
    b << "    'whatif-scenarios.dat' using (0):1:2 with labels left font 'Sans Italic,"
      << PlotStyle::kSmallFontPoints << "' notitle, \\\n";
    b << "    'whatif-names.dat' using (0.02):1:2 with labels left font ',"
      << PlotStyle::kSmallFontPoints << "' tc rgb '#444444' notitle, \\\n";
    bars("whatif-standard.dat", kStandardColour, "RFC 9293 table");
    bars("whatif-variant.dat", kVariantColour, "what-if variant (bars scaled per row)");
    std::string body = b.str();
    body.erase(body.size() - 4); // the last ", \\\n"
    fig.body = body + "\n";
    fig.data = {std::move(variants),
                std::move(scenarios),
                std::move(names),
                std::move(standard),
                std::move(variant)};
    return fig;
}

} // namespace plot
} // namespace synfin
