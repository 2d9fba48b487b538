/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-time-wait-table.h"

#include "synfin-constants.h"
#include "synfin-options.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinTimeWaitTable");

SynFinTimeWaitTable::SynFinTimeWaitTable() = default;

SynFinTimeWaitTable::~SynFinTimeWaitTable()
{
    m_event.Cancel();
}

void
SynFinTimeWaitTable::SetExpireCallback(ExpireCallback cb)
{
    m_onExpire = cb;
}

void
SynFinTimeWaitTable::Admit(const SynFinFourTuple& tuple, SynFinTimeWaitRecord record)
{
    NS_LOG_FUNCTION(this << tuple);
    record.expiresAt = Simulator::Now().GetTimeStep() + record.duration;
    auto [it, inserted] = m_records.insert_or_assign(tuple, record);
    if (inserted)
    {
        ++m_localPortUse[tuple.localPort];
    }
    m_peak = std::max(m_peak, m_records.size());
    m_expiries.push({it->second.expiresAt, m_order++, tuple});
    Arm();
}

SynFinTimeWaitRecord*
SynFinTimeWaitTable::Find(const SynFinFourTuple& tuple)
{
    auto it = m_records.find(tuple);
    return it == m_records.end() ? nullptr : &it->second;
}

SynFinTimeWaitTable::Verdict
SynFinTimeWaitTable::Handle(const SynFinFourTuple& tuple,
                            const TcpHeader& header,
                            uint32_t payloadSize,
                            bool canReopen,
                            SynFinTimeWaitRecord& removed)
{
    auto it = m_records.find(tuple);
    if (it == m_records.end())
    {
        return Verdict::DROP;
    }
    SynFinTimeWaitRecord& rec = it->second;
    SynFinEvent event = Classify(rec, header, payloadSize, canReopen);
    // The record answers from the same table as a socket: TIME-WAIT's row for the event.
    const SynFinTransition& t = SynFinStateMachine::Lookup(TcpSocket::TIME_WAIT, event);
    if (t.next == TcpSocket::CLOSED)
    {
        removed = rec;
        Erase(it);
        return event == SynFinEvent::RCV_RST ? Verdict::CLOSED_BY_RST : Verdict::REUSE;
    }
    if (event == SynFinEvent::RCV_FIN && rec.timestamps)
    {
        // The peer's FIN once more: its timestamp is the newest of the connection.
        uint32_t value = 0;
        uint32_t echo = 0;
        if (SynFinOptions::ReadTimestamp(header, &value, &echo) &&
            !SynFinOptions::TimestampBefore(value, rec.tsRecent))
        {
            rec.tsRecent = value;
        }
    }
    if (t.actions & ACTION_RESTART_TIME_WAIT)
    {
        rec.expiresAt = Simulator::Now().GetTimeStep() + rec.duration;
        m_expiries.push({rec.expiresAt, m_order++, tuple});
        Arm();
    }
    bool answer = (t.actions & ACTION_SEND_ACK) || t.response == SynFinResponse::ACK ||
                  t.response == SynFinResponse::CHALLENGE_ACK;
    if (!answer)
    {
        return Verdict::DROP;
    }
    return (t.actions & ACTION_RESTART_TIME_WAIT) ? Verdict::REACK_FIN : Verdict::SEND_ACK;
}

SynFinEvent
SynFinTimeWaitTable::Classify(const SynFinTimeWaitRecord& rec,
                              const TcpHeader& header,
                              uint32_t payloadSize,
                              bool canReopen)
{
    uint8_t flags = header.GetFlags();
    SequenceNumber32 seq = header.GetSequenceNumber();
    SequenceNumber32 rcvNxt(rec.rcvNxt);
    uint32_t window = static_cast<uint32_t>(rec.window) << rec.windowShift; // RCV.WND

    if (flags & TcpHeader::RST)
    {
        // RFC 5961 section 3.2: only an exact match may reset; anything else in the
        // window draws a challenge ACK, and out-of-window RSTs are dropped.
        if (seq != rcvNxt)
        {
            return (seq > rcvNxt && static_cast<uint32_t>(seq - rcvNxt) < window)
                       ? SynFinEvent::RCV_RST_INEXACT
                       : SynFinEvent::RCV_RST_OUT_OF_WINDOW;
        }
        if (rec.rstPolicy == SynFinTimeWaitRstPolicy::TW_RST_IGNORE)
        {
            // RFC 1337 section 4 ("TIME-WAIT assassination" fix): the RST is not heeded.
            return SynFinEvent::RCV_OTHER;
        }
        return SynFinEvent::RCV_RST;
    }
    uint32_t tsValue = 0;
    uint32_t tsEcho = 0;
    bool hasTs = rec.timestamps && SynFinOptions::ReadTimestamp(header, &tsValue, &tsEcho);
    if ((flags & TcpHeader::SYN) && !(flags & TcpHeader::ACK))
    {
        // RFC 6191 section 2 / RFC 9293 3.10.7.4 note: a SYN that cannot be confused with
        // the old incarnation: by its timestamp if both used them (newer than TS.Recent),
        // otherwise by its sequence number (beyond RCV.NXT). RFC 1122 4.2.2.13: it reopens
        // the connection only if a listener takes it; with none, the record keeps its
        // 2*MSL and answers like any other SYN (as Linux).
        bool newer = hasTs ? SynFinOptions::TimestampBefore(rec.tsRecent, tsValue) : seq > rcvNxt;
        if (rec.synPolicy == SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER && newer && canReopen)
        {
            return SynFinEvent::RCV_SYN_REUSE;
        }
        return SynFinEvent::RCV_SYN_IN_WINDOW;
    }
    if (hasTs && SynFinOptions::TimestampBefore(tsValue, rec.tsRecent))
    {
        // PAWS (RFC 7323 5.3 R1) in TIME-WAIT, as Linux applies it: an old duplicate is
        // answered with an ACK and otherwise ignored.
        return payloadSize == 0 && !(flags & TcpHeader::FIN) ? SynFinEvent::RCV_OUT_OF_WINDOW_CTL
                                                             : SynFinEvent::RCV_OUT_OF_WINDOW;
    }
    if ((flags & TcpHeader::FIN) && seq + payloadSize + 1 == rcvNxt)
    {
        // RFC 9293 3.10.7.4, eighth step, TIME-WAIT: the peer's FIN once more.
        return SynFinEvent::RCV_FIN;
    }
    // First check (3.10.7.4): the sequence test against the window the record offers.
    uint32_t segLen = payloadSize + ((flags & TcpHeader::FIN) ? 1 : 0);
    auto inWindow = [&](SequenceNumber32 s) { return rcvNxt <= s && s < rcvNxt + window; };
    bool acceptable = segLen == 0 ? (window == 0 ? seq == rcvNxt : inWindow(seq))
                                  : window > 0 && (inWindow(seq) || inWindow(seq + segLen - 1));
    if (!acceptable)
    {
        return segLen == 0 ? SynFinEvent::RCV_OUT_OF_WINDOW_CTL : SynFinEvent::RCV_OUT_OF_WINDOW;
    }
    // Fifth check: no ACK bit, no processing.
    if (!(flags & TcpHeader::ACK))
    {
        return SynFinEvent::RCV_OTHER;
    }
    SequenceNumber32 ack = header.GetAckNumber();
    SequenceNumber32 sndNxt(rec.sndNxt);
    if (ack > sndNxt)
    {
        return SynFinEvent::RCV_ACK_UNACCEPTABLE;
    }
    // RFC 5961 5.2 with MAX.SND.WND at its unscaled bound (the record keeps no more).
    if (ack<sndNxt&& static_cast<uint32_t>(sndNxt - ack)> kSynFinMaxUnscaledWindow)
    {
        return SynFinEvent::RCV_ACK_TOO_OLD;
    }
    if (payloadSize == 0 && !(flags & TcpHeader::FIN))
    {
        return SynFinEvent::RCV_ACK; // an acceptable bare ACK
    }
    // Text or a FIN past the peer's FIN cannot be legitimate: answered with an ACK.
    return SynFinEvent::RCV_OUT_OF_WINDOW;
}

void
SynFinTimeWaitTable::DetachOwner(const SynFinFourTuple& tuple, const SynFinSocket* owner)
{
    auto it = m_records.find(tuple);
    if (it != m_records.end() && it->second.owner == owner)
    {
        it->second.owner = nullptr;
    }
}

bool
SynFinTimeWaitTable::UsesLocalPort(uint16_t port) const
{
    auto it = m_localPortUse.find(port);
    return it != m_localPortUse.end() && it->second > 0;
}

std::size_t
SynFinTimeWaitTable::Size() const
{
    return m_records.size();
}

std::size_t
SynFinTimeWaitTable::Peak() const
{
    return m_peak;
}

std::size_t
SynFinTimeWaitTable::BytesPerRecord()
{
    // The record and key in a hash node (plus the node's next pointer and cached hash),
    // one bucket pointer at load factor 1, and one heap entry.
    return sizeof(SynFinFourTuple) + sizeof(SynFinTimeWaitRecord) + 2 * sizeof(void*) +
           sizeof(std::size_t) + sizeof(void*) + sizeof(Expiry);
}

void
SynFinTimeWaitTable::Clear()
{
    m_event.Cancel();
    m_armedFor = -1;
    m_records.clear();
    m_localPortUse.clear();
    m_expiries = {};
}

void
SynFinTimeWaitTable::Arm()
{
    if (m_expiries.empty())
    {
        return;
    }
    int64_t next = m_expiries.top().at;
    if (!m_event.IsExpired() && m_armedFor <= next)
    {
        return;
    }
    m_event.Cancel();
    m_armedFor = next;
    int64_t delay = next - Simulator::Now().GetTimeStep();
    m_event =
        Simulator::Schedule(TimeStep(delay > 0 ? delay : 0), &SynFinTimeWaitTable::Fire, this);
}

void
SynFinTimeWaitTable::Fire()
{
    int64_t now = Simulator::Now().GetTimeStep();
    m_armedFor = -1;
    while (!m_expiries.empty() && m_expiries.top().at <= now)
    {
        Expiry e = m_expiries.top();
        m_expiries.pop();
        auto it = m_records.find(e.tuple);
        if (it == m_records.end() || it->second.expiresAt != e.at)
        {
            continue; // stale: restarted, reused or reset since
        }
        SynFinTimeWaitRecord rec = it->second;
        Erase(it);
        if (!m_onExpire.IsNull())
        {
            m_onExpire(e.tuple, rec);
        }
    }
    Arm();
}

void
SynFinTimeWaitTable::Erase(
    std::unordered_map<SynFinFourTuple, SynFinTimeWaitRecord, SynFinFourTupleHash>::iterator it)
{
    auto port = m_localPortUse.find(it->first.localPort);
    if (port != m_localPortUse.end() && --port->second == 0)
    {
        m_localPortUse.erase(port);
    }
    m_records.erase(it);
}

} // namespace ns3
