/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-figure.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gnuplot-iostream.h>
#include <signal.h>
#include <sstream>

namespace synfin
{
namespace plot
{

/// One pre-formatted .dat cell. A type of our own so gnuplot-iostream writes it verbatim
/// (std::string would be taken for a container of chars).
struct DatCell
{
    std::string text; //!< the cell as it appears in the file
};

} // namespace plot
} // namespace synfin

namespace gnuplotio
{
/// Tells gnuplot-iostream's file1d to write a DatCell as its text.
template <>
struct TextSender<synfin::plot::DatCell>
{
    /// Writes the cell's text.
    static void send(std::ostream& stream, const synfin::plot::DatCell& cell)
    {
        stream << cell.text;
    }
};
} // namespace gnuplotio

namespace synfin
{
namespace plot
{

namespace fs = std::filesystem;

namespace
{

/// Ignores SIGPIPE while it lives: a gnuplot that cannot start (or dies) closes the pipe,
/// and that must become an error message, not the death of the program.
class IgnoreSigpipe
{
  public:
    IgnoreSigpipe()
    {
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        sigaction(SIGPIPE, &ignore, &m_saved);
    }

    ~IgnoreSigpipe()
    {
        sigaction(SIGPIPE, &m_saved, nullptr);
    }

    IgnoreSigpipe(const IgnoreSigpipe&) = delete;
    IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

  private:
    struct sigaction m_saved = {}; //!< disposition to restore
};

/// \return \p text with every line indented by four spaces (the body inside the loop)
std::string
Indent(const std::string& text)
{
    std::istringstream in(text);
    std::ostringstream out;
    std::string line;
    while (std::getline(in, line))
    {
        out << (line.empty() ? "" : "    ") << line << "\n";
    }
    return out.str();
}

} // namespace

const std::vector<std::string>&
KnownFormats()
{
    static const std::vector<std::string> formats{"pdf", "png", "svg", "tex"};
    return formats;
}

namespace
{

/// \return "pdf, png, svg, tex": the formats allowed, for messages
std::string
AllowedFormats()
{
    std::string out;
    for (const auto& f : KnownFormats())
    {
        out += (out.empty() ? "" : ", ") + f;
    }
    return out + ", or a comma-separated list such as pdf,png";
}

} // namespace

std::vector<std::string>
ParseFormats(const std::string& list)
{
    std::vector<std::string> formats;
    std::istringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        bool known = false;
        for (const auto& f : KnownFormats())
        {
            known = known || f == item;
        }
        if (!known)
        {
            throw PlotError("--format: unknown format '" + item +
                            "' (allowed: " + AllowedFormats() + ")");
        }
        bool seen = false;
        for (const auto& f : formats)
        {
            seen = seen || f == item;
        }
        if (!seen)
        {
            formats.push_back(item);
        }
    }
    if (formats.empty())
    {
        throw PlotError("--format: empty (allowed: " + AllowedFormats() + ")");
    }
    return formats;
}

TitleMode
ParseTitleMode(const std::string& text)
{
    if (text == "auto")
    {
        return TitleMode::Previews;
    }
    if (text == "on")
    {
        return TitleMode::All;
    }
    if (text == "off")
    {
        return TitleMode::None;
    }
    throw PlotError("--title: unknown value '" + text +
                    "' (allowed: auto = on the PNG previews only, on, off)");
}

std::string
Num(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
    // "-0.000" and "0.000" must not differ in a golden file.
    std::string text(buffer);
    if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-')
    {
        text.erase(0, 1);
    }
    return text;
}

std::string
Quoted(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
    {
        // gnuplot's data strings have no escapes; a quote inside would end the column.
        out += (c == '"') ? '\'' : c;
    }
    return out + "\"";
}

std::string
GpString(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
    {
        // In single-quoted gnuplot strings a quote is written twice.
        out += (c == '\'') ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

void
WriteFigureSources(const Figure& figure,
                   const std::string& dir,
                   const std::vector<std::string>& formats,
                   TitleMode titles)
{
    for (const auto& data : figure.data)
    {
        std::vector<std::vector<DatCell>> rows;
        rows.push_back({DatCell{"# " + data.header}});
        for (const auto& row : data.rows)
        {
            std::vector<DatCell> cells;
            for (const auto& cell : row)
            {
                cells.push_back(DatCell{cell});
            }
            rows.push_back(std::move(cells));
        }
        // file1d only writes the file; the pipe it belongs to is never opened here, so
        // writing sources needs no gnuplot (the golden-file tests rely on that).
        Gnuplot writer(">/dev/null");
        writer.file1d(rows, (fs::path(dir) / data.name).string());
    }

    std::ofstream gp(fs::path(dir) / (figure.name + ".gp"));
    gp << "# synfin figure '" << figure.name << "': " << figure.summary << "\n";
    gp << "# Made by synfin-plot from the lifecycle recorder's CSV. Data:";
    for (const auto& data : figure.data)
    {
        gp << " " << data.name;
    }
    gp << "\n# Re-create the outputs by running `gnuplot " << figure.name
       << ".gp` in this folder;\n# restyle below, choose outputs with 'formats'.\n"
       << "# The tex output is TikZ for \\input in LaTeX (\\usepackage{gnuplot-lua-tikz}, "
       << "whose style files\n# the tex pass writes beside it); synfin-plot then escapes its "
       << "text for LaTeX\n# (_ % & #), which a rerun of this script by hand does not.\n\n";
    gp << "formats = \"";
    for (std::size_t i = 0; i < formats.size(); ++i)
    {
        gp << (i ? " " : "") << formats[i];
    }
    gp << "\"\n";
    // Papers caption their figures below them; previews have no caption to lean on.
    gp << "# The formats whose output carries the title (a paper's figure has a caption).\n";
    gp << "titled = \""
       << (titles == TitleMode::All ? "pdf png svg tex"
                                    : (titles == TitleMode::Previews ? "png" : ""))
       << "\"\n\n";
    gp << "do for [fmt in formats] {\n";
    const auto& known = KnownFormats();
    for (const auto& format : known)
    {
        // One if per format: gnuplot 5.4 has no "else if" chain.
        gp << "    if (fmt eq '" << format << "') {\n"
           << "        " << PlotStyle::Terminal(format, figure.heightInches) << "\n"
           << "    }\n";
    }
    gp << "    set output '" << figure.name << ".'.fmt\n";
    // reset keeps terminal and output but clears what the previous format's pass set.
    gp << "    reset\n";
    gp << Indent(PlotStyle::Common());
    if (!figure.title.empty())
    {
        gp << "    if (strstrt(' '.titled.' ', ' '.fmt.' ') > 0) {\n"
           << "        set title " << GpString(figure.title)
           << (figure.titleOptions.empty() ? "" : " " + figure.titleOptions) << "\n"
           << "    }\n";
    }
    gp << Indent(figure.body);
    gp << "    unset output\n";
    gp << "}\n";
    if (!gp)
    {
        throw std::runtime_error((fs::path(dir) / (figure.name + ".gp")).string() +
                                 ": cannot write");
    }
}

std::string
EscapeTikzText(const std::string& tikz)
{
    // The terminal writes one "\node[style] at (x,y) {text};" line per text line; the
    // text is everything between the first " {" after the position and the final "};".
    std::istringstream in(tikz);
    std::ostringstream out;
    std::string line;
    while (std::getline(in, line))
    {
        const std::size_t at = line.rfind(") {");
        if (line.rfind("\\node[", 0) == 0 && at != std::string::npos && line.size() >= 2 &&
            line.compare(line.size() - 2, 2, "};") == 0)
        {
            const std::size_t from = at + 3;
            const std::size_t to = line.size() - 2;
            std::string text;
            for (std::size_t i = from; i < to; ++i)
            {
                const char c = line[i];
                const bool escaped = i > from && line[i - 1] == '\\';
                if ((c == '_' || c == '%' || c == '&' || c == '#') && !escaped)
                {
                    text += '\\';
                }
                text += c;
            }
            line = line.substr(0, from) + text + line.substr(to);
        }
        out << line << "\n";
    }
    return out.str();
}

std::vector<std::string>
RenderFigure(const Figure& figure,
             const std::string& dir,
             const std::vector<std::string>& formats,
             TitleMode titles)
{
    WriteFigureSources(figure, dir, formats, titles);
    const fs::path done = fs::path(dir) / (figure.name + ".done");
    {
        IgnoreSigpipe guard;
        // An empty command makes gnuplot-iostream use $GNUPLOT_IOSTREAM_CMD, else gnuplot.
        Gnuplot gp;
        // gnuplot keeps reading its pipe after an error, and its exit status is lost in
        // gnuplot-iostream's pclose; GPVAL_ERRNO is how we learn that the script failed.
        gp << "cd " << GpString(dir) << "\n"
           << "reset errors\n"
           << "load " << GpString(figure.name + ".gp") << "\n"
           << "if (GPVAL_ERRNO == 0) { set print " << GpString(done.filename().string())
           << "; print 'ok'; unset print }\n"
           << "exit\n";
    } // the destructor waits for gnuplot to finish
    const bool ok = fs::exists(done);
    fs::remove(done);
    const char* cmd = std::getenv("GNUPLOT_IOSTREAM_CMD");
    const std::string how = (cmd != nullptr && *cmd != '\0')
                                ? std::string("GNUPLOT_IOSTREAM_CMD='") + cmd + "'"
                                : std::string("gnuplot");
    if (!ok)
    {
        throw std::runtime_error("gnuplot failed on " + figure.name + ".gp (ran " + how +
                                 "; its messages are above; is gnuplot-nox installed?)");
    }
    std::vector<std::string> written;
    for (const auto& data : figure.data)
    {
        written.push_back((fs::path(dir) / data.name).string());
    }
    written.push_back((fs::path(dir) / (figure.name + ".gp")).string());
    for (const auto& format : formats)
    {
        const fs::path out = fs::path(dir) / (figure.name + "." + format);
        if (!fs::exists(out) || fs::file_size(out) == 0)
        {
            throw std::runtime_error("gnuplot (" + how + ") did not write " + out.string());
        }
        if (format == "tex")
        {
            std::ifstream raw(out);
            std::stringstream text;
            text << raw.rdbuf();
            raw.close();
            std::ofstream escaped(out, std::ios::trunc);
            escaped << EscapeTikzText(text.str());
            if (!escaped)
            {
                throw std::runtime_error(out.string() + ": cannot write");
            }
        }
        written.push_back(out.string());
    }
    return written;
}

} // namespace plot
} // namespace synfin
