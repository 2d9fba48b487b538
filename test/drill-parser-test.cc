/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * synfin-drill's packetdrill parser: each construct of the script language parses into the
 * fields the executor reads, and what is malformed fails naming the file, line and token.
 * The scripts here are small ones of our own in the style of the public suites.
 */

#include "synfin-drill-lexer.h"
#include "synfin-drill-parser.h"
#include "synfin-drill-script.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include <vector>

namespace
{

using namespace synfin_drill;
namespace fs = std::filesystem;

/// \return the script \p text parsed as "t.pkt"
Script
Parse(const std::string& text, const Definitions& definitions = {})
{
    return ParseScript(text, "t.pkt", definitions);
}

/// \return the one event of the script "0 close(3) = 0" followed by \p eventLine
Event
Second(const std::string& eventLine)
{
    Script script = Parse("0 close(3) = 0\n" + eventLine + "\n");
    EXPECT_EQ(script.events.size(), 2u) << eventLine;
    return script.events.size() == 2 ? script.events[1] : Event();
}

/// \return the packet of the event line \p eventLine
PacketEvent
Packet(const std::string& eventLine)
{
    Event event = Second(eventLine);
    EXPECT_EQ(event.kind, EventKind::PACKET) << eventLine;
    return event.packet;
}

/// \return the system call of the event line \p eventLine
SyscallEvent
Call(const std::string& eventLine)
{
    Event event = Second(eventLine);
    EXPECT_EQ(event.kind, EventKind::SYSCALL) << eventLine;
    return event.syscall;
}

/// \return the message of the ParseError \p action throws ("" and a test failure if none)
std::string
ErrorOf(const std::function<void()>& action)
{
    try
    {
        action();
    }
    catch (const ParseError& error)
    {
        return error.what();
    }
    ADD_FAILURE() << "expected a ParseError";
    return "";
}

/// \return the message of the error that parsing \p text throws
std::string
ParseErrorOf(const std::string& text, const Definitions& definitions = {})
{
    return ErrorOf([&] { Parse(text, definitions); });
}

/// Checks that \p message holds every one of \p parts.
void
ExpectMentions(const std::string& message, std::initializer_list<std::string> parts)
{
    for (const auto& part : parts)
    {
        EXPECT_NE(message.find(part), std::string::npos)
            << "message: " << message << "\nlacks: " << part;
    }
}

/// \return the kinds of \p tokens, END dropped
std::vector<TokenKind>
Kinds(const std::vector<Token>& tokens)
{
    std::vector<TokenKind> kinds;
    for (const Token& token : tokens)
    {
        if (token.kind != TokenKind::END)
        {
            kinds.push_back(token.kind);
        }
    }
    return kinds;
}

// --- Tokens ---

TEST(DrillLexer, NumbersWordsAndAddresses_SplitAsPacketdrillDoes)
{
    std::vector<Token> tokens =
        Tokenize("0.100 +.1 1:1001(1000) S. 0x2 3021b9d889017eeb 192.0.2.1 fd3d:fa7b:d17d::1 -1",
                 "t.pkt");
    using K = TokenKind;
    std::vector<TokenKind> want = {K::FLOAT,
                                   K::PUNCTUATION,
                                   K::FLOAT,
                                   K::INTEGER,
                                   K::PUNCTUATION,
                                   K::INTEGER,
                                   K::PUNCTUATION,
                                   K::INTEGER,
                                   K::PUNCTUATION,
                                   K::WORD,
                                   K::PUNCTUATION,
                                   K::HEX_INTEGER,
                                   K::WORD,
                                   K::IPV4_ADDRESS,
                                   K::IPV6_ADDRESS,
                                   K::INTEGER};
    EXPECT_EQ(Kinds(tokens), want);
    EXPECT_EQ(tokens[2].text, ".1");
    EXPECT_EQ(tokens[9].text, "S");
    EXPECT_TRUE(tokens[10].Is('.'));
    EXPECT_FALSE(tokens[10].spaceBefore);
    EXPECT_TRUE(tokens[11].spaceBefore);
    EXPECT_EQ(tokens[14].text, "fd3d:fa7b:d17d::1");
    EXPECT_EQ(tokens[15].text, "-1");
    EXPECT_EQ(tokens.back().kind, TokenKind::END);
}

TEST(DrillLexer, EllipsisBetweenTimes_IsItsOwnToken)
{
    std::vector<Token> tokens = Tokenize("0.1...0.2 +0...0", "t.pkt");
    using K = TokenKind;
    std::vector<TokenKind> want =
        {K::FLOAT, K::ELLIPSIS, K::FLOAT, K::PUNCTUATION, K::INTEGER, K::ELLIPSIS, K::INTEGER};
    EXPECT_EQ(Kinds(tokens), want);
}

TEST(DrillLexer, CommentsAndWhiteSpace_SeparateTokensAndKeepLinesAndColumns)
{
    std::vector<Token> tokens = Tokenize("// one\n/* two\n three */ x\r\n\ty", "t.pkt");
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_EQ(tokens[0].text, "x");
    EXPECT_EQ(tokens[0].line, 3);
    EXPECT_EQ(tokens[0].column, 11);
    EXPECT_TRUE(tokens[0].spaceBefore);
    EXPECT_EQ(tokens[1].text, "y");
    EXPECT_EQ(tokens[1].line, 4);
    EXPECT_EQ(tokens[1].column, 2);
}

TEST(DrillLexer, StringsCommandsCodeOptionsAndIfdef_KeepTheirText)
{
    std::vector<Token> tokens =
        Tokenize("\"a\\\"b\" `sysctl -q x=1` %{ assert y == 2 }% --mss #ifdef FreeBSD #endif",
                 "t.pkt");
    using K = TokenKind;
    std::vector<TokenKind> want = {K::STRING, K::COMMAND, K::CODE, K::OPTION, K::IFDEF, K::ENDIF};
    ASSERT_EQ(Kinds(tokens), want);
    EXPECT_EQ(tokens[0].value, "a\\\"b");
    EXPECT_EQ(tokens[1].value, "sysctl -q x=1");
    EXPECT_EQ(tokens[2].value, "assert y == 2");
    EXPECT_EQ(tokens[3].value, "mss");
    EXPECT_EQ(tokens[4].value, "FreeBSD");
}

TEST(DrillLexer, HyphenatedOptionWords_AreOneWord)
{
    std::vector<Token> tokens =
        Tokenize("EXP-FO exp-AccECN1 gen-30 exp-abcd sequence# a-b", "t.pkt");
    std::vector<std::string> texts;
    for (const Token& token : tokens)
    {
        texts.push_back(token.text);
    }
    EXPECT_EQ(texts,
              (std::vector<std::string>{"EXP-FO",
                                        "exp-AccECN1",
                                        "gen-30",
                                        "exp-abcd",
                                        "sequence#",
                                        "a",
                                        "-",
                                        "b",
                                        ""}));
}

TEST(DrillLexer, Unterminated_FailsAtItsStart)
{
    ExpectMentions(ErrorOf([] { Tokenize("x\n  \"abc", "t.pkt"); }),
                   {"t.pkt:2: ", "unterminated string"});
    ExpectMentions(ErrorOf([] { Tokenize("`ls", "t.pkt"); }),
                   {"t.pkt:1: ", "unterminated shell command"});
    ExpectMentions(ErrorOf([] { Tokenize("\n\n%{ x", "t.pkt"); }),
                   {"t.pkt:3: ", "unterminated code block"});
    ExpectMentions(ErrorOf([] { Tokenize("/* x", "t.pkt"); }),
                   {"t.pkt:1: ", "unterminated comment"});
}

// --- Script structure ---

TEST(DrillScript, OptionLines_KeepNameAndValueInOrder)
{
    Script script = Parse("--tolerance_usecs=10000\n"
                          "--mss=1000\n"
                          "--ip_version=ipv4\n"
                          "--local_ip=192.168.0.1\n"
                          "--remote_ip=fd3d:fa7b:d17d::1\n"
                          "--define=PROTO=IPPROTO_TCP\n"
                          "--mss=1460\n"
                          "--verbose\n"
                          "0 close(3) = 0\n");
    ASSERT_EQ(script.options.size(), 8u);
    EXPECT_EQ(script.options[0].name, "tolerance_usecs");
    EXPECT_EQ(script.options[0].value, "10000");
    EXPECT_EQ(script.options[0].line, 1);
    EXPECT_EQ(script.options[2].value, "ipv4");
    EXPECT_EQ(script.options[3].value, "192.168.0.1");
    EXPECT_EQ(script.options[4].value, "fd3d:fa7b:d17d::1");
    EXPECT_EQ(script.options[5].value, "PROTO=IPPROTO_TCP");
    EXPECT_TRUE(script.options[6].hasValue);
    EXPECT_FALSE(script.options[7].hasValue);
    EXPECT_EQ(script.options[7].name, "verbose");
    ASSERT_NE(script.FindOption("mss"), nullptr);
    EXPECT_EQ(script.FindOption("mss")->value, "1460");
    EXPECT_EQ(script.FindOption("mtu"), nullptr);
    EXPECT_EQ(script.OptionMap().at("mss"), "1460");
    EXPECT_EQ(script.OptionMap().at("tolerance_usecs"), "10000");
}

TEST(DrillScript, UntimedCommands_AreTheInitAndCleanupCommands)
{
    Script script = Parse("--mss=1000\n"
                          "`../common/defaults.sh\n"
                          " sysctl -q net.ipv4.tcp_sack=0`\n"
                          "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                          "+0 `echo timed`\n"
                          "`cleanup.sh`\n");
    ASSERT_TRUE(script.initCommand.has_value());
    EXPECT_EQ(script.initCommand->commandLine,
              "../common/defaults.sh\n sysctl -q net.ipv4.tcp_sack=0");
    EXPECT_EQ(script.initCommand->line, 2);
    ASSERT_EQ(script.events.size(), 2u);
    EXPECT_EQ(script.events[1].kind, EventKind::COMMAND);
    EXPECT_EQ(script.events[1].command.commandLine, "echo timed");
    ASSERT_TRUE(script.cleanupCommand.has_value());
    EXPECT_EQ(script.cleanupCommand->commandLine, "cleanup.sh");
    EXPECT_EQ(script.cleanupCommand->line, 6);
}

TEST(DrillScript, ShellCommandsAndCodeBlocks_KeepTheirText)
{
    Script script = Parse("0 `sysctl -q net.ipv4.tcp_timestamps=0`\n"
                          "+.1 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%\n"
                          "+0 %{\n"
                          "assert tcpi_reordering == 3\n"
                          "}%\n");
    ASSERT_EQ(script.events.size(), 3u);
    EXPECT_EQ(script.events[0].kind, EventKind::COMMAND);
    EXPECT_EQ(script.events[0].command.commandLine, "sysctl -q net.ipv4.tcp_timestamps=0");
    EXPECT_EQ(script.events[1].kind, EventKind::CODE);
    EXPECT_EQ(script.events[1].code.code, "assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd");
    EXPECT_EQ(script.events[2].code.code, "\nassert tcpi_reordering == 3\n");
    EXPECT_STREQ(Name(script.events[1].kind), "code block");
    EXPECT_STREQ(Name(script.events[0].kind), "shell command");
}

TEST(DrillScript, Events_CarryTheLineAndColumnOfTheirTime)
{
    Script script = Parse("// a comment\n"
                          "\n"
                          "   0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                          "  +0 sendmsg(3, {msg_name(...)=...,\n"
                          "                 msg_iov(1)=[{..., 10}], msg_flags=0}, 0) = 10\n"
                          "/* block\n comment */ +0 > P. 1:11(10) ack 1\n");
    ASSERT_EQ(script.events.size(), 3u);
    EXPECT_EQ(script.events[0].line, 3);
    EXPECT_EQ(script.events[0].column, 4);
    EXPECT_EQ(script.events[1].line, 4);
    EXPECT_EQ(script.events[2].line, 7);
    EXPECT_EQ(script.events[2].column, 13);
}

TEST(DrillScript, Ifdef_MarksTheEventsOfItsBlock)
{
    Script script = Parse("0 close(3) = 0\n"
                          "#ifdef FreeBSD\n"
                          "+0 > . 1:1(0) ack 1\n"
                          "+0 > . 1:1(0) ack 2\n"
                          "#endif\n"
                          "#ifdef Linux\n"
                          "+0 > R 1:1(0)\n"
                          "#endif\n"
                          "+0 close(4) = 0\n");
    ASSERT_EQ(script.events.size(), 5u);
    EXPECT_EQ(script.events[0].condition, "");
    EXPECT_EQ(script.events[1].condition, "FreeBSD");
    EXPECT_EQ(script.events[2].condition, "FreeBSD");
    EXPECT_EQ(script.events[3].condition, "Linux");
    EXPECT_EQ(script.events[4].condition, "");
}

TEST(DrillScript, Ifdef_MustCloseAndNotNest)
{
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n#ifdef A\n+0 close(4) = 0\n"),
                   {"t.pkt:2: ", "#ifdef A has no #endif"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n#ifdef A\n#ifdef B\n#endif\n"),
                   {"t.pkt:3: ", "do not nest"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n#endif\n"), {"t.pkt:2: ", "#endif without"});
}

TEST(DrillScript, Definitions_ReplaceWordsAsDashDDoes)
{
    Script script = Parse("--define=COOKIE=3021b9d889017eeb\n"
                          "0 setsockopt(3, CMSG_LEVEL_IP, SO_RCVBUF, [1], 4) = 0\n"
                          "+0 < S 0:0(0) win 1000 <mss MSS,FO COOKIE>\n",
                          {{"MSS", "1460"}, {"CMSG_LEVEL_IP", "SOL_IP"}});
    ASSERT_EQ(script.events.size(), 2u);
    EXPECT_TRUE(script.events[0].syscall.arguments[1].IsSymbol("SOL_IP"));
    const auto& options = script.events[1].packet.tcp.options;
    ASSERT_EQ(options.size(), 2u);
    EXPECT_EQ(options[0].value, 1460u);
    EXPECT_EQ(options[1].data, "3021b9d889017eeb");
}

TEST(DrillScript, UndefinedWordWhereANumberGoes_FailsWithAHint)
{
    ExpectMentions(ParseErrorOf("0 < S 0:0(0) win 1000 <mss MSS>\n"),
                   {"t.pkt:1: ", "the MSS after 'mss'", "'MSS'", "--define=MSS=VALUE"});
    ExpectMentions(ParseErrorOf("0 < S 0:0(0) win 1000 <FO TFO_COOKIE>\n"),
                   {"not hexadecimal", "-D TFO_COOKIE=VALUE"});
}

// --- Times ---

TEST(DrillTimes, AbsoluteRelativeAndAny_InMicroseconds)
{
    Script script = Parse("0.100 close(3) = 0\n"
                          "+0.1 close(3) = 0\n"
                          "+.1 close(3) = 0\n"
                          "2 close(3) = 0\n"
                          "2.000005 close(3) = 0\n"
                          "+0.0000019 close(3) = 0\n"
                          "* > . 1:1(0) ack 1\n");
    ASSERT_EQ(script.events.size(), 7u);
    EXPECT_EQ(script.events[0].time.kind, TimeKind::ABSOLUTE);
    EXPECT_EQ(script.events[0].time.usecs, 100000);
    EXPECT_EQ(script.events[1].time.kind, TimeKind::RELATIVE);
    EXPECT_EQ(script.events[1].time.usecs, 100000);
    EXPECT_EQ(script.events[2].time.kind, TimeKind::RELATIVE);
    EXPECT_EQ(script.events[2].time.usecs, 100000);
    EXPECT_EQ(script.events[3].time.usecs, 2000000);
    EXPECT_EQ(script.events[4].time.usecs, 2000005);
    EXPECT_EQ(script.events[5].time.usecs, 1);
    EXPECT_EQ(script.events[6].time.kind, TimeKind::ANY);
}

TEST(DrillTimes, Ranges_KeepStartAndEnd)
{
    Event absolute = Second("0.1~0.25 > . 1:1(0) ack 1");
    EXPECT_EQ(absolute.time.kind, TimeKind::ABSOLUTE_RANGE);
    EXPECT_EQ(absolute.time.usecs, 100000);
    EXPECT_EQ(absolute.time.endUsecs, 250000);
    Event relative = Second("+0.1~+0.2 > . 1:1(0) ack 1");
    EXPECT_EQ(relative.time.kind, TimeKind::RELATIVE_RANGE);
    EXPECT_EQ(relative.time.usecs, 100000);
    EXPECT_EQ(relative.time.endUsecs, 200000);
    Event spaced = Second("+.02 ~ +1.1 > S 0:0(0) <mss 1460>");
    EXPECT_EQ(spaced.time.kind, TimeKind::RELATIVE_RANGE);
    EXPECT_EQ(spaced.time.endUsecs, 1100000);
}

TEST(DrillTimes, BlockingCalls_KeepTheirEndTime)
{
    Event absolute = Second("0.1...0.2 accept(3, ..., ...) = 4");
    EXPECT_EQ(absolute.time.kind, TimeKind::ABSOLUTE);
    EXPECT_EQ(absolute.time.usecs, 100000);
    ASSERT_TRUE(absolute.syscall.endUsecs.has_value());
    EXPECT_EQ(*absolute.syscall.endUsecs, 200000);
    EXPECT_EQ(absolute.syscall.name, "accept");

    Event relative = Second("+.1...0.400 accept(3, ..., ...) = 4");
    EXPECT_EQ(relative.time.kind, TimeKind::RELATIVE);
    EXPECT_EQ(*relative.syscall.endUsecs, 400000);

    EXPECT_EQ(*Second("+.002 ... 0.052 connect(4, ..., ...) = 0").syscall.endUsecs, 52000);
    EXPECT_EQ(*Second("+0...0 connect(4, ..., ...) = 0").syscall.endUsecs, 0);
    EXPECT_FALSE(Second("+0 close(4) = 0").syscall.endUsecs.has_value());
}

TEST(DrillTimes, WildcardsAndRanges_OnlyForExpectedPackets)
{
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n* < . 1:1(0) ack 1 win 100\n"),
                   {"t.pkt:2: ", "'*'", "expected ('>') packets", "injected"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n* close(3) = 0\n"),
                   {"t.pkt:2: ", "'*'", "system calls"});
    ExpectMentions(ParseErrorOf("0.1~0.2 `true`\n"), {"t.pkt:1: ", "time range", "shell commands"});
}

TEST(DrillTimes, MalformedTimes_Fail)
{
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n0.3~0.2 > . 1:1(0) ack 1\n"),
                   {"t.pkt:2: ", "backwards"});
    ExpectMentions(ParseErrorOf("-1 close(3) = 0\n"), {"t.pkt:1: ", "negative time -1"});
    ExpectMentions(ParseErrorOf("0.5...0.2 accept(3, ..., ...) = 4\n"),
                   {"t.pkt:1: ", "returns at 0.2, before it starts at 0.5"});
    ExpectMentions(ParseErrorOf("+0.1~0.2 > . 1:1(0) ack 1\n"), {"'+'", "found '0.2'"});
}

// --- Packets ---

TEST(DrillPackets, Direction_InjectedOrExpected)
{
    PacketEvent in = Packet("+0 < S 0:0(0) win 32792 <mss 1460>");
    EXPECT_EQ(in.direction, Direction::INBOUND);
    EXPECT_EQ(in.kind, PacketKind::TCP);
    PacketEvent out = Packet("+0 > S. 0:0(0) ack 1 <mss 1460>");
    EXPECT_EQ(out.direction, Direction::OUTBOUND);
    EXPECT_STREQ(Name(out.kind), "tcp");
}

TEST(DrillPackets, Flags_EachLetterAndCombination)
{
    struct Case
    {
        const char* written;
        const char* text;
        bool fin, syn, rst, psh, ack, ece, cwr, ae;
    };

    const Case cases[] = {
        {"S", "S", false, true, false, false, false, false, false, false},
        {"S.", "S.", false, true, false, false, true, false, false, false},
        {".", ".", false, false, false, false, true, false, false, false},
        {"F.", "F.", true, false, false, false, true, false, false, false},
        {"P.", "P.", false, false, false, true, true, false, false, false},
        {"R.", "R.", false, false, true, false, true, false, false, false},
        {"R", "R", false, false, true, false, false, false, false, false},
        {"FP.", "FP.", true, false, false, true, true, false, false, false},
        {"F .", "F.", true, false, false, false, true, false, false, false},
        {"SEWA", "SEWA", false, true, false, false, false, true, true, true},
        {"SW.", "SW.", false, true, false, false, true, false, true, false},
        {"-", "-", false, false, false, false, false, false, false, false},
    };
    for (const Case& c : cases)
    {
        SCOPED_TRACE(c.written);
        TcpFlags flags = Packet(std::string("+0 > ") + c.written + " 1:1(0) ack 1").tcp.flags;
        EXPECT_EQ(flags.text, c.text);
        EXPECT_EQ(flags.fin, c.fin);
        EXPECT_EQ(flags.syn, c.syn);
        EXPECT_EQ(flags.rst, c.rst);
        EXPECT_EQ(flags.psh, c.psh);
        EXPECT_EQ(flags.ack, c.ack);
        EXPECT_EQ(flags.ece, c.ece);
        EXPECT_EQ(flags.cwr, c.cwr);
        EXPECT_EQ(flags.ae, c.ae);
        EXPECT_FALSE(flags.urg);
        EXPECT_FALSE(flags.ace.has_value());
    }
    EXPECT_TRUE(Packet("+0 > U. 1:1(0) ack 1 urg 1").tcp.flags.urg);
}

TEST(DrillPackets, AceDigit_IsTheAccEcnCounter)
{
    TcpFlags withPush = Packet("+0 > [ect0] P.5 1:1001(1000) ack 1").tcp.flags;
    EXPECT_EQ(withPush.text, "P.5");
    EXPECT_TRUE(withPush.psh);
    EXPECT_TRUE(withPush.ack);
    ASSERT_TRUE(withPush.ace.has_value());
    EXPECT_EQ(*withPush.ace, 5);
    TcpFlags alone = Packet("+0 < [ect0] .5 1:1(0) ack 1001 win 264").tcp.flags;
    EXPECT_EQ(alone.text, ".5");
    EXPECT_TRUE(alone.ack);
    EXPECT_EQ(alone.ace, 5);
}

TEST(DrillPackets, BadFlags_FailNamingTheFlag)
{
    ExpectMentions(ParseErrorOf("0 > SX. 0:0(0)\n"),
                   {"t.pkt:1: ", "invalid TCP flag 'X'", "'SX.'"});
    ExpectMentions(ParseErrorOf("0 > E.5 0:0(0)\n"), {"conflicting TCP flag '5'"});
    ExpectMentions(ParseErrorOf("0 > 0:0(0)\n"), {"expected TCP flags", "found '0'"});
}

TEST(DrillPackets, SequenceAckWindowUrgent_ParsedOrAbsent)
{
    TcpSegment full = Packet("+0 < P. 1:1001(1000) ack 1 win 257 urg 5").tcp;
    EXPECT_EQ(full.sequence.start, 1u);
    EXPECT_EQ(full.sequence.end, 1001u);
    EXPECT_EQ(full.sequence.length, 1000u);
    EXPECT_FALSE(full.sequence.absolute);
    EXPECT_FALSE(full.sequence.ignored);
    EXPECT_EQ(full.ack, 1u);
    EXPECT_EQ(full.window, 257u);
    EXPECT_EQ(full.urgentPointer, 5u);

    TcpSegment bare = Packet("+0 > S 0:0(0)").tcp;
    EXPECT_FALSE(bare.ack.has_value());
    EXPECT_FALSE(bare.window.has_value());
    EXPECT_FALSE(bare.urgentPointer.has_value());

    TcpSegment top = Packet("+0 < . 4294967295:4294967295(0) ack 4294967295 win 65535").tcp;
    EXPECT_EQ(top.sequence.start, 4294967295u);
    EXPECT_EQ(top.ack, 4294967295u);
}

TEST(DrillPackets, NplabSequenceForms_AbsoluteAndIgnored)
{
    TcpSegment absolute = Packet("+0 > R. 0:0(0)! ack 2 win 0").tcp;
    EXPECT_TRUE(absolute.sequence.absolute);
    EXPECT_EQ(absolute.ack, 2u);
    TcpSegment ignored = Packet("+0 > S. ...(0) ack 4 win 65535 <mss 1452>").tcp;
    EXPECT_TRUE(ignored.sequence.ignored);
    EXPECT_EQ(ignored.sequence.length, 0u);
}

TEST(DrillPackets, BadNumbers_FailNamingTheValueAndItsRange)
{
    ExpectMentions(ParseErrorOf("0 < . 1:1000(1000) ack 1\n"),
                   {"t.pkt:1: ", "inconsistent TCP sequence range 1:1000(1000)"});
    ExpectMentions(ParseErrorOf("0 < . 1:1(0) ack 1 win 70000\n"),
                   {"TCP window", "70000", "out of range (0 to 65535)"});
    ExpectMentions(ParseErrorOf("0 < . 1:1(0) ack 4294967296\n"), {"ack number", "out of range"});
    ExpectMentions(ParseErrorOf("0 < . 1:1(0) ack -1\n"), {"is negative"});
}

TEST(DrillPackets, OptionList_AbsentWildcardOrList)
{
    TcpSegment absent = Packet("+0 > . 1:1(0) ack 1").tcp;
    EXPECT_EQ(absent.optionsMode, TcpOptionsMode::ABSENT);
    EXPECT_TRUE(absent.options.empty());
    TcpSegment wildcard = Packet("+0 > F. 101:101(0) ack 1 <...>").tcp;
    EXPECT_EQ(wildcard.optionsMode, TcpOptionsMode::WILDCARD);
    EXPECT_TRUE(wildcard.options.empty());
    TcpSegment list = Packet("+0 > . 1:1(0) ack 1 <nop, nop, TS val 200 ecr 700>").tcp;
    EXPECT_EQ(list.optionsMode, TcpOptionsMode::LIST);
    EXPECT_EQ(list.options.size(), 3u);

    ExpectMentions(ParseErrorOf("0 < . 1:1(0) ack 1 win 100 <...>\n"),
                   {"t.pkt:1: ", "<...>", "expected ('>') packets"});
}

TEST(DrillPackets, IpAnnotations_EcnTosTtlAndFlowLabel)
{
    EXPECT_EQ(Packet("+0 > [ect0] P. 1:1001(1000) ack 1").ip.ecn, Ecn::ECT0);
    EXPECT_EQ(Packet("+0 < [ect1] . 1:1(0) ack 1 win 320").ip.ecn, Ecn::ECT1);
    EXPECT_EQ(Packet("+0 < [ce] . 1:1(0) ack 1 win 320").ip.ecn, Ecn::CE);
    EXPECT_EQ(Packet("+0 <[noecn] . 1:1(0) ack 1 win 320").ip.ecn, Ecn::NOT_ECT);
    EXPECT_EQ(Packet("+0 > [ect01] . 1:1(0) ack 1").ip.ecn, Ecn::ECT01);
    EXPECT_EQ(Packet("+0 > . 1:1(0) ack 1").ip.ecn, Ecn::UNSPECIFIED);
    EXPECT_TRUE(Packet("+0 > . 1:1(0) ack 1").ip.IsEmpty());

    IpInfo tos = Packet("+0 > (tos 0x20) S 0:0(0) win 65535").ip;
    EXPECT_EQ(tos.tos, 0x20);
    EXPECT_EQ(tos.ecn, Ecn::UNSPECIFIED);
    EXPECT_EQ(Packet("+0 < (ttl 3) . 1:1(0) ack 1 win 100").ip.ttl, 3);
    EXPECT_EQ(Packet("+0 < (class 0x28) . 1:1(0) ack 1 win 100").ip.trafficClass, 0x28);
    EXPECT_EQ(Packet("+0 > (hlim 4) . 1:1(0) ack 1").ip.hopLimit, 4);

    IpInfo several = Packet("+0 > (ect0, flowlabel 0x12345) . 1:1(0) ack 1").ip;
    EXPECT_EQ(several.ecn, Ecn::ECT0);
    EXPECT_EQ(several.flowLabel, 0x12345u);
    IpInfo nplab = Packet("+0 > (ecn ce, dscp af11) . 1:1(0) ack 1").ip;
    EXPECT_EQ(nplab.ecn, Ecn::CE);
    EXPECT_EQ(nplab.dscp, 10);
}

TEST(DrillPackets, BadIpAnnotations_Fail)
{
    ExpectMentions(ParseErrorOf("0 < [ect01] . 1:1(0) ack 1\n"),
                   {"t.pkt:1: ", "[ect01]", "expected ('>') packets"});
    ExpectMentions(ParseErrorOf("0 > [ect2] . 1:1(0) ack 1\n"), {"expected an IP field", "'ect2'"});
    ExpectMentions(ParseErrorOf("0 > [ect0, ce] . 1:1(0) ack 1\n"), {"'ce' given twice"});
    ExpectMentions(ParseErrorOf("0 > (tos 0x100) . 1:1(0) ack 1\n"), {"TOS", "out of range"});
}

TEST(DrillPackets, UdpIcmpAndUdpLite_KeepTheirKind)
{
    PacketEvent udp = Packet("+0 < udp (100)");
    EXPECT_EQ(udp.kind, PacketKind::UDP);
    EXPECT_EQ(udp.udp.length, 100u);
    EXPECT_FALSE(udp.ports.has_value());
    PacketEvent withPorts = Packet("+0 > udp 5000 > 53 (20)");
    ASSERT_TRUE(withPorts.ports.has_value());
    EXPECT_EQ(withPorts.ports->source, 5000u);
    EXPECT_EQ(withPorts.ports->destination, 53u);
    EXPECT_STREQ(Name(withPorts.kind), "udp");

    PacketEvent lite = Packet("+0 < udplite (100, 8)");
    EXPECT_EQ(lite.kind, PacketKind::UDPLITE);
    EXPECT_EQ(lite.udp.checksumCoverage, 8u);

    PacketEvent icmp = Packet("+0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]");
    EXPECT_EQ(icmp.kind, PacketKind::ICMP);
    EXPECT_EQ(icmp.icmp.type, "unreachable");
    EXPECT_EQ(icmp.icmp.code, "frag_needed");
    EXPECT_EQ(icmp.icmp.mtu, 1200u);
    EXPECT_TRUE(icmp.icmp.echoed.given);
    EXPECT_EQ(icmp.icmp.echoed.protocol, EchoedProtocol::TCP);
    EXPECT_EQ(icmp.icmp.echoed.sequence.end, 1461u);
    EXPECT_STREQ(Name(icmp.kind), "icmp");

    PacketEvent quench = Packet("+0 <icmp source_quench");
    EXPECT_EQ(quench.icmp.type, "source_quench");
    EXPECT_EQ(quench.icmp.code, "");
    EXPECT_FALSE(quench.icmp.echoed.given);
    EXPECT_EQ(Packet("+0 < icmp echo_reply id 7 [udp (10)]").icmp.echoId, 7u);
    EXPECT_EQ(Packet("+0 < icmp time_exceeded [udp (10)]").icmp.echoed.protocol,
              EchoedProtocol::UDP);

    ExpectMentions(ParseErrorOf("0 < sctp: INIT[flgs=0]\n"),
                   {"t.pkt:1: ", "SCTP packets are not supported"});
}

TEST(DrillPackets, Encapsulation_LayersOutermostFirst)
{
    PacketEvent gre = Packet("+0 < ipv4 192.0.2.1 > 192.168.0.1: gre: S 0:0(0) win 32792");
    ASSERT_EQ(gre.encapsulation.size(), 2u);
    EXPECT_EQ(gre.encapsulation[0].kind, EncapsulationLayer::Kind::IPV4);
    EXPECT_EQ(gre.encapsulation[0].source, "192.0.2.1");
    EXPECT_EQ(gre.encapsulation[0].destination, "192.168.0.1");
    EXPECT_EQ(gre.encapsulation[1].kind, EncapsulationLayer::Kind::GRE);
    EXPECT_FALSE(gre.encapsulation[1].gre.hasFields);
    EXPECT_STREQ(Name(gre.encapsulation[0].kind), "ipv4");
    EXPECT_STREQ(Name(gre.encapsulation[1].kind), "gre");
    EXPECT_TRUE(gre.tcp.flags.syn);

    PacketEvent fields = Packet("+0 > ipv6 (hlim 64) fd3d::1 > fd3d::2 : "
                                "gre flags [checksum present, key present] sum 0 off 0 key 7 "
                                "seq 0: . 1:1(0) ack 1");
    ASSERT_EQ(fields.encapsulation.size(), 2u);
    EXPECT_EQ(fields.encapsulation[0].kind, EncapsulationLayer::Kind::IPV6);
    EXPECT_EQ(fields.encapsulation[0].ip.hopLimit, 64);
    EXPECT_EQ(fields.encapsulation[1].gre.flags, 0xa000);
    EXPECT_EQ(fields.encapsulation[1].gre.key, 7u);

    PacketEvent mpls = Packet("+0 < mpls (label 123, tc 1, [S], ttl 255): . 1:1(0) ack 1 win 9");
    ASSERT_EQ(mpls.encapsulation.size(), 1u);
    ASSERT_EQ(mpls.encapsulation[0].mpls.size(), 1u);
    EXPECT_EQ(mpls.encapsulation[0].mpls[0].label, 123u);
    EXPECT_EQ(mpls.encapsulation[0].mpls[0].trafficClass, 1);
    EXPECT_TRUE(mpls.encapsulation[0].mpls[0].bottomOfStack);
    EXPECT_EQ(mpls.encapsulation[0].mpls[0].ttl, 255);
}

TEST(DrillPackets, PspPortsRstPayloadAndUdpEncapsulation)
{
    PacketEvent psp = Packet("+0 < encap psp spi 7 P. 1:101(100) ack 1 win 50000");
    EXPECT_EQ(psp.pspSpi, 7u);
    EXPECT_EQ(psp.tcp.sequence.length, 100u);
    PacketEvent ports = Packet("+0 < 8080 > 80 S 0:0(0) win 1000");
    ASSERT_TRUE(ports.ports.has_value());
    EXPECT_EQ(ports.ports->source, 8080u);
    EXPECT_EQ(ports.ports->destination, 80u);
    PacketEvent overUdp = Packet("+0 > R 1:1(0) win 0 <nop,nop,md5 valid>/udp(9811 > 1)");
    ASSERT_TRUE(overUdp.tcp.udpEncapsulation.has_value());
    EXPECT_EQ(overUdp.tcp.udpEncapsulation->source, 9811u);
    EXPECT_EQ(overUdp.tcp.udpEncapsulation->destination, 1u);
    EXPECT_EQ(Packet("+0 > . 1:1(0) ack 1 win 65535/udp(9811 > 1)").tcp.window, 65535u);
    PacketEvent rst = Packet("+0 > R 1:1(0) win 0 [code 3, pen 4]");
    ASSERT_TRUE(rst.tcp.rstDiagnostic.has_value());
    EXPECT_EQ(rst.tcp.rstDiagnostic->code, 3u);
    EXPECT_EQ(rst.tcp.rstDiagnostic->enterprise, 4u);
}

// --- TCP options ---

TEST(DrillOptions, CommonOptions_ParseToTheirFields)
{
    auto options =
        Packet("+0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8,eol>").tcp.options;
    ASSERT_EQ(options.size(), 6u);
    EXPECT_EQ(options[0].kind, TcpOptionKind::MSS);
    EXPECT_EQ(options[0].value, 1460u);
    EXPECT_EQ(options[1].kind, TcpOptionKind::SACK_PERMITTED);
    EXPECT_EQ(options[2].kind, TcpOptionKind::TIMESTAMP);
    EXPECT_EQ(options[2].tsVal, 100u);
    EXPECT_EQ(options[2].tsEcr, 0u);
    EXPECT_EQ(options[3].kind, TcpOptionKind::NOP);
    EXPECT_EQ(options[4].kind, TcpOptionKind::WINDOW_SCALE);
    EXPECT_EQ(options[4].value, 8u);
    EXPECT_EQ(options[5].kind, TcpOptionKind::EOL);
    EXPECT_EQ(options[0].line, 2);
    EXPECT_EQ(options[0].column, 16);
    EXPECT_STREQ(Name(options[2].kind), "TS");
}

TEST(DrillOptions, SackBlocks_InOrder)
{
    auto options = Packet("+0 > . 1:1(0) ack 6001 <nop,nop,sack 1001:3001 7001:8001>").tcp.options;
    ASSERT_EQ(options.size(), 3u);
    ASSERT_EQ(options[2].sackBlocks.size(), 2u);
    EXPECT_EQ(options[2].sackBlocks[0].left, 1001u);
    EXPECT_EQ(options[2].sackBlocks[0].right, 3001u);
    EXPECT_EQ(options[2].sackBlocks[1].left, 7001u);
    EXPECT_EQ(options[2].sackBlocks[1].right, 8001u);
}

TEST(DrillOptions, FastOpenAndMd5_KeepTheirHexDigits)
{
    auto options = Packet("+0 < S 0:10(10) win 32792 <FO 0123456789abcdef,FO,FOEXP 3021b9d8,"
                          "exp-FO,md5 000102030405060708090a0b0c0d0e0f,md5 valid>")
                       .tcp.options;
    ASSERT_EQ(options.size(), 6u);
    EXPECT_EQ(options[0].kind, TcpOptionKind::FAST_OPEN);
    EXPECT_EQ(options[0].data, "0123456789abcdef");
    EXPECT_EQ(options[1].kind, TcpOptionKind::FAST_OPEN);
    EXPECT_EQ(options[1].data, "");
    EXPECT_EQ(options[2].kind, TcpOptionKind::FAST_OPEN_EXP);
    EXPECT_EQ(options[2].data, "3021b9d8");
    EXPECT_EQ(options[3].kind, TcpOptionKind::FAST_OPEN_EXP);
    EXPECT_EQ(options[4].kind, TcpOptionKind::MD5);
    EXPECT_EQ(options[4].data, "000102030405060708090a0b0c0d0e0f");
    EXPECT_FALSE(options[4].md5Valid);
    EXPECT_TRUE(options[5].md5Valid);
}

TEST(DrillOptions, AccEcn_CountersInWireOrder)
{
    auto options =
        Packet("+0 < SW. 0:0(0) ack 1 win 100 <ECN e0b 1 ceb 0 e1b 2,ECN e1b 5,AccECN0 ee0b 7 "
               "eceb 8,exp-AccECN1>")
            .tcp.options;
    ASSERT_EQ(options.size(), 4u);
    EXPECT_EQ(options[0].kind, TcpOptionKind::ACCECN0);
    ASSERT_EQ(options[0].accEcnFields.size(), 3u);
    EXPECT_EQ(options[0].accEcnFields[0].counter, AccEcnCounter::E0B);
    EXPECT_EQ(options[0].accEcnFields[1].counter, AccEcnCounter::CEB);
    EXPECT_EQ(options[0].accEcnFields[2].counter, AccEcnCounter::E1B);
    EXPECT_EQ(options[0].accEcnFields[2].value, 2u);
    EXPECT_EQ(options[1].kind, TcpOptionKind::ACCECN1);
    ASSERT_EQ(options[1].accEcnFields.size(), 1u);
    EXPECT_EQ(options[1].accEcnFields[0].counter, AccEcnCounter::E1B);
    EXPECT_EQ(options[2].kind, TcpOptionKind::ACCECN0);
    EXPECT_EQ(options[2].accEcnFields.size(), 2u);
    EXPECT_EQ(options[3].kind, TcpOptionKind::EXP_ACCECN1);
    EXPECT_TRUE(options[3].accEcnFields.empty());

    ExpectMentions(ParseErrorOf("0 > S. 0:0(0) <ECN e0b 1 e1b 2>\n"),
                   {"t.pkt:1: ", "'e1b' out of order", "e0b, ceb, e1b"});
    ExpectMentions(ParseErrorOf("0 > S. 0:0(0) <ECN ceb 1>\n"), {"'e0b N' or 'e1b N' after ECN"});
}

TEST(DrillOptions, NplabOptions_TimestampFormsGenericAndTarr)
{
    auto options =
        Packet("+0 > S 0:0(0) <TS val ... ecr 7!,gen-30 0102,exp-abcd,exp-tarr 5>").tcp.options;
    ASSERT_EQ(options.size(), 4u);
    EXPECT_TRUE(options[0].tsValIgnored);
    EXPECT_TRUE(options[0].tsEcrAbsolute);
    EXPECT_EQ(options[0].tsEcr, 7u);
    EXPECT_EQ(options[1].kind, TcpOptionKind::GENERIC);
    EXPECT_EQ(options[1].value, 30u);
    EXPECT_EQ(options[1].data, "0102");
    EXPECT_EQ(options[2].kind, TcpOptionKind::EXP_GENERIC);
    EXPECT_EQ(options[2].value, 0xabcdu);
    EXPECT_EQ(options[2].data, "");
    EXPECT_EQ(options[3].kind, TcpOptionKind::EXP_TARR);
    EXPECT_TRUE(options[3].hasValue);
    EXPECT_EQ(options[3].value, 5u);
}

TEST(DrillOptions, BadOptions_FailNamingTheOption)
{
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <mss 1460,timestamp 5>\n"),
                   {"t.pkt:1: ", "unknown TCP option 'timestamp'", "known: nop"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <FO 123>\n"), {"odd number of digits"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <FO " + std::string(78, 'a') + ">\n"),
                   {"39 bytes", "allows (38)"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <sack>\n"), {"expected a SACK block", "found '>'"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <mss 1460 sackOK>\n"),
                   {"expected ',' or '>' after a TCP option", "found 'sackOK'"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <>\n"), {"expected a TCP option", "found '>'"});
    ExpectMentions(ParseErrorOf("0 > S 0:0(0) <wscale 256>\n"), {"shift count", "256"});
}

// --- System calls and expressions ---

TEST(DrillSyscalls, SimpleArguments_IntegersSymbolsEllipsisAndStrings)
{
    SyscallEvent socket = Call("+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
    EXPECT_EQ(socket.name, "socket");
    ASSERT_EQ(socket.arguments.size(), 3u);
    EXPECT_EQ(socket.arguments[0].kind, Expression::Kind::ELLIPSIS);
    EXPECT_TRUE(socket.arguments[1].IsSymbol("SOCK_STREAM"));
    EXPECT_EQ(socket.result.kind, Expression::Kind::INTEGER);
    EXPECT_EQ(socket.result.integer, 3);
    EXPECT_TRUE(socket.errnoName.empty());
    EXPECT_TRUE(socket.note.empty());

    SyscallEvent write = Call("+0 write(4, \"ab\" \"cd\", -1, 0x10, \"x\"...) = 0");
    ASSERT_EQ(write.arguments.size(), 5u);
    EXPECT_EQ(write.arguments[1].kind, Expression::Kind::STRING);
    EXPECT_EQ(write.arguments[1].text, "abcd");
    EXPECT_FALSE(write.arguments[1].stringPrefix);
    EXPECT_EQ(write.arguments[2].integer, -1);
    EXPECT_FALSE(write.arguments[2].hex);
    EXPECT_EQ(write.arguments[3].integer, 16);
    EXPECT_TRUE(write.arguments[3].hex);
    EXPECT_TRUE(write.arguments[4].stringPrefix);

    EXPECT_TRUE(Call("+0 getpid() = ...").arguments.empty());
}

TEST(DrillSyscalls, ArraysStructsAssignmentsAndOr)
{
    SyscallEvent fcntl = Call("+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK | O_CLOEXEC) = 0");
    const Expression& flags = fcntl.arguments[2];
    ASSERT_EQ(flags.kind, Expression::Kind::BINARY);
    EXPECT_EQ(flags.text, "|");
    EXPECT_TRUE(flags.children[1].IsSymbol("O_CLOEXEC"));
    ASSERT_EQ(flags.children[0].kind, Expression::Kind::BINARY);
    EXPECT_TRUE(flags.children[0].children[0].IsSymbol("O_RDWR"));

    SyscallEvent linger =
        Call("+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
    const Expression& value = linger.arguments[3];
    ASSERT_EQ(value.kind, Expression::Kind::STRUCT);
    ASSERT_NE(value.Field("onoff"), nullptr);
    EXPECT_EQ(value.Field("onoff")->integer, 1);
    EXPECT_EQ(value.Field("linger")->integer, 0);
    EXPECT_EQ(value.Field("missing"), nullptr);

    SyscallEvent poll = Call("+0 poll([{fd=3, events=POLLIN|POLLOUT, revents=POLLOUT}], 1, 0) = 1");
    const Expression& array = poll.arguments[0];
    ASSERT_EQ(array.kind, Expression::Kind::ARRAY);
    ASSERT_EQ(array.children.size(), 1u);
    const Expression* events = array.children[0].Field("events");
    ASSERT_NE(events, nullptr);
    EXPECT_EQ(events->kind, Expression::Kind::BINARY);

    SyscallEvent getsockopt = Call("+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0");
    EXPECT_EQ(getsockopt.arguments[3].kind, Expression::Kind::ARRAY);
    EXPECT_EQ(getsockopt.arguments[3].children[0].integer, 0);
    EXPECT_TRUE(Call("+0 poll([], 0, 0) = 0").arguments[0].children.empty());

    SyscallEvent iovec = Call("+0 writev(4, [{..., 10}, {..., 20}], 2) = 30");
    EXPECT_EQ(iovec.arguments[1].children[1].kind, Expression::Kind::STRUCT);
    EXPECT_EQ(iovec.arguments[1].children[1].children[1].integer, 20);
}

TEST(DrillSyscalls, CallsAndMessageHeaders)
{
    SyscallEvent bind = Call("+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), "
                             "sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0");
    const Expression& address = bind.arguments[1];
    const Expression* port = address.Field("sin_port");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(port->kind, Expression::Kind::CALL);
    EXPECT_EQ(port->text, "htons");
    EXPECT_EQ(port->children[0].integer, 8080);
    EXPECT_EQ(address.Field("sin_addr")->children[0].text, "192.0.2.1");

    SyscallEvent sendmsg = Call("+0 sendmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 100}], "
                                "msg_flags=0}, MSG_ZEROCOPY) = 100");
    const Expression& message = sendmsg.arguments[1];
    const Expression* iov = message.Field("msg_iov");
    ASSERT_NE(iov, nullptr);
    EXPECT_EQ(iov->kind, Expression::Kind::ARRAY);
    const Expression& iovLeft = message.children[1].children[0];
    EXPECT_EQ(iovLeft.kind, Expression::Kind::CALL);
    EXPECT_EQ(iovLeft.children[0].integer, 1);
    EXPECT_EQ(message.Field("msg_name")->kind, Expression::Kind::ELLIPSIS);
}

TEST(DrillSyscalls, ResultErrnoAndNote)
{
    SyscallEvent connect =
        Call("+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
    EXPECT_EQ(connect.result.integer, -1);
    EXPECT_EQ(connect.errnoName, "EINPROGRESS");
    EXPECT_EQ(connect.note, "Operation now in progress");

    SyscallEvent fcntl = Call("+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)");
    EXPECT_EQ(fcntl.result.integer, 2);
    EXPECT_TRUE(fcntl.result.hex);
    EXPECT_TRUE(fcntl.errnoName.empty());
    EXPECT_EQ(fcntl.note, "flags O_RDWR");

    SyscallEvent bare = Call("+0 read(4, ..., 10) = -1 EAGAIN");
    EXPECT_EQ(bare.errnoName, "EAGAIN");
    EXPECT_TRUE(bare.note.empty());

    SyscallEvent symbol = Call("+0 ioctl(4, SIOCINQ, [1000]) = POLLIN (a  note\n spread)");
    EXPECT_TRUE(symbol.result.IsSymbol("POLLIN"));
    EXPECT_EQ(symbol.note, "a note spread");
}

TEST(DrillSyscalls, GreHeaderAndMplsStackInBraces_BecomeStructs)
{
    SyscallEvent gre =
        Call("+0 setsockopt(3, SOL_IP, 1, {flags [key present] sum 0 off 0 key 9 seq 2}, 16) = 0");
    const Expression& header = gre.arguments[3];
    ASSERT_EQ(header.kind, Expression::Kind::STRUCT);
    EXPECT_EQ(header.Field("flags")->integer, 0x2000);
    EXPECT_EQ(header.Field("key")->integer, 9);
    EXPECT_EQ(header.Field("seq")->integer, 2);

    SyscallEvent mpls = Call("+0 setsockopt(3, 1, 2, {(label 5, tc 0, ttl 9) (label 6, tc 1, "
                             "[S], ttl 8)}, 8) = 0");
    const Expression& stack = mpls.arguments[3];
    ASSERT_EQ(stack.children.size(), 2u);
    EXPECT_EQ(stack.children[0].Field("label")->integer, 5);
    EXPECT_EQ(stack.children[0].Field("bottom")->integer, 0);
    EXPECT_EQ(stack.children[1].Field("bottom")->integer, 1);
}

TEST(DrillSyscalls, Malformed_FailsNamingLineAndToken)
{
    ExpectMentions(ParseErrorOf("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                                "+0 close(3) 0\n"),
                   {"t.pkt:2: ",
                    "expected '=' and the expected result after close(...)",
                    "found '0'",
                    "column 13"});
    ExpectMentions(ParseErrorOf("0 close(3 0) = 0\n"),
                   {"t.pkt:1: ", "',' or ')' after an argument of close()", "found '0'"});
    ExpectMentions(ParseErrorOf("0 poll([{fd=3}, 1, 0) = 0\n"),
                   {"',' or ']' in an array", "found ')'"});
    ExpectMentions(ParseErrorOf("0 f(3=4) = 0\n"), {"'=' after 3", "only a name"});
    ExpectMentions(ParseErrorOf("0 f(<) = 0\n"), {"expected an expression", "found '<'"});
    ExpectMentions(ParseErrorOf("0 f(1) = -1 EAGAIN (unclosed\n"), {"unterminated note"});
    ExpectMentions(ParseErrorOf("0 f(" + std::string(500, '[') + ") = 0\n"),
                   {"t.pkt:1: ", "nested more than 100 levels"});
    std::string chain;
    for (int i = 0; i < 500; ++i)
    {
        chain += "a=";
    }
    ExpectMentions(ParseErrorOf("0 f(" + chain + "1) = 0\n"), {"nested more than 100 levels"});
}

// --- Errors ---

TEST(DrillErrors, Message_StartsWithFileAndLineAndNamesTheToken)
{
    try
    {
        Parse("--mss=1000\n"
              "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
              "+0 > S. 0:0(0) ack 1 wiin 100\n");
        FAIL() << "no error";
    }
    catch (const ParseError& error)
    {
        std::string what = error.what();
        EXPECT_EQ(what.rfind("t.pkt:3: ", 0), 0u) << what;
        ExpectMentions(what, {"win N, urg N or TCP options <...>", "found 'wiin'"});
        EXPECT_EQ(error.FileName(), "t.pkt");
        EXPECT_EQ(error.Line(), 3);
        EXPECT_EQ(error.Column(), 22);
    }
}

TEST(DrillErrors, MisplacedScriptParts_FailSayingWhy)
{
    ExpectMentions(ParseErrorOf("// only a comment\n"), {"t.pkt:2: ", "expected an event"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n--mss=1000\n"),
                   {"t.pkt:2: ", "option --mss after the first event"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\n`x`\n+0 close(4) = 0\n"),
                   {"t.pkt:2: ", "shell command without a time"});
    ExpectMentions(ParseErrorOf("0 frobnicate\n"),
                   {"t.pkt:1: ", "a packet ('<' or '>'), a system call", "found 'frobnicate'"});
    ExpectMentions(ParseErrorOf("0 close(3) = 0\nfoo\n"), {"t.pkt:2: ", "expected an event time"});
}

TEST(DrillErrors, ParseFile_ReadsTheFileAndNamesIt)
{
    fs::path path = fs::temp_directory_path() / "synfin-drill-parser-test.pkt";
    {
        std::ofstream out(path);
        out << "--tolerance_usecs=10000\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(\n";
    }
    std::string message = ErrorOf([&] { ParseFile(path.string()); });
    EXPECT_EQ(message.rfind(path.string() + ":4: ", 0), 0u) << message;
    {
        std::ofstream out(path);
        out << "0 close(3) = 0\n";
    }
    Script script = ParseFile(path.string());
    EXPECT_EQ(script.fileName, path.string());
    EXPECT_EQ(script.events.size(), 1u);
    fs::remove(path);
    ExpectMentions(ErrorOf([&] { ParseFile(path.string()); }), {path.string() + ": cannot read"});
}

// --- Printing ---

TEST(DrillPrint, Expressions_AndTimes)
{
    SyscallEvent call = Call("+0 f(0x1f, -2, \"a\"..., {x=[1, 2], y=A|B}, g(...)) = 0");
    EXPECT_EQ(ToString(call), "f(0x1f, -2, \"a\"..., {x=[1, 2], y=A|B}, g(...)) = 0");
    EXPECT_EQ(FormatSeconds(0), "0");
    EXPECT_EQ(FormatSeconds(100000), "0.1");
    EXPECT_EQ(FormatSeconds(2000005), "2.000005");
    EXPECT_EQ(FormatSeconds(3000000), "3");
    EventTime range;
    range.kind = TimeKind::RELATIVE_RANGE;
    range.usecs = 20000;
    range.endUsecs = 1100000;
    EXPECT_EQ(ToString(range), "+0.02~+1.1");
}

TEST(DrillPrint, Events_AsPacketdrillWritesThem)
{
    EXPECT_EQ(ToString(Second("+.1...0.400 accept(3, ..., ...) = 4")),
              "+0.1...0.4 accept(3, ..., ...) = 4");
    EXPECT_EQ(ToString(Second("+0  >  [ect0]  P.   1:1001(1000)  ack  1  <nop,nop>")),
              "+0 > [ect0] P. 1:1001(1000) ack 1 <nop,nop>");
    EXPECT_EQ(ToString(Second("* > (tos 0x20, ttl 4) F . 1:1(0) ack 1 <...>")),
              "* > (tos 0x20, ttl 4) F. 1:1(0) ack 1 <...>");
    EXPECT_EQ(ToString(Second("0.5 < icmp unreachable port_unreachable [0:0(0)]")),
              "0.5 < icmp unreachable port_unreachable [0:0(0)]");
    EXPECT_EQ(ToString(Second("+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in "
                              "progress)")),
              "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
}

TEST(DrillPrint, WholeScript_ReadsBackToTheSameScript)
{
    const std::string text =
        "--tolerance_usecs=10000\n"
        "--define=NAME=\"two words\"\n"
        "--comment=\"a b\"\n"
        "`defaults.sh`\n"
        "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
        "+0 bind(3, ..., ...) = 0\n"
        "+0 listen(3, 1) = 0\n"
        "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 1 ecr 0,nop,wscale 7,FO 0011>\n"
        "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
        "+.1 < . 1:1(0) ack 1 win 257\n"
        "+0...0.2 accept(3, ..., ...) = 4\n"
        "#ifdef FreeBSD\n"
        "+0 > [ect01] . 1:1(0) ack 1 <...>\n"
        "#endif\n"
        "+0 < [ce] EAP. 1:1001(1000) ack 1 win 264 <ECN e0b 1 ceb 0 e1b 1,nop,exp-AccECN0 ee0b 3>\n"
        "+0~+0.04 > . 1:1(0) ack 1001 <nop,nop,sack 1:2 3:4>\n"
        "+0 > R. 0:0(0)! ack 2 win 0/udp(9811 > 1)\n"
        "+0 < encap psp spi 7 8080 > 80 . 1:1(0) ack 1 win 100 urg 0\n"
        "+0 < ipv4 192.0.2.1 > 192.168.0.1: gre flags 0x2000 sum 0 off 0 key 1 seq 0: "
        "mpls (label 1, tc 0, [S], ttl 4): udp 1 > 2 (10)\n"
        "+0 < ipv6 fd3d::1 > fd3d::2 : icmp unreachable frag_needed mtu 1200 id 3 [udp (8)]\n"
        "+0 < udplite (10, 8)\n"
        "+0 sendmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 10}], msg_flags=0}, 0) = 10\n"
        "+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n"
        "+0 `echo hi`\n"
        "+0 %{ assert tcpi_ca_state == 0 }%\n"
        "`cleanup`\n";
    Script script = Parse(text);
    std::string printed = ToString(script);
    Script again = ParseScript(printed, "printed.pkt");
    EXPECT_EQ(ToString(again), printed);
    EXPECT_EQ(again.events.size(), script.events.size());
    EXPECT_EQ(again.options[1].value, "NAME=\"two words\"");
    EXPECT_EQ(again.options[2].value, "a b");
    EXPECT_NE(printed.find("#ifdef FreeBSD\n+0 > [ect01] . 1:1(0) ack 1 <...>\n#endif\n"),
              std::string::npos)
        << printed;
}

} // namespace
