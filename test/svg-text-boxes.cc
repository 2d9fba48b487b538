/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "svg-text-boxes.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace synfin_test
{

namespace
{

constexpr double kPi = 3.14159265358979323846;

/**
 * Big-endian reads from a font file, each checked against the file's end: a truncated or
 * corrupt font must fail loudly, not yield widths read from beyond the buffer.
 */
class FontBytes
{
  public:
    FontBytes(std::string bytes, std::string path)
        : m_bytes(std::move(bytes)),
          m_path(std::move(path))
    {
    }

    /// \return the unsigned 16-bit number at \p at
    uint16_t U16(size_t at) const
    {
        Need(at, 2);
        return static_cast<uint16_t>((Byte(at) << 8) | Byte(at + 1));
    }

    /// \return the signed 16-bit number at \p at
    int16_t I16(size_t at) const
    {
        return static_cast<int16_t>(U16(at));
    }

    /// \return the unsigned 32-bit number at \p at
    uint32_t U32(size_t at) const
    {
        return (static_cast<uint32_t>(U16(at)) << 16) | U16(at + 2);
    }

    /// \return the four-character tag at \p at
    std::string Tag(size_t at) const
    {
        Need(at, 4);
        return m_bytes.substr(at, 4);
    }

    /// \return the offset of table \p tag; \throw if the font has none
    size_t Table(const std::string& tag, size_t minLength) const
    {
        uint16_t count = U16(4);
        for (size_t i = 0; i < count; ++i)
        {
            size_t record = 12 + 16 * i;
            if (Tag(record) == tag)
            {
                size_t offset = U32(record + 8);
                size_t length = U32(record + 12);
                if (length < minLength)
                {
                    Fail("table '" + tag + "' is too short");
                }
                Need(offset, length);
                return offset;
            }
        }
        Fail("no '" + tag + "' table");
        return 0;
    }

    /// \throw std::runtime_error naming the font and \p what
    [[noreturn]] void Fail(const std::string& what) const
    {
        throw std::runtime_error("font " + m_path + ": " + what);
    }

  private:
    /// \return the byte at \p at (checked by the caller)
    unsigned Byte(size_t at) const
    {
        return static_cast<unsigned char>(m_bytes[at]);
    }

    /// \throw unless \p n bytes from \p at lie in the file
    void Need(size_t at, size_t n) const
    {
        if (at > m_bytes.size() || n > m_bytes.size() - at)
        {
            Fail("truncated (read past the end of the file)");
        }
    }

    std::string m_bytes; //!< the whole file
    std::string m_path;  //!< for messages
};

/**
 * Fills \p glyphOf (BMP code point -> glyph id) from the format 4 subtable at \p at.
 */
void
ReadCmapFormat4(const FontBytes& f, size_t at, std::vector<uint16_t>& glyphOf)
{
    size_t segments = f.U16(at + 6) / 2;
    size_t ends = at + 14;
    size_t starts = ends + 2 * segments + 2; // after reservedPad
    size_t deltas = starts + 2 * segments;
    size_t rangeOffsets = deltas + 2 * segments;
    for (size_t s = 0; s < segments; ++s)
    {
        uint32_t end = f.U16(ends + 2 * s);
        uint32_t start = f.U16(starts + 2 * s);
        uint16_t delta = f.U16(deltas + 2 * s);
        uint16_t rangeOffset = f.U16(rangeOffsets + 2 * s);
        // The last segment maps only 0xFFFF to .notdef; a start past the end is malformed.
        for (uint32_t c = start; c <= end && c < 0xFFFF; ++c)
        {
            uint16_t glyph;
            if (rangeOffset == 0)
            {
                glyph = static_cast<uint16_t>(c + delta);
            }
            else
            {
                // idRangeOffset counts bytes from its own slot into glyphIdArray.
                size_t slot = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                glyph = f.U16(slot);
                if (glyph != 0)
                {
                    glyph = static_cast<uint16_t>(glyph + delta);
                }
            }
            glyphOf[c] = glyph;
        }
    }
}

/// \return the code points of \p utf8; a malformed sequence counts as one U+FFFD
std::vector<char32_t>
DecodeUtf8(const std::string& utf8)
{
    std::vector<char32_t> out;
    size_t i = 0;
    while (i < utf8.size())
    {
        auto byte = [&](size_t k) { return static_cast<unsigned char>(utf8[k]); };
        unsigned lead = byte(i);
        size_t extra;
        if (lead < 0x80)
        {
            extra = 0;
        }
        else if (lead >= 0xC2 && lead < 0xE0)
        {
            extra = 1;
        }
        else if (lead >= 0xE0 && lead < 0xF0)
        {
            extra = 2;
        }
        else if (lead >= 0xF0 && lead < 0xF5)
        {
            extra = 3;
        }
        else
        {
            out.push_back(0xFFFD); // a continuation byte or an invalid lead
            ++i;
            continue;
        }
        char32_t cp = extra == 0 ? lead : lead & (0x3Fu >> extra);
        bool ok = true;
        for (size_t k = 1; k <= extra; ++k)
        {
            if (i + k >= utf8.size() || (byte(i + k) & 0xC0) != 0x80)
            {
                ok = false;
                break;
            }
            cp = (cp << 6) | (byte(i + k) & 0x3F);
        }
        if (!ok)
        {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += extra + 1;
    }
    return out;
}

/// \return \p s with the five XML entities and numeric character references decoded
std::string
DecodeEntities(const std::string& s, const std::string& where)
{
    static const std::map<std::string, std::string> named = {{"amp", "&"},
                                                             {"lt", "<"},
                                                             {"gt", ">"},
                                                             {"quot", "\""},
                                                             {"apos", "'"}};
    std::string out;
    size_t i = 0;
    while (i < s.size())
    {
        if (s[i] != '&')
        {
            out += s[i++];
            continue;
        }
        size_t semi = s.find(';', i);
        if (semi == std::string::npos)
        {
            throw std::runtime_error(where + ": '&' without ';' in \"" + s + "\"");
        }
        std::string name = s.substr(i + 1, semi - i - 1);
        auto it = named.find(name);
        if (it != named.end())
        {
            out += it->second;
        }
        else if (name.size() > 1 && name[0] == '#')
        {
            bool hex = name[1] == 'x' || name[1] == 'X';
            char* end = nullptr;
            const char* digits = name.c_str() + (hex ? 2 : 1);
            unsigned long cp = std::strtoul(digits, &end, hex ? 16 : 10);
            if (*digits == '\0' || *end != '\0' || cp > 0x10FFFF)
            {
                throw std::runtime_error(where + ": bad character reference &" + name + ";");
            }
            // Encode as UTF-8, which is what the font measurement reads.
            if (cp < 0x80)
            {
                out += static_cast<char>(cp);
            }
            else if (cp < 0x800)
            {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
            else if (cp < 0x10000)
            {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
            else
            {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
        }
        else
        {
            throw std::runtime_error(where + ": unknown entity &" + name + ";");
        }
        i = semi + 1;
    }
    return out;
}

/**
 * The spaces an SVG viewer keeps: without xml:space="preserve" it drops newlines, turns
 * tabs into spaces, trims both ends and collapses runs (SVG 1.1 section 10.15). gnuplot
 * relies on this: its tick labels start with a space that is never drawn.
 */
std::string
SvgSpaces(const std::string& raw, bool preserve)
{
    std::string out;
    for (char c : raw)
    {
        if (c == '\n' || c == '\r')
        {
            if (preserve)
            {
                out += ' ';
            }
            continue;
        }
        char s = (c == '\t') ? ' ' : c;
        if (!preserve && s == ' ' && (out.empty() || out.back() == ' '))
        {
            continue;
        }
        out += s;
    }
    if (!preserve)
    {
        while (!out.empty() && out.back() == ' ')
        {
            out.pop_back();
        }
    }
    return out;
}

/// A 2-D affine map, SVG's matrix(a b c d e f): x' = a x + c y + e, y' = b x + d y + f.
struct Affine
{
    double a{1}; //!< x' per x
    double b{0}; //!< y' per x
    double c{0}; //!< x' per y
    double d{1}; //!< y' per y
    double e{0}; //!< x' offset
    double f{0}; //!< y' offset

    /// \return this map after \p inner (inner applies first)
    Affine Then(const Affine& inner) const
    {
        return {a * inner.a + c * inner.b,
                b * inner.a + d * inner.b,
                a * inner.c + c * inner.d,
                b * inner.c + d * inner.d,
                a * inner.e + c * inner.f + e,
                b * inner.e + d * inner.f + f};
    }

    /// \return where the map takes (\p x, \p y)
    SvgPoint Apply(double x, double y) const
    {
        return {a * x + c * y + e, b * x + d * y + f};
    }
};

/// \return the numbers of a transform function's argument list ("12.5,3" or "12.5 3")
std::vector<double>
Numbers(const std::string& args, const std::string& where)
{
    std::vector<double> out;
    const char* p = args.c_str();
    while (true)
    {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r')
        {
            ++p;
        }
        if (*p == '\0')
        {
            return out;
        }
        char* end = nullptr;
        double v = std::strtod(p, &end);
        if (end == p)
        {
            throw std::runtime_error(where + ": cannot read the numbers in \"" + args + "\"");
        }
        out.push_back(v);
        p = end;
    }
}

/// \return the map an SVG transform attribute states; \throw on functions it cannot read
Affine
ParseTransform(const std::string& text, const std::string& where)
{
    Affine m;
    size_t i = 0;
    while (true)
    {
        size_t open = text.find('(', i);
        if (open == std::string::npos)
        {
            if (text.find_first_not_of(" ,\t\r\n", i) != std::string::npos)
            {
                throw std::runtime_error(where + ": cannot read transform \"" + text + "\"");
            }
            return m;
        }
        size_t close = text.find(')', open);
        if (close == std::string::npos)
        {
            throw std::runtime_error(where + ": unclosed transform \"" + text + "\"");
        }
        std::string name = text.substr(i, open - i);
        name.erase(0, name.find_first_not_of(" ,\t\r\n"));
        name.erase(name.find_last_not_of(" \t\r\n") + 1);
        std::vector<double> v = Numbers(text.substr(open + 1, close - open - 1), where);
        Affine t;
        if (name == "translate" && (v.size() == 1 || v.size() == 2))
        {
            t.e = v[0];
            t.f = v.size() == 2 ? v[1] : 0;
        }
        else if (name == "rotate" && (v.size() == 1 || v.size() == 3))
        {
            double r = v[0] * kPi / 180;
            Affine rot{std::cos(r), std::sin(r), -std::sin(r), std::cos(r), 0, 0};
            if (v.size() == 3)
            {
                // About (cx, cy): translate there, rotate, translate back.
                Affine to{1, 0, 0, 1, v[1], v[2]};
                Affine back{1, 0, 0, 1, -v[1], -v[2]};
                rot = to.Then(rot).Then(back);
            }
            t = rot;
        }
        else if (name == "scale" && (v.size() == 1 || v.size() == 2))
        {
            t.a = v[0];
            t.d = v.size() == 2 ? v[1] : v[0];
        }
        else if (name == "matrix" && v.size() == 6)
        {
            t = {v[0], v[1], v[2], v[3], v[4], v[5]};
        }
        else
        {
            throw std::runtime_error(where + ": cannot use transform \"" + name + "(" +
                                     text.substr(open + 1, close - open - 1) + ")\"");
        }
        m = m.Then(t);
        i = close + 1;
    }
}

/// \return the number an attribute states in user units (plain or "px")
double
UserUnits(const std::string& value, const std::string& what, const std::string& where)
{
    char* end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    std::string unit = end == nullptr ? "" : std::string(end);
    unit.erase(0, unit.find_first_not_of(' '));
    unit.erase(unit.find_last_not_of(' ') + 1);
    if (end == value.c_str() || !(unit.empty() || unit == "px") || !std::isfinite(v))
    {
        throw std::runtime_error(where + ": cannot read " + what + " \"" + value + "\"");
    }
    return v;
}

/// An element open around the reader's position, with the attributes it states.
struct Element
{
    std::string name;                         //!< tag name
    std::map<std::string, std::string> attrs; //!< attribute values, entities decoded
};

/**
 * A forward-only reader of the XML that gnuplot writes: tags with their attributes,
 * comments, processing instructions, CDATA and DOCTYPE skipped, and the characters of
 * each <text>. Enough for gnuplot's output; not a general XML parser.
 */
class SvgReader
{
  public:
    SvgReader(std::string xml, std::string path)
        : m_xml(std::move(xml)),
          m_path(std::move(path))
    {
    }

    /// \return "FILE:LINE" for the position \p at, for messages
    std::string Where(size_t at)
    {
        return m_path + ":" + std::to_string(LineOf(at));
    }

    /// \return the 1-based line of position \p at (positions must not go backwards)
    int LineOf(size_t at)
    {
        for (; m_counted < at && m_counted < m_xml.size(); ++m_counted)
        {
            if (m_xml[m_counted] == '\n')
            {
                ++m_line;
            }
        }
        return m_line;
    }

    /**
     * Reads on to the next start or end tag.
     * \param[out] tag the tag's element (name without '/' for an end tag)
     * \param[out] closing true for an end tag
     * \param[out] selfClosing true for "<x/>"
     * \param[out] at where the tag starts
     * \return false at the end of the file
     */
    bool NextTag(Element& tag, bool& closing, bool& selfClosing, size_t& at)
    {
        while (true)
        {
            size_t lt = m_xml.find('<', m_pos);
            if (lt == std::string::npos)
            {
                return false;
            }
            if (SkipMarkup(lt))
            {
                continue;
            }
            at = lt;
            size_t gt = TagEnd(lt);
            std::string body = m_xml.substr(lt + 1, gt - lt - 1);
            m_pos = gt + 1;
            closing = !body.empty() && body[0] == '/';
            selfClosing = !body.empty() && body.back() == '/';
            if (closing)
            {
                body.erase(0, 1);
            }
            if (selfClosing)
            {
                body.pop_back();
            }
            ParseTag(body, tag, lt);
            return true;
        }
    }

    /// \return the raw characters up to "</text>", after a <text> start tag
    std::string TextContent(size_t tagAt)
    {
        size_t end = m_xml.find("</text>", m_pos);
        if (end == std::string::npos)
        {
            throw std::runtime_error(Where(tagAt) + ": <text> never closed");
        }
        std::string raw = m_xml.substr(m_pos, end - m_pos);
        if (raw.find('<') != std::string::npos)
        {
            // A <tspan> (gnuplot's enhanced text) has its own sizes and shifts.
            throw std::runtime_error(
                Where(tagAt) + ": cannot measure a <text> with elements inside (\"" + raw +
                "\"); enhanced text writes <tspan>s: render with 'noenhanced'");
        }
        m_pos = end + 7;
        return raw;
    }

  private:
    /// Skips a comment, CDATA, processing instruction or declaration at \p lt.
    bool SkipMarkup(size_t lt)
    {
        static const std::vector<std::pair<std::string, std::string>> kinds = {{"<!--", "-->"},
                                                                               {"<![CDATA[", "]]>"},
                                                                               {"<?", "?>"},
                                                                               {"<!", ">"}};
        for (const auto& [open, close] : kinds)
        {
            if (m_xml.compare(lt, open.size(), open) == 0)
            {
                size_t end = m_xml.find(close, lt + open.size());
                if (end == std::string::npos)
                {
                    throw std::runtime_error(Where(lt) + ": unclosed " + open);
                }
                m_pos = end + close.size();
                return true;
            }
        }
        return false;
    }

    /// \return the '>' that ends the tag at \p lt, skipping quoted attribute values
    size_t TagEnd(size_t lt)
    {
        char quote = 0;
        for (size_t i = lt + 1; i < m_xml.size(); ++i)
        {
            char c = m_xml[i];
            if (quote != 0)
            {
                quote = (c == quote) ? 0 : quote;
            }
            else if (c == '"' || c == '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }
        throw std::runtime_error(Where(lt) + ": unclosed tag");
    }

    /// Splits a tag's \p body (between '<' and '>') into name and attributes.
    void ParseTag(const std::string& body, Element& tag, size_t lt)
    {
        auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
        size_t i = 0;
        while (i < body.size() && !isSpace(body[i]))
        {
            ++i;
        }
        tag.name = body.substr(0, i);
        tag.attrs.clear();
        while (true)
        {
            while (i < body.size() && isSpace(body[i]))
            {
                ++i;
            }
            if (i >= body.size())
            {
                return;
            }
            size_t eq = body.find('=', i);
            if (eq == std::string::npos)
            {
                throw std::runtime_error(Where(lt) + ": cannot read the attributes of <" +
                                         tag.name + ">");
            }
            std::string name = body.substr(i, eq - i);
            name.erase(name.find_last_not_of(" \t\r\n") + 1);
            size_t q = eq + 1;
            while (q < body.size() && isSpace(body[q]))
            {
                ++q;
            }
            if (q >= body.size() || (body[q] != '"' && body[q] != '\''))
            {
                throw std::runtime_error(Where(lt) + ": unquoted attribute " + name);
            }
            size_t endQuote = body.find(body[q], q + 1);
            if (endQuote == std::string::npos)
            {
                throw std::runtime_error(Where(lt) + ": unclosed attribute " + name);
            }
            tag.attrs[name] = DecodeEntities(body.substr(q + 1, endQuote - q - 1), Where(lt));
            i = endQuote + 1;
        }
    }

    std::string m_xml;   //!< the whole file
    std::string m_path;  //!< for messages
    size_t m_pos{0};     //!< where reading goes on
    size_t m_counted{0}; //!< position up to which newlines are counted
    int m_line{1};       //!< line at m_counted
};

/// \return the whole of \p path; \throw if it cannot be read
std::string
ReadWhole(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error("cannot open " + path);
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// \return \p v with one decimal, as the messages show coordinates
std::string
OneDecimal(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

/// \return "\"TEXT\" at (X,Y)" for messages
std::string
Describe(const TextBox& b)
{
    return "\"" + b.text + "\" at (" + OneDecimal(b.anchor.x) + "," + OneDecimal(b.anchor.y) + ")";
}

/// Elements whose content is never drawn where it stands.
bool
IsUndrawn(const std::string& name)
{
    return name == "defs" || name == "clipPath" || name == "mask" || name == "pattern" ||
           name == "marker" || name == "symbol";
}

} // namespace

std::array<SvgPoint, 4>
TextBox::Corners() const
{
    double r = angleDeg * kPi / 180;
    double ux = std::cos(r);
    double uy = std::sin(r);
    // u runs along the baseline, v across it (downwards before rotation).
    double vx = -uy;
    double vy = ux;
    std::array<SvgPoint, 4> out;
    const double sw[4] = {-1, 1, 1, -1};
    const double sh[4] = {-1, -1, 1, 1};
    for (int i = 0; i < 4; ++i)
    {
        out[i] = {cx + sw[i] * halfW * ux + sh[i] * halfH * vx,
                  cy + sw[i] * halfW * uy + sh[i] * halfH * vy};
    }
    return out;
}

FontMetrics
FontMetrics::Load(const std::string& ttfPath)
{
    std::string bytes;
    try
    {
        bytes = ReadWhole(ttfPath);
    }
    catch (const std::runtime_error&)
    {
        throw std::runtime_error("font " + ttfPath + ": cannot open it");
    }
    FontBytes f(std::move(bytes), ttfPath);
    uint32_t version = f.U32(0);
    if (version != 0x00010000 && version != 0x74727565 /* 'true' */ &&
        version != 0x4F54544F /* 'OTTO' */)
    {
        f.Fail("not a TrueType or OpenType font (a collection, or not a font at all)");
    }

    FontMetrics m;
    size_t head = f.Table("head", 54);
    if (f.U32(head + 12) != 0x5F0F3CF5)
    {
        f.Fail("'head' has the wrong magic number");
    }
    m.m_unitsPerEm = f.U16(head + 18);
    if (m.m_unitsPerEm < 16)
    {
        f.Fail("unitsPerEm " + std::to_string(m.m_unitsPerEm) + " is not usable");
    }

    size_t hhea = f.Table("hhea", 36);
    m.m_ascender = f.I16(hhea + 4);
    m.m_descender = f.I16(hhea + 6);
    size_t longMetrics = f.U16(hhea + 34);
    if (longMetrics == 0)
    {
        f.Fail("'hhea' gives no horizontal metrics");
    }

    size_t glyphs = longMetrics;
    try
    {
        glyphs = std::max<size_t>(glyphs, f.U16(f.Table("maxp", 6) + 4));
    }
    catch (const std::runtime_error&)
    {
        // Without 'maxp', only the glyphs with their own metrics are known.
    }
    size_t hmtx = f.Table("hmtx", 4 * longMetrics);
    m.m_advanceOf.resize(glyphs);
    for (size_t g = 0; g < glyphs; ++g)
    {
        // Glyphs past numberOfHMetrics share the last advance (monospaced tails).
        m.m_advanceOf[g] = f.U16(hmtx + 4 * std::min(g, longMetrics - 1));
    }

    size_t cmap = f.Table("cmap", 4);
    size_t subtables = f.U16(cmap + 2);
    size_t chosen = 0;
    int chosenRank = 0;
    for (size_t i = 0; i < subtables; ++i)
    {
        size_t record = cmap + 4 + 8 * i;
        uint16_t platform = f.U16(record);
        uint16_t encoding = f.U16(record + 2);
        size_t at = cmap + f.U32(record + 4);
        if (f.U16(at) != 4)
        {
            continue;
        }
        // Windows Unicode BMP is what renderers use; a Unicode-platform table will do.
        int rank = (platform == 3 && encoding == 1) ? 2 : (platform == 0 ? 1 : 0);
        if (rank > chosenRank)
        {
            chosen = at;
            chosenRank = rank;
        }
    }
    if (chosenRank == 0)
    {
        f.Fail("no format 4 Unicode 'cmap' subtable");
    }
    m.m_glyphOf.assign(0x10000, 0);
    ReadCmapFormat4(f, chosen, m.m_glyphOf);
    return m;
}

int
FontMetrics::AdvanceUnits(char32_t codePoint) const
{
    uint16_t glyph = codePoint < m_glyphOf.size() ? m_glyphOf[codePoint] : 0;
    if (glyph >= m_advanceOf.size())
    {
        glyph = 0; // a cmap pointing past the glyphs: treat as unmapped
    }
    return m_advanceOf.empty() ? 0 : m_advanceOf[glyph];
}

bool
FontMetrics::HasGlyph(char32_t codePoint) const
{
    return codePoint < m_glyphOf.size() && m_glyphOf[codePoint] != 0 &&
           m_glyphOf[codePoint] < m_advanceOf.size();
}

int
FontMetrics::UnitsPerEm() const
{
    return m_unitsPerEm;
}

double
FontMetrics::Advance(const std::string& utf8, double size) const
{
    long units = 0;
    for (char32_t cp : DecodeUtf8(utf8))
    {
        units += AdvanceUnits(cp);
    }
    return units * size / m_unitsPerEm;
}

double
FontMetrics::Ascent(double size) const
{
    return m_ascender * size / m_unitsPerEm;
}

double
FontMetrics::Descent(double size) const
{
    return -m_descender * size / m_unitsPerEm;
}

std::string
FontFile(const std::string& pattern)
{
    // The pattern goes into a shell command: allow only what fontconfig patterns use.
    for (char c : pattern)
    {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == ':' || c == '=' ||
              c == '-' || c == ',' || c == '.'))
        {
            return "";
        }
    }
    std::string command = "fc-match -f '%{file}' '" + pattern + "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
    {
        return "";
    }
    std::string out;
    char buf[512];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    {
        out.append(buf, n);
    }
    int status = pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    {
        out.pop_back();
    }
    if (status != 0 || out.empty() || !std::ifstream(out))
    {
        return "";
    }
    return out;
}

std::string
SansFontFile()
{
    return FontFile("Sans");
}

SvgCanvas
ReadSvgCanvas(const std::string& svgPath)
{
    SvgReader reader(ReadWhole(svgPath), svgPath);
    Element tag;
    bool closing = false;
    bool selfClosing = false;
    size_t at = 0;
    while (reader.NextTag(tag, closing, selfClosing, at))
    {
        if (closing || tag.name != "svg")
        {
            continue;
        }
        std::string where = reader.Where(at);
        auto viewBox = tag.attrs.find("viewBox");
        if (viewBox != tag.attrs.end())
        {
            std::vector<double> v = Numbers(viewBox->second, where);
            if (v.size() != 4 || v[2] <= 0 || v[3] <= 0)
            {
                throw std::runtime_error(where + ": cannot read viewBox \"" + viewBox->second +
                                         "\"");
            }
            if (v[0] != 0 || v[1] != 0)
            {
                // Every box is checked against [0,w]x[0,h]; gnuplot's origin is 0 0.
                throw std::runtime_error(where + ": viewBox \"" + viewBox->second +
                                         "\" does not start at 0 0");
            }
            return {v[2], v[3]};
        }
        auto w = tag.attrs.find("width");
        auto h = tag.attrs.find("height");
        if (w == tag.attrs.end() || h == tag.attrs.end())
        {
            throw std::runtime_error(where + ": <svg> has neither viewBox nor width and height");
        }
        return {UserUnits(w->second, "width", where), UserUnits(h->second, "height", where)};
    }
    throw std::runtime_error(svgPath + ": no <svg> element");
}

std::vector<TextBox>
ReadSvgTexts(const std::string& svgPath, const FontMetrics& font, const FontMetrics* boldFont)
{
    SvgReader reader(ReadWhole(svgPath), svgPath);
    std::vector<Element> open;
    std::vector<TextBox> boxes;
    Element tag;
    bool closing = false;
    bool selfClosing = false;
    size_t at = 0;
    while (reader.NextTag(tag, closing, selfClosing, at))
    {
        if (closing)
        {
            if (open.empty() || open.back().name != tag.name)
            {
                throw std::runtime_error(reader.Where(at) + ": </" + tag.name +
                                         "> closes nothing open");
            }
            open.pop_back();
            continue;
        }
        if (tag.name != "text")
        {
            if (!selfClosing)
            {
                open.push_back(tag);
            }
            continue;
        }

        std::string where = reader.Where(at);
        int line = reader.LineOf(at);
        std::string raw = selfClosing ? "" : reader.TextContent(at);

        // What the <text> inherits: the innermost statement of each property wins, and
        // transforms compose from the outermost inwards.
        std::map<std::string, std::string> props = {{"font-size", ""},
                                                    {"text-anchor", "start"},
                                                    {"font-weight", "normal"},
                                                    {"xml:space", "default"},
                                                    {"display", "inline"},
                                                    {"visibility", "visible"}};
        Affine m;
        bool undrawn = false;
        auto inherit = [&](const Element& e) {
            undrawn = undrawn || IsUndrawn(e.name);
            for (auto& [name, value] : props)
            {
                auto it = e.attrs.find(name);
                if (it != e.attrs.end() && it->second != "inherit")
                {
                    value = it->second;
                }
            }
            auto style = e.attrs.find("style");
            if (style != e.attrs.end() && (style->second.find("font") != std::string::npos ||
                                           style->second.find("text") != std::string::npos))
            {
                throw std::runtime_error(where + ": cannot read text properties from style=\"" +
                                         style->second + "\"");
            }
            auto transform = e.attrs.find("transform");
            if (transform != e.attrs.end())
            {
                m = m.Then(ParseTransform(transform->second, where));
            }
        };
        for (const Element& e : open)
        {
            inherit(e);
        }
        inherit(tag);
        if (undrawn || props["display"] == "none" || props["visibility"] == "hidden")
        {
            continue;
        }

        std::string text = SvgSpaces(DecodeEntities(raw, where), props["xml:space"] == "preserve");
        if (text.find_first_not_of(' ') == std::string::npos)
        {
            continue;
        }
        for (const char* shift : {"dx", "dy", "rotate", "textLength"})
        {
            if (tag.attrs.count(shift) != 0)
            {
                throw std::runtime_error(where + ": cannot measure \"" + text +
                                         "\" with its attribute " + shift);
            }
        }
        double x = tag.attrs.count("x") ? UserUnits(tag.attrs["x"], "x", where) : 0;
        double y = tag.attrs.count("y") ? UserUnits(tag.attrs["y"], "y", where) : 0;
        if (props["font-size"].empty())
        {
            throw std::runtime_error(where + ": \"" + text + "\" has no font-size");
        }
        double size = UserUnits(props["font-size"], "font-size", where);

        const std::string& weight = props["font-weight"];
        bool bold = weight == "bold" || weight == "bolder" || std::atoi(weight.c_str()) >= 600;
        if (bold && boldFont == nullptr)
        {
            throw std::runtime_error(where + ": \"" + text +
                                     "\" is bold; pass the bold font's metrics "
                                     "(FontFile(\"Sans:bold\")) to measure it");
        }
        const FontMetrics& metrics = bold ? *boldFont : font;

        double width = metrics.Advance(text, size);
        double ascent = metrics.Ascent(size);
        double descent = metrics.Descent(size);
        double left;
        const std::string& anchor = props["text-anchor"];
        if (anchor == "start")
        {
            left = 0;
        }
        else if (anchor == "middle")
        {
            left = -width / 2;
        }
        else if (anchor == "end")
        {
            left = -width;
        }
        else
        {
            throw std::runtime_error(where + ": \"" + text + "\" has text-anchor \"" + anchor +
                                     "\"");
        }

        // The map must keep shapes: rotation, translation and one scale for both axes.
        double sx = std::hypot(m.a, m.b);
        double sy = std::hypot(m.c, m.d);
        double det = m.a * m.d - m.b * m.c;
        if (sx <= 0 || det <= 0 || std::abs(sx - sy) > 1e-6 * sx ||
            std::abs(m.a * m.c + m.b * m.d) > 1e-6 * sx * sy)
        {
            throw std::runtime_error(where + ": \"" + text +
                                     "\" is skewed, mirrored or scaled unevenly");
        }

        TextBox box;
        box.text = text;
        box.anchor = m.Apply(x, y);
        SvgPoint centre = m.Apply(x + left + width / 2, y + (descent - ascent) / 2);
        box.cx = centre.x;
        box.cy = centre.y;
        box.halfW = sx * width / 2;
        box.halfH = sx * (ascent + descent) / 2;
        box.angleDeg = std::atan2(m.b, m.a) * 180 / kPi;
        box.fontSize = sx * size;
        box.anchorName = anchor;
        box.bold = bold;
        box.line = line;
        boxes.push_back(std::move(box));
    }
    return boxes;
}

double
OverlapDepth(const TextBox& a, const TextBox& b)
{
    double ra = a.angleDeg * kPi / 180;
    double rb = b.angleDeg * kPi / 180;
    const double axes[4][2] = {{std::cos(ra), std::sin(ra)},
                               {-std::sin(ra), std::cos(ra)},
                               {std::cos(rb), std::sin(rb)},
                               {-std::sin(rb), std::cos(rb)}};
    // Half the extent of a box projected on the unit axis (nx, ny).
    auto radius = [](const TextBox& t, double r, double nx, double ny) {
        double ux = std::cos(r);
        double uy = std::sin(r);
        return t.halfW * std::abs(ux * nx + uy * ny) + t.halfH * std::abs(-uy * nx + ux * ny);
    };
    double depth = 1e300;
    for (const auto& n : axes)
    {
        double distance = std::abs((b.cx - a.cx) * n[0] + (b.cy - a.cy) * n[1]);
        double overlap = radius(a, ra, n[0], n[1]) + radius(b, rb, n[0], n[1]) - distance;
        depth = std::min(depth, overlap);
    }
    return depth;
}

std::vector<std::string>
FindTextProblems(const std::vector<TextBox>& boxes, SvgCanvas canvas, double tolerancePx)
{
    std::vector<std::string> problems;
    for (size_t i = 0; i < boxes.size(); ++i)
    {
        const TextBox& a = boxes[i];
        double reachA = std::hypot(a.halfW, a.halfH);
        for (size_t j = i + 1; j < boxes.size(); ++j)
        {
            const TextBox& b = boxes[j];
            // Boxes whose circumscribed circles are apart cannot meet.
            if (std::hypot(b.cx - a.cx, b.cy - a.cy) > reachA + std::hypot(b.halfW, b.halfH))
            {
                continue;
            }
            double depth = OverlapDepth(a, b);
            if (depth > tolerancePx)
            {
                problems.push_back("overlap: " + Describe(a) + " and " + Describe(b) + " by " +
                                   OneDecimal(depth) + " px");
            }
        }
    }
    for (const TextBox& b : boxes)
    {
        double past[4] = {0, 0, 0, 0}; // left, right, top, bottom
        for (const SvgPoint& p : b.Corners())
        {
            past[0] = std::max(past[0], -p.x);
            past[1] = std::max(past[1], p.x - canvas.w);
            past[2] = std::max(past[2], -p.y);
            past[3] = std::max(past[3], p.y - canvas.h);
        }
        const char* edges[4] = {"left", "right", "top", "bottom"};
        for (int e = 0; e < 4; ++e)
        {
            if (past[e] > tolerancePx)
            {
                problems.push_back("clipped: " + Describe(b) + " extends past the " + edges[e] +
                                   " edge by " + OneDecimal(past[e]) + " px");
            }
        }
    }
    return problems;
}

std::vector<std::string>
CheckSvgText(const std::string& svgPath,
             const FontMetrics& font,
             double tolerancePx,
             const FontMetrics* boldFont)
{
    return FindTextProblems(ReadSvgTexts(svgPath, font, boldFont),
                            ReadSvgCanvas(svgPath),
                            tolerancePx);
}

} // namespace synfin_test
