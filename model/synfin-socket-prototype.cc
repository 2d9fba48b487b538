/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-socket-prototype.h"

#include "synfin-socket.h"
#include "synfin-stock-attributes.h"

#include "ns3/log.h"
#include "ns3/object-base.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSocketPrototype");

uint64_t
SynFinSocketPrototype::Snapshot(std::vector<Ptr<const AttributeValue>>& values)
{
    values.clear();
    auto add = [&values](TypeId tid) {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            values.push_back(tid.GetAttribute(i).initialValue);
        }
    };
    for (TypeId tid = SynFinSocket::GetTypeId(); tid != ObjectBase::GetTypeId();
         tid = tid.GetParent())
    {
        add(tid);
    }
    for (TypeId tid : SynFinStockAttributes::DefaultSources())
    {
        add(tid);
    }
    return SynFinStockAttributes::Generation();
}

Ptr<SynFinSocket>
SynFinSocketPrototype::Create()
{
    uint64_t generation = Snapshot(m_scratch);
    if (!m_prototype || generation != m_generation || m_scratch != m_defaults)
    {
        NS_LOG_LOGIC("attribute defaults changed: constructing a new prototype");
        m_prototype = CreateObject<SynFinSocket>();
        // Construction may itself record ledger entries, never change defaults: take the
        // generation again, the values just read are still current.
        m_generation = SynFinStockAttributes::Generation();
        std::swap(m_defaults, m_scratch);
    }
    return CopyObject<SynFinSocket>(m_prototype);
}

void
SynFinSocketPrototype::Clear()
{
    if (m_prototype)
    {
        m_prototype->Dispose();
        m_prototype = nullptr;
    }
    m_defaults.clear();
    m_scratch.clear();
}

} // namespace ns3
