/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-segment-attributor.h"

#include "synfin-four-tuple.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSegmentAttributor");

std::size_t
SynFinSegmentAttributor::TupleHash::operator()(const SynFinRecorderTuple& t) const
{
    return SynFinFourTupleHash()(
        {Ipv4Address(t.localAddress), Ipv4Address(t.remoteAddress), t.localPort, t.remotePort});
}

SynFinSegmentAttributor::SynFinSegmentAttributor(SynFinRecorderObservations& observations)
    : m_obs(observations)
{
    NS_LOG_FUNCTION(this);
}

uint32_t
SynFinSegmentAttributor::OpenConnection(uint32_t node,
                                        uint64_t nodeConn,
                                        SynFinRecordedConnection::Role role,
                                        const SynFinRecorderTuple& tuple,
                                        int64_t now)
{
    NS_LOG_FUNCTION(this << node << nodeConn);
    uint32_t index = static_cast<uint32_t>(m_obs.conns.size());
    SynFinRecordedConnection c;
    c.node = node;
    c.nodeConn = nodeConn;
    c.role = role;
    c.tuple = tuple;
    m_obs.conns.push_back(std::move(c));
    RegisterTuple(index, now);
    return index;
}

void
SynFinSegmentAttributor::SetTuple(uint32_t conn, const SynFinRecorderTuple& tuple, int64_t now)
{
    m_obs.conns[conn].tuple = tuple;
    RegisterTuple(conn, now);
}

void
SynFinSegmentAttributor::RegisterTuple(uint32_t conn, int64_t now)
{
    const SynFinRecordedConnection& c = m_obs.conns[conn];
    if (c.tuple.remotePort == 0)
    {
        return; // a listener: found by port instead
    }
    NodeIndex& info = m_nodes[c.node];
    info.byTuple[c.tuple] = conn;
    if (info.pendingAt != now)
    {
        return;
    }
    // Rows seen at this very instant, before this connection existed (the SYN that forks a
    // child, a stock client's SYN that leaves before its state changes) belong to it.
    auto& pending = info.pending;
    for (auto it = pending.begin(); it != pending.end();)
    {
        SynFinSegmentRow& row = m_obs.segments[*it];
        if (row.OwnerTuple() == c.tuple)
        {
            row.conn = conn;
            row.provisional = false;
            it = pending.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

void
SynFinSegmentAttributor::ChangeState(uint32_t conn, uint8_t to, uint8_t cause, int64_t now)
{
    const uint8_t from = m_obs.AddChange(conn, now, to, cause);
    const SynFinRecordedConnection& c = m_obs.conns[conn];
    // A pure SYN to a port with no connection of its own goes to the listener there.
    NodeIndex& info = m_nodes[c.node];
    if (to == TcpSocket::LISTEN)
    {
        info.listeners[c.tuple.localPort] = conn;
    }
    else if (from == TcpSocket::LISTEN)
    {
        auto it = info.listeners.find(c.tuple.localPort);
        if (it != info.listeners.end() && it->second == conn)
        {
            info.listeners.erase(it);
        }
    }
}

bool
SynFinSegmentAttributor::IsListening(uint32_t node, uint16_t port) const
{
    auto it = m_nodes.find(node);
    return it != m_nodes.end() && it->second.listeners.count(port) > 0;
}

uint32_t
SynFinSegmentAttributor::Owner(uint32_t node,
                               const SynFinRecorderTuple& tuple,
                               bool mustBeOpen,
                               int64_t now) const
{
    auto nodeIt = m_nodes.find(node);
    if (nodeIt == m_nodes.end())
    {
        return SynFinSegmentRow::NONE;
    }
    auto it = nodeIt->second.byTuple.find(tuple);
    if (it == nodeIt->second.byTuple.end())
    {
        return SynFinSegmentRow::NONE;
    }
    const SynFinRecordedConnection& c = m_obs.conns[it->second];
    // A connection owns what it sends at the instant it closes (the RST of an abort), not
    // what arrives after (answered by a RST from a closed port).
    if (mustBeOpen && c.finished && c.finishedAt < now)
    {
        return SynFinSegmentRow::NONE;
    }
    return it->second;
}

uint32_t
SynFinSegmentAttributor::Record(uint32_t node,
                                uint8_t event,
                                Ipv4Address source,
                                Ipv4Address destination,
                                const TcpHeader& h,
                                uint32_t length,
                                uint32_t where,
                                int64_t now)
{
    SynFinSegmentRow row;
    row.time = now;
    row.node = node;
    row.conn = SynFinSegmentRow::NONE;
    row.fromAddress = source.Get();
    row.toAddress = destination.Get();
    row.seq = h.GetSequenceNumber().GetValue();
    row.ack = (h.GetFlags() & TcpHeader::ACK) ? h.GetAckNumber().GetValue() : 0;
    row.length = length;
    row.where = where;
    row.fromPort = h.GetSourcePort();
    row.toPort = h.GetDestinationPort();
    row.window = h.GetWindowSize();
    row.event = event;
    row.flags = h.GetFlags();
    row.provisional = false;

    SynFinRecorderTuple tuple = row.OwnerTuple();
    uint32_t index = static_cast<uint32_t>(m_obs.segments.size());
    if (event == SynFinSegmentRow::DROP)
    {
        // The sender's connection, whatever became of it since the segment left.
        uint32_t sender = NodeOfAddress(row.fromAddress);
        row.conn = sender == SynFinSegmentRow::NONE ? SynFinSegmentRow::NONE
                                                    : Owner(sender, tuple, false, now);
        m_obs.segments.push_back(row);
        return index;
    }

    NodeIndex& info = m_nodes[node];
    row.conn = Owner(node, tuple, true, now);
    bool pureSyn =
        event == SynFinSegmentRow::RX &&
        (row.flags & (TcpHeader::SYN | TcpHeader::ACK | TcpHeader::RST)) == TcpHeader::SYN;
    if (row.conn == SynFinSegmentRow::NONE || pureSyn)
    {
        // A SYN belongs to the child it forks (or that reuses a TIME-WAIT tuple); until one
        // appears at this instant, to the listener on its port.
        row.provisional = true;
        if (row.conn == SynFinSegmentRow::NONE && pureSyn)
        {
            auto l = info.listeners.find(tuple.localPort);
            if (l != info.listeners.end())
            {
                row.conn = l->second;
            }
        }
        if (info.pendingAt != row.time)
        {
            info.pending.clear();
            info.pendingAt = row.time;
        }
        info.pending.push_back(index);
    }
    m_obs.segments.push_back(row);
    return index;
}

void
SynFinSegmentAttributor::RefreshAddresses()
{
    for (const auto& entry : m_obs.nodes)
    {
        const uint32_t id = entry.first;
        Ptr<Node> node = NodeList::GetNode(id);
        Ptr<Ipv4> ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
        if (!ipv4)
        {
            continue;
        }
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                m_addressNode[ipv4->GetAddress(i, j).GetLocal().Get()] = id;
            }
        }
    }
}

uint32_t
SynFinSegmentAttributor::NodeOfAddress(uint32_t address)
{
    auto it = m_addressNode.find(address);
    if (it == m_addressNode.end())
    {
        RefreshAddresses(); // addresses may have been assigned after Attach
        it = m_addressNode.find(address);
    }
    return it == m_addressNode.end() ? SynFinSegmentRow::NONE : it->second;
}

} // namespace ns3
