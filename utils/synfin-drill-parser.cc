/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-parser.h"

#include "synfin-drill-lexer.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace synfin_drill
{

namespace
{

constexpr std::uint64_t U7_MAX = 0x7f;         //!< largest 7-bit value
constexpr std::uint64_t U8_MAX = 0xff;         //!< largest 8-bit value
constexpr std::uint64_t U16_MAX = 0xffff;      //!< largest 16-bit value
constexpr std::uint64_t U20_MAX = 0xfffff;     //!< largest 20-bit value
constexpr std::uint64_t U24_MAX = 0xffffff;    //!< largest 24-bit value
constexpr std::uint64_t U32_MAX = 0xffffffffu; //!< largest 32-bit value

/// Most digits of a time's whole seconds (about 31700 years).
constexpr std::size_t MAX_SECONDS_DIGITS = 12;
/// Most bytes of TCP options in a header, which bounds cookies and raw option data.
constexpr std::size_t MAX_TCP_OPTION_BYTES = 40;
/// Most bytes of an MD5 digest.
constexpr std::size_t MAX_MD5_BYTES = 16;
/// Deepest nesting of arrays, structs and calls in an expression (bounds the recursion).
constexpr int MAX_EXPRESSION_DEPTH = 100;

/// The characters of a TCP flags word.
const std::string TCP_FLAG_CHARACTERS = ".FSRPEWAU01234567";

/// The TCP options an error message lists.
const char* const KNOWN_TCP_OPTIONS =
    "nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN, AccECN0, AccECN1, "
    "exp-AccECN0, exp-AccECN1, exp-FO, exp-tarr, gen-KIND or exp-EXID";

/// What an IP annotation may hold, for error messages.
const char* const IP_FIELDS =
    "an IP field (noecn, ect0, ect1, ce, ect01, ecn, tos, class, dscp, flowlabel, ttl or hlim)";

/// nplab's DSCP names and their values (RFC 2474, 2597, 3246, 5865, 8622).
const std::pair<const char*, std::uint8_t> DSCP_NAMES[] = {
    {"cs0", 0},   {"cs1", 8},   {"cs2", 16},  {"cs3", 24},         {"cs4", 32},  {"cs5", 40},
    {"cs6", 48},  {"cs7", 56},  {"af11", 10}, {"af12", 12},        {"af13", 14}, {"af21", 18},
    {"af22", 20}, {"af23", 22}, {"af31", 26}, {"af32", 28},        {"af33", 30}, {"af41", 34},
    {"af42", 36}, {"af43", 38}, {"ef", 46},   {"voice-admit", 44}, {"le", 1},
};

/// The ECN words of IP annotations.
const std::pair<const char*, Ecn> ECN_NAMES[] = {
    {"noecn", Ecn::NOT_ECT},
    {"ect0", Ecn::ECT0},
    {"ect1", Ecn::ECT1},
    {"ce", Ecn::CE},
    {"ect01", Ecn::ECT01},
};

/// \return true if every character of \p text is a hexadecimal digit
bool
IsHex(const std::string& text)
{
    for (char c : text)
    {
        bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!digit)
        {
            return false;
        }
    }
    return true;
}

/// \return \p text with each run of white space made one space, none at either end
std::string
CollapseSpace(const std::string& text)
{
    std::istringstream in(text);
    std::string word;
    std::string out;
    while (in >> word)
    {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

/// \return true for the times that only expected packets may have
bool
IsWildcardTime(TimeKind kind)
{
    return kind == TimeKind::ANY || kind == TimeKind::ABSOLUTE_RANGE ||
           kind == TimeKind::RELATIVE_RANGE;
}

/// The recursive-descent parser of one script; see ParseScript().
class Parser
{
  public:
    Parser(const std::string& text, const std::string& fileName, const Definitions& definitions)
        : m_text(text),
          m_fileName(fileName),
          m_tokens(Tokenize(text, fileName)),
          m_definitions(definitions)
    {
    }

    Script Run()
    {
        Script script;
        script.fileName = m_fileName;
        ParseOptions(script);
        Substitute(script);
        if (Peek().kind == TokenKind::COMMAND)
        {
            script.initCommand = CommandEvent{Peek().value, Peek().line};
            Next();
        }
        std::string condition;
        Token ifdef;
        while (Peek().kind != TokenKind::END)
        {
            const Token& token = Peek();
            if (token.kind == TokenKind::IFDEF)
            {
                if (!condition.empty())
                {
                    Fail(token,
                         "#ifdef " + token.value + " inside #ifdef " + condition + " of line " +
                             std::to_string(ifdef.line) + "; #ifdef blocks do not nest");
                }
                condition = token.value;
                ifdef = Next();
                continue;
            }
            if (token.kind == TokenKind::ENDIF)
            {
                if (condition.empty())
                {
                    Fail(token, "#endif without #ifdef");
                }
                condition.clear();
                Next();
                continue;
            }
            if (token.kind == TokenKind::COMMAND && Peek(1).kind == TokenKind::END &&
                !script.events.empty() && condition.empty())
            {
                script.cleanupCommand = CommandEvent{token.value, token.line};
                Next();
                break;
            }
            script.events.push_back(ParseEvent(condition));
        }
        if (!condition.empty())
        {
            Fail(ifdef, "#ifdef " + condition + " has no #endif");
        }
        if (script.events.empty())
        {
            Expected(Peek(),
                     "an event: a time (0, +0.1 or *) and a packet, system call or command");
        }
        return script;
    }

  private:
    // --- Tokens ---

    /// \return the token \p ahead places on (END past the end)
    const Token& Peek(std::size_t ahead = 0) const
    {
        std::size_t i = m_pos + ahead;
        return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
    }

    /// Moves on one token. \return the token moved over
    const Token& Next()
    {
        const Token& token = Peek();
        if (m_pos + 1 < m_tokens.size())
        {
            ++m_pos;
        }
        return token;
    }

    /// \return the token before the next one (the last one consumed)
    const Token& Last() const
    {
        return m_tokens[m_pos > 0 ? m_pos - 1 : 0];
    }

    /// Moves over the punctuation \p c if it comes next. \return true if it did
    bool Accept(char c)
    {
        if (Peek().Is(c))
        {
            Next();
            return true;
        }
        return false;
    }

    /// Moves over the word \p word if it comes next. \return true if it did
    bool AcceptWord(const char* word)
    {
        if (Peek().IsWord(word))
        {
            Next();
            return true;
        }
        return false;
    }

    [[noreturn]] void Fail(const Token& at, const std::string& message) const
    {
        throw ParseError(m_fileName, at.line, at.column, message);
    }

    /// Fails with "expected WHAT, found TOKEN (column C)".
    [[noreturn]] void Expected(const Token& found, const std::string& what) const
    {
        Fail(found,
             "expected " + what + ", found " + Describe(found) + " (column " +
                 std::to_string(found.column) + ")");
    }

    /// Moves over the punctuation \p c, or fails expecting \p what.
    void Expect(char c, const std::string& what)
    {
        if (!Accept(c))
        {
            Expected(Peek(), what);
        }
    }

    /// Moves over the word \p word, or fails expecting \p what.
    void ExpectWord(const char* word, const std::string& what)
    {
        if (!AcceptWord(word))
        {
            Expected(Peek(), what);
        }
    }

    /**
     * Moves over a decimal or hexadecimal number from 0 to \p max.
     * \param what the number's meaning, for errors ("TCP window")
     */
    std::uint64_t Unsigned(const std::string& what, std::uint64_t max)
    {
        const Token& token = Peek();
        if (token.kind != TokenKind::INTEGER && token.kind != TokenKind::HEX_INTEGER)
        {
            Fail(token,
                 "expected " + what + ", found " + Describe(token) + " (column " +
                     std::to_string(token.column) + ")" + UndefinedHint(token));
        }
        if (token.text[0] == '-')
        {
            Fail(token, what + " " + token.text + " is negative");
        }
        bool hex = token.kind == TokenKind::HEX_INTEGER;
        errno = 0;
        char* end = nullptr;
        std::uint64_t value =
            std::strtoull(token.text.c_str() + (hex ? 2 : 0), &end, hex ? 16 : 10);
        if (errno == ERANGE || value > max)
        {
            Fail(token,
                 what + " " + token.text + " is out of range (0 to " + std::to_string(max) + ")");
        }
        Next();
        return value;
    }

    /**
     * Moves over a time in seconds (an integer or decimal number).
     * \param what what the time is, for errors
     * \return the time in microseconds, digits beyond the sixth decimal dropped
     */
    std::int64_t Seconds(const std::string& what)
    {
        const Token& token = Peek();
        if (token.kind != TokenKind::INTEGER && token.kind != TokenKind::FLOAT)
        {
            Expected(token, what);
        }
        if (token.text[0] == '-')
        {
            Fail(token, "negative time " + token.text);
        }
        std::size_t dot = token.text.find('.');
        std::string whole = token.text.substr(0, dot);
        std::string fraction = dot == std::string::npos ? "" : token.text.substr(dot + 1);
        if (whole.size() > MAX_SECONDS_DIGITS)
        {
            Fail(token, "time " + token.text + " is too large");
        }
        fraction = (fraction + "000000").substr(0, 6);
        std::int64_t usecs =
            (whole.empty() ? 0 : std::stoll(whole)) * 1000000 + std::stoll(fraction);
        Next();
        return usecs;
    }

    // --- Definitions ---

    /// Replaces the defined words after the option lines by their values.
    void Substitute(const Script& script)
    {
        for (const ScriptOption& option : script.options)
        {
            if (option.name == "define" && option.hasValue)
            {
                std::size_t equals = option.value.find('=');
                std::string value =
                    equals == std::string::npos ? "" : option.value.substr(equals + 1);
                m_definitions[option.value.substr(0, equals)] = value;
            }
        }
        for (std::size_t i = m_pos; i < m_tokens.size() && !m_definitions.empty(); ++i)
        {
            Token& token = m_tokens[i];
            auto it = m_definitions.find(token.text);
            if (token.kind != TokenKind::WORD || it == m_definitions.end())
            {
                continue;
            }
            std::vector<Token> tokens;
            try
            {
                tokens = Tokenize(it->second, m_fileName);
            }
            catch (const ParseError&)
            {
                tokens.clear();
            }
            token.value.clear();
            if (tokens.size() == 2 && tokens[0].kind != TokenKind::PUNCTUATION &&
                tokens[0].kind != TokenKind::OPTION && tokens[0].kind != TokenKind::IFDEF &&
                tokens[0].kind != TokenKind::ENDIF)
            {
                token.kind = tokens[0].kind;
                token.text = tokens[0].text;
                token.value = tokens[0].value;
            }
            else
            {
                token.text = it->second;
            }
        }
    }

    /// \return for a word where something else was expected, a hint that it may lack a
    /// definition; "" for other tokens
    static std::string UndefinedHint(const Token& token)
    {
        if (token.kind != TokenKind::WORD)
        {
            return "";
        }
        return "; if '" + token.text + "' stands for a value, define it (--define=" + token.text +
               "=VALUE in the script, or -D " + token.text + "=VALUE)";
    }

    // --- Options, events, times ---

    void ParseOptions(Script& script)
    {
        while (Peek().kind == TokenKind::OPTION)
        {
            const Token& token = Next();
            ScriptOption option;
            option.name = token.value;
            option.line = token.line;
            if (Accept('='))
            {
                option.hasValue = true;
                option.value = OptionValue(token.text);
            }
            script.options.push_back(option);
        }
    }

    /// The value after `--name=`: one word, number, address or string, or `WORD=VALUE`.
    std::string OptionValue(const std::string& option)
    {
        const Token& token = Peek();
        switch (token.kind)
        {
        case TokenKind::STRING:
            Next();
            return token.value;
        case TokenKind::INTEGER:
        case TokenKind::HEX_INTEGER:
        case TokenKind::FLOAT:
        case TokenKind::IPV4_ADDRESS:
        case TokenKind::IPV6_ADDRESS:
            Next();
            return token.text;
        case TokenKind::WORD:
            break;
        default:
            Expected(token, "a value after " + option + "=");
        }
        Next();
        if (!Accept('='))
        {
            return token.text;
        }
        // --define=NAME=VALUE
        const Token& value = Peek();
        switch (value.kind)
        {
        case TokenKind::STRING:
            Next();
            return token.text + "=\"" + value.value + "\"";
        case TokenKind::COMMAND:
            Next();
            return token.text + "=`" + value.value + "`";
        case TokenKind::WORD:
        case TokenKind::INTEGER:
        case TokenKind::HEX_INTEGER:
            Next();
            return token.text + "=" + value.text;
        default:
            break;
        }
        Expected(value, "a value after " + option + "=" + token.text + "=");
    }

    Event ParseEvent(const std::string& condition)
    {
        const Token& start = Peek();
        Event event;
        event.line = start.line;
        event.column = start.column;
        event.condition = condition;
        event.time = ParseEventTime();
        m_continuation.clear();
        const Token& action = Peek();
        if (action.Is('<') || action.Is('>'))
        {
            event.kind = EventKind::PACKET;
            event.packet = ParsePacket();
        }
        else if (action.kind == TokenKind::COMMAND)
        {
            event.kind = EventKind::COMMAND;
            event.command = CommandEvent{action.value, action.line};
            Next();
        }
        else if (action.kind == TokenKind::CODE)
        {
            event.kind = EventKind::CODE;
            event.code.code = action.value;
            Next();
        }
        else if (action.kind == TokenKind::ELLIPSIS ||
                 (action.kind == TokenKind::WORD && Peek(1).Is('(')))
        {
            event.kind = EventKind::SYSCALL;
            event.syscall = ParseSyscall(event.time);
        }
        else
        {
            Expected(action,
                     "a packet ('<' or '>'), a system call, a `shell command` or a %{ code }% "
                     "block after the event time");
        }
        bool outbound =
            event.kind == EventKind::PACKET && event.packet.direction == Direction::OUTBOUND;
        if (IsWildcardTime(event.time.kind) && !outbound)
        {
            Fail(start,
                 std::string(event.time.kind == TimeKind::ANY ? "event time '*'" : "a time range") +
                     " can only be used with expected ('>') packets, not with " +
                     (event.kind == EventKind::PACKET ? "injected ('<') packets"
                                                      : std::string(Name(event.kind)) + "s"));
        }
        m_eventEndLine = Last().line;
        return event;
    }

    EventTime ParseEventTime()
    {
        const Token& start = Peek();
        EventTime time;
        if (Accept('*'))
        {
            time.kind = TimeKind::ANY;
            return time;
        }
        if (Accept('+'))
        {
            time.kind = TimeKind::RELATIVE;
            time.usecs = Seconds("a time after '+'");
            if (Accept('~'))
            {
                time.kind = TimeKind::RELATIVE_RANGE;
                Expect('+', "'+' and the end of the relative time range (+0.1~+0.2)");
                time.endUsecs = Seconds("the end of the time range after '~+'");
            }
        }
        else if (start.kind == TokenKind::INTEGER || start.kind == TokenKind::FLOAT)
        {
            time.kind = TimeKind::ABSOLUTE;
            time.usecs = Seconds("an event time");
            if (Accept('~'))
            {
                time.kind = TimeKind::ABSOLUTE_RANGE;
                time.endUsecs = Seconds("the end of the time range after '~'");
            }
        }
        else
        {
            FailNoEventTime(start);
        }
        bool range = time.kind == TimeKind::ABSOLUTE_RANGE || time.kind == TimeKind::RELATIVE_RANGE;
        if (range && time.endUsecs < time.usecs)
        {
            Fail(start, "time range is backwards: it ends before it starts");
        }
        return time;
    }

    /// Fails at \p token, which stands where an event's time should.
    [[noreturn]] void FailNoEventTime(const Token& token) const
    {
        if (token.kind == TokenKind::OPTION)
        {
            Fail(token, "option " + token.text + " after the first event; options come first");
        }
        if (token.kind == TokenKind::COMMAND)
        {
            Fail(token,
                 "a shell command without a time may only come before the first event or "
                 "after the last one; give it a time (+0 `...`)");
        }
        if (!m_continuation.empty() && token.line == m_eventEndLine)
        {
            Expected(token, m_continuation);
        }
        Expected(token, "an event time (0.1, +0.1, * or a range such as 0.1~0.2)");
    }

    // --- System calls and expressions ---

    SyscallEvent ParseSyscall(const EventTime& time)
    {
        SyscallEvent syscall;
        if (Peek().kind == TokenKind::ELLIPSIS)
        {
            Next();
            const Token& end = Peek();
            syscall.endUsecs = Seconds("the time a blocking call returns, after '...'");
            if (*syscall.endUsecs < time.usecs)
            {
                Fail(end,
                     "the blocking call returns at " + FormatSeconds(*syscall.endUsecs) +
                         ", before it starts at " + FormatSeconds(time.usecs));
            }
        }
        const Token& name = Peek();
        if (name.kind != TokenKind::WORD)
        {
            Expected(name, "a system call name");
        }
        syscall.name = Next().text;
        Expect('(', "'(' after the system call name " + syscall.name);
        if (!Accept(')'))
        {
            do
            {
                syscall.arguments.push_back(ParseExpression(false));
            } while (Accept(','));
            Expect(')', "',' or ')' after an argument of " + syscall.name + "()");
        }
        Expect('=', "'=' and the expected result after " + syscall.name + "(...)");
        syscall.result = ParseExpression(true);
        // The errno stands on the result's line: a word on a later one is no part of it.
        if (Peek().kind == TokenKind::WORD && Peek().line == Last().line)
        {
            syscall.errnoName = Next().text;
        }
        if (Peek().Is('('))
        {
            syscall.note = ParseNote();
        }
        else
        {
            m_continuation = syscall.errnoName.empty()
                                 ? "an errno name (EAGAIN), a (note) or the next event"
                                 : "the errno's description in parentheses or the next event";
        }
        return syscall;
    }

    /// The text of a parenthesized note, nested parentheses included.
    std::string ParseNote()
    {
        const Token& open = Next();
        int depth = 1;
        while (true)
        {
            const Token& token = Peek();
            if (token.kind == TokenKind::END)
            {
                Fail(open, "unterminated note: '(' without ')'");
            }
            depth += token.Is('(') ? 1 : token.Is(')') ? -1 : 0;
            if (depth == 0)
            {
                break;
            }
            Next();
        }
        const Token& close = Next();
        return CollapseSpace(m_text.substr(open.offset + 1, close.offset - open.offset - 1));
    }

    /// \return a node of \p kind at \p token
    static Expression Node(Expression::Kind kind, const Token& token)
    {
        Expression node;
        node.kind = kind;
        node.line = token.line;
        node.column = token.column;
        return node;
    }

    /// \return the node \p kind with children \p left and \p right, placed where \p left is
    static Expression Pair(Expression::Kind kind, Expression left, Expression right)
    {
        Expression node;
        node.kind = kind;
        node.line = left.line;
        node.column = left.column;
        node.children.push_back(std::move(left));
        node.children.push_back(std::move(right));
        return node;
    }

    /**
     * An expression: `NAME=VALUE` or an `|` chain.
     * \param result true for a system call's result, where a '(' after a name with white
     *        space between is a note (`= POLLIN (ready)`), not a call
     */
    Expression ParseExpression(bool result)
    {
        Expression left = ParseOr(result);
        if (!Peek().Is('='))
        {
            return left;
        }
        if (left.kind != Expression::Kind::SYMBOL && left.kind != Expression::Kind::CALL)
        {
            Fail(Peek(),
                 "'=' after " + ToString(left) +
                     ": only a name (fd, msg_iov(1)) can be given a value (column " +
                     std::to_string(Peek().column) + ")");
        }
        Next();
        ++m_depth;
        Expression right = ParseExpression(result);
        --m_depth;
        Expression node = Pair(Expression::Kind::ASSIGNMENT, std::move(left), std::move(right));
        return node;
    }

    Expression ParseOr(bool result)
    {
        Expression left = ParsePrimary(result);
        while (Accept('|'))
        {
            Expression right = ParsePrimary(result);
            left = Pair(Expression::Kind::BINARY, std::move(left), std::move(right));
            left.text = "|";
        }
        return left;
    }

    Expression ParsePrimary(bool result)
    {
        const Token& token = Peek();
        if (m_depth >= MAX_EXPRESSION_DEPTH)
        {
            Fail(token,
                 "expression nested more than " + std::to_string(MAX_EXPRESSION_DEPTH) +
                     " levels deep");
        }
        switch (token.kind)
        {
        case TokenKind::INTEGER: {
            Expression node = Node(Expression::Kind::INTEGER, token);
            errno = 0;
            node.integer = std::strtoll(token.text.c_str(), nullptr, 10);
            if (errno == ERANGE)
            {
                Fail(token, "number " + token.text + " is out of range");
            }
            Next();
            return node;
        }
        case TokenKind::HEX_INTEGER: {
            Expression node = Node(Expression::Kind::INTEGER, token);
            errno = 0;
            std::uint64_t value = std::strtoull(token.text.c_str() + 2, nullptr, 16);
            if (errno == ERANGE)
            {
                Fail(token, "number " + token.text + " is out of range (more than 64 bits)");
            }
            node.integer = static_cast<std::int64_t>(value);
            node.hex = true;
            Next();
            return node;
        }
        case TokenKind::ELLIPSIS:
            Next();
            return Node(Expression::Kind::ELLIPSIS, token);
        case TokenKind::STRING: {
            Expression node = Node(Expression::Kind::STRING, token);
            while (Peek().kind == TokenKind::STRING)
            {
                node.text += Next().value;
            }
            if (Peek().kind == TokenKind::ELLIPSIS)
            {
                Next();
                node.stringPrefix = true;
            }
            return node;
        }
        case TokenKind::WORD: {
            Next();
            if (Peek().Is('(') && (!result || !Peek().spaceBefore))
            {
                Expression call = Node(Expression::Kind::CALL, token);
                call.text = token.text;
                call.children = ParseElements('(', ')', "the arguments of " + token.text + "()");
                return call;
            }
            Expression symbol = Node(Expression::Kind::SYMBOL, token);
            symbol.text = token.text;
            return symbol;
        }
        case TokenKind::PUNCTUATION:
            if (token.Is('['))
            {
                Expression array = Node(Expression::Kind::ARRAY, token);
                array.children = ParseElements('[', ']', "an array");
                return array;
            }
            if (token.Is('{'))
            {
                return ParseBraces();
            }
            break;
        default:
            break;
        }
        Expected(token,
                 "an expression (a number, a NAME, a \"string\", ..., [array], {struct} or "
                 "name(args))");
    }

    /// `OPEN [expression {, expression}] CLOSE`, at OPEN. \return the expressions
    std::vector<Expression> ParseElements(char open, char close, const std::string& what)
    {
        Expect(open, std::string("'") + open + "'");
        std::vector<Expression> elements;
        if (Accept(close))
        {
            return elements;
        }
        ++m_depth;
        do
        {
            elements.push_back(ParseExpression(false));
        } while (Accept(','));
        --m_depth;
        Expect(close, std::string("',' or '") + close + "' in " + what);
        return elements;
    }

    /// A `{...}`: a struct, or packetdrill's GRE header or MPLS stack written in braces.
    Expression ParseBraces()
    {
        const Token& open = Peek();
        if (Peek(1).IsWord("flags") && !Peek(2).Is('='))
        {
            Next();
            GreHeader gre = ParseGreFields();
            Expect('}', "'}' after the GRE header's fields");
            return GreExpression(gre, open);
        }
        if (Peek(1).Is('(') && Peek(2).IsWord("label"))
        {
            Next();
            Expression stack = Node(Expression::Kind::STRUCT, open);
            while (Peek().Is('('))
            {
                const Token& entry = Peek();
                MplsLabel label = ParseMplsLabel();
                Expression node = Node(Expression::Kind::STRUCT, entry);
                node.children.push_back(Field("label", label.label, entry));
                node.children.push_back(Field("tc", label.trafficClass, entry));
                node.children.push_back(Field("bottom", label.bottomOfStack ? 1 : 0, entry));
                node.children.push_back(Field("ttl", label.ttl, entry));
                stack.children.push_back(std::move(node));
            }
            Expect('}', "'(' or '}' in an MPLS label stack");
            return stack;
        }
        Expression node = Node(Expression::Kind::STRUCT, open);
        node.children = ParseElements('{', '}', "a struct");
        return node;
    }

    /// \return the ASSIGNMENT `name=value` of an integer, placed at \p token
    static Expression Field(const char* name, std::uint64_t value, const Token& token)
    {
        Expression left = Node(Expression::Kind::SYMBOL, token);
        left.text = name;
        Expression right = Node(Expression::Kind::INTEGER, token);
        right.integer = static_cast<std::int64_t>(value);
        return Pair(Expression::Kind::ASSIGNMENT, std::move(left), std::move(right));
    }

    /// \return the GRE header as the STRUCT {flags=, sum=, off=, key=, seq=}
    static Expression GreExpression(const GreHeader& gre, const Token& token)
    {
        Expression node = Node(Expression::Kind::STRUCT, token);
        node.children.push_back(Field("flags", gre.flags, token));
        node.children.back().children[1].hex = true;
        node.children.push_back(Field("sum", gre.sum, token));
        node.children.push_back(Field("off", gre.offset, token));
        node.children.push_back(Field("key", gre.key, token));
        node.children.push_back(Field("seq", gre.sequence, token));
        return node;
    }

    // --- Packets ---

    PacketEvent ParsePacket()
    {
        PacketEvent packet;
        const Token& direction = Next();
        packet.direction = direction.Is('<') ? Direction::INBOUND : Direction::OUTBOUND;
        while (true)
        {
            const Token& token = Peek();
            if (token.IsWord("ipv4") || token.IsWord("ipv6"))
            {
                packet.encapsulation.push_back(ParseIpHeader());
            }
            else if (token.IsWord("gre") || token.IsWord("GREv0"))
            {
                Next();
                EncapsulationLayer layer;
                layer.kind = EncapsulationLayer::Kind::GRE;
                if (!Accept(':'))
                {
                    Accept(',');
                    layer.gre = ParseGreFields();
                    Expect(':', "':' after the GRE header");
                }
                packet.encapsulation.push_back(layer);
            }
            else if (token.IsWord("mpls"))
            {
                Next();
                EncapsulationLayer layer;
                layer.kind = EncapsulationLayer::Kind::MPLS;
                while (Peek().Is('('))
                {
                    layer.mpls.push_back(ParseMplsLabel());
                }
                Expect(':', "'(label ...)' or ':' after mpls");
                packet.encapsulation.push_back(layer);
            }
            else
            {
                break;
            }
        }
        packet.ip = ParseIpInfo();
        const Token& token = Peek();
        if (token.IsWord("udp") || token.IsWord("udplite"))
        {
            ParseUdp(packet);
        }
        else if (token.IsWord("icmp"))
        {
            Next();
            packet.kind = PacketKind::ICMP;
            ParseIcmp(packet.icmp);
        }
        else if (token.IsWord("sctp"))
        {
            Fail(token, "SCTP packets are not supported");
        }
        else
        {
            packet.kind = PacketKind::TCP;
            ParseTcp(packet);
        }
        bool inbound = packet.direction == Direction::INBOUND;
        if (inbound && packet.ip.ecn == Ecn::ECT01)
        {
            Fail(direction, "[ect01] can only be used with expected ('>') packets");
        }
        if (inbound && packet.kind == PacketKind::TCP &&
            packet.tcp.optionsMode == TcpOptionsMode::WILDCARD)
        {
            Fail(direction,
                 "<...> (TCP options not checked) can only be used with expected ('>') "
                 "packets");
        }
        return packet;
    }

    /// `ipv4 [IP-INFO] SRC > DST :` or the same with ipv6.
    EncapsulationLayer ParseIpHeader()
    {
        const Token& name = Next();
        bool v4 = name.IsWord("ipv4");
        TokenKind addressKind = v4 ? TokenKind::IPV4_ADDRESS : TokenKind::IPV6_ADDRESS;
        std::string what = v4 ? "an IPv4 address" : "an IPv6 address";
        EncapsulationLayer layer;
        layer.kind = v4 ? EncapsulationLayer::Kind::IPV4 : EncapsulationLayer::Kind::IPV6;
        layer.ip = ParseIpInfo();
        if (Peek().kind != addressKind)
        {
            Expected(Peek(), what + " (the " + name.text + " header's source)");
        }
        layer.source = Next().text;
        Expect('>', "'>' between the " + name.text + " header's addresses");
        if (Peek().kind != addressKind)
        {
            Expected(Peek(), what + " (the " + name.text + " header's destination)");
        }
        layer.destination = Next().text;
        Expect(':', "':' after the " + name.text + " header");
        return layer;
    }

    /// `flags ... sum N off N key N seq N`, commas between optional.
    GreHeader ParseGreFields()
    {
        GreHeader gre;
        gre.hasFields = true;
        ExpectWord("flags", "'flags' (GRE header: flags [...] sum N off N key N seq N)");
        if (Accept('['))
        {
            do
            {
                const Token& flag = Peek();
                if (AcceptWord("none"))
                {
                    continue;
                }
                std::uint16_t bit = flag.IsWord("checksum")    ? 0x8000
                                    : flag.IsWord("key")       ? 0x2000
                                    : flag.IsWord("sequence#") ? 0x1000
                                                               : 0;
                if (bit == 0)
                {
                    Expected(flag,
                             "a GRE flag (none, checksum present, key present or "
                             "sequence# present)");
                }
                Next();
                ExpectWord("present", "'present' after " + flag.text);
                gre.flags |= bit;
            } while (Accept(','));
            Expect(']', "',' or ']' in the GRE flags");
        }
        else
        {
            gre.flags = Unsigned("the GRE flags ([...] or a number)", U16_MAX);
        }
        Accept(',');
        ExpectWord("sum", "'sum' after the GRE flags");
        gre.sum = Unsigned("the GRE checksum", U16_MAX);
        Accept(',');
        ExpectWord("off", "'off' after the GRE checksum");
        gre.offset = Unsigned("the GRE offset", U16_MAX);
        Accept(',');
        ExpectWord("key", "'key' after the GRE offset");
        Accept('=');
        gre.key = Unsigned("the GRE key", U32_MAX);
        Accept(',');
        ExpectWord("seq", "'seq' after the GRE key");
        gre.sequence = Unsigned("the GRE sequence number", U32_MAX);
        return gre;
    }

    /// `(label N, tc N, [S], ttl N)`, the `[S],` optional.
    MplsLabel ParseMplsLabel()
    {
        MplsLabel label;
        Expect('(', "'(' before an MPLS label");
        ExpectWord("label", "'label' (MPLS: (label N, tc N, [S], ttl N))");
        label.label = Unsigned("the MPLS label", U20_MAX);
        Expect(',', "',' after the MPLS label");
        ExpectWord("tc", "'tc' (the MPLS traffic class)");
        label.trafficClass = Unsigned("the MPLS traffic class", 7);
        Expect(',', "',' after the MPLS traffic class");
        if (Accept('['))
        {
            ExpectWord("S", "'S' (bottom of the stack) in '[S]'");
            Expect(']', "']' after '[S'");
            Expect(',', "',' after '[S]'");
            label.bottomOfStack = true;
        }
        ExpectWord("ttl", "'ttl' (the MPLS time to live)");
        label.ttl = Unsigned("the MPLS TTL", U8_MAX);
        Expect(')', "')' after the MPLS TTL");
        return label;
    }

    /// An optional `(...)` or `[...]` of IP fields.
    IpInfo ParseIpInfo()
    {
        IpInfo ip;
        char close = Peek().Is('(') ? ')' : Peek().Is('[') ? ']' : '\0';
        if (close == '\0')
        {
            return ip;
        }
        Next();
        do
        {
            ParseIpField(ip);
        } while (Accept(','));
        Expect(close, std::string("',' or '") + close + "' in the IP annotation");
        return ip;
    }

    /// One field of an IP annotation, stored in \p ip.
    void ParseIpField(IpInfo& ip)
    {
        const Token& token = Peek();
        if (token.kind != TokenKind::WORD)
        {
            Expected(token, IP_FIELDS);
        }
        auto once = [&](bool given) {
            if (given)
            {
                Fail(token, "'" + token.text + "' given twice in one IP annotation");
            }
        };
        for (const auto& [name, value] : ECN_NAMES)
        {
            if (token.text == name)
            {
                once(ip.ecn != Ecn::UNSPECIFIED);
                Next();
                ip.ecn = value;
                return;
            }
        }
        Next();
        if (token.text == "ecn")
        {
            once(ip.ecn != Ecn::UNSPECIFIED);
            const Token& word = Peek();
            for (const auto& [name, value] : ECN_NAMES)
            {
                if (word.IsWord(name))
                {
                    Next();
                    ip.ecn = value;
                    return;
                }
            }
            Expected(word, "an ECN codepoint (noecn, ect0, ect1, ce or ect01) after 'ecn'");
        }
        if (token.text == "tos")
        {
            once(ip.tos.has_value());
            ip.tos = Unsigned("the TOS byte after 'tos'", U8_MAX);
        }
        else if (token.text == "class")
        {
            once(ip.trafficClass.has_value());
            ip.trafficClass = Unsigned("the traffic class after 'class'", U8_MAX);
        }
        else if (token.text == "flowlabel")
        {
            once(ip.flowLabel.has_value());
            ip.flowLabel = Unsigned("the 20-bit flow label after 'flowlabel'", U20_MAX);
        }
        else if (token.text == "ttl")
        {
            once(ip.ttl.has_value());
            ip.ttl = Unsigned("the TTL after 'ttl'", U8_MAX);
        }
        else if (token.text == "hlim")
        {
            once(ip.hopLimit.has_value());
            ip.hopLimit = Unsigned("the hop limit after 'hlim'", U8_MAX);
        }
        else if (token.text == "dscp")
        {
            once(ip.dscp.has_value());
            ip.dscp = ParseDscp();
        }
        else
        {
            Fail(token,
                 "expected " + std::string(IP_FIELDS) + ", found " + Describe(token) + " (column " +
                     std::to_string(token.column) + ")");
        }
    }

    /// A DSCP after `dscp`: a number up to 63 or one of nplab's names (af11, ef, ...).
    std::uint8_t ParseDscp()
    {
        const Token& token = Peek();
        for (const auto& [name, value] : DSCP_NAMES)
        {
            if (token.IsWord(name))
            {
                Next();
                return value;
            }
        }
        return Unsigned("a DSCP (0 to 63, or a name such as af11, cs1 or ef) after 'dscp'", 63);
    }

    /// `SRC > DST` ports.
    PortPair ParsePorts()
    {
        PortPair ports;
        ports.source = Unsigned("the source port", U16_MAX);
        Expect('>', "'>' between the ports");
        ports.destination = Unsigned("the destination port", U16_MAX);
        return ports;
    }

    /// `udp [SRC > DST] (LENGTH)` or `udplite [SRC > DST] (LENGTH, COVERAGE)`.
    void ParseUdp(PacketEvent& packet)
    {
        bool lite = Next().IsWord("udplite");
        packet.kind = lite ? PacketKind::UDPLITE : PacketKind::UDP;
        if (Peek().kind == TokenKind::INTEGER && Peek(1).Is('>'))
        {
            packet.ports = ParsePorts();
        }
        Expect('(',
               lite ? "'(' and the UDP-Lite payload length and checksum coverage"
                    : "'(' and the UDP payload length");
        packet.udp.length = Unsigned("the UDP payload length", U16_MAX);
        if (lite)
        {
            Expect(',', "',' and the UDP-Lite checksum coverage");
            packet.udp.checksumCoverage = Unsigned("the UDP-Lite checksum coverage", U16_MAX);
        }
        Expect(')', "')' after the UDP payload length");
    }

    /// After `icmp`: `TYPE [CODE] [mtu N] [id N] [ECHOED]`.
    void ParseIcmp(IcmpMessage& icmp)
    {
        const Token& type = Peek();
        if (type.kind != TokenKind::WORD)
        {
            Expected(type, "an ICMP type (unreachable, time_exceeded, ...)");
        }
        icmp.type = Next().text;
        if (Peek().kind == TokenKind::WORD && !Peek().IsWord("mtu") && !Peek().IsWord("id"))
        {
            icmp.code = Next().text;
        }
        if (AcceptWord("mtu"))
        {
            icmp.mtu = Unsigned("the MTU after 'mtu'", U16_MAX);
        }
        if (AcceptWord("id"))
        {
            icmp.echoId = Unsigned("the echo id after 'id'", U16_MAX);
        }
        if (!Accept('['))
        {
            return;
        }
        IcmpEchoed& echoed = icmp.echoed;
        echoed.given = true;
        const Token& token = Peek();
        auto length = [&](const char* what) {
            Next();
            Expect('(', std::string("'(' and the length of the quoted ") + what + " packet");
            echoed.length = Unsigned(std::string("the quoted ") + what + " length", U16_MAX);
        };
        if (token.IsWord("udp"))
        {
            echoed.protocol = EchoedProtocol::UDP;
            length("UDP");
            Expect(')', "')' after the quoted UDP length");
        }
        else if (token.IsWord("udplite"))
        {
            echoed.protocol = EchoedProtocol::UDPLITE;
            length("UDP-Lite");
            Expect(',', "',' and the quoted UDP-Lite checksum coverage");
            echoed.checksumCoverage = Unsigned("the quoted checksum coverage", U16_MAX);
            Expect(')', "')' after the quoted UDP-Lite checksum coverage");
        }
        else if (token.IsWord("sctp"))
        {
            echoed.protocol = EchoedProtocol::SCTP;
            length("SCTP");
            Expect(')', "')' after the quoted SCTP length");
            echoed.udpEncapsulation = ParseUdpEncapsulation();
        }
        else if (token.IsWord("raw"))
        {
            echoed.protocol = EchoedProtocol::RAW;
            length("raw");
            Expect(')', "')' after the quoted raw length");
        }
        else
        {
            echoed.protocol = EchoedProtocol::TCP;
            echoed.sequence = ParseSequence();
            echoed.udpEncapsulation = ParseUdpEncapsulation();
        }
        Expect(']', "']' after the packet the ICMP message quotes");
    }

    /// An optional `/udp(SRC > DST)` (nplab's TCP and SCTP over UDP).
    std::optional<PortPair> ParseUdpEncapsulation()
    {
        if (!Accept('/'))
        {
            return std::nullopt;
        }
        ExpectWord("udp", "'udp' after '/' (/udp(SRC > DST))");
        Expect('(', "'(' after /udp");
        PortPair ports = ParsePorts();
        Expect(')', "')' after the UDP ports");
        return ports;
    }

    /// The TCP part of a packet event, after its IP annotation.
    void ParseTcp(PacketEvent& packet)
    {
        TcpSegment& tcp = packet.tcp;
        if (AcceptWord("encap"))
        {
            ExpectWord("psp", "'psp' after 'encap'");
            ExpectWord("spi", "'spi' after 'encap psp'");
            packet.pspSpi = Unsigned("the PSP SPI", U32_MAX);
        }
        if (Peek().kind == TokenKind::INTEGER && Peek(1).Is('>'))
        {
            packet.ports = ParsePorts();
        }
        tcp.flags = ParseTcpFlags();
        tcp.sequence = ParseSequence();
        std::vector<std::string> more = {"ack N", "win N", "urg N", "TCP options <...>"};
        if (AcceptWord("ack"))
        {
            tcp.ack = Unsigned("the TCP ack number after 'ack'", U32_MAX);
        }
        if (AcceptWord("win"))
        {
            tcp.window = Unsigned("the TCP window after 'win'", U16_MAX);
        }
        if (AcceptWord("urg"))
        {
            tcp.urgentPointer = Unsigned("the TCP urgent pointer after 'urg'", U16_MAX);
        }
        if (Peek().Is('<'))
        {
            ParseTcpOptions(tcp);
        }
        if (Peek().Is('[') && Peek(1).IsWord("code"))
        {
            Next();
            Next();
            RstDiagnostic diagnostic;
            diagnostic.code = Unsigned("the RST cause code after 'code'", U16_MAX);
            Expect(',', "',' and 'pen N' after the RST cause code");
            ExpectWord("pen", "'pen' (the private enterprise number)");
            diagnostic.enterprise = Unsigned("the private enterprise number", U32_MAX);
            Expect(']', "']' after the RST diagnostic payload");
            tcp.rstDiagnostic = diagnostic;
        }
        tcp.udpEncapsulation = ParseUdpEncapsulation();
        // For errors at a word that follows on the same line: what could have come there.
        std::size_t first = tcp.optionsMode != TcpOptionsMode::ABSENT ? 4
                            : tcp.urgentPointer                       ? 3
                            : tcp.window                              ? 2
                            : tcp.ack                                 ? 1
                                                                      : 0;
        if (first < more.size() && !tcp.rstDiagnostic && !tcp.udpEncapsulation)
        {
            for (std::size_t i = first; i < more.size(); ++i)
            {
                m_continuation += (i == first             ? ""
                                   : i + 1 == more.size() ? " or "
                                                          : ", ") +
                                  more[i];
            }
        }
    }

    /**
     * The flags: letters of FSRP.EWAU, an ACE digit, or '-' for none. As in packetdrill's
     * grammar they are a word, a word and a '.', nplab's word '.' word, a word and a number
     * such as .1, '.' alone or '-'; the scanner splits "S." into a word and a '.', and white
     * space between the parts does not matter ("F ." is "F.").
     */
    TcpFlags ParseTcpFlags()
    {
        const Token& first = Peek();
        TcpFlags flags;
        auto isAce = [](const Token& t) { return t.kind == TokenKind::FLOAT && t.text[0] == '.'; };
        if (Accept('-'))
        {
            flags.text = "-";
            return flags;
        }
        if (first.Is('.') || isAce(first))
        {
            flags.text = Next().text;
        }
        else if (first.kind == TokenKind::WORD)
        {
            flags.text = Next().text;
            if (isAce(Peek()))
            {
                flags.text += Next().text;
            }
            else if (Accept('.'))
            {
                flags.text += ".";
                if (Peek().kind == TokenKind::WORD)
                {
                    flags.text += Next().text;
                }
            }
        }
        else
        {
            Expected(first, "TCP flags (S, S., ., P., F., R, -, ...) or 'udp' or 'icmp'");
        }
        bool letterEcn = false;
        for (char c : flags.text)
        {
            if (TCP_FLAG_CHARACTERS.find(c) == std::string::npos)
            {
                Fail(first,
                     "invalid TCP flag '" + std::string(1, c) + "' in '" + flags.text +
                         "' (flags are F S R P . E W A U, or one ACE digit 0-7)");
            }
            bool ace = c >= '0' && c <= '7';
            bool ecn = c == 'E' || c == 'W' || c == 'A';
            if ((ace && (letterEcn || flags.ace)) || (ecn && flags.ace))
            {
                Fail(first,
                     "conflicting TCP flag '" + std::string(1, c) + "' in '" + flags.text +
                         "': an ACE digit replaces E, W and A and comes once");
            }
            letterEcn = letterEcn || ecn;
            flags.fin = flags.fin || c == 'F';
            flags.syn = flags.syn || c == 'S';
            flags.rst = flags.rst || c == 'R';
            flags.psh = flags.psh || c == 'P';
            flags.ack = flags.ack || c == '.';
            flags.urg = flags.urg || c == 'U';
            flags.ece = flags.ece || c == 'E';
            flags.cwr = flags.cwr || c == 'W';
            flags.ae = flags.ae || c == 'A';
            if (ace)
            {
                flags.ace = c - '0';
            }
        }
        return flags;
    }

    /// `START:END(LENGTH)[!]` or nplab's `...(LENGTH)`.
    SequenceRange ParseSequence()
    {
        SequenceRange sequence;
        const Token& start = Peek();
        if (start.kind == TokenKind::ELLIPSIS)
        {
            Next();
            Expect('(', "'(' and the payload length after '...'");
            sequence.length = Unsigned("the TCP payload length", U16_MAX);
            Expect(')', "')' after the TCP payload length");
            sequence.ignored = true;
            return sequence;
        }
        if (start.kind != TokenKind::INTEGER)
        {
            Expected(start,
                     "a TCP sequence range START:END(LENGTH) such as 0:0(0) or 1:1001(1000)");
        }
        sequence.start = Unsigned("the TCP start sequence number", U32_MAX);
        Expect(':', "':' in the TCP sequence range START:END(LENGTH)");
        sequence.end = Unsigned("the TCP end sequence number", U32_MAX);
        Expect('(', "'(' and the payload length in START:END(LENGTH)");
        sequence.length = Unsigned("the TCP payload length", U16_MAX);
        Expect(')', "')' after the TCP payload length");
        if (std::uint64_t(sequence.start) + sequence.length != sequence.end)
        {
            Fail(start,
                 "inconsistent TCP sequence range " + std::to_string(sequence.start) + ":" +
                     std::to_string(sequence.end) + "(" + std::to_string(sequence.length) +
                     "): START + LENGTH must be END");
        }
        sequence.absolute = Accept('!');
        return sequence;
    }

    /// `<...>` or `<OPTION, OPTION, ...>`, at '<'.
    void ParseTcpOptions(TcpSegment& tcp)
    {
        Next();
        if (Peek().kind == TokenKind::ELLIPSIS && Peek(1).Is('>'))
        {
            Next();
            Next();
            tcp.optionsMode = TcpOptionsMode::WILDCARD;
            return;
        }
        tcp.optionsMode = TcpOptionsMode::LIST;
        do
        {
            tcp.options.push_back(ParseTcpOption());
        } while (Accept(','));
        Expect('>', "',' or '>' after a TCP option");
    }

    TcpOption ParseTcpOption()
    {
        const Token& token = Peek();
        if (token.kind != TokenKind::WORD)
        {
            Expected(token, std::string("a TCP option (") + KNOWN_TCP_OPTIONS + ")");
        }
        Next();
        TcpOption option;
        option.line = token.line;
        option.column = token.column;
        const std::string& name = token.text;
        if (name == "nop" || name == "eol" || name == "sackOK")
        {
            option.kind = name == "nop"   ? TcpOptionKind::NOP
                          : name == "eol" ? TcpOptionKind::EOL
                                          : TcpOptionKind::SACK_PERMITTED;
        }
        else if (name == "mss")
        {
            option.kind = TcpOptionKind::MSS;
            option.value = Unsigned("the MSS after 'mss'", U16_MAX);
        }
        else if (name == "wscale")
        {
            option.kind = TcpOptionKind::WINDOW_SCALE;
            option.value = Unsigned("the window scale shift count after 'wscale'", U8_MAX);
        }
        else if (name == "sack")
        {
            option.kind = TcpOptionKind::SACK;
            do
            {
                SackBlock block;
                block.left = Unsigned("a SACK block LEFT:RIGHT", U32_MAX);
                Expect(':', "':' in the SACK block LEFT:RIGHT");
                block.right = Unsigned("the SACK block's right edge", U32_MAX);
                option.sackBlocks.push_back(block);
            } while (Peek().kind == TokenKind::INTEGER);
        }
        else if (name == "TS")
        {
            option.kind = TcpOptionKind::TIMESTAMP;
            ExpectWord("val", "'val' after TS (TS val N ecr N)");
            if (Peek().kind == TokenKind::ELLIPSIS)
            {
                Next();
                option.tsValIgnored = true;
            }
            else
            {
                option.tsVal = Unsigned("the timestamp value after 'val'", U32_MAX);
            }
            ExpectWord("ecr", "'ecr' after the timestamp value (TS val N ecr N)");
            option.tsEcr = Unsigned("the timestamp echo reply after 'ecr'", U32_MAX);
            option.tsEcrAbsolute = Accept('!');
        }
        else if (name == "md5")
        {
            option.kind = TcpOptionKind::MD5;
            if (AcceptWord("valid"))
            {
                option.md5Valid = true;
            }
            else
            {
                option.data =
                    HexData(token, "an MD5 digest in hexadecimal after 'md5'", true, MAX_MD5_BYTES);
            }
        }
        else if (name == "FO" || name == "FOEXP" || name == "EXP-FO" || name == "exp-FO")
        {
            bool experimental = name != "FO";
            option.kind = experimental ? TcpOptionKind::FAST_OPEN_EXP : TcpOptionKind::FAST_OPEN;
            option.data = HexData(token,
                                  "a Fast Open cookie",
                                  false,
                                  MAX_TCP_OPTION_BYTES - (experimental ? 4 : 2));
        }
        else if (name == "ECN")
        {
            ParseAccEcn(option, {"e0b", "ceb", "e1b"}, true);
        }
        else if (name == "AccECN0" || name == "AccECN1" || name == "exp-AccECN0" ||
                 name == "exp-AccECN1")
        {
            bool one = name.back() == '1';
            bool experimental = name[0] == 'e';
            option.kind = experimental
                              ? (one ? TcpOptionKind::EXP_ACCECN1 : TcpOptionKind::EXP_ACCECN0)
                              : (one ? TcpOptionKind::ACCECN1 : TcpOptionKind::ACCECN0);
            ParseAccEcn(option, {"ee0b", "eceb", "ee1b"}, false);
        }
        else if (name == "exp-tarr")
        {
            option.kind = TcpOptionKind::EXP_TARR;
            if (Peek().kind == TokenKind::INTEGER)
            {
                option.value = Unsigned("the exp-tarr rate", U7_MAX);
                option.hasValue = true;
            }
        }
        else if (name.compare(0, 4, "gen-") == 0)
        {
            option.kind = TcpOptionKind::GENERIC;
            std::string number = name.substr(4);
            if (number.empty() || number.size() > 3 ||
                number.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(number) > U8_MAX)
            {
                Fail(token, "the option kind in '" + name + "' must be a number from 0 to 255");
            }
            option.value = std::stoul(number);
            option.data = HexData(token, "option data", false, MAX_TCP_OPTION_BYTES - 2);
        }
        else if (name.compare(0, 4, "exp-") == 0 && name.size() <= 8 && name.size() > 4 &&
                 IsHex(name.substr(4)))
        {
            option.kind = TcpOptionKind::EXP_GENERIC;
            option.value = std::stoul(name.substr(4), nullptr, 16);
            option.data = HexData(token, "option data", false, MAX_TCP_OPTION_BYTES - 4);
        }
        else
        {
            Fail(token,
                 "unknown TCP option " + Describe(token) + " (column " +
                     std::to_string(token.column) + "); known: " + KNOWN_TCP_OPTIONS);
        }
        return option;
    }

    /**
     * Hexadecimal digits of a cookie, digest or raw data: a word or a number next.
     * \param option the option's name token, for errors
     * \param what what the digits are, for errors
     * \param required false if the option may have none
     * \param maxBytes most bytes the digits may stand for
     */
    std::string HexData(const Token& option,
                        const std::string& what,
                        bool required,
                        std::size_t maxBytes)
    {
        const Token& token = Peek();
        if (token.kind != TokenKind::WORD && token.kind != TokenKind::INTEGER)
        {
            if (required)
            {
                Expected(token, what);
            }
            return "";
        }
        if (!IsHex(token.text))
        {
            Fail(token, what + " '" + token.text + "' is not hexadecimal" + UndefinedHint(token));
        }
        if (token.text.size() % 2 != 0)
        {
            Fail(token, what + " '" + token.text + "' has an odd number of digits");
        }
        if (token.text.size() / 2 > maxBytes)
        {
            Fail(token,
                 what + " of " + std::to_string(token.text.size() / 2) + " bytes is longer than " +
                     option.text + " allows (" + std::to_string(maxBytes) + ")");
        }
        return Next().text;
    }

    /**
     * The counters of an AccECN option in wire order: in \p names' order, none left out
     * (e0b, ceb, e1b), or that order reversed for the option that starts with E1B.
     * \param names the words of E0B, CEB and E1B
     * \param google true for google's `ECN`, whose first counter (required) decides the
     *        option; false for nplab's, whose kind is already set
     */
    void ParseAccEcn(TcpOption& option, const std::vector<std::string>& names, bool google)
    {
        const Token& first = Peek();
        bool one =
            option.kind == TcpOptionKind::ACCECN1 || option.kind == TcpOptionKind::EXP_ACCECN1;
        if (google)
        {
            if (!first.IsWord(names[0].c_str()) && !first.IsWord(names[2].c_str()))
            {
                Expected(first, "'e0b N' or 'e1b N' after ECN");
            }
            one = first.IsWord(names[2].c_str());
            option.kind = one ? TcpOptionKind::ACCECN1 : TcpOptionKind::ACCECN0;
        }
        std::vector<AccEcnCounter> order = {AccEcnCounter::E0B,
                                            AccEcnCounter::CEB,
                                            AccEcnCounter::E1B};
        if (one)
        {
            std::swap(order[0], order[2]);
        }
        for (AccEcnCounter counter : order)
        {
            const std::string& word = names[static_cast<int>(counter)];
            if (!AcceptWord(word.c_str()))
            {
                break;
            }
            AccEcnField field;
            field.counter = counter;
            field.value = Unsigned("the 24-bit AccECN counter after '" + word + "'", U24_MAX);
            option.accEcnFields.push_back(field);
        }
        for (const std::string& word : names)
        {
            if (Peek().IsWord(word.c_str()))
            {
                std::string sequence = names[static_cast<int>(order[0])] + ", " + names[1] + ", " +
                                       names[static_cast<int>(order[2])];
                Fail(Peek(),
                     "AccECN counter '" + word + "' out of order: they come as " + sequence +
                         ", each at most once and none left out before another");
            }
        }
    }

    const std::string& m_text;   //!< the script
    std::string m_fileName;      //!< its name, for errors
    std::vector<Token> m_tokens; //!< its tokens, END last, definitions replaced
    Definitions m_definitions;   //!< the given definitions and the script's --define ones
    std::size_t m_pos = 0;       //!< index of the next token
    /// what could have continued the last event (for an error at a word after it on its line)
    std::string m_continuation;
    int m_eventEndLine = 0; //!< the line of the last event's last token
    int m_depth = 0;        //!< how deep the expression being parsed is nested
};

} // namespace

Script
ParseScript(const std::string& text, const std::string& fileName, const Definitions& definitions)
{
    return Parser(text, fileName, definitions).Run();
}

Script
ParseFile(const std::string& path, const Definitions& definitions)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw ParseError(path,
                         0,
                         0,
                         "cannot read the script: " + std::string(std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
    {
        throw ParseError(path, 0, 0, "cannot read the script");
    }
    return ParseScript(text.str(), path, definitions);
}

} // namespace synfin_drill
