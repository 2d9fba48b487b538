/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "plots-test-util.h"

#include "svg-text-boxes.h"
#include "synfin-plot-style.h"

#include <boost/iostreams/filter/zlib.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace synfin
{
namespace plot
{
namespace test
{

namespace
{

/// \return the big-endian 32-bit number at \p p
uint32_t
Be32(const unsigned char* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace

std::string
SourceDir()
{
    const char* env = std::getenv("SYNFIN_SOURCE_DIR");
    if (env != nullptr && *env != '\0')
    {
        return env;
    }
    return SYNFIN_SOURCE_DIR;
}

std::string
Fixture(const std::string& name)
{
    return SourceDir() + "/test/fixtures/" + name;
}

std::string
Slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TempDir::TempDir()
{
    std::string pattern = (fs::temp_directory_path() / "synfin-plot-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr)
    {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = buffer.data();
}

TempDir::~TempDir()
{
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
}

const fs::path&
TempDir::Path() const
{
    return m_path;
}

fs::path
CopyFixture(const std::string& fixture, const fs::path& dir)
{
    const fs::path copy = dir / fixture;
    fs::copy(Fixture(fixture), copy, fs::copy_options::recursive);
    return copy;
}

Image
DecodePng(const fs::path& path)
{
    Image image;
    const std::string file = Slurp(path);
    const auto* data = reinterpret_cast<const unsigned char*>(file.data());
    if (file.size() < 8 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0)
    {
        return image;
    }
    std::string idat;
    int colourType = -1;
    for (std::size_t pos = 8; pos + 12 <= file.size();)
    {
        const uint32_t length = Be32(data + pos);
        const std::string type = file.substr(pos + 4, 4);
        const unsigned char* body = data + pos + 8;
        if (type == "IHDR")
        {
            image.width = Be32(body);
            image.height = Be32(body + 4);
            if (body[8] != 8 || body[12] != 0)
            {
                return Image{};
            }
            colourType = body[9];
        }
        else if (type == "IDAT")
        {
            idat.append(reinterpret_cast<const char*>(body), length);
        }
        pos += 12 + length;
    }
    const std::size_t channels = colourType == 6 ? 4 : colourType == 2 ? 3 : 0;
    if (channels == 0)
    {
        return Image{};
    }
    boost::iostreams::filtering_istream inflate;
    inflate.push(boost::iostreams::zlib_decompressor());
    std::istringstream compressed(idat);
    inflate.push(compressed);
    std::string raw((std::istreambuf_iterator<char>(inflate)), std::istreambuf_iterator<char>());
    const std::size_t stride = image.width * channels;
    if (raw.size() < image.height * (stride + 1))
    {
        return Image{};
    }
    std::vector<unsigned char> prev(stride, 0);
    std::vector<unsigned char> row(stride);
    image.rgb.reserve(std::size_t(image.width) * image.height);
    for (uint32_t y = 0; y < image.height; ++y)
    {
        const auto* line = reinterpret_cast<const unsigned char*>(raw.data()) + y * (stride + 1);
        const unsigned filter = line[0];
        for (std::size_t i = 0; i < stride; ++i)
        {
            const int a = i >= channels ? row[i - channels] : 0;
            const int b = prev[i];
            const int c = i >= channels ? prev[i - channels] : 0;
            int predictor = 0;
            switch (filter)
            {
            case 1:
                predictor = a;
                break;
            case 2:
                predictor = b;
                break;
            case 3:
                predictor = (a + b) / 2;
                break;
            case 4: {
                const int p = a + b - c;
                const int pa = std::abs(p - a);
                const int pb = std::abs(p - b);
                const int pc = std::abs(p - c);
                predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
                break;
            }
            default:
                break;
            }
            row[i] = static_cast<unsigned char>(line[1 + i] + predictor);
        }
        for (uint32_t x = 0; x < image.width; ++x)
        {
            const unsigned char* px = &row[x * channels];
            image.rgb.push_back((uint32_t(px[0]) << 16) | (uint32_t(px[1]) << 8) | px[2]);
        }
        prev = row;
    }
    return image;
}

double
InkFraction(const Image& image)
{
    std::size_t ink = 0;
    for (uint32_t px : image.rgb)
    {
        ink += px != 0xFFFFFF ? 1 : 0;
    }
    return image.rgb.empty() ? 0.0 : double(ink) / image.rgb.size();
}

std::size_t
CountColour(const Image& image, const std::string& hex)
{
    const uint32_t want = std::stoul(hex.substr(1), nullptr, 16);
    std::size_t n = 0;
    for (uint32_t px : image.rgb)
    {
        n += px == want ? 1 : 0;
    }
    return n;
}

Image
ExpectRendered(const fs::path& dir, const std::string& name)
{
    EXPECT_TRUE(fs::exists(dir / (name + ".gp"))) << name;
    const std::string pdf = Slurp(dir / (name + ".pdf"));
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-") << name << ".pdf is not a PDF";
    // An empty pdfcairo page is ~1 kB; a figure with text and data is several.
    EXPECT_GT(pdf.size(), 5000U) << name << ".pdf is suspiciously small";
    EXPECT_NE(pdf.find("%%EOF"), std::string::npos) << name << ".pdf is truncated";
    const Image png = DecodePng(dir / (name + ".png"));
    EXPECT_EQ(png.width, static_cast<uint32_t>(PlotStyle::kColumnWidthInches * PlotStyle::kPngDpi))
        << name << ".png is not a decodable column-wide PNG";
    // Axes, text and data cover a few percent of a figure; a blank render covers none.
    EXPECT_GT(InkFraction(png), 0.02) << name << ".png is (nearly) blank";
    return png;
}

void
ExpectMatchesGolden(const std::vector<Figure>& figures,
                    const std::string& golden,
                    const std::vector<std::string>& formats,
                    TitleMode titles)
{
    TempDir tmp;
    const fs::path folder = Fixture(golden);
    for (const auto& fig : figures)
    {
        WriteFigureSources(fig, tmp.Path().string(), formats, titles);
    }
    std::set<std::string> written;
    for (const auto& entry : fs::directory_iterator(tmp.Path()))
    {
        written.insert(entry.path().filename().string());
    }
    if (std::getenv("SYNFIN_UPDATE_GOLDEN") != nullptr)
    {
        fs::remove_all(folder);
        fs::create_directories(folder);
        for (const auto& name : written)
        {
            fs::copy_file(tmp.Path() / name, folder / name);
        }
    }
    std::set<std::string> expected;
    for (const auto& entry : fs::directory_iterator(folder))
    {
        expected.insert(entry.path().filename().string());
    }
    EXPECT_EQ(written, expected) << "the set of .gp/.dat files changed";
    for (const auto& name : written)
    {
        EXPECT_EQ(Slurp(tmp.Path() / name), Slurp(folder / name))
            << name << " differs from test/fixtures/" << golden << "/" << name
            << " (SYNFIN_UPDATE_GOLDEN=1 rewrites the golden copies after an intended change)";
    }
}

bool
CanMeasureText()
{
    return !synfin_test::SansFontFile().empty();
}

std::vector<std::string>
SvgTextProblems(const fs::path& svg, double tolerancePx)
{
    static const auto regular = synfin_test::FontMetrics::Load(synfin_test::SansFontFile());
    static const auto bold = synfin_test::FontMetrics::Load(synfin_test::FontFile("Sans:bold"));
    return synfin_test::CheckSvgText(svg.string(), regular, tolerancePx, &bold);
}

std::vector<std::string>
TextProblems(const Figure& fig, const fs::path& dir, double tolerancePx)
{
    RenderFigure(fig, dir.string(), {"svg"});
    return SvgTextProblems(dir / (fig.name + ".svg"), tolerancePx);
}

std::string
Joined(const std::vector<std::string>& problems)
{
    std::string out;
    for (const auto& p : problems)
    {
        out += "  " + p + "\n";
    }
    return out;
}

CliResult
RunCli(const std::string& args, const fs::path& scratch, const std::string& env)
{
    const fs::path log = scratch / "cli.log";
    const std::string cmd =
        env + " '" + std::string(SYNFIN_PLOT_BIN) + "' " + args + " >'" + log.string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    CliResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.output = Slurp(log);
    return result;
}

} // namespace test
} // namespace plot
} // namespace synfin
