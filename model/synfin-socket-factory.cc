/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-socket-factory.h"

#include "synfin-l4-protocol.h"

#include "ns3/socket.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(SynFinSocketFactory);

TypeId
SynFinSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SynFinSocketFactory")
                            .SetParent<TcpSocketFactory>()
                            .SetGroupName("SynFin")
                            .AddConstructor<SynFinSocketFactory>();
    return tid;
}

void
SynFinSocketFactory::SetProtocol(Ptr<SynFinL4Protocol> tcp)
{
    m_tcp = tcp;
}

Ptr<Socket>
SynFinSocketFactory::CreateSocket()
{
    return m_tcp->CreateSocket();
}

void
SynFinSocketFactory::DoDispose()
{
    m_tcp = nullptr;
    TcpSocketFactory::DoDispose();
}

} // namespace ns3
