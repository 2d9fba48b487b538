/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-table: the RFC 9293 state table synfin runs on, as data.
 *
 *   synfin-table --dot            the rows that are part of the diagram, as a Graphviz graph
 *   synfin-table --cells          every (state, event) cell: next state, actions, response
 *   synfin-table --profiles       every behaviour profile's values and sources (reST)
 *
 * doc/synfin-state-machine.dot is this program's --dot output and doc/synfin-profiles.rst its
 * --profiles output (tests check they agree).
 * Exit status: 0 success, 2 bad usage (the message says what).
 */

#include "synfin-cli.h"

#include "ns3/synfin-profile.h"
#include "ns3/synfin-state-machine.h"

#include <boost/program_options.hpp>
#include <iostream>

namespace po = boost::program_options;
using namespace ns3;

namespace
{

constexpr int kExitUsage = 2;

/// One line per cell, tab separated, with a header: state, event, next, actions, response, row.
void
WriteCells(std::ostream& os, SynFinVariant variant)
{
    os << "state\tevent\tnext\tactions\tresponse\tdefined\n";
    for (int s = 0; s < TcpSocket::LAST_STATE; ++s)
    {
        for (int e = 0; e < static_cast<int>(SynFinEvent::EVENT_COUNT); ++e)
        {
            auto state = static_cast<SynFinState>(s);
            auto event = static_cast<SynFinEvent>(e);
            const SynFinTransition& t = SynFinStateMachine::Lookup(state, event, variant);
            os << SynFinStateMachine::StateKey(state) << '\t' << SynFinStateMachine::EventKey(event)
               << '\t' << SynFinStateMachine::StateKey(t.next) << '\t'
               << SynFinStateMachine::ActionNames(t.actions) << '\t'
               << SynFinStateMachine::ResponseName(t.response) << '\t'
               << (t.outcome == SynFinDefault::NONE ? "row" : "default") << '\n';
        }
    }
}

} // namespace

int
main(int argc, char** argv)
{
    po::options_description options("synfin-table options");
    options.add_options()("help,h",
                          "show this help")("dot",
                                            "print the diagram's rows as a Graphviz digraph")(
        "cells",
        "print every (state, event) cell as TSV")("profiles",
                                                  "print every behaviour profile as reST")(
        "variant",
        po::value<std::string>()->default_value("standard"),
        "with --dot or --cells: the table of a what-if variant (two-way-handshake, "
        "two-way-close, three-way-close, no-time-wait, five-way-close)");
    po::variables_map vm;
    std::vector<std::pair<std::string, std::string>> ns3Attributes;
    int exitCode = 0;
    if (!synfin_cli::ParseCommandLine("synfin-table",
                                      argc,
                                      argv,
                                      options,
                                      vm,
                                      ns3Attributes,
                                      exitCode))
    {
        return exitCode;
    }
    if (vm.count("dot") + vm.count("cells") + vm.count("profiles") != 1)
    {
        std::cerr << "synfin-table: give exactly one of --dot, --cells or --profiles" << std::endl;
        return kExitUsage;
    }
    SynFinVariant variant;
    if (!SynFinStateMachine::ParseVariant(vm["variant"].as<std::string>(), variant))
    {
        std::cerr << "synfin-table: --variant=" << vm["variant"].as<std::string>()
                  << ": unknown variant; allowed: ";
        for (uint32_t v = 0; v < VARIANT_COUNT; ++v)
        {
            std::cerr << (v ? ", " : "") << SynFinStateMachine::VariantKey(SynFinVariant(v));
        }
        std::cerr << std::endl;
        return kExitUsage;
    }
    if (vm.count("dot"))
    {
        SynFinStateMachine::WriteGraphviz(std::cout, variant);
    }
    else if (vm.count("profiles"))
    {
        SynFinProfile::WriteRst(std::cout);
    }
    else
    {
        WriteCells(std::cout, variant);
    }
    return 0;
}
