/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What every synfin command-line program shares: values checked with messages that name
 * the option, ns-3's own --ns3::Type::Attribute=value, --PrintHelp and --PrintAttributes.
 */

#ifndef SYNFIN_CLI_H
#define SYNFIN_CLI_H

#include "ns3/nstime.h"

#include <boost/program_options.hpp>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace synfin_cli
{

/// Invalid input: the message names the option, the value and what is allowed.
struct BadInput : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/// \return "--name=value"
std::string Flag(const std::string& name, const std::string& value);

/**
 * \brief An ns-3 time (20ms, 1.5s; a bare number is seconds), not negative.
 * \param name the option, for the message
 * \param text what was typed
 * \param positive true if zero is not allowed either
 * \return the time
 */
ns3::Time Time(const std::string& name, const std::string& text, bool positive = false);

/// A number in [0, 1], or BadInput naming the option.
double Probability(const std::string& name, const std::string& text);

/// A whole number in [min, max], or BadInput naming the option.
uint64_t Count(const std::string& name, const std::string& text, uint64_t min, uint64_t max);

/// A positive ns-3 data rate; returns the text as typed, or BadInput naming the option.
std::string Rate(const std::string& name, const std::string& text);

/// What SplitArguments takes out of a command line before the program's own parser.
struct Ns3Arguments
{
    std::vector<std::pair<std::string, std::string>> attributes; //!< --ns3::T::A=value
    std::vector<std::string> rest;            //!< everything else, in order (argv[0] excluded)
    bool printHelp{false};                    //!< --PrintHelp
    std::vector<std::string> printAttributes; //!< --PrintAttributes=TypeId, each
};

/**
 * \brief Take ns-3's own options out of a command line, as ns-3's CommandLine reads them.
 * \param argc argument count
 * \param argv arguments
 * \return the ns-3 options and the rest
 */
Ns3Arguments SplitArguments(int argc, char* argv[]);

/**
 * \brief Check an attribute default and set it (Config::SetDefault), or throw BadInput naming
 *        what is wrong: no such type, no such attribute, a value that does not parse (checked
 *        in a child process, since some ns-3 value types abort on a malformed string).
 * \param path "ns3::Type::Attribute"
 * \param value the value
 */
void ApplyNs3Attribute(const std::string& path, const std::string& value);

/**
 * \brief Print a type's attributes with their defaults and help, as ns-3's CommandLine
 *        --PrintAttributes does, or throw BadInput for an unknown type.
 * \param os the stream
 * \param typeName e.g. "ns3::SynFinSocket"
 */
void PrintAttributes(std::ostream& os, const std::string& typeName);

/**
 * \brief What a synfin program's main does first: take ns-3's options out, answer --help,
 *        --PrintHelp and --PrintAttributes, parse the rest with Boost rejecting stray words,
 *        and check the --ns3:: attribute settings (and set them: a program that sets defaults
 *        of its own afterwards calls ApplyNs3Attributes again, so that --ns3:: wins).
 * \param program the program's name, for messages
 * \param argc argument count
 * \param argv arguments
 * \param options the program's options (a "help,h" option is expected among them)
 * \param vm receives the parsed options (notified)
 * \param ns3Attributes receives the --ns3:: settings, checked
 * \param exitCode receives the code to exit with when the return value is false
 * \return true to go on running, false to exit with exitCode (help printed: 0; bad input,
 *         message printed: 2)
 */
bool ParseCommandLine(const std::string& program,
                      int argc,
                      char* argv[],
                      const boost::program_options::options_description& options,
                      boost::program_options::variables_map& vm,
                      std::vector<std::pair<std::string, std::string>>& ns3Attributes,
                      int& exitCode);

/// Set checked --ns3:: settings as attribute defaults, in order.
void ApplyNs3Attributes(const std::vector<std::pair<std::string, std::string>>& ns3Attributes);

/// The command line, quoted for a POSIX shell (for meta.json).
std::string QuotedCommand(int argc, char* argv[]);

/// Print "program: message" on stderr and return \p code.
int Fail(const std::string& program, const std::string& message, int code = 2);

} // namespace synfin_cli

#endif /* SYNFIN_CLI_H */
