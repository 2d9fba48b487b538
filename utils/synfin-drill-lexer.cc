/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-lexer.h"

#include "synfin-drill-script.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

namespace synfin_drill
{

namespace
{

/// Longest text an error message quotes of a string, command or code block.
constexpr std::size_t MAX_QUOTED = 40;

/// \return true if \p c is an ASCII digit (std::isdigit depends on the locale)
bool
IsDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// \return true if \p c is an ASCII hexadecimal digit
bool
IsHexDigit(char c)
{
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// \return true if \p c may be part of a word: [A-Za-z0-9_]
bool
IsWordChar(char c)
{
    return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/// \return true if \p c separates tokens
bool
IsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Splits one script; see Tokenize().
class Lexer
{
  public:
    Lexer(const std::string& text, const std::string& fileName)
        : m_text(text),
          m_fileName(fileName)
    {
    }

    std::vector<Token> Run()
    {
        std::vector<Token> tokens;
        bool space = false;
        while (true)
        {
            space = SkipSpaceAndComments() || space;
            Token token;
            token.line = m_line;
            token.column = m_column;
            token.offset = m_pos;
            token.spaceBefore = space || m_pos == 0;
            space = false;
            if (m_pos >= m_text.size())
            {
                token.kind = TokenKind::END;
                tokens.push_back(token);
                return tokens;
            }
            Scan(token);
            tokens.push_back(token);
        }
    }

  private:
    /// \return the character \p ahead places on, '\0' past the end
    char At(std::size_t ahead = 0) const
    {
        std::size_t i = m_pos + ahead;
        return i < m_text.size() ? m_text[i] : '\0';
    }

    /// Moves \p count characters on, keeping line and column.
    void Advance(std::size_t count)
    {
        for (std::size_t i = 0; i < count && m_pos < m_text.size(); ++i, ++m_pos)
        {
            if (m_text[m_pos] == '\n')
            {
                ++m_line;
                m_column = 1;
            }
            else
            {
                ++m_column;
            }
        }
    }

    [[noreturn]] void Fail(int line, int column, const std::string& message) const
    {
        throw ParseError(m_fileName, line, column, message);
    }

    /// Skips white space and comments. \return true if anything was skipped
    bool SkipSpaceAndComments()
    {
        std::size_t start = m_pos;
        while (m_pos < m_text.size())
        {
            if (IsSpace(At()))
            {
                Advance(1);
            }
            else if (At() == '/' && At(1) == '/')
            {
                while (m_pos < m_text.size() && At() != '\n')
                {
                    Advance(1);
                }
            }
            else if (At() == '/' && At(1) == '*')
            {
                int line = m_line;
                int column = m_column;
                std::size_t end = m_text.find("*/", m_pos + 2);
                if (end == std::string::npos)
                {
                    Fail(line, column, "unterminated comment: '/*' without '*/'");
                }
                Advance(end + 2 - m_pos);
            }
            else
            {
                break;
            }
        }
        return m_pos != start;
    }

    /// Fills \p token from the text at the current position, which is not the end.
    void Scan(Token& token)
    {
        char c = At();
        if (c == '"' || c == '`')
        {
            ScanQuoted(token, c);
        }
        else if (c == '%' && At(1) == '{')
        {
            ScanCode(token);
        }
        else if (c == '.' && At(1) == '.' && At(2) == '.')
        {
            Take(token, TokenKind::ELLIPSIS, 3);
        }
        else if (c == '-' && At(1) == '-' && IsWordChar(At(2)))
        {
            std::size_t length = 2;
            while (IsWordChar(At(length)))
            {
                ++length;
            }
            Take(token, TokenKind::OPTION, length);
            token.value = token.text.substr(2);
        }
        else if (c == '#' && m_text.compare(m_pos, 6, "#ifdef") == 0)
        {
            ScanIfdef(token);
        }
        else if (c == '#' && m_text.compare(m_pos, 6, "#endif") == 0)
        {
            Take(token, TokenKind::ENDIF, 6);
        }
        else if (!ScanNumberWordOrAddress(token))
        {
            Take(token, TokenKind::PUNCTUATION, 1);
        }
    }

    /// Makes the next \p length characters a token of \p kind.
    void Take(Token& token, TokenKind kind, std::size_t length)
    {
        token.kind = kind;
        token.text = m_text.substr(m_pos, length);
        Advance(length);
    }

    /// A string "..." or a command `...`: a backslash escapes the next character.
    void ScanQuoted(Token& token, char quote)
    {
        std::size_t i = m_pos + 1;
        while (i < m_text.size() && m_text[i] != quote)
        {
            i += (m_text[i] == '\\' && i + 1 < m_text.size()) ? 2 : 1;
        }
        if (i >= m_text.size())
        {
            Fail(token.line,
                 token.column,
                 quote == '"' ? "unterminated string: '\"' without its closing '\"'"
                              : "unterminated shell command: '`' without its closing '`'");
        }
        Take(token, quote == '"' ? TokenKind::STRING : TokenKind::COMMAND, i + 1 - m_pos);
        token.value = token.text.substr(1, token.text.size() - 2);
    }

    /// A code block %{ ... }%; its text trimmed of spaces and tabs, as packetdrill does.
    void ScanCode(Token& token)
    {
        std::size_t end = m_text.find("}%", m_pos + 2);
        if (end == std::string::npos)
        {
            Fail(token.line, token.column, "unterminated code block: '%{' without '}%'");
        }
        Take(token, TokenKind::CODE, end + 2 - m_pos);
        std::string code = token.text.substr(2, token.text.size() - 4);
        std::size_t first = code.find_first_not_of(" \t");
        std::size_t last = code.find_last_not_of(" \t");
        token.value = first == std::string::npos ? "" : code.substr(first, last - first + 1);
    }

    /// nplab's `#ifdef NAME`.
    void ScanIfdef(Token& token)
    {
        std::size_t i = m_pos + 6;
        while (i < m_text.size() && IsSpace(m_text[i]))
        {
            ++i;
        }
        std::size_t nameStart = i;
        while (i < m_text.size() && IsWordChar(m_text[i]))
        {
            ++i;
        }
        if (i == nameStart)
        {
            Fail(token.line, token.column, "#ifdef must be followed by a name");
        }
        Take(token, TokenKind::IFDEF, i - m_pos);
        token.value = m_text.substr(nameStart, i - nameStart);
    }

    /// \return the length of a float -?[0-9]*.[0-9]+ at the current position, 0 if none
    std::size_t FloatLength() const
    {
        std::size_t i = At() == '-' ? 1 : 0;
        while (IsDigit(At(i)))
        {
            ++i;
        }
        if (At(i) != '.' || !IsDigit(At(i + 1)))
        {
            return 0;
        }
        i += 2;
        while (IsDigit(At(i)))
        {
            ++i;
        }
        return i;
    }

    /// \return the length of an integer -?[0-9]+ at the current position, 0 if none
    std::size_t IntegerLength() const
    {
        std::size_t start = At() == '-' ? 1 : 0;
        std::size_t i = start;
        while (IsDigit(At(i)))
        {
            ++i;
        }
        return i > start ? i : 0;
    }

    /// \return the length of 0x[0-9a-fA-F]+ at the current position, 0 if none
    std::size_t HexLength() const
    {
        if (At() != '0' || At(1) != 'x' || !IsHexDigit(At(2)))
        {
            return 0;
        }
        std::size_t i = 3;
        while (IsHexDigit(At(i)))
        {
            ++i;
        }
        return i;
    }

    /// \return the length of a word [A-Za-z0-9_]+ at the current position, 0 if none
    std::size_t WordLength() const
    {
        std::size_t i = 0;
        while (IsWordChar(At(i)))
        {
            ++i;
        }
        return i;
    }

    /// \return the length of an IPv4 address N.N.N.N at the current position, 0 if none
    std::size_t Ipv4Length() const
    {
        std::size_t i = 0;
        for (int part = 0; part < 4; ++part)
        {
            if (part > 0)
            {
                if (At(i) != '.')
                {
                    return 0;
                }
                ++i;
            }
            std::size_t digits = i;
            while (IsDigit(At(i)))
            {
                ++i;
            }
            if (i == digits)
            {
                return 0;
            }
        }
        return i;
    }

    /**
     * \return the length of the longest IPv6 address at the current position, 0 if none.
     * Only text with "::" or seven colons can be one, so that sequence ranges such as
     * 1:1001 and SACK blocks stay numbers.
     */
    std::size_t Ipv6Length() const
    {
        std::size_t run = 0;
        int colons = 0;
        while (IsHexDigit(At(run)) || At(run) == ':' || At(run) == '.')
        {
            colons += At(run) == ':' ? 1 : 0;
            ++run;
        }
        std::string text = m_text.substr(m_pos, run);
        if (colons < 2 || (colons < 7 && text.find("::") == std::string::npos))
        {
            return 0;
        }
        for (std::size_t length = run; length >= 2; --length)
        {
            in6_addr address;
            if (inet_pton(AF_INET6, text.substr(0, length).c_str(), &address) == 1)
            {
                return length;
            }
        }
        return 0;
    }

    /**
     * Numbers, words and addresses, by the longest match; of equally long ones the first of
     * float, integer, hexadecimal, word, IPv4, IPv6 (packetdrill's rule order).
     * \return false if none starts here
     */
    bool ScanNumberWordOrAddress(Token& token)
    {
        const std::pair<TokenKind, std::size_t> candidates[] = {
            {TokenKind::FLOAT, FloatLength()},
            {TokenKind::INTEGER, IntegerLength()},
            {TokenKind::HEX_INTEGER, HexLength()},
            {TokenKind::WORD, WordLength()},
            {TokenKind::IPV4_ADDRESS, Ipv4Length()},
            {TokenKind::IPV6_ADDRESS, Ipv6Length()},
        };
        TokenKind kind = TokenKind::END;
        std::size_t length = 0;
        for (const auto& [candidate, candidateLength] : candidates)
        {
            if (candidateLength > length)
            {
                kind = candidate;
                length = candidateLength;
            }
        }
        if (length == 0)
        {
            return false;
        }
        if (kind == TokenKind::WORD)
        {
            length += HyphenatedTail(length);
        }
        Take(token, kind, length);
        return true;
    }

    /**
     * The words that packetdrill's scanners take with a '-' or '#' inside: nplab's EXP-FO,
     * exp-FO, exp-AccECN0, exp-tarr, exp-HEX, gen-N and voice-admit; google's sequence#.
     * \param wordLength the length of the word at the current position
     * \return how many more characters belong to it
     */
    std::size_t HyphenatedTail(std::size_t wordLength) const
    {
        std::string word = m_text.substr(m_pos, wordLength);
        if (word == "sequence" && At(wordLength) == '#')
        {
            return 1;
        }
        if ((word == "EXP" || word == "exp" || word == "gen" || word == "voice") &&
            At(wordLength) == '-' && IsWordChar(At(wordLength + 1)))
        {
            std::size_t i = wordLength + 1;
            while (IsWordChar(At(i)))
            {
                ++i;
            }
            return i - wordLength;
        }
        return 0;
    }

    const std::string& m_text;     //!< the script
    const std::string& m_fileName; //!< its name, for errors
    std::size_t m_pos = 0;         //!< index of the next character
    int m_line = 1;                //!< its line
    int m_column = 1;              //!< its column
};

/// \return \p text cut to MAX_QUOTED characters, line breaks shown as spaces
std::string
Shorten(const std::string& text)
{
    std::string shown = text.size() > MAX_QUOTED ? text.substr(0, MAX_QUOTED) + "..." : text;
    for (char& c : shown)
    {
        if (c == '\n' || c == '\r' || c == '\t')
        {
            c = ' ';
        }
    }
    return shown;
}

} // namespace

bool
Token::Is(char c) const
{
    return kind == TokenKind::PUNCTUATION && text.size() == 1 && text[0] == c;
}

bool
Token::IsWord(const char* word) const
{
    return kind == TokenKind::WORD && text == word;
}

std::vector<Token>
Tokenize(const std::string& text, const std::string& fileName)
{
    return Lexer(text, fileName).Run();
}

std::string
Describe(const Token& token)
{
    switch (token.kind)
    {
    case TokenKind::END:
        return "end of file";
    case TokenKind::STRING:
        return "\"" + Shorten(token.value) + "\"";
    case TokenKind::COMMAND:
        return "`" + Shorten(token.value) + "`";
    case TokenKind::CODE:
        return "%{ " + Shorten(token.value) + " }%";
    default:
        break;
    }
    return "'" + Shorten(token.text) + "'";
}

} // namespace synfin_drill
