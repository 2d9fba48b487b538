/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Checks for programs that read their options with ns-3's CommandLine.
 */

#ifndef SYNFIN_COMMAND_LINE_H
#define SYNFIN_COMMAND_LINE_H

#include "ns3/command-line.h"
#include "ns3/nstime.h"

#include <string>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief What ns-3's CommandLine leaves to the program: a malformed time aborts it, a
 *        negative one is taken, a stray word is ignored. A program takes time options as
 *        strings and checks them here; each check prints "program: --name=value: reason"
 *        on stderr and returns false, and the program exits with status 2.
 */
class SynFinCommandLine
{
  public:
    /**
     * \brief Read a time option: ns-3 syntax (20ms, 1.5s), never negative.
     * \param program the program's name
     * \param name the option's name
     * \param text what was typed
     * \param out receives the time
     * \return true if it is one
     */
    static bool ReadTime(const std::string& program,
                         const std::string& name,
                         const std::string& text,
                         Time& out);

    /**
     * \param program the program's name
     * \param cmd the parsed command line
     * \return true if every word on it was an option
     */
    static bool NoStrayWords(const std::string& program, const CommandLine& cmd);
};

} // namespace ns3

#endif /* SYNFIN_COMMAND_LINE_H */
