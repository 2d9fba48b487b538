/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-script.h"

#include "synfin-drill-lexer.h"

#include <cstdio>
#include <sstream>

namespace synfin_drill
{

namespace
{

/// \return "file:line: message", or "file: message" without a line
std::string
Where(const std::string& fileName, int line, const std::string& message)
{
    if (line <= 0)
    {
        return fileName + ": " + message;
    }
    return fileName + ":" + std::to_string(line) + ": " + message;
}

/// \return \p value in hexadecimal with a 0x prefix, at least \p digits digits
std::string
Hex(std::uint64_t value, int digits = 1)
{
    char buffer[32];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "0x%0*llx",
                  digits,
                  static_cast<unsigned long long>(value));
    return buffer;
}

/// \return the elements printed and joined by \p separator
template <typename T, typename Print>
std::string
Join(const std::vector<T>& items, const std::string& separator, Print print)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
    {
        out += (i > 0 ? separator : "") + print(items[i]);
    }
    return out;
}

/// \return the counter's name as google's `ECN` option writes it
const char*
CounterName(AccEcnCounter counter)
{
    switch (counter)
    {
    case AccEcnCounter::E0B:
        return "e0b";
    case AccEcnCounter::CEB:
        return "ceb";
    case AccEcnCounter::E1B:
        break;
    }
    return "e1b";
}

/// \return the ECN codepoint's word, "" for UNSPECIFIED
const char*
EcnName(Ecn ecn)
{
    switch (ecn)
    {
    case Ecn::NOT_ECT:
        return "noecn";
    case Ecn::ECT0:
        return "ect0";
    case Ecn::ECT1:
        return "ect1";
    case Ecn::CE:
        return "ce";
    case Ecn::ECT01:
        return "ect01";
    case Ecn::UNSPECIFIED:
        break;
    }
    return "";
}

std::string
ToString(const SequenceRange& sequence)
{
    if (sequence.ignored)
    {
        return "...(" + std::to_string(sequence.length) + ")";
    }
    return std::to_string(sequence.start) + ":" + std::to_string(sequence.end) + "(" +
           std::to_string(sequence.length) + ")" + (sequence.absolute ? "!" : "");
}

std::string
ToString(const PortPair& ports)
{
    return std::to_string(ports.source) + " > " + std::to_string(ports.destination);
}

std::string
ToString(const GreHeader& gre)
{
    if (!gre.hasFields)
    {
        return "gre:";
    }
    return "gre flags " + Hex(gre.flags) + " sum " + std::to_string(gre.sum) + " off " +
           std::to_string(gre.offset) + " key " + std::to_string(gre.key) + " seq " +
           std::to_string(gre.sequence) + ":";
}

std::string
ToString(const MplsLabel& label)
{
    return "(label " + std::to_string(label.label) + ", tc " + std::to_string(label.trafficClass) +
           ", " + (label.bottomOfStack ? "[S], " : "") + "ttl " + std::to_string(label.ttl) + ")";
}

std::string
ToString(const EncapsulationLayer& layer)
{
    std::string ip = layer.ip.IsEmpty() ? "" : ToString(layer.ip) + " ";
    switch (layer.kind)
    {
    case EncapsulationLayer::Kind::IPV4:
        return "ipv4 " + ip + layer.source + " > " + layer.destination + ":";
    case EncapsulationLayer::Kind::IPV6:
        // A space before the ':' keeps it out of the address.
        return "ipv6 " + ip + layer.source + " > " + layer.destination + " :";
    case EncapsulationLayer::Kind::GRE:
        return ToString(layer.gre);
    case EncapsulationLayer::Kind::MPLS:
        break;
    }
    std::string out = "mpls";
    for (const MplsLabel& label : layer.mpls)
    {
        out += " " + ToString(label);
    }
    return out + ":";
}

std::string
ToString(const IcmpEchoed& echoed)
{
    std::string udp =
        echoed.udpEncapsulation ? "/udp(" + ToString(*echoed.udpEncapsulation) + ")" : "";
    switch (echoed.protocol)
    {
    case EchoedProtocol::TCP:
        return "[" + ToString(echoed.sequence) + udp + "]";
    case EchoedProtocol::UDP:
        return "[udp (" + std::to_string(echoed.length) + ")]";
    case EchoedProtocol::UDPLITE:
        return "[udplite (" + std::to_string(echoed.length) + ", " +
               std::to_string(echoed.checksumCoverage) + ")]";
    case EchoedProtocol::SCTP:
        return "[sctp (" + std::to_string(echoed.length) + ")" + udp + "]";
    case EchoedProtocol::RAW:
        break;
    }
    return "[raw (" + std::to_string(echoed.length) + ")]";
}

/// \return the TCP-specific part of a packet event, after the IP annotation
std::string
TcpPart(const PacketEvent& packet)
{
    const TcpSegment& tcp = packet.tcp;
    std::string out;
    if (packet.pspSpi)
    {
        out += " encap psp spi " + std::to_string(*packet.pspSpi);
    }
    if (packet.ports)
    {
        out += " " + ToString(*packet.ports);
    }
    out += " " + (tcp.flags.text.empty() ? std::string("-") : tcp.flags.text);
    out += " " + ToString(tcp.sequence);
    if (tcp.ack)
    {
        out += " ack " + std::to_string(*tcp.ack);
    }
    if (tcp.window)
    {
        out += " win " + std::to_string(*tcp.window);
    }
    if (tcp.urgentPointer)
    {
        out += " urg " + std::to_string(*tcp.urgentPointer);
    }
    if (tcp.optionsMode == TcpOptionsMode::WILDCARD)
    {
        out += " <...>";
    }
    else if (tcp.optionsMode == TcpOptionsMode::LIST)
    {
        out += " <" + Join(tcp.options, ",", [](const TcpOption& o) { return ToString(o); }) + ">";
    }
    if (tcp.rstDiagnostic)
    {
        out += " [code " + std::to_string(tcp.rstDiagnostic->code) + ", pen " +
               std::to_string(tcp.rstDiagnostic->enterprise) + "]";
    }
    if (tcp.udpEncapsulation)
    {
        out += "/udp(" + ToString(*tcp.udpEncapsulation) + ")";
    }
    return out;
}

/// \return the option value as written in a script: bare if it reads back as one value
std::string
OptionValueText(const std::string& value)
{
    std::vector<Token> tokens;
    try
    {
        tokens = Tokenize(value, "option");
    }
    catch (const ParseError&)
    {
        tokens.clear();
    }
    auto isValue = [](const Token& t) {
        return t.kind == TokenKind::WORD || t.kind == TokenKind::INTEGER ||
               t.kind == TokenKind::HEX_INTEGER || t.kind == TokenKind::FLOAT ||
               t.kind == TokenKind::IPV4_ADDRESS || t.kind == TokenKind::IPV6_ADDRESS;
    };
    bool single = tokens.size() == 2 && isValue(tokens[0]);
    bool definition = tokens.size() == 4 && tokens[0].kind == TokenKind::WORD &&
                      tokens[1].Is('=') &&
                      (isValue(tokens[2]) || tokens[2].kind == TokenKind::STRING ||
                       tokens[2].kind == TokenKind::COMMAND);
    if (single || definition)
    {
        return value;
    }
    return "\"" + value + "\"";
}

} // namespace

// --- ParseError ---

ParseError::ParseError(const std::string& fileName,
                       int line,
                       int column,
                       const std::string& message)
    : std::runtime_error(Where(fileName, line, message)),
      m_fileName(fileName),
      m_line(line),
      m_column(column),
      m_message(message)
{
}

const std::string&
ParseError::FileName() const
{
    return m_fileName;
}

int
ParseError::Line() const
{
    return m_line;
}

int
ParseError::Column() const
{
    return m_column;
}

const std::string&
ParseError::Message() const
{
    return m_message;
}

// --- Data ---

bool
Expression::IsSymbol(const std::string& name) const
{
    return kind == Kind::SYMBOL && text == name;
}

const Expression*
Expression::Field(const std::string& name) const
{
    if (kind != Kind::STRUCT)
    {
        return nullptr;
    }
    for (const Expression& element : children)
    {
        if (element.kind != Kind::ASSIGNMENT || element.children.size() != 2)
        {
            continue;
        }
        const Expression& left = element.children[0];
        if ((left.kind == Kind::SYMBOL || left.kind == Kind::CALL) && left.text == name)
        {
            return &element.children[1];
        }
    }
    return nullptr;
}

bool
IpInfo::IsEmpty() const
{
    return ecn == Ecn::UNSPECIFIED && !tos && !trafficClass && !dscp && !flowLabel && !ttl &&
           !hopLimit;
}

const ScriptOption*
Script::FindOption(const std::string& name) const
{
    for (auto it = options.rbegin(); it != options.rend(); ++it)
    {
        if (it->name == name)
        {
            return &*it;
        }
    }
    return nullptr;
}

std::map<std::string, std::string>
Script::OptionMap() const
{
    std::map<std::string, std::string> map;
    for (const ScriptOption& option : options)
    {
        map[option.name] = option.value;
    }
    return map;
}

// --- Names ---

const char*
Name(PacketKind kind)
{
    switch (kind)
    {
    case PacketKind::TCP:
        return "tcp";
    case PacketKind::UDP:
        return "udp";
    case PacketKind::UDPLITE:
        return "udplite";
    case PacketKind::ICMP:
        break;
    }
    return "icmp";
}

const char*
Name(EncapsulationLayer::Kind kind)
{
    switch (kind)
    {
    case EncapsulationLayer::Kind::IPV4:
        return "ipv4";
    case EncapsulationLayer::Kind::IPV6:
        return "ipv6";
    case EncapsulationLayer::Kind::GRE:
        return "gre";
    case EncapsulationLayer::Kind::MPLS:
        break;
    }
    return "mpls";
}

const char*
Name(EventKind kind)
{
    switch (kind)
    {
    case EventKind::PACKET:
        return "packet";
    case EventKind::SYSCALL:
        return "system call";
    case EventKind::COMMAND:
        return "shell command";
    case EventKind::CODE:
        break;
    }
    return "code block";
}

const char*
Name(TcpOptionKind kind)
{
    switch (kind)
    {
    case TcpOptionKind::NOP:
        return "nop";
    case TcpOptionKind::EOL:
        return "eol";
    case TcpOptionKind::MSS:
        return "mss";
    case TcpOptionKind::WINDOW_SCALE:
        return "wscale";
    case TcpOptionKind::SACK_PERMITTED:
        return "sackOK";
    case TcpOptionKind::SACK:
        return "sack";
    case TcpOptionKind::TIMESTAMP:
        return "TS";
    case TcpOptionKind::MD5:
        return "md5";
    case TcpOptionKind::FAST_OPEN:
        return "FO";
    case TcpOptionKind::FAST_OPEN_EXP:
        return "FOEXP";
    case TcpOptionKind::ACCECN0:
        return "AccECN0";
    case TcpOptionKind::ACCECN1:
        return "AccECN1";
    case TcpOptionKind::EXP_ACCECN0:
        return "exp-AccECN0";
    case TcpOptionKind::EXP_ACCECN1:
        return "exp-AccECN1";
    case TcpOptionKind::EXP_TARR:
        return "exp-tarr";
    case TcpOptionKind::GENERIC:
        return "gen";
    case TcpOptionKind::EXP_GENERIC:
        break;
    }
    return "exp";
}

// --- Printing ---

std::string
FormatSeconds(std::int64_t usecs)
{
    std::string sign = usecs < 0 ? "-" : "";
    std::uint64_t magnitude =
        usecs < 0 ? 0 - static_cast<std::uint64_t>(usecs) : static_cast<std::uint64_t>(usecs);
    std::string out = sign + std::to_string(magnitude / 1000000);
    std::uint64_t fraction = magnitude % 1000000;
    if (fraction == 0)
    {
        return out;
    }
    char digits[8];
    std::snprintf(digits, sizeof(digits), "%06llu", static_cast<unsigned long long>(fraction));
    std::string decimals = digits;
    decimals.erase(decimals.find_last_not_of('0') + 1);
    return out + "." + decimals;
}

std::string
ToString(const EventTime& time)
{
    switch (time.kind)
    {
    case TimeKind::ABSOLUTE:
        return FormatSeconds(time.usecs);
    case TimeKind::RELATIVE:
        return "+" + FormatSeconds(time.usecs);
    case TimeKind::ANY:
        return "*";
    case TimeKind::ABSOLUTE_RANGE:
        return FormatSeconds(time.usecs) + "~" + FormatSeconds(time.endUsecs);
    case TimeKind::RELATIVE_RANGE:
        break;
    }
    return "+" + FormatSeconds(time.usecs) + "~+" + FormatSeconds(time.endUsecs);
}

std::string
ToString(const Expression& expression)
{
    using Kind = Expression::Kind;
    auto print = [](const Expression& e) { return ToString(e); };
    const auto& children = expression.children;
    switch (expression.kind)
    {
    case Kind::INTEGER:
        return expression.hex ? Hex(static_cast<std::uint64_t>(expression.integer))
                              : std::to_string(expression.integer);
    case Kind::ELLIPSIS:
        return "...";
    case Kind::SYMBOL:
        return expression.text;
    case Kind::STRING:
        return "\"" + expression.text + "\"" + (expression.stringPrefix ? "..." : "");
    case Kind::BINARY:
    case Kind::ASSIGNMENT:
        if (children.size() != 2)
        {
            break;
        }
        return ToString(children[0]) +
               (expression.kind == Kind::ASSIGNMENT ? "=" : expression.text) +
               ToString(children[1]);
    case Kind::ARRAY:
        return "[" + Join(children, ", ", print) + "]";
    case Kind::STRUCT:
        return "{" + Join(children, ", ", print) + "}";
    case Kind::CALL:
        return expression.text + "(" + Join(children, ", ", print) + ")";
    }
    return "<malformed expression>";
}

std::string
ToString(const TcpOption& option)
{
    auto withData = [&option](const std::string& name) {
        return option.data.empty() ? name : name + " " + option.data;
    };
    switch (option.kind)
    {
    case TcpOptionKind::NOP:
    case TcpOptionKind::EOL:
    case TcpOptionKind::SACK_PERMITTED:
        return Name(option.kind);
    case TcpOptionKind::MSS:
    case TcpOptionKind::WINDOW_SCALE:
        return std::string(Name(option.kind)) + " " + std::to_string(option.value);
    case TcpOptionKind::SACK:
        return "sack " + Join(option.sackBlocks, " ", [](const SackBlock& b) {
                   return std::to_string(b.left) + ":" + std::to_string(b.right);
               });
    case TcpOptionKind::TIMESTAMP:
        return std::string("TS val ") +
               (option.tsValIgnored ? "..." : std::to_string(option.tsVal)) + " ecr " +
               std::to_string(option.tsEcr) + (option.tsEcrAbsolute ? "!" : "");
    case TcpOptionKind::MD5:
        return option.md5Valid ? "md5 valid" : "md5 " + option.data;
    case TcpOptionKind::FAST_OPEN:
    case TcpOptionKind::FAST_OPEN_EXP:
        return withData(Name(option.kind));
    case TcpOptionKind::ACCECN0:
    case TcpOptionKind::ACCECN1:
        if (option.accEcnFields.empty())
        {
            return Name(option.kind);
        }
        return "ECN " + Join(option.accEcnFields, " ", [](const AccEcnField& f) {
                   return std::string(CounterName(f.counter)) + " " + std::to_string(f.value);
               });
    case TcpOptionKind::EXP_ACCECN0:
    case TcpOptionKind::EXP_ACCECN1: {
        std::string out = Name(option.kind);
        for (const AccEcnField& f : option.accEcnFields)
        {
            out += std::string(" e") + CounterName(f.counter) + " " + std::to_string(f.value);
        }
        return out;
    }
    case TcpOptionKind::EXP_TARR:
        return option.hasValue ? "exp-tarr " + std::to_string(option.value) : "exp-tarr";
    case TcpOptionKind::GENERIC:
        return withData("gen-" + std::to_string(option.value));
    case TcpOptionKind::EXP_GENERIC:
        break;
    }
    char id[8];
    std::snprintf(id, sizeof(id), "%04x", option.value & 0xffffu);
    return withData(std::string("exp-") + id);
}

std::string
ToString(const IpInfo& ip)
{
    std::vector<std::string> items;
    if (ip.ecn != Ecn::UNSPECIFIED)
    {
        items.push_back(EcnName(ip.ecn));
    }
    if (ip.tos)
    {
        items.push_back("tos " + Hex(*ip.tos, 2));
    }
    if (ip.trafficClass)
    {
        items.push_back("class " + Hex(*ip.trafficClass, 2));
    }
    if (ip.dscp)
    {
        items.push_back("dscp " + Hex(*ip.dscp, 2));
    }
    if (ip.flowLabel)
    {
        items.push_back("flowlabel " + Hex(*ip.flowLabel));
    }
    if (ip.ttl)
    {
        items.push_back("ttl " + std::to_string(*ip.ttl));
    }
    if (ip.hopLimit)
    {
        items.push_back("hlim " + std::to_string(*ip.hopLimit));
    }
    if (items.empty())
    {
        return "";
    }
    std::string joined = Join(items, ", ", [](const std::string& s) { return s; });
    // ECN alone as the scripts write it, [ect0]; anything else in parentheses.
    return items.size() == 1 && ip.ecn != Ecn::UNSPECIFIED ? "[" + joined + "]"
                                                           : "(" + joined + ")";
}

std::string
ToString(const PacketEvent& packet)
{
    std::string out = packet.direction == Direction::INBOUND ? "<" : ">";
    for (const EncapsulationLayer& layer : packet.encapsulation)
    {
        out += " " + ToString(layer);
    }
    if (!packet.ip.IsEmpty())
    {
        out += " " + ToString(packet.ip);
    }
    std::string ports = packet.ports ? " " + ToString(*packet.ports) : "";
    switch (packet.kind)
    {
    case PacketKind::TCP:
        return out + TcpPart(packet);
    case PacketKind::UDP:
        return out + " udp" + ports + " (" + std::to_string(packet.udp.length) + ")";
    case PacketKind::UDPLITE:
        return out + " udplite" + ports + " (" + std::to_string(packet.udp.length) + ", " +
               std::to_string(packet.udp.checksumCoverage) + ")";
    case PacketKind::ICMP:
        break;
    }
    const IcmpMessage& icmp = packet.icmp;
    out += " icmp " + icmp.type;
    if (!icmp.code.empty())
    {
        out += " " + icmp.code;
    }
    if (icmp.mtu)
    {
        out += " mtu " + std::to_string(*icmp.mtu);
    }
    if (icmp.echoId)
    {
        out += " id " + std::to_string(*icmp.echoId);
    }
    if (icmp.echoed.given)
    {
        out += " " + ToString(icmp.echoed);
    }
    return out;
}

std::string
ToString(const SyscallEvent& syscall)
{
    std::string out =
        syscall.name + "(" +
        Join(syscall.arguments, ", ", [](const Expression& e) { return ToString(e); }) +
        ") = " + ToString(syscall.result);
    if (!syscall.errnoName.empty())
    {
        out += " " + syscall.errnoName;
    }
    if (!syscall.note.empty())
    {
        out += " (" + syscall.note + ")";
    }
    return out;
}

std::string
ToString(const Event& event)
{
    std::string out = ToString(event.time);
    switch (event.kind)
    {
    case EventKind::PACKET:
        return out + " " + ToString(event.packet);
    case EventKind::SYSCALL:
        if (event.syscall.endUsecs)
        {
            out += "..." + FormatSeconds(*event.syscall.endUsecs);
        }
        return out + " " + ToString(event.syscall);
    case EventKind::COMMAND:
        return out + " `" + event.command.commandLine + "`";
    case EventKind::CODE:
        break;
    }
    return out + " %{ " + event.code.code + " }%";
}

std::string
ToString(const Script& script)
{
    std::ostringstream out;
    for (const ScriptOption& option : script.options)
    {
        out << "--" << option.name;
        if (option.hasValue)
        {
            out << "=" << OptionValueText(option.value);
        }
        out << "\n";
    }
    if (script.initCommand)
    {
        out << "`" << script.initCommand->commandLine << "`\n";
    }
    std::string condition;
    for (const Event& event : script.events)
    {
        if (event.condition != condition)
        {
            if (!condition.empty())
            {
                out << "#endif\n";
            }
            if (!event.condition.empty())
            {
                out << "#ifdef " << event.condition << "\n";
            }
            condition = event.condition;
        }
        out << ToString(event) << "\n";
    }
    if (!condition.empty())
    {
        out << "#endif\n";
    }
    if (script.cleanupCommand)
    {
        out << "`" << script.cleanupCommand->commandLine << "`\n";
    }
    return out.str();
}

} // namespace synfin_drill
