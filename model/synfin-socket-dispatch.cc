/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSocket: the dispatcher, which carries out a cell of the state table (next
 * state, actions, response to the segment).
 */

#include "synfin-constants.h"
#include "synfin-header-builder.h"
#include "synfin-l4-protocol.h"
#include "synfin-socket-log.h"
#include "synfin-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

// ---------------------------------------------------------------------------------------------
// The table in action

SynFinDefault
SynFinSocket::Apply(SynFinEvent event, uint8_t flags)
{
    const SynFinTransition& t = SynFinStateMachine::Lookup(m_state, event, m_variant);
    if (t.outcome != SynFinDefault::NONE)
    {
        NS_LOG_LOGIC("no row for " << SynFinStateMachine::StateName(m_state) << " + " << event
                                   << ": " << SynFinStateMachine::ResponseName(t.response));
        Respond(t.response);
        return t.outcome;
    }
    SynFinState from = m_state;
    if (t.next != from)
    {
        NS_LOG_INFO(SynFinStateMachine::StateName(from)
                    << " -> " << SynFinStateMachine::StateName(t.next) << " on " << event);
        m_state = t.next;
        SynFinStateChange change;
        change.connectionId = m_connId;
        change.nodeId = m_node ? m_node->GetId() : 0;
        change.tuple = m_tuple;
        change.from = from;
        change.to = t.next;
        change.cause = event;
        change.segmentFlags = flags;
        change.passive = m_passive;
        change.time = Simulator::Now();
        m_stateChangeTrace(change);
        if (m_tcp)
        {
            m_tcp->NotifyStateChange(change);
        }
    }
    RunActions(t.actions, from);
    Respond(t.response);
    return SynFinDefault::NONE;
}

void
SynFinSocket::Respond(SynFinResponse response)
{
    switch (response)
    {
    case SynFinResponse::NONE:
        return;
    case SynFinResponse::ACK:
        SendAck();
        return;
    case SynFinResponse::CHALLENGE_ACK:
        SendChallengeAck();
        return;
    case SynFinResponse::SYN_ACK:
        SendControl(TcpHeader::SYN | TcpHeader::ACK, m_iss);
        return;
    case SynFinResponse::RST:
        SendResetForSegment();
        return;
    }
}

void
SynFinSocket::SendResetForSegment()
{
    if (!m_inbound.header)
    {
        return;
    }
    const TcpHeader& in = *m_inbound.header;
    if (in.GetFlags() & TcpHeader::RST)
    {
        return; // never answer a RST (RFC 9293 3.10.7.1)
    }
    TcpHeader rst = SynFinHeaderBuilder::ResetFor(in, m_inbound.payload);
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, rst, this);
    m_tcp->SendSegment(p, rst, m_inbound.destination, m_inbound.source);
}

void
SynFinSocket::RunActions(uint16_t actions, SynFinState from)
{
    if (actions & ACTION_SEND_SYN)
    {
        m_retries = 0;
        m_rto.Reset(m_connTimeout, m_connTimeout, m_maxRto);
        m_connectStarted = Simulator::Now();
        SendControl(TcpHeader::SYN, m_iss);
        RestartRetransmit();
    }
    if (actions & ACTION_SEND_SYN_ACK)
    {
        m_retries = 0;
        m_rto.Reset(m_connTimeout, m_connTimeout, m_maxRto);
        SendControl(TcpHeader::SYN | TcpHeader::ACK, m_iss);
        RestartRetransmit();
    }
    if (actions & ACTION_STOP_RETRANSMIT)
    {
        m_retxEvent.Cancel();
        // LISTEN: a child the two-way-handshake variant opens on the SYN alone.
        if (from == SYN_SENT || from == SYN_RCVD || from == LISTEN)
        {
            // RFC 6298 (5.7): after a retransmitted SYN or SYN-ACK the RTO for data starts at
            // 3 s; otherwise at the configured initial value.
            Time initial = m_retries > 0 ? std::max(m_initialRto, Seconds(3)) : m_initialRto;
            m_rto.Reset(initial, m_minRto, m_maxRto);
            if (!m_handshakeRtt.IsNegative())
            {
                m_rto.AddSample(m_handshakeRtt);
            }
            // RFC 5681 3.1: the initial window counts segments of the effective MSS, and is
            // one segment when the SYN or SYN-ACK had to be retransmitted.
            uint32_t smss = EffectiveMss();
            m_cc.SetSmss(smss);
            m_cc.SetWindow((m_retries > 0 ? 1 : m_initialCwnd) * smss);
            m_cc.SetSack(m_options.UsesSack());
            if (!m_handshakeRtt.IsNegative())
            {
                m_cc.OnRttEstimate(m_rto.GetSrtt());
            }
            m_board.SetSmss(smss);
            UpdateRtoTrace();
        }
        m_retries = 0;
    }
    if (actions & ACTION_SEND_ACK)
    {
        SendAck();
    }
    if (actions & ACTION_DELAYABLE_ACK)
    {
        if (m_delayFinAck && !m_dataReceived)
        {
            // Linux delays an ACK by its ato, which stays zero until the first data segment
            // arrives (tcp_event_data_recv sets 40 ms): a FIN right after the handshake is
            // acknowledged within a jiffy (measured: about 1 ms), a FIN after data 40 ms later.
            SendAck();
        }
        else if (m_delayFinAck)
        {
            // The FIN is owed an ACK even when the segment that filled the gap before it
            // was acknowledged at once (RFC 5681 4.2) and cleared the count.
            m_pendingAcks = std::max<uint32_t>(m_pendingAcks, 1);
            AckWhenDue(); // RFC 1122 4.2.3.2; an ACK or FIN sent meanwhile carries it
        }
        else
        {
            SendAck();
        }
    }
    if (actions & ACTION_SEND_FIN)
    {
        m_finPending = true;
        SendPending();
    }
    if (actions & ACTION_SEND_RST)
    {
        SendRst();
    }
    if (actions & ACTION_NOTIFY_ESTABLISHED)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
        }
        m_connectNotified = true;
        if (m_passive && m_listener && m_listener->m_manualAccept)
        {
            // Pull model: wait in the listener's accept queue; the listener turns readable.
            Ptr<SynFinSocket> listener = m_listener;
            m_listener = nullptr;
            listener->m_acceptQueue.push_back(this);
            listener->NotifyDataRecv();
        }
        else if (m_passive)
        {
            Ptr<SynFinSocket> self(this);
            m_listener = nullptr;
            NotifyNewConnectionCreated(
                self,
                InetSocketAddress(m_tuple.remoteAddress, m_tuple.remotePort));
            if (GetTxAvailable() > 0)
            {
                NotifySend(GetTxAvailable()); // as stock: the new socket may send at once
            }
        }
        else
        {
            // Stock ns-3 reports success from a zero-delay event, after the ACK is sent.
            Simulator::ScheduleNow(&SynFinSocket::FireConnectionSucceeded, Ptr<SynFinSocket>(this));
        }
        SendPending();
    }
    if (actions & ACTION_NOTIFY_PEER_CLOSED)
    {
        if (!m_closeNotified)
        {
            m_closeNotified = true;
            NotifyNormalClose();
        }
    }
    if (actions & ACTION_ARM_FIN_WAIT_2)
    {
        // Only an orphan (fully closed by the application) is timed out in FIN-WAIT-2;
        // a half-closed socket may wait for the peer indefinitely, as in Linux.
        if (m_closeCalled && !m_finWait2Timeout.IsZero())
        {
            m_finWait2Event =
                Simulator::Schedule(m_finWait2Timeout, &SynFinSocket::FinWait2Timeout, this);
        }
    }
    if (actions & ACTION_NOTIFY_CLOSED)
    {
        if (!m_closeNotified)
        {
            m_closeNotified = true;
            NotifyNormalClose();
        }
    }
    if (actions & ACTION_NOTIFY_ERROR)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
            m_listener = nullptr;
        }
        if (!m_passive && !m_connectNotified)
        {
            // Never connected (SYN-SENT, or SYN-RECEIVED of a simultaneous open): to the
            // application this is a failed connect, not the close of a connection.
            NotifyConnectionFailed();
        }
        else if (!m_errorNotified && (!m_passive || m_connectNotified))
        {
            // A child that never reached the application fails silently. A normal close
            // reported earlier (the peer's FIN, in CLOSE-WAIT) does not hide a later failure
            // of our own FIN or data: stock ns-3 reports that too (LastAckTimeout, ReTxTimeout).
            NotifyErrorClose();
        }
        m_errorNotified = true;
        m_closeNotified = true;
    }
    if (actions & ACTION_ENTER_TIME_WAIT)
    {
        HandOffToTimeWait();
    }
    if (actions & ACTION_RELEASE)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
            m_listener = nullptr;
        }
        CancelTimers();
        if (from == LISTEN)
        {
            CloseChildren();
        }
        Release();
    }
}

void
SynFinSocket::FireConnectionSucceeded()
{
    if (m_state == CLOSED)
    {
        return;
    }
    NotifyConnectionSucceeded();
    if (GetTxAvailable() > 0)
    {
        NotifySend(GetTxAvailable());
    }
}

} // namespace ns3
