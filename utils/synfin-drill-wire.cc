/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-wire.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/synfin-stack-helper.h"

namespace synfin_drill
{

using namespace ns3;

Wire::Wire(Ipv4Address local, Ipv4Address remote)
    : m_local(local),
      m_remote(remote)
{
    m_node = CreateObject<Node>();
    SynFinStackHelper stack;
    stack.Install(m_node);
    m_tcp = m_node->GetObject<SynFinL4Protocol>();
    m_tcp->SetDownTarget(MakeCallback(&Wire::Capture, this));
    m_node->Initialize();
}

Wire::~Wire()
{
    m_tcp->SetDownTarget(
        MakeNullCallback<void, Ptr<Packet>, Ipv4Address, Ipv4Address, uint8_t, Ptr<Ipv4Route>>());
}

Ptr<Node>
Wire::GetNode() const
{
    return m_node;
}

Ptr<SynFinL4Protocol>
Wire::GetTcp() const
{
    return m_tcp;
}

Ipv4Address
Wire::LocalAddress() const
{
    return m_local;
}

Ipv4Address
Wire::RemoteAddress() const
{
    return m_remote;
}

void
Wire::Inject(const WireSegment& segment)
{
    std::vector<uint8_t> bytes = segment.Encode();
    Ptr<Packet> packet = Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size()));
    Ipv4Header ip;
    ip.SetSource(m_remote);
    ip.SetDestination(m_local);
    ip.SetProtocol(SynFinL4Protocol::PROT_NUMBER);
    ip.SetPayloadSize(static_cast<uint16_t>(bytes.size()));
    m_tcp->Receive(packet, ip, nullptr);
}

std::deque<Captured>&
Wire::Sent()
{
    return m_sent;
}

int64_t
Wire::NowUsecs()
{
    return Simulator::Now().GetMicroSeconds();
}

namespace
{
/// The end of a RunUntil: its own event, so that a run stopped earlier can cancel it.
void
StopRun()
{
    Simulator::Stop();
}
} // namespace

void
Wire::RunUntil(int64_t usecs, bool untilSent)
{
    if (usecs < NowUsecs() || (untilSent && !m_sent.empty()))
    {
        return;
    }
    // Up to \p usecs inclusive: what is due now (a zero-delay notification, say) runs before
    // the script's next action, as a kernel's would have by the time a call returns.
    m_stopOnSend = untilSent;
    EventId end = Simulator::Schedule(MicroSeconds(usecs - NowUsecs()), &StopRun);
    Simulator::Run();
    end.Cancel();
    m_stopOnSend = false;
}

void
Wire::Capture(Ptr<Packet> packet,
              Ipv4Address source,
              Ipv4Address destination,
              uint8_t /* protocol */,
              Ptr<Ipv4Route> /* route */)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    Captured c;
    c.usecs = NowUsecs();
    c.source = source;
    c.destination = destination;
    std::string error;
    if (!WireSegment::Decode(bytes, c.segment, error))
    {
        // synfin's own header writer produced it: a malformed one is a bug worth seeing.
        NS_FATAL_ERROR("synfin-drill: the stack sent " << error);
    }
    m_sent.push_back(c);
    if (m_stopOnSend)
    {
        Simulator::Stop();
    }
}

} // namespace synfin_drill
