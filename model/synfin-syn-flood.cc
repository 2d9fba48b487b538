/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-syn-flood.h"

#include "synfin-l4-protocol.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSynFlood");

NS_OBJECT_ENSURE_REGISTERED(SynFinSynFlood);

TypeId
SynFinSynFlood::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SynFinSynFlood")
                            .SetParent<Application>()
                            .SetGroupName("Synfin")
                            .AddConstructor<SynFinSynFlood>()
                            .AddAttribute("Remote",
                                          "The listener's address and port (InetSocketAddress)",
                                          AddressValue(),
                                          MakeAddressAccessor(&SynFinSynFlood::m_remote),
                                          MakeAddressChecker())
                            .AddAttribute("Interval",
                                          "Time between two SYNs",
                                          TimeValue(MilliSeconds(10)),
                                          MakeTimeAccessor(&SynFinSynFlood::m_interval),
                                          MakeTimeChecker(Time(1)))
                            .AddAttribute("MaxSyns",
                                          "Most SYNs to send; 0 for no limit but StopTime",
                                          UintegerValue(0),
                                          MakeUintegerAccessor(&SynFinSynFlood::m_maxSyns),
                                          MakeUintegerChecker<uint64_t>())
                            .AddAttribute("SourceNetwork",
                                          "Network the forged source addresses are drawn from",
                                          Ipv4AddressValue("198.18.0.0"),
                                          MakeIpv4AddressAccessor(&SynFinSynFlood::m_sourceNetwork),
                                          MakeIpv4AddressChecker())
                            .AddAttribute("SourceMask",
                                          "Mask of SourceNetwork",
                                          Ipv4MaskValue("255.254.0.0"),
                                          MakeIpv4MaskAccessor(&SynFinSynFlood::m_sourceMask),
                                          MakeIpv4MaskChecker());
    return tid;
}

SynFinSynFlood::SynFinSynFlood()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

SynFinSynFlood::~SynFinSynFlood()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
SynFinSynFlood::GetSent() const
{
    return m_sent;
}

int64_t
SynFinSynFlood::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

void
SynFinSynFlood::DoDispose()
{
    m_next.Cancel();
    m_rng = nullptr;
    Application::DoDispose();
}

void
SynFinSynFlood::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_UNLESS(InetSocketAddress::IsMatchingType(m_remote),
                        "SynFinSynFlood: Remote must be an InetSocketAddress");
    NS_ABORT_MSG_UNLESS(GetNode()->GetObject<Ipv4>(), "SynFinSynFlood: the node has no IPv4");
    m_next = Simulator::ScheduleNow(&SynFinSynFlood::SendSyn, this);
}

void
SynFinSynFlood::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
}

void
SynFinSynFlood::SendSyn()
{
    if (m_maxSyns != 0 && m_sent >= m_maxSyns)
    {
        return;
    }
    InetSocketAddress remote = InetSocketAddress::ConvertFrom(m_remote);
    uint32_t hostBits = ~m_sourceMask.Get();
    // A host address of the network: neither all-zero nor all-one host bits.
    uint32_t host = hostBits > 2 ? m_rng->GetInteger(1, hostBits - 1) : 1;
    Ipv4Address source((m_sourceNetwork.Get() & m_sourceMask.Get()) | (host & hostBits));

    TcpHeader syn;
    syn.SetSourcePort(static_cast<uint16_t>(m_rng->GetInteger(1024, 65535)));
    syn.SetDestinationPort(remote.GetPort());
    syn.SetSequenceNumber(SequenceNumber32(m_rng->GetInteger(0, UINT32_MAX)));
    syn.SetFlags(TcpHeader::SYN);
    syn.SetWindowSize(65535);
    Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
    mss->SetMSS(1460);
    syn.AppendOption(mss);
    if (Node::ChecksumEnabled())
    {
        syn.EnableChecksums();
    }
    syn.InitializeChecksum(source, remote.GetIpv4(), SynFinL4Protocol::PROT_NUMBER);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(syn);
    // No route given: IPv4 looks one up for the destination and keeps the forged source.
    GetNode()->GetObject<Ipv4>()->Send(p,
                                       source,
                                       remote.GetIpv4(),
                                       SynFinL4Protocol::PROT_NUMBER,
                                       nullptr);
    ++m_sent;
    m_next = Simulator::Schedule(m_interval, &SynFinSynFlood::SendSyn, this);
}

} // namespace ns3
