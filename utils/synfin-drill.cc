/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: run packetdrill scripts against a synfin socket in a simulation.
 *
 *   synfin-drill [--profile NAME] SCRIPT...
 *   synfin-drill --list-sysctls
 *
 * Each script runs in a fresh simulation with the profile's attribute defaults (linux unless
 * --profile says otherwise; --profile=none keeps synfin's own defaults). A script passes when
 * every event happens as it says; the first mismatch is reported with its script line, as
 * packetdrill reports it. Lines that cannot run in a simulation (shell commands other than
 * sysctl settings, code blocks, system calls synfin-drill does not model, UDP and ICMP
 * packets) fail the script with a message naming them.
 *
 * Exit status: 0 every script passed, 1 a script failed or could not be read, 2 bad usage.
 */

#include "synfin-cli.h"
#include "synfin-drill-parser.h"
#include "synfin-drill-runner.h"
#include "synfin-drill-settings.h"

#include "ns3/synfin-profile.h"

#include <boost/program_options.hpp>
#include <iostream>

namespace po = boost::program_options;

int
main(int argc, char** argv)
{
    const std::string program = "synfin-drill";
    po::options_description visible("synfin-drill [--profile NAME] SCRIPT...\noptions");
    visible.add_options()("help,h", "show this help")(
        "profile",
        po::value<std::string>()->default_value("linux"),
        "behaviour profile the stack runs with (rfc9293, linux, linux-5, freebsd, windows), "
        "or none for synfin's defaults")("list-sysctls",
                                         "print the sysctl settings a script may make and the "
                                         "synfin attributes they set")(
        "verbose,v",
        "print every script's result, not only failures")(
        "define,D",
        po::value<std::vector<std::string>>(),
        "NAME=VALUE: a word of the scripts and its value, as packetdrill's -D");
    po::options_description hidden;
    hidden.add_options()("script", po::value<std::vector<std::string>>());
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("script", -1);
    po::variables_map vm;
    try
    {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        return synfin_cli::Fail(program, std::string(e.what()) + " (see --help)");
    }
    if (vm.count("help"))
    {
        std::cout << visible << std::endl;
        return 0;
    }
    if (vm.count("list-sysctls"))
    {
        for (const synfin_drill::SysctlMapping& m : synfin_drill::Table())
        {
            std::cout << m.sysctl << "\t" << m.attribute << "\t" << m.meaning << "\n";
        }
        return 0;
    }
    std::string profile = vm["profile"].as<std::string>();
    if (profile == "none")
    {
        profile.clear();
    }
    else if (!ns3::SynFinProfile::Exists(profile))
    {
        std::string names;
        for (const std::string& n : ns3::SynFinProfile::GetNames())
        {
            names += (names.empty() ? "" : ", ") + n;
        }
        return synfin_cli::Fail(program,
                                "--profile=" + profile + ": unknown profile; allowed: " + names +
                                    ", none");
    }
    if (!vm.count("script"))
    {
        return synfin_cli::Fail(program,
                                "no script given (synfin-drill [--profile NAME] SCRIPT...)");
    }
    synfin_drill::Definitions definitions;
    if (vm.count("define"))
    {
        for (const std::string& d : vm["define"].as<std::vector<std::string>>())
        {
            std::string::size_type eq = d.find('=');
            if (eq == std::string::npos || eq == 0)
            {
                return synfin_cli::Fail(program, "-D " + d + ": NAME=VALUE is required");
            }
            definitions[d.substr(0, eq)] = d.substr(eq + 1);
        }
    }
    bool verbose = vm.count("verbose") > 0;
    int failed = 0;
    const std::vector<std::string>& scripts = vm["script"].as<std::vector<std::string>>();
    for (const std::string& path : scripts)
    {
        synfin_drill::RunResult result;
        try
        {
            result = synfin_drill::RunScript(synfin_drill::ParseFile(path, definitions), profile);
        }
        catch (const synfin_drill::ParseError& e)
        {
            result.passed = false;
            result.message = e.what();
        }
        if (!result.passed)
        {
            ++failed;
            std::cout << result.message << std::endl;
        }
        else if (verbose)
        {
            std::cout << path << ": pass" << std::endl;
        }
    }
    if (scripts.size() > 1 || verbose)
    {
        std::cout << scripts.size() - failed << " of " << scripts.size() << " scripts passed"
                  << std::endl;
    }
    return failed ? 1 : 0;
}
