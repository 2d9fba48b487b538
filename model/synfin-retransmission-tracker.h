/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RETRANSMISSION_TRACKER_H
#define SYNFIN_RETRANSMISSION_TRACKER_H

// Plain C++ on purpose: plots/ includes this header too, and plots/ links no ns-3.
#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief synfin's one definition of a retransmission, fed the segments one end sends.
 *
 * The lifecycle recorder counts retransmissions with it (connections.csv) and the ladder
 * figure marks them with it, so the two always agree.
 *
 * In RFC 9293 terms (sections 3.3 and 3.4): an end numbers every octet it sends, and the
 * SYN and FIN controls occupy a sequence number each, the SYN at ISS before the first data
 * octet and the FIN after the last one. A segment is a retransmission when it repeats
 * sequence space its end already sent:
 * - SYN: the SYN occupies ISS, which every SYN of a connection carries, so any SYN after the
 *   first repeats it. A SYN and a SYN|ACK are told apart: in a simultaneous open the first
 *   SYN|ACK carries ISS again because RFC 9293 3.10.7.3 prescribes it on entering
 *   SYN-RECEIVED, an answer to the peer's SYN rather than a resend of a lost segment.
 * - payload: its first octet (SEG.SEQ, or SEG.SEQ + 1 after a SYN) lies below the highest
 *   sequence number already sent plus one (the high-water mark of SND.NXT): some of it was
 *   sent before, whether the resend covers the same octets or is cut differently.
 * - FIN: a FIN at the sequence number of a FIN already sent.
 * Comparisons are modulo 2^32 (RFC 9293 3.4). Flags other than SYN, ACK and FIN (PSH, ECE,
 * ...) and the acknowledgement number play no part: a resend may carry a newer ACK.
 */
class SynFinRetransmissionTracker
{
  public:
    /// What of a sent segment's sequence space was sent before.
    struct Repeats
    {
        bool syn{false};     //!< its SYN (or SYN|ACK) repeats an earlier one
        bool payload{false}; //!< its payload starts below the highest sequence number sent
        bool fin{false};     //!< its FIN repeats an earlier FIN at the same sequence number

        /// \return true if the segment is a retransmission
        bool Any() const
        {
            return syn || payload || fin;
        }
    };

    /**
     * \brief Take the next segment this end sent, in the order it was sent.
     * \param seq SEG.SEQ
     * \param length payload octets
     * \param syn the SYN flag
     * \param ack the ACK flag (tells a SYN|ACK from a SYN)
     * \param fin the FIN flag
     * \return what of it was sent before
     */
    Repeats Send(uint32_t seq, uint32_t length, bool syn, bool ack, bool fin)
    {
        Repeats r;
        if (syn)
        {
            bool& sent = ack ? m_synAckSent : m_synSent;
            r.syn = sent;
            sent = true;
            Advance(seq + 1);
        }
        // The SYN, if any, comes before the first data octet.
        const uint32_t first = seq + (syn ? 1 : 0);
        if (length > 0)
        {
            r.payload = m_haveMax && SeqLess(first, m_sndMax);
            Advance(first + length);
        }
        if (fin)
        {
            const uint32_t finSeq = first + length;
            r.fin = m_finSent && finSeq == m_finSeq;
            if (!m_finSent)
            {
                m_finSent = true;
                m_finSeq = finSeq;
            }
        }
        return r;
    }

    /**
     * \brief RFC 9293 section 3.4 sequence comparison, modulo 2^32.
     * \param a a sequence number
     * \param b another
     * \return true if \p a comes before \p b
     */
    static bool SeqLess(uint32_t a, uint32_t b)
    {
        return static_cast<int32_t>(a - b) < 0;
    }

  private:
    /// Raise the high-water mark to \p end (one past the last sequence number sent).
    void Advance(uint32_t end)
    {
        if (!m_haveMax || SeqLess(m_sndMax, end))
        {
            m_haveMax = true;
            m_sndMax = end;
        }
    }

    bool m_synSent{false};    //!< a SYN without ACK was sent
    bool m_synAckSent{false}; //!< a SYN|ACK was sent
    bool m_haveMax{false};    //!< m_sndMax is set
    uint32_t m_sndMax{0};     //!< one past the highest SYN or payload sequence number sent
    bool m_finSent{false};    //!< a FIN was sent
    uint32_t m_finSeq{0};     //!< the sequence number of the first FIN
};

} // namespace ns3

#endif /* SYNFIN_RETRANSMISSION_TRACKER_H */
