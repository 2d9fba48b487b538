/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RX_BUFFER_H
#define SYNFIN_RX_BUFFER_H

#include "ns3/packet.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-rx-buffer.h"

#include <map>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The receive side of the byte stream: reassembly and the bytes the application
 * has not read yet.
 *
 * Segments that arrive ahead of RCV.NXT are kept (RFC 9293 section 3.10.7.4, "segments with
 * higher beginning sequence numbers may be held for later processing") and released once
 * the gap fills, so a single loss costs one retransmission, not a window.
 */
class SynFinRxBuffer
{
  public:
    /**
     * \brief Start the stream.
     * \param rcvNxt the first sequence number expected (IRS + 1)
     * \param capacity the receive buffer size in bytes
     */
    void Init(SequenceNumber32 rcvNxt, uint32_t capacity);

    /**
     * \brief Offer a segment's payload.
     * \param seq sequence number of its first byte
     * \param payload the bytes
     * \return number of bytes that became readable in order
     */
    uint32_t Add(SequenceNumber32 seq, Ptr<Packet> payload);

    /**
     * \brief Take up to maxSize in-order bytes.
     * \param maxSize the most to take
     * \return the bytes, or nullptr when there are none
     */
    Ptr<Packet> Read(uint32_t maxSize);

    /**
     * \brief Throw away everything readable (after ShutdownRecv).
     */
    void DiscardReadable();

    /// \return RCV.NXT
    SequenceNumber32 NextExpected() const;

    /// \param seq move RCV.NXT (the peer's FIN occupies one sequence number)
    void SetNextExpected(SequenceNumber32 seq);

    /// \return readable bytes
    uint32_t Readable() const;

    /// \return the window to advertise: the buffer less the bytes waiting to be read
    uint32_t Window() const;

    /// \return the configured capacity
    uint32_t Capacity() const;

    /// \param capacity new capacity in bytes
    void SetCapacity(uint32_t capacity);

    /// \return true when out-of-order segments are held
    bool HasGap() const;

    /// A run of held bytes: [first, second).
    using Block = std::pair<SequenceNumber32, SequenceNumber32>;

    /// The most SACK blocks remembered (RFC 2018 section 3: four fit without other options).
    static constexpr std::size_t kMaxSackBlocks = 4;

    /**
     * \return the runs of bytes held beyond a gap, for SACK blocks (RFC 2018 section 4):
     *         the run holding the latest segment first, then the runs reported before it,
     *         most recent first; never a run at or below RCV.NXT
     */
    const std::vector<Block>& SackBlocks() const
    {
        return m_sackBlocks;
    }

    /**
     * \brief The first part of a segment this buffer already has, for a D-SACK block
     *        (RFC 2883 section 4): the part below RCV.NXT if there is one, else its overlap
     *        with the first run of held bytes it meets.
     * \param seq the segment's first sequence number
     * \param end one past its last (SYN and FIN included)
     * \param[out] duplicate that part
     * \return true when some of the segment is a duplicate
     */
    bool FindDuplicate(SequenceNumber32 seq, SequenceNumber32 end, Block* duplicate) const;

    /**
     * \brief Keep a stock TcpRxBuffer's NextRxSequence equal to RCV.NXT from now on, so that
     *        its trace source fires as stock's does (programs trace RxBuffer/NextRxSequence).
     * \param mirror the buffer to update, or nullptr to stop
     */
    void SetMirror(Ptr<TcpRxBuffer> mirror);
    /// \return the mirror, if any
    Ptr<TcpRxBuffer> GetMirror() const;

  private:
    /// Copy RCV.NXT to the mirror, if there is one.
    void Mirror();
    /// Move held segments that are now in order into the readable packet.
    uint32_t Drain();
    /// A segment [seq, end) was held: put the run that now holds it first.
    void NoteHeld(SequenceNumber32 seq, SequenceNumber32 end);

    SequenceNumber32 m_rcvNxt{0};                   //!< RCV.NXT
    uint32_t m_capacity{0};                         //!< buffer size
    uint32_t m_heldBytes{0};                        //!< bytes held out of order
    Ptr<Packet> m_readable;                         //!< in-order unread bytes
    std::map<SequenceNumber32, Ptr<Packet>> m_held; //!< out-of-order segments by start
    std::vector<Block> m_sackBlocks;                //!< held runs, most recent first
    Ptr<TcpRxBuffer> m_mirror;                      //!< SetMirror
};

} // namespace ns3

#endif /* SYNFIN_RX_BUFFER_H */
