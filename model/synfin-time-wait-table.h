/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_TIME_WAIT_TABLE_H
#define SYNFIN_TIME_WAIT_TABLE_H

#include "synfin-four-tuple.h"
#include "synfin-options.h"
#include "synfin-state-machine.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"

#include <cstdint>
#include <queue>
#include <unordered_map>
#include <vector>

namespace ns3
{

class SynFinSocket;

/**
 * \ingroup synfin
 * \brief What TIME-WAIT does with an incoming RST (RFC 1337).
 */
enum SynFinTimeWaitRstPolicy : uint8_t
{
    TW_RST_IGNORE, //!< RFC 1337 section 4 fix: drop RSTs in TIME-WAIT (TIME-WAIT assassination)
    TW_RST_CLOSE,  //!< RFC 9293 3.10.7.4: an acceptable RST ends TIME-WAIT early
};

/**
 * \ingroup synfin
 * \brief What TIME-WAIT does with a new SYN for the same 4-tuple.
 */
enum SynFinTimeWaitSynPolicy : uint8_t
{
    TW_SYN_REJECT,          //!< answer with an ACK of the old connection (RFC 5961 section 4)
    TW_SYN_ACCEPT_IF_NEWER, //!< accept if the SYN's sequence number is beyond RCV.NXT (RFC 6191)
};

/**
 * \ingroup synfin
 * \brief What is left of a connection in TIME-WAIT.
 *
 * Compact on purpose (Linux's timewait minisocket is the model): enough to re-ACK a
 * retransmitted FIN, to judge a RST or a new SYN, and to know when to go.
 */
struct SynFinTimeWaitRecord
{
    uint64_t connectionId{0};     //!< id of the connection it came from
    SynFinSocket* owner{nullptr}; //!< the socket object, while the application still holds it
    int64_t expiresAt{0};         //!< expiry, in simulator time steps
    int64_t duration{0};          //!< 2*MSL, in simulator time steps
    uint32_t sndNxt{0};           //!< our SND.NXT (after our FIN)
    uint32_t rcvNxt{0};           //!< our RCV.NXT (after the peer's FIN)
    uint32_t tsRecent{0};         //!< TS.Recent, when timestamps were in use (RFC 7323)
    uint16_t window{0};           //!< window field of re-ACKs (scaled by windowShift)
    uint8_t windowShift{0};       //!< Rcv.Wind.Shift of the connection (RFC 7323)
    bool timestamps{false};       //!< the connection used timestamps
    SynFinOptionLayout optionLayout{OPTION_LAYOUT_STOCK}; //!< how its options were laid out
    SynFinTimeWaitRstPolicy rstPolicy{SynFinTimeWaitRstPolicy::TW_RST_IGNORE}; //!< RST policy
    SynFinTimeWaitSynPolicy synPolicy{SynFinTimeWaitSynPolicy::TW_SYN_REJECT}; //!< SYN policy
    bool passive{false}; //!< connection was forked from a listener
};

/**
 * \ingroup synfin
 * \brief The TIME-WAIT records of one node, keyed by 4-tuple, with their 2*MSL expiry.
 *
 * One pending simulator event serves the whole table: expiries sit in a heap and the
 * event is armed for the earliest. A restarted record leaves a stale heap entry behind
 * that is recognised and skipped when it comes up.
 */
class SynFinTimeWaitTable
{
  public:
    /// What a record does with a segment (RFC 9293 3.10.7.4, TIME-WAIT rows).
    enum class Verdict : uint8_t
    {
        DROP,          //!< ignore it
        SEND_ACK,      //!< answer with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        REACK_FIN,     //!< retransmitted FIN: ACK it and restart 2*MSL
        CLOSED_BY_RST, //!< acceptable RST and policy CLOSE: the record is gone
        REUSE,         //!< acceptable new SYN: the record is gone, give the SYN to the listener
    };

    /// Called when a record leaves: tuple, record, and whether by expiry (true) or early.
    using ExpireCallback = Callback<void, const SynFinFourTuple&, const SynFinTimeWaitRecord&>;

    SynFinTimeWaitTable();
    ~SynFinTimeWaitTable();

    /**
     * \brief Set who hears of expiries.
     * \param cb the callback
     */
    void SetExpireCallback(ExpireCallback cb);

    /**
     * \brief Put a connection into TIME-WAIT for record.duration.
     * \param tuple the connection
     * \param record its record (expiresAt is set here)
     */
    void Admit(const SynFinFourTuple& tuple, SynFinTimeWaitRecord record);

    /**
     * \param tuple a connection
     * \return its record, or nullptr
     */
    SynFinTimeWaitRecord* Find(const SynFinFourTuple& tuple);

    /**
     * \brief Judge a segment that arrived for a TIME-WAIT connection, and apply it.
     * \param tuple the connection
     * \param header the segment's header
     * \param payloadSize its payload length
     * \param canReopen a listener would take a new SYN for this 4-tuple
     * \param removed set to a copy of the record when the verdict removes it
     * \return the verdict
     */
    Verdict Handle(const SynFinFourTuple& tuple,
                   const TcpHeader& header,
                   uint32_t payloadSize,
                   bool canReopen,
                   SynFinTimeWaitRecord& removed);

    /**
     * \brief Forget the owning socket (it is being destroyed).
     * \param tuple the connection
     * \param owner the socket
     */
    void DetachOwner(const SynFinFourTuple& tuple, const SynFinSocket* owner);

    /**
     * \param port a local port
     * \return true if any record uses this local port
     */
    bool UsesLocalPort(uint16_t port) const;

    /// \return the number of records now
    std::size_t Size() const;

    /// \return the largest number of records held at once
    std::size_t Peak() const;

    /// \return approximate bytes of memory per record (record, hash node, heap entry)
    static std::size_t BytesPerRecord();

    /// Drop everything without callbacks (the node is going away).
    void Clear();

  private:
    /// A pending expiry in the heap.
    struct Expiry
    {
        int64_t at;            //!< when
        uint64_t order;        //!< admission order, a deterministic tie-break
        SynFinFourTuple tuple; //!< whose

        /// \param o other \return true if this one expires later
        bool operator>(const Expiry& o) const
        {
            return at != o.at ? at > o.at : order > o.order;
        }
    };

    /**
     * \brief Name the event a segment is for a record, as a socket in TIME-WAIT would.
     * \param rec the record
     * \param header the segment's header
     * \param payloadSize its payload length
     * \param canReopen a listener would take a new SYN for this 4-tuple
     * \return the event
     */
    static SynFinEvent Classify(const SynFinTimeWaitRecord& rec,
                                const TcpHeader& header,
                                uint32_t payloadSize,
                                bool canReopen);

    /// Arm the single event for the earliest expiry.
    void Arm();
    /// Handle the event: retire every record due now.
    void Fire();
    /// Remove a record and its port reference.
    void Erase(
        std::unordered_map<SynFinFourTuple, SynFinTimeWaitRecord, SynFinFourTupleHash>::iterator
            it);

    std::unordered_map<SynFinFourTuple, SynFinTimeWaitRecord, SynFinFourTupleHash>
        m_records;                                                                     //!< records
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> m_expiries; //!< heap
    std::unordered_map<uint16_t, uint32_t> m_localPortUse; //!< records per local port
    EventId m_event;                                       //!< the pending expiry event
    int64_t m_armedFor{-1};                                //!< when m_event fires
    uint64_t m_order{0};                                   //!< admission counter
    std::size_t m_peak{0};                                 //!< peak size
    ExpireCallback m_onExpire;                             //!< expiry listener
};

} // namespace ns3

#endif /* SYNFIN_TIME_WAIT_TABLE_H */
