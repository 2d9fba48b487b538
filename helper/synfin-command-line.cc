/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Checks for programs that read their options with ns-3's CommandLine.
 */

#include "synfin-command-line.h"

#include "ns3/synfin-value-parse.h"

#include <iostream>

namespace ns3
{

bool
SynFinCommandLine::ReadTime(const std::string& program,
                            const std::string& name,
                            const std::string& text,
                            Time& out)
{
    std::string error;
    if (SynFinValueParse::Time(text, out, error))
    {
        return true;
    }
    std::cerr << program << ": --" << name << "=" << text << ": " << error << std::endl;
    return false;
}

bool
SynFinCommandLine::NoStrayWords(const std::string& program, const CommandLine& cmd)
{
    if (cmd.GetNExtraNonOptions() == 0)
    {
        return true;
    }
    std::cerr << program << ": unexpected argument '" << cmd.GetExtraNonOption(0)
              << "': every option starts with -- (see --PrintHelp)" << std::endl;
    return false;
}

} // namespace ns3
