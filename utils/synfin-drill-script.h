/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_DRILL_SCRIPT_H
#define SYNFIN_DRILL_SCRIPT_H

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup synfin
 * A packetdrill script as data, for synfin-drill's parser (synfin-drill-parser.h) and its
 * executor.
 *
 * packetdrill (google/packetdrill, and the nplab fork the FreeBSD tcp-testsuite runs on) reads
 * a script of events, one after the other, each with a time:
 *
 *     --tolerance_usecs=10000            options of the run
 *     `sysctl -q net.ipv4.tcp_sack=1`    an initial shell command
 *     0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
 *     +0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop>
 *     +0  > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK>
 *     +.1 %{ assert tcpi_snd_cwnd == 10 }%
 *
 * These types keep what the script says, checked for form (numbers in range, a TCP sequence
 * range whose end is its start plus its length, '*' times on expected packets only) but not
 * interpreted: symbols such as SOL_SOCKET stay names, times stay as written relative to
 * whatever they are relative to, and packets that synfin cannot run (UDP, ICMP, tunnels)
 * are kept with their kind so that the executor can refuse them by name.
 *
 * Numbers that the script gives in seconds are kept in microseconds, as packetdrill keeps
 * them; decimal digits beyond the sixth are dropped.
 */

namespace synfin_drill
{

/**
 * \ingroup synfin
 * A script that cannot be read: a malformed or unknown construct, a number out of range, a
 * file that cannot be opened. what() is "FILE:LINE: MESSAGE" ("FILE: MESSAGE" when no line
 * applies), the message saying what was expected and what was found instead.
 */
class ParseError : public std::runtime_error
{
  public:
    /**
     * \param fileName the script's name as given to the parser
     * \param line 1-based line of the offending text, 0 if none applies
     * \param column 1-based column of the offending text, 0 if none applies
     * \param message what is wrong, without the file and line
     */
    ParseError(const std::string& fileName, int line, int column, const std::string& message);

    /// \return the script's name as given to the parser
    const std::string& FileName() const;
    /// \return the 1-based line of the offending text, 0 if none applies
    int Line() const;
    /// \return the 1-based column of the offending text, 0 if none applies
    int Column() const;
    /// \return what is wrong, without the file and line
    const std::string& Message() const;

  private:
    std::string m_fileName; //!< the script's name
    int m_line;             //!< 1-based line, 0 if none
    int m_column;           //!< 1-based column, 0 if none
    std::string m_message;  //!< what is wrong
};

// ------------------------------------------------------------------------------------------
// Expressions: the arguments and results of system calls.
// ------------------------------------------------------------------------------------------

/**
 * \ingroup synfin
 * One node of the expression tree that a system call's arguments and expected result are
 * made of. packetdrill's special forms (sockaddr, msghdr, iovec, pollfd, linger, cmsg, epoll
 * events...) are all written with the same few shapes, and are kept in those shapes here for
 * the executor to interpret:
 *
 * | written                               | kind       | fields                            |
 * |---------------------------------------|------------|-----------------------------------|
 * | `3`, `-1`, `0x2`                      | INTEGER    | integer, hex                      |
 * | `...`                                 | ELLIPSIS   | (any value; the tool picks one)   |
 * | `SOL_SOCKET`, `NULL`                  | SYMBOL     | text = the name                   |
 * | `"abc"`, `"ab" "c"`, `"abc"...`       | STRING     | text, stringPrefix                |
 * | `O_RDWR\|O_NONBLOCK`                  | BINARY     | text "\|", children {lhs, rhs}    |
 * | `fd=3`, `msg_iov(1)=[...]`            | ASSIGNMENT | children = {name, value}          |
 * | `[1]`, `[]`, `[{fd=4, events=...}]`   | ARRAY      | children = the elements           |
 * | `{..., 1000}`, `{onoff=1, linger=0}`  | STRUCT     | children = the elements           |
 * | `htons(8080)`, `inet_addr("1.2.3.4")` | CALL       | text = the name, children = args  |
 *
 * `|` chains are left-associative (`a|b|c` is `(a|b)|c`); `=` binds last (`events=A|B` is
 * `events=(A|B)`). Adjacent strings are joined into one STRING. packetdrill's GRE header
 * `{flags [...] sum N off N key N seq N}` becomes a STRUCT of the ASSIGNMENTs flags=, sum=,
 * off=, key=, seq= (integers), and an MPLS stack `{(label N, tc N, [S], ttl N) ...}` a STRUCT
 * of STRUCTs {label=N, tc=N, bottom=0|1, ttl=N}.
 */
struct Expression
{
    /// What the node is; see the table above.
    enum class Kind
    {
        INTEGER,
        ELLIPSIS,
        SYMBOL,
        STRING,
        BINARY,
        ASSIGNMENT,
        ARRAY,
        STRUCT,
        CALL,
    };

    Kind kind = Kind::ELLIPSIS; //!< what the node is
    /// INTEGER: the value; a hexadecimal literal above INT64_MAX keeps its 64 bits (wraps)
    std::int64_t integer = 0;
    bool hex = false; //!< INTEGER: written in hexadecimal (0x...), so printed back that way
    /// SYMBOL: the name; STRING: the characters between the quotes, escapes (\") kept as
    /// written; BINARY: the operator ("|"); CALL: the function's name
    std::string text;
    /// STRING: followed by "..." in the script: any string starting with \p text matches
    bool stringPrefix = false;
    /// BINARY and ASSIGNMENT: {left, right}; ARRAY and STRUCT: the elements; CALL: the
    /// arguments
    std::vector<Expression> children;
    int line = 0;   //!< 1-based line where the expression starts
    int column = 0; //!< 1-based column where the expression starts

    /// \return true if this is the SYMBOL \p name
    bool IsSymbol(const std::string& name) const;

    /**
     * \brief The value given to a named field of a STRUCT.
     * \param name the field: an element `name=value` or `name(...)=value` of this STRUCT
     * \return the value (the ASSIGNMENT's right side), or nullptr if this is no STRUCT or
     *         has no such field
     */
    const Expression* Field(const std::string& name) const;
};

// ------------------------------------------------------------------------------------------
// Event times.
// ------------------------------------------------------------------------------------------

/// \ingroup synfin
/// How an event's time is given.
enum class TimeKind
{
    ABSOLUTE,       //!< `0.100`: seconds since the script's start
    RELATIVE,       //!< `+0.1`, `+.1`: seconds after the previous event
    ANY,            //!< `*`: whenever it happens (expected packets only)
    ABSOLUTE_RANGE, //!< `0.1~0.2`: between two absolute times (expected packets only)
    RELATIVE_RANGE, //!< `+0.1~+0.2`: between two times after the previous event (likewise)
};

/**
 * \ingroup synfin
 * An event's time as written. packetdrill anchors a relative time to the previous event's
 * scripted time when both are exact (not '*' or a range), and otherwise to the moment the
 * previous event actually happened.
 */
struct EventTime
{
    TimeKind kind = TimeKind::ABSOLUTE; //!< how the time is given
    std::int64_t usecs = 0;             //!< the time, or a range's start; 0 for ANY
    std::int64_t endUsecs = 0;          //!< a range's end (>= usecs); 0 otherwise
};

// ------------------------------------------------------------------------------------------
// Packets.
// ------------------------------------------------------------------------------------------

/// \ingroup synfin
/// Which way a packet goes, seen from the stack under test.
enum class Direction
{
    INBOUND,  //!< `<`: injected by the tool, received by the stack under test
    OUTBOUND, //!< `>`: expected from the stack under test
};

/// \ingroup synfin
/// The innermost protocol of a packet event.
enum class PacketKind
{
    TCP,     //!< a TCP segment (the only kind synfin-drill runs)
    UDP,     //!< `udp (LENGTH)`
    UDPLITE, //!< `udplite (LENGTH, COVERAGE)` (nplab)
    ICMP,    //!< `icmp TYPE [CODE] ...`
};

/// \ingroup synfin
/// The ECN codepoint of a packet's IP header, as an IP annotation gives it.
enum class Ecn
{
    UNSPECIFIED, //!< no ECN annotation: packetdrill's defaults apply
    NOT_ECT,     //!< `noecn`
    ECT0,        //!< `ect0`
    ECT1,        //!< `ect1`
    CE,          //!< `ce`
    ECT01,       //!< `ect01`: either ECT(0) or ECT(1) (expected packets only)
};

/**
 * \ingroup synfin
 * IP header fields given in `(...)` or `[...]` after the direction (or after `ipv4`/`ipv6`
 * of an encapsulating header), comma-separated: `[ect0]`, `(tos 0x20)`, `(ttl 3)`,
 * `(class 0x28)`, `(hlim 4)`, `(flowlabel 0x12345)`, `(dscp af11, ecn ce)`. Fields not
 * given are left to packetdrill's defaults.
 */
struct IpInfo
{
    Ecn ecn = Ecn::UNSPECIFIED;               //!< `noecn`, `ect0`, ... or `ecn ect0` (nplab)
    std::optional<std::uint8_t> tos;          //!< `tos 0xNN`: the whole TOS byte (IPv4)
    std::optional<std::uint8_t> trafficClass; //!< `class 0xNN`: the traffic class (IPv6)
    std::optional<std::uint8_t> dscp;         //!< `dscp 0xNN` or `dscp af11` (nplab): 0-63
    std::optional<std::uint32_t> flowLabel;   //!< `flowlabel 0xNNNNN` (IPv6, 20 bits)
    std::optional<std::uint8_t> ttl;          //!< `ttl N` (IPv4)
    std::optional<std::uint8_t> hopLimit;     //!< `hlim N` (IPv6, nplab)

    /// \return true if no field is given
    bool IsEmpty() const;
};

/// \ingroup synfin
/// One MPLS label stack entry: `(label N, tc N, [S], ttl N)`.
struct MplsLabel
{
    std::uint32_t label = 0;       //!< the 20-bit label
    std::uint8_t trafficClass = 0; //!< the 3-bit traffic class
    bool bottomOfStack = false;    //!< `[S]` given
    std::uint8_t ttl = 0;          //!< time to live
};

/**
 * \ingroup synfin
 * A GRE header's fields. `gre :` gives none (hasFields false); otherwise all five are given:
 * `gre flags [checksum present, key present] sum 0 off 0 key 7 seq 0 :` or `flags 0x2000`.
 */
struct GreHeader
{
    bool hasFields = false;     //!< the fields below were given
    std::uint16_t flags = 0;    //!< C 0x8000 (checksum present), K 0x2000, S 0x1000, ...
    std::uint16_t sum = 0;      //!< checksum
    std::uint16_t offset = 0;   //!< offset
    std::uint32_t key = 0;      //!< key
    std::uint32_t sequence = 0; //!< sequence number
};

/**
 * \ingroup synfin
 * A header that a packet event puts around its innermost packet (packetdrill's tunnel
 * syntax): `< ipv4 192.0.2.1 > 192.168.0.1: gre: S 0:0(0) ...`.
 */
struct EncapsulationLayer
{
    /// The header's protocol.
    enum class Kind
    {
        IPV4, //!< `ipv4 [IP-INFO] SRC > DST :`
        IPV6, //!< `ipv6 [IP-INFO] SRC > DST :`
        GRE,  //!< `gre [FIELDS] :`
        MPLS, //!< `mpls (label ...) ... :`
    };

    Kind kind = Kind::IPV4;      //!< the header's protocol
    IpInfo ip;                   //!< IPV4, IPV6: the header's annotated fields
    std::string source;          //!< IPV4, IPV6: source address as written
    std::string destination;     //!< IPV4, IPV6: destination address as written
    GreHeader gre;               //!< GRE: its fields
    std::vector<MplsLabel> mpls; //!< MPLS: the label stack, outermost first
};

/**
 * \ingroup synfin
 * A TCP segment's flags as written: letters from `FSRP.EWAU`, or `-` for none, with at most
 * one ACE digit `0`-`7` (AccECN) instead of E, W and A. `S.` is SYN+ACK, `FP.` FIN+PSH+ACK.
 */
struct TcpFlags
{
    std::string text; //!< as written ("S.", "P.", "SEWA", "-")
    bool fin = false; //!< F
    bool syn = false; //!< S
    bool rst = false; //!< R
    bool psh = false; //!< P
    bool ack = false; //!< . (the ACK flag)
    bool urg = false; //!< U
    bool ece = false; //!< E
    bool cwr = false; //!< W
    bool ae = false;  //!< A (AccECN's AE bit)
    /// an ACE digit 0-7: the three bits AE, CWR, ECE as one AccECN counter value
    std::optional<int> ace;
};

/**
 * \ingroup synfin
 * A TCP sequence range `START:END(LENGTH)`: the segment's sequence number and payload bytes,
 * relative to the initial sequence number of its sender (END = START + LENGTH).
 */
struct SequenceRange
{
    std::uint32_t start = 0;  //!< first sequence number
    std::uint32_t end = 0;    //!< START + LENGTH
    std::uint16_t length = 0; //!< payload bytes
    /// `START:END(LENGTH)!` (nplab): the numbers are absolute, not relative to the ISN
    bool absolute = false;
    /// `...(LENGTH)` (nplab): the sequence number is not checked; start and end are 0
    bool ignored = false;
};

/// \ingroup synfin
/// What a TCP option is; the names after each are the script's words.
enum class TcpOptionKind
{
    NOP,            //!< `nop`
    EOL,            //!< `eol`
    MSS,            //!< `mss N`
    WINDOW_SCALE,   //!< `wscale N`
    SACK_PERMITTED, //!< `sackOK`
    SACK,           //!< `sack L:R L:R ...`
    TIMESTAMP,      //!< `TS val N ecr N`
    MD5,            //!< `md5 HEX` or `md5 valid` (nplab)
    FAST_OPEN,      //!< `FO [COOKIE]` (kind 34)
    FAST_OPEN_EXP,  //!< `FOEXP [COOKIE]`, `EXP-FO`/`exp-FO` (nplab): experimental kind 254
    ACCECN0,        //!< `ECN e0b N [ceb N [e1b N]]` or `AccECN0 [ee0b N] ...` (nplab)
    ACCECN1,        //!< `ECN e1b N [ceb N [e0b N]]` or `AccECN1 [ee1b N] ...` (nplab)
    EXP_ACCECN0,    //!< `exp-AccECN0 ...` (nplab): the experimental AccECN option
    EXP_ACCECN1,    //!< `exp-AccECN1 ...` (nplab)
    EXP_TARR,       //!< `exp-tarr [N]` (nplab): the experimental ACK rate request
    GENERIC,        //!< `gen-KIND [HEX]` (nplab): any option kind with raw data
    EXP_GENERIC,    //!< `exp-EXID [HEX]` (nplab): an experimental option with raw data
};

/// \ingroup synfin
/// One SACK block `LEFT:RIGHT`, relative to the initial sequence number like the segment's.
struct SackBlock
{
    std::uint32_t left = 0;  //!< first sequence number of the block
    std::uint32_t right = 0; //!< the sequence number after the block
};

/// \ingroup synfin
/// An AccECN option's byte counter.
enum class AccEcnCounter
{
    E0B, //!< `e0b` / `ee0b`: bytes of ECT(0) packets
    CEB, //!< `ceb` / `eceb`: bytes of CE packets
    E1B, //!< `e1b` / `ee1b`: bytes of ECT(1) packets
};

/// \ingroup synfin
/// One counter of an AccECN option and its value (a 24-bit field).
struct AccEcnField
{
    AccEcnCounter counter = AccEcnCounter::E0B; //!< which counter
    std::uint32_t value = 0;                    //!< its value
};

/**
 * \ingroup synfin
 * One TCP option of a packet event's option list. Only the fields of its kind are set.
 */
struct TcpOption
{
    TcpOptionKind kind = TcpOptionKind::NOP; //!< what the option is
    /// MSS: the segment size; WINDOW_SCALE: the shift count; EXP_TARR: the rate (if
    /// hasValue); GENERIC: the option kind; EXP_GENERIC: the 16-bit experiment id
    std::uint32_t value = 0;
    bool hasValue = false;             //!< EXP_TARR: a rate was given
    std::vector<SackBlock> sackBlocks; //!< SACK: the blocks in order
    std::uint32_t tsVal = 0;           //!< TIMESTAMP: TSval
    std::uint32_t tsEcr = 0;           //!< TIMESTAMP: TSecr
    bool tsValIgnored = false;         //!< TIMESTAMP: `val ...` (nplab): TSval not checked
    bool tsEcrAbsolute = false;        //!< TIMESTAMP: `ecr N!` (nplab): N as is, not scaled
    /// FAST_OPEN, FAST_OPEN_EXP: the cookie (may be empty); MD5: the digest; GENERIC,
    /// EXP_GENERIC: the data; each as hexadecimal digits as written
    std::string data;
    bool md5Valid = false;                 //!< MD5: `md5 valid` (nplab): the correct digest
    std::vector<AccEcnField> accEcnFields; //!< ACCECN*, EXP_ACCECN*: counters in wire order
    int line = 0;                          //!< 1-based line of the option's name
    int column = 0;                        //!< 1-based column of the option's name
};

/// \ingroup synfin
/// What a TCP packet event says about the segment's options.
enum class TcpOptionsMode
{
    ABSENT,   //!< no `<...>` list: the segment carries no options
    WILDCARD, //!< `<...>`: the options are not checked (expected packets only)
    LIST,     //!< `<opt, opt, ...>`: exactly these options
};

/// \ingroup synfin
/// A pair of port numbers `SRC > DST` given in a packet event.
struct PortPair
{
    std::uint16_t source = 0;      //!< source port
    std::uint16_t destination = 0; //!< destination port
};

/// \ingroup synfin
/// nplab's RST diagnostic payload `[code N, pen N]` after a TCP segment.
struct RstDiagnostic
{
    std::uint16_t code = 0;       //!< the cause code
    std::uint32_t enterprise = 0; //!< the private enterprise number
};

/**
 * \ingroup synfin
 * A TCP segment: `FLAGS START:END(LENGTH) [ack N] [win N] [urg N] [<OPTIONS>]`, with nplab's
 * `[code N, pen N]` and `/udp(SRC > DST)` (TCP over UDP) after it.
 */
struct TcpSegment
{
    TcpFlags flags;                                      //!< the flags
    SequenceRange sequence;                              //!< sequence number and payload length
    std::optional<std::uint32_t> ack;                    //!< `ack N`: the acknowledgment number
    std::optional<std::uint16_t> window;                 //!< `win N`: the window field
    std::optional<std::uint16_t> urgentPointer;          //!< `urg N`: the urgent pointer
    TcpOptionsMode optionsMode = TcpOptionsMode::ABSENT; //!< options absent, wildcard or list
    std::vector<TcpOption> options;                      //!< LIST: the options in order
    std::optional<RstDiagnostic> rstDiagnostic;          //!< `[code N, pen N]` (nplab)
    std::optional<PortPair> udpEncapsulation;            //!< `/udp(SRC > DST)` (nplab)
};

/// \ingroup synfin
/// A UDP or UDP-Lite datagram: `udp [SRC > DST] (LENGTH)`, `udplite (LENGTH, COVERAGE)`.
struct UdpDatagram
{
    std::uint16_t length = 0;           //!< payload bytes
    std::uint16_t checksumCoverage = 0; //!< UDPLITE: the checksum coverage
};

/// \ingroup synfin
/// The protocol of the packet an ICMP error message quotes.
enum class EchoedProtocol
{
    TCP,     //!< `[START:END(LENGTH)]`, and the default when nothing is given
    UDP,     //!< `[udp (LENGTH)]`
    UDPLITE, //!< `[udplite (LENGTH, COVERAGE)]` (nplab)
    SCTP,    //!< `[sctp (LENGTH)]` (nplab)
    RAW,     //!< `[raw (LENGTH)]`
};

/// \ingroup synfin
/// The packet an ICMP error quotes: `[0:0(0)]`, `[udp (100)]`, ...
struct IcmpEchoed
{
    bool given = false;                            //!< a `[...]` was written
    EchoedProtocol protocol = EchoedProtocol::TCP; //!< its protocol
    SequenceRange sequence;                        //!< TCP: its sequence range
    std::uint16_t length = 0;                      //!< UDP, UDPLITE, SCTP, RAW: its length
    std::uint16_t checksumCoverage = 0;            //!< UDPLITE: its checksum coverage
    std::optional<PortPair> udpEncapsulation;      //!< TCP, SCTP: `/udp(SRC > DST)` (nplab)
};

/// \ingroup synfin
/// An ICMP message: `icmp TYPE [CODE] [mtu N] [id N] [ECHOED]`, type and code as named
/// by packetdrill (`unreachable frag_needed`, `time_exceeded ttl_exceeded_in_transit`).
struct IcmpMessage
{
    std::string type;                    //!< the type's name
    std::string code;                    //!< the code's name, empty if not given
    std::optional<std::uint16_t> mtu;    //!< `mtu N`: the next-hop MTU
    std::optional<std::uint16_t> echoId; //!< `id N`: the echo identifier
    IcmpEchoed echoed;                   //!< the quoted packet
};

/**
 * \ingroup synfin
 * A packet event: `< ...` injects a packet, `> ...` expects one. Only the member of the
 * packet's kind (tcp, udp or icmp) is meaningful.
 */
struct PacketEvent
{
    Direction direction = Direction::INBOUND;      //!< injected or expected
    PacketKind kind = PacketKind::TCP;             //!< the innermost protocol
    std::vector<EncapsulationLayer> encapsulation; //!< headers around it, outermost first
    IpInfo ip;                                     //!< the packet's own IP header annotations
    std::optional<std::uint32_t> pspSpi;           //!< TCP: `encap psp spi N` (google)
    std::optional<PortPair> ports;                 //!< `SRC > DST` ports, if given
    TcpSegment tcp;                                //!< TCP: the segment
    UdpDatagram udp;                               //!< UDP, UDPLITE: the datagram
    IcmpMessage icmp;                              //!< ICMP: the message
};

// ------------------------------------------------------------------------------------------
// System calls, shell commands, code.
// ------------------------------------------------------------------------------------------

/**
 * \ingroup synfin
 * A system call and what it must return: `[...END] NAME(ARGS) = RESULT [ERRNO] [(NOTE)]`,
 * e.g. `connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)` or
 * `fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)`.
 */
struct SyscallEvent
{
    std::string name;                  //!< the call's name
    std::vector<Expression> arguments; //!< its arguments, in order
    Expression result;                 //!< the expected return value
    /// `+0...0.5 accept(...)`: a call expected to block until this time. It is given like
    /// the event's time: absolute for an absolute event time, and for a relative one
    /// relative to the same previous event (`+.1...0.4` returns 0.4 s after the previous
    /// event, having started 0.1 s after it).
    std::optional<std::int64_t> endUsecs;
    std::string errnoName; //!< the expected errno's name (EINPROGRESS), empty if none
    /// the parenthesized text after the result: errno's description, or a note such as
    /// "flags O_RDWR"; runs of white space become one space; empty if none
    std::string note;
};

/// \ingroup synfin
/// A shell command in backquotes: `` `sysctl -q net.ipv4.tcp_timestamps=0` ``.
struct CommandEvent
{
    std::string commandLine; //!< the text between the backquotes, as written
    int line = 0;            //!< 1-based line of the opening backquote
};

/// \ingroup synfin
/// A code block `%{ ... }%` (Python run by packetdrill after the script, on tcp_info).
struct CodeEvent
{
    std::string code; //!< the text between `%{` and `}%`, spaces and tabs trimmed at both ends
};

// ------------------------------------------------------------------------------------------
// Events and scripts.
// ------------------------------------------------------------------------------------------

/// \ingroup synfin
/// What an event does.
enum class EventKind
{
    PACKET,  //!< inject or expect a packet
    SYSCALL, //!< make a system call
    COMMAND, //!< run a shell command
    CODE,    //!< a code block
};

/**
 * \ingroup synfin
 * One timed line of the script (an event may span lines; it starts on the line of its time).
 * Only the member of its kind is meaningful.
 */
struct Event
{
    EventKind kind = EventKind::SYSCALL; //!< what the event does
    int line = 0;                        //!< 1-based line of the event's time
    int column = 0;                      //!< 1-based column of the event's time
    EventTime time;                      //!< when
    /// `#ifdef NAME` ... `#endif` (nplab): the event is part of the script only when NAME is
    /// defined (--define=NAME=... or -D NAME=...); empty outside any #ifdef
    std::string condition;
    PacketEvent packet;   //!< PACKET: the packet
    SyscallEvent syscall; //!< SYSCALL: the call
    CommandEvent command; //!< COMMAND: the shell command
    CodeEvent code;       //!< CODE: the code block
};

/// \ingroup synfin
/// An option line at the top of a script: `--tolerance_usecs=10000`, `--ip_version=ipv4`.
struct ScriptOption
{
    std::string name;      //!< without the leading "--"
    std::string value;     //!< as written (a string's text without its quotes); "" if none
    bool hasValue = false; //!< `=VALUE` was given
    int line = 0;          //!< 1-based line of the option
};

/**
 * \ingroup synfin
 * A whole script: options, an optional shell command run before the events, the events in
 * order and an optional shell command run after them.
 */
struct Script
{
    std::string fileName;                       //!< the name given to the parser
    std::vector<ScriptOption> options;          //!< options in order (a name may repeat)
    std::optional<CommandEvent> initCommand;    //!< an untimed command before the events
    std::vector<Event> events;                  //!< the events in script order
    std::optional<CommandEvent> cleanupCommand; //!< an untimed command after the events

    /// \return the last option named \p name (without "--"), or nullptr
    const ScriptOption* FindOption(const std::string& name) const;

    /// \return each option's name -> value; for a repeated name the last one
    std::map<std::string, std::string> OptionMap() const;
};

// ------------------------------------------------------------------------------------------
// Printing: packetdrill syntax that the parser reads back into the same data.
// ------------------------------------------------------------------------------------------

/// \return \p usecs as seconds without trailing zeros ("0", "0.1", "2.000005")
std::string FormatSeconds(std::int64_t usecs);
/// \return the time as written in a script ("0.1", "+0.1", "*", "0.1~0.2", "+0.1~+0.2")
std::string ToString(const EventTime& time);
/// \return the expression in script syntax
std::string ToString(const Expression& expression);
/// \return the option as written in an option list ("mss 1460", "sack 1:2 3:4")
std::string ToString(const TcpOption& option);
/// \return the IP annotation ("[ect0]", "(tos 0x20, ttl 3)"), "" if none is given
std::string ToString(const IpInfo& ip);
/// \return the packet event without its time ("> S. 0:0(0) ack 1 <mss 1460>")
std::string ToString(const PacketEvent& packet);
/// \return the system call event without its time ("close(3) = 0")
std::string ToString(const SyscallEvent& syscall);
/// \return the event with its time and, for a blocking call, its end time
std::string ToString(const Event& event);
/// \return the script, one option or event a line, #ifdef blocks around conditional events
std::string ToString(const Script& script);

/// \return the kind's name as a script writes it ("tcp", "udp", "udplite", "icmp")
const char* Name(PacketKind kind);
/// \return the header's name as a script writes it ("ipv4", "ipv6", "gre", "mpls")
const char* Name(EncapsulationLayer::Kind kind);
/// \return the kind's name ("packet", "system call", "shell command", "code block")
const char* Name(EventKind kind);
/// \return the option's name as a script writes it ("mss", "sackOK", "TS", "FO", ...)
const char* Name(TcpOptionKind kind);

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_SCRIPT_H */
