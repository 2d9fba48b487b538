/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What every synfin command-line program shares.
 */

#include "synfin-cli.h"

#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/string.h"
#include "ns3/synfin-value-parse.h"
#include "ns3/type-id.h"

#include <cstdio>
#include <iostream>
#include <sys/wait.h>
#include <unistd.h>

namespace synfin_cli
{

std::string
Flag(const std::string& name, const std::string& value)
{
    return "--" + name + "=" + value;
}

ns3::Time
Time(const std::string& name, const std::string& text, bool positive)
{
    ns3::Time t;
    std::string error;
    if (!ns3::SynFinValueParse::Time(text, t, error))
    {
        throw BadInput(Flag(name, text) + ": " + error);
    }
    if (positive && t.IsZero())
    {
        throw BadInput(Flag(name, text) + ": must be positive");
    }
    return t;
}

double
Probability(const std::string& name, const std::string& text)
{
    double p = 0;
    std::string error;
    if (!ns3::SynFinValueParse::Probability(text, p, error))
    {
        throw BadInput(Flag(name, text) + ": " + error);
    }
    return p;
}

uint64_t
Count(const std::string& name, const std::string& text, uint64_t min, uint64_t max)
{
    uint64_t n = 0;
    std::string error;
    if (!ns3::SynFinValueParse::Count(text, min, max, n, error))
    {
        throw BadInput(Flag(name, text) + ": " + error);
    }
    return n;
}

std::string
Rate(const std::string& name, const std::string& text)
{
    ns3::DataRate rate;
    std::string error;
    if (!ns3::SynFinValueParse::Rate(text, rate, error))
    {
        throw BadInput(Flag(name, text) + ": " + error);
    }
    return text;
}

Ns3Arguments
SplitArguments(int argc, char* argv[])
{
    Ns3Arguments out;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--ns3::", 0) == 0)
        {
            std::size_t eq = arg.find('=');
            if (eq == std::string::npos)
            {
                throw BadInput(arg + ": expected --ns3::Type::Attribute=value");
            }
            out.attributes.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
        }
        else if (arg == "--PrintHelp")
        {
            out.printHelp = true;
        }
        else if (arg.rfind("--PrintAttributes=", 0) == 0)
        {
            out.printAttributes.push_back(arg.substr(18));
        }
        else
        {
            out.rest.push_back(arg);
        }
    }
    return out;
}

namespace
{

/**
 * Whether a value parses. Some of ns-3's value types abort the program on a malformed
 * string (UintegerValue on "abc", before ns-3.40), so the attempt is made in a child
 * process and only its verdict comes back.
 */
bool
ValueParses(ns3::Ptr<const ns3::AttributeChecker> checker, const std::string& value)
{
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = fork();
    if (pid == 0)
    {
        std::FILE* quiet = std::freopen("/dev/null", "w", stderr); // ns-3's abort message
        (void)quiet;
        ns3::Ptr<ns3::AttributeValue> v = checker->Create();
        _exit(v->DeserializeFromString(value, checker) && checker->Check(*v) ? 0 : 1);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/// The type and the attribute a path names, or BadInput.
std::pair<ns3::TypeId, ns3::TypeId::AttributeInformation>
FindAttribute(const std::string& path, const std::string& option)
{
    std::size_t sep = path.rfind("::");
    std::string typeName = path.substr(0, sep);
    std::string attribute = sep == std::string::npos ? "" : path.substr(sep + 2);
    ns3::TypeId tid;
    if (sep == std::string::npos || !ns3::TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        throw BadInput(option + ": no ns-3 type '" + typeName +
                       "'; expected --ns3::Type::Attribute=value, e.g. "
                       "--ns3::TcpSocket::SegmentSize=1448");
    }
    ns3::TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        throw BadInput(option + ": " + typeName + " has no attribute '" + attribute +
                       "' (see --PrintAttributes=" + typeName + ")");
    }
    return {tid, info};
}

} // namespace

void
ApplyNs3Attribute(const std::string& path, const std::string& value)
{
    std::string option = "--" + path + "=" + value;
    auto [tid, info] = FindAttribute(path, option);
    if (!ValueParses(info.checker, value) ||
        !ns3::Config::SetDefaultFailSafe(path, ns3::StringValue(value)))
    {
        throw BadInput(option + ": not a valid value for " + path + " (" +
                       info.checker->GetValueTypeName() + ")");
    }
}

void
PrintAttributes(std::ostream& os, const std::string& typeName)
{
    ns3::TypeId tid;
    if (!ns3::TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        throw BadInput("--PrintAttributes=" + typeName + ": no ns-3 type of that name");
    }
    os << "Attributes for TypeId " << tid.GetName() << "\n";
    for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        ns3::TypeId::AttributeInformation info = tid.GetAttribute(i);
        os << "    --" << tid.GetAttributeFullName(i) << "=["
           << info.initialValue->SerializeToString(info.checker) << "]\n        " << info.help
           << "\n";
    }
}

bool
ParseCommandLine(const std::string& program,
                 int argc,
                 char* argv[],
                 const boost::program_options::options_description& options,
                 boost::program_options::variables_map& vm,
                 std::vector<std::pair<std::string, std::string>>& ns3Attributes,
                 int& exitCode)
{
    namespace po = boost::program_options;
    exitCode = 2;
    try
    {
        Ns3Arguments ns3 = SplitArguments(argc, argv);
        if (ns3.printHelp)
        {
            std::cout << options << std::endl;
            exitCode = 0;
            return false;
        }
        if (!ns3.printAttributes.empty())
        {
            for (const std::string& type : ns3.printAttributes)
            {
                PrintAttributes(std::cout, type);
            }
            exitCode = 0;
            return false;
        }
        // Words that are not options are collected, to be named in the error.
        std::vector<std::string> stray;
        po::options_description all;
        all.add(options);
        all.add_options()("synfin-stray-word", po::value(&stray));
        po::positional_options_description strays;
        strays.add("synfin-stray-word", -1);
        po::store(po::command_line_parser(ns3.rest).options(all).positional(strays).run(), vm);
        po::notify(vm);
        if (vm.count("help"))
        {
            std::cout << options << std::endl;
            exitCode = 0;
            return false;
        }
        if (!stray.empty())
        {
            throw BadInput("unexpected argument '" + stray.front() +
                           "': every option starts with -- (see --help)");
        }
        for (const auto& [path, value] : ns3.attributes)
        {
            ApplyNs3Attribute(path, value);
        }
        ns3Attributes = ns3.attributes;
    }
    catch (const po::error& e)
    {
        Fail(program, std::string(e.what()) + " (see --help)");
        return false;
    }
    catch (const BadInput& e)
    {
        Fail(program, e.what());
        return false;
    }
    return true;
}

void
ApplyNs3Attributes(const std::vector<std::pair<std::string, std::string>>& ns3Attributes)
{
    for (const auto& [path, value] : ns3Attributes)
    {
        ns3::Config::SetDefault(path, ns3::StringValue(value)); // checked by ParseCommandLine
    }
}

std::string
QuotedCommand(int argc, char* argv[])
{
    std::string out;
    for (int i = 0; i < argc; ++i)
    {
        std::string arg = argv[i];
        bool plain = !arg.empty() &&
                     arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_=.,:/+@%") == std::string::npos;
        std::string quoted = "'";
        for (char c : arg)
        {
            quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        out += (i ? " " : "") + (plain ? arg : quoted + "'");
    }
    return out;
}

int
Fail(const std::string& program, const std::string& message, int code)
{
    std::cerr << program << ": " << message << std::endl;
    return code;
}

} // namespace synfin_cli
