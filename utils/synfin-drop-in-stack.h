/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Runs an unmodified ns-3 program on synfin: compile the program with
 *
 *     g++ -include synfin-drop-in-stack.h program.cc ...
 *
 * and every InternetStackHelper the program declares installs synfin's TCP
 * (ns3::SynFinL4Protocol) through InternetStackHelper::SetTcp (ns-3.37 - 3.38), instead of
 * ns3::TcpL4Protocol. Nothing else changes: the program's attributes, Config::SetDefault
 * calls and applications stay as written, which is what the check is about.
 * utils/run-stock-program.sh does the compile and the run.
 *
 * How: the header declares InternetStackHelper first (its include guard keeps the program's
 * own #include from declaring it again), then a subclass whose constructor calls SetTcp, and
 * finally renames InternetStackHelper to that subclass for the rest of the translation unit.
 */

#ifndef SYNFIN_DROP_IN_STACK_H
#define SYNFIN_DROP_IN_STACK_H

#include "ns3/internet-stack-helper.h"
#include "ns3/synfin-l4-protocol.h"

namespace ns3
{

/**
 * \ingroup synfin
 * \brief InternetStackHelper whose TCP is synfin's; stands in for it in unmodified programs.
 */
class SynFinDropInStackHelper : public InternetStackHelper
{
  public:
    SynFinDropInStackHelper()
    {
        SetTcp(SynFinL4Protocol::GetTypeId().GetName());
    }
};

} // namespace ns3

#define InternetStackHelper SynFinDropInStackHelper

#endif /* SYNFIN_DROP_IN_STACK_H */
