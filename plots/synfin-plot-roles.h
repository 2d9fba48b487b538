/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_ROLES_H
#define SYNFIN_PLOT_ROLES_H

#include "synfin-plot-run.h"

#include <cstdint>
#include <map>
#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * What to call a node in a figure: its role in the run and its address ("client
 * 10.1.1.1", "server 10.1.3.2", "router 10.1.2.1"), never a bare node id, which means
 * nothing to a reader of the paper.
 *
 * The roles come from the recorder's nodes.csv when the folder has one (it knows which
 * nodes listened, which connected and which only forwarded), else from states.csv: a node
 * with a listener or a server-side socket is a server, one with a client socket a client.
 * Where several nodes share a role, each name keeps its address, which tells them apart.
 */
class NodeNames
{
  public:
    /// Reads the roles of \p run's nodes (nodes.csv, else states.csv).
    explicit NodeNames(const RunFolder& run);

    /// \return "ROLE ADDRESS" for \p node, or "node N" for a node the run says nothing of
    std::string Label(int64_t node) const;
    /// \return the role alone ("client", "server", "client+server", "router", "host"); empty
    ///         for a node the run says nothing of
    std::string Role(int64_t node) const;
    /// \return the node's address, empty if unknown
    std::string Address(int64_t node) const;

  private:
    /// What is known of one node.
    struct Entry
    {
        std::string role;    //!< client, server, ...
        std::string address; //!< its first IPv4 address
    };

    std::map<int64_t, Entry> m_nodes; //!< by node id
};

/// \return the address part of "10.1.1.1:49152" (the text before the last ':')
std::string AddressOf(const std::string& endpoint);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_ROLES_H */
