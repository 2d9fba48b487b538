/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SCOREBOARD_H
#define SYNFIN_SCOREBOARD_H

#include "ns3/sequence-number.h"
#include "ns3/tcp-option-sack.h"

#include <cstdint>
#include <deque>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The sender's scoreboard (RFC 6675 section 3): every data segment sent and not yet
 *        cumulatively acknowledged, with what the receiver's SACK blocks said of it, which
 *        ones are deemed lost and which have been retransmitted.
 *
 * It answers the questions of RFC 6675's recovery: how many bytes are in the network (pipe,
 * Pipe()), whether a sequence number is lost (IsLost()), and which lost segment goes
 * next (NextSeg() rule 1, and rule 3 for sockets that use it; rule 2, new data, is the socket's).
 * Loss is marked as ns-3's TcpTxBuffer marks it, so that the same ACKs give the same decisions as
 * stock: once DupThresh SACKed segments lie above an un-SACKed one, that one is lost, and so is the
 * head.
 *
 * Without SACK the socket feeds it "Reno SACKs" (AddRenoSack): each duplicate ACK stands for
 * one segment that left the network, which is how pipe is kept without SACK information.
 *
 * Sizes are in bytes of the data stream; SYN and FIN occupy no entry.
 */
class SynFinScoreboard
{
  public:
    /// A SACK block: [first, second).
    using Block = TcpOptionSack::SackBlock;

    /// SACK blocks, as TcpOptionSack lists them.
    using Blocks = TcpOptionSack::SackList;

    /// One segment as sent.
    struct Segment
    {
        SequenceNumber32 begin;    //!< first byte
        uint32_t size{0};          //!< bytes
        bool sacked{false};        //!< covered by a SACK block (or a Reno SACK)
        bool lost{false};          //!< deemed lost (RFC 6675 IsLost, RTO, or the head on 3 dupacks)
        bool retransmitted{false}; //!< resent since it was last deemed lost

        /// \return one past the last byte
        SequenceNumber32 End() const
        {
            return begin + size;
        }
    };

    /**
     * \brief Start over: nothing is outstanding and the next byte sent is \p head.
     * \param head the first data byte of the stream (ISS + 1)
     */
    void Reset(SequenceNumber32 head);

    /// \param threshold DupThresh (ReTxThreshold)
    void SetDupThresh(uint32_t threshold);

    /// \param smss the sender's maximum segment size
    void SetSmss(uint32_t smss);

    /**
     * \brief A data segment left: new data is appended, a repeat marks what it covers as
     *        retransmitted.
     * \param seq its first byte
     * \param size its length
     * \return true if it repeated bytes sent before
     */
    bool OnSent(SequenceNumber32 seq, uint32_t size);

    /**
     * \brief A cumulative ACK: forget every byte below \p ack.
     * \param ack SEG.ACK, limited to the data sent
     * \return bytes it acknowledged that no SACK block had reported (newly delivered)
     */
    uint32_t OnCumulativeAck(SequenceNumber32 ack);

    /**
     * \brief The SACK blocks of an ACK (RFC 6675 Update()).
     * \param blocks the blocks, as received
     * \return bytes newly SACKed
     */
    uint32_t OnSackBlocks(const Blocks& blocks);

    /**
     * \brief A duplicate ACK without SACK: the lowest un-SACKed segment above the head has
     *        left the network.
     */
    void AddRenoSack();

    /// Forget the Reno SACKs (on an RTO).
    void ResetRenoSacks();

    /// Mark the first segment lost, and neither SACKed nor retransmitted.
    void MarkHeadLost();

    /**
     * \brief A retransmission timeout: every segment not SACKed is lost and none counts as
     *        retransmitted any more (RFC 6675 section 5.1).
     * \param forgetSacks also forget the SACK information (when it was only Reno SACKs)
     */
    void MarkAllLost(bool forgetSacks);

    /**
     * \brief RFC 6675 IsLost() as ns-3 answers it: the first segment at or above \p seq
     *        that is either lost or SACKed decides.
     * \param seq a sequence number
     * \return true if \p seq is deemed lost
     */
    bool IsLost(SequenceNumber32 seq) const;

    /**
     * \brief NextSeg() rule 1: the lowest segment deemed lost, not SACKed and not yet
     *        retransmitted.
     * \return that segment, or null
     */
    const Segment* NextLost() const;

    /**
     * \brief NextSeg() rule 3 as ns-3 applies it: the lowest segment neither SACKed nor
     *        retransmitted, whether or not it is deemed lost.
     * \return that segment, or null
     */
    const Segment* NextUnsacked() const;

    /// \return true if the first segment was retransmitted and not SACKed since
    bool IsHeadRetransmitted() const;

    /**
     * \param ack a cumulative ACK
     * \return true if a retransmitted, un-SACKed segment ends exactly at \p ack
     */
    bool IsRetransmittedDataAcked(SequenceNumber32 ack) const;

    /// \return RFC 6675 pipe: bytes sent, minus SACKed and lost, plus retransmitted
    uint32_t Pipe() const
    {
        return m_sentBytes - m_sackedBytes - m_lostBytes + m_retransBytes;
    }

    /// \return one past the highest data byte sent (HighData + 1)
    SequenceNumber32 HighData() const
    {
        return m_highData;
    }

    /// \return bytes sent and not cumulatively acknowledged
    uint32_t SentBytes() const
    {
        return m_sentBytes;
    }

    /// \return bytes SACKed
    uint32_t SackedBytes() const
    {
        return m_sackedBytes;
    }

    /// \return bytes deemed lost
    uint32_t LostBytes() const
    {
        return m_lostBytes;
    }

    /// \return the segments, oldest first
    const std::deque<Segment>& Segments() const
    {
        return m_segments;
    }

  private:
    /// Mark segments lost below the highest SACKed one, as ns-3's UpdateLostCount does.
    void UpdateLost();
    /// Set a segment's SACKed flag, keeping the counters.
    void SetSacked(Segment& s);
    /// Set a segment's lost flag, keeping the counters.
    void SetLost(Segment& s, bool lost);
    /// Set a segment's retransmitted flag, keeping the counters.
    void SetRetransmitted(Segment& s, bool retransmitted);

    std::deque<Segment> m_segments;    //!< from SND.UNA to HighData
    SequenceNumber32 m_highData{0};    //!< one past the highest byte sent
    SequenceNumber32 m_highestSack{0}; //!< start of the highest SACKed segment
    bool m_hasSack{false};             //!< m_highestSack is set
    uint32_t m_dupThresh{3};           //!< DupThresh
    uint32_t m_smss{536};              //!< SMSS
    uint32_t m_sentBytes{0};           //!< bytes in m_segments
    uint32_t m_sackedBytes{0};         //!< of which SACKed
    uint32_t m_lostBytes{0};           //!< of which lost
    uint32_t m_retransBytes{0};        //!< of which retransmitted (and not SACKed)
};

} // namespace ns3

#endif /* SYNFIN_SCOREBOARD_H */
