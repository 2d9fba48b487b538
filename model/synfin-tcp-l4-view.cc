/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-tcp-l4-view.h"

#include "synfin-l4-protocol.h"
#include "synfin-socket.h"

#include "ns3/log.h"
#include "ns3/object-vector.h"
#include "ns3/socket.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-recovery-ops.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinTcpL4View");

NS_OBJECT_ENSURE_REGISTERED(SynFinTcpL4View);

namespace
{

/**
 * \brief The checker of the view's SocketList: it holds an ObjectPtrContainerValue, but it is
 *        deliberately not an ObjectPtrContainerChecker.
 *
 * ns-3's Config path resolver visits every level of the TypeId chain and follows each
 * attribute of the item's name whose checker is a container checker, reading it by name.
 * TcpL4Protocol's level has its own SocketList with such a checker, and reading it by name
 * reaches this one; if this one were a container checker too, every socket would be matched
 * (and every trace connected) twice.
 */
class SocketListChecker : public AttributeChecker
{
  public:
    bool Check(const AttributeValue& value) const override
    {
        return dynamic_cast<const ObjectPtrContainerValue*>(&value) != nullptr;
    }

    std::string GetValueTypeName() const override
    {
        return "ns3::ObjectPtrContainerValue";
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return true;
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return "ns3::Ptr< ns3::Socket >";
    }

    Ptr<AttributeValue> Create() const override
    {
        return ns3::Create<ObjectPtrContainerValue>();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        const auto* src = dynamic_cast<const ObjectPtrContainerValue*>(&source);
        auto* dst = dynamic_cast<ObjectPtrContainerValue*>(&destination);
        if (src == nullptr || dst == nullptr)
        {
            return false;
        }
        *dst = *src;
        return true;
    }
};

} // namespace

TypeId
SynFinTcpL4View::GetTypeId()
{
    // These attributes carry the names of ns3::TcpL4Protocol's own, and TypeId refuses a name
    // that a parent already registered. So they are added while the parent is still
    // IpL4Protocol, and TcpL4Protocol becomes the parent afterwards: attribute lookup starts at
    // the object's own TypeId, so these answer for it, and `$ns3::TcpL4Protocol` in a Config
    // path finds this object because its TypeId is a child of TcpL4Protocol's.
    static TypeId tid = [] {
        TypeId t =
            TypeId("ns3::SynFinTcpL4View")
                .SetParent<IpL4Protocol>()
                .SetGroupName("SynFin")
                .AddAttribute("SocketList",
                              "The node's synfin sockets (ns3::SynFinL4Protocol's SocketList), "
                              "under stock's path",
                              ObjectVectorValue(),
                              MakeObjectVectorAccessor(&SynFinTcpL4View::GetSocketCount,
                                                       &SynFinTcpL4View::GetSocketAt),
                              Create<SocketListChecker>())
                .AddAttribute("SocketType",
                              "The congestion control of the node's new synfin sockets "
                              "(ns3::SynFinL4Protocol's SocketType)",
                              TypeIdValue(TcpNewReno::GetTypeId()),
                              MakeTypeIdAccessor(&SynFinTcpL4View::SetSocketType,
                                                 &SynFinTcpL4View::GetSocketType),
                              MakeTypeIdChecker())
                .AddAttribute("RecoveryType",
                              "The loss recovery of the node's new synfin sockets "
                              "(ns3::SynFinL4Protocol's RecoveryType)",
                              TypeIdValue(TcpClassicRecovery::GetTypeId()),
                              MakeTypeIdAccessor(&SynFinTcpL4View::SetRecoveryType,
                                                 &SynFinTcpL4View::GetRecoveryType),
                              MakeTypeIdChecker());
        t.SetParent<TcpL4Protocol>();
        return t;
    }();
    return tid;
}

SynFinTcpL4View::SynFinTcpL4View()
{
    NS_LOG_FUNCTION(this);
}

SynFinTcpL4View::~SynFinTcpL4View()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinTcpL4View::SetSynFin(Ptr<SynFinL4Protocol> synfin)
{
    m_synfin = synfin;
}

Ptr<SynFinL4Protocol>
SynFinTcpL4View::GetSynFin() const
{
    return m_synfin;
}

std::size_t
SynFinTcpL4View::GetSocketCount() const
{
    return m_synfin ? m_synfin->GetSocketCount() : 0;
}

Ptr<Socket>
SynFinTcpL4View::GetSocketAt(std::size_t i) const
{
    return m_synfin->GetSocket(i);
}

void
SynFinTcpL4View::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    if (m_synfin)
    {
        m_synfin->SetDownTarget(cb);
    }
}

IpL4Protocol::DownTargetCallback
SynFinTcpL4View::GetDownTarget() const
{
    return m_synfin ? m_synfin->GetDownTarget() : IpL4Protocol::DownTargetCallback();
}

void
SynFinTcpL4View::SetSocketType(TypeId type)
{
    // Construction sets every attribute once, before a protocol is attached: nothing to do.
    if (m_synfin)
    {
        m_synfin->PinSocketType(type);
    }
}

TypeId
SynFinTcpL4View::GetSocketType() const
{
    return m_synfin ? m_synfin->GetSocketType() : TcpNewReno::GetTypeId();
}

void
SynFinTcpL4View::SetRecoveryType(TypeId type)
{
    if (m_synfin)
    {
        m_synfin->PinRecoveryType(type);
    }
}

TypeId
SynFinTcpL4View::GetRecoveryType() const
{
    return m_synfin ? m_synfin->GetRecoveryType() : TcpClassicRecovery::GetTypeId();
}

void
SynFinTcpL4View::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_synfin = nullptr;
    TcpL4Protocol::DoDispose();
}

void
SynFinTcpL4View::NotifyNewAggregate()
{
    // Skips TcpL4Protocol's, which would insert this object into IPv4 as the handler of
    // protocol 6 and aggregate stock's socket factory beside synfin's.
    IpL4Protocol::NotifyNewAggregate();
}

} // namespace ns3
