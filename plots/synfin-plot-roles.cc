/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-roles.h"

#include <set>

namespace synfin
{
namespace plot
{

std::string
AddressOf(const std::string& endpoint)
{
    const std::size_t colon = endpoint.rfind(':');
    return colon == std::string::npos ? endpoint : endpoint.substr(0, colon);
}

NodeNames::NodeNames(const RunFolder& run)
{
    // The recorder's own account: who listened, who connected, who only forwarded.
    for (const auto& n : run.Nodes())
    {
        m_nodes[n.node] = {n.role, n.addresses.empty() ? std::string() : n.addresses.front()};
    }
    if (!m_nodes.empty())
    {
        return;
    }

    // What the sockets did on each node: listened (or accepted), connected.
    std::map<int64_t, std::set<std::string>> roles;
    for (const auto& s : run.States())
    {
        auto& entry = m_nodes[s.node];
        if (entry.address.empty() && s.role != "listener")
        {
            // A listener's local address may be the wildcard; a connected socket's is not.
            entry.address = AddressOf(s.local);
        }
        roles[s.node].insert(s.role == "client" ? "client" : "server");
    }
    for (auto& [node, entry] : m_nodes)
    {
        const auto& r = roles[node];
        entry.role = r.size() == 2 ? "client+server" : *r.begin();
    }
}

std::string
NodeNames::Role(int64_t node) const
{
    const auto it = m_nodes.find(node);
    return it == m_nodes.end() ? std::string() : it->second.role;
}

std::string
NodeNames::Address(int64_t node) const
{
    const auto it = m_nodes.find(node);
    return it == m_nodes.end() ? std::string() : it->second.address;
}

std::string
NodeNames::Label(int64_t node) const
{
    const auto it = m_nodes.find(node);
    if (it == m_nodes.end() || it->second.role.empty())
    {
        return "node " + std::to_string(node);
    }
    return it->second.address.empty() ? it->second.role
                                      : it->second.role + " " + it->second.address;
}

} // namespace plot
} // namespace synfin
