/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_OPTIONS_H
#define SYNFIN_OPTIONS_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The TCP options one connection offers in its SYN and agrees on with its peer:
 *        window scaling and timestamps (RFC 7323), SACK (RFC 2018).
 *
 * The socket says what it is willing to offer (Configure); the SYN exchange says what the
 * peer offered (OnPeerSyn); an option is in use only if both sides offered it. Before the
 * handshake and when scaling is not agreed, both shifts are zero and windows are plain
 * 16-bit values, as RFC 9293 has them.
 *
 * Timestamps follow stock ns-3's clock: TSval is the simulation time in milliseconds, the
 * same for every connection of a run (no per-connection offset), which also makes it
 * monotonic across incarnations of a 4-tuple as RFC 6191 needs.
 */
/**
 * \ingroup synfin
 * \brief How the options of a segment are laid out on the wire. The options are the same;
 *        their order and the NOPs between them are each stack's own, and tools that compare
 *        segments byte by byte (packetdrill scripts) see the difference.
 */
enum SynFinOptionLayout : uint8_t
{
    OPTION_LAYOUT_STOCK,   //!< ns-3's: back to back in the order MSS, SACK-permitted, Window
                           //!< Scale, Timestamps, SACK, padded with EOL at the end
    OPTION_LAYOUT_LINUX,   //!< net/ipv4/tcp_output.c tcp_options_write: MSS; SACK-permitted
                           //!< and Timestamps together, or NOP NOP and Timestamps; NOP NOP
                           //!< SACK-permitted without Timestamps; NOP Window Scale; NOP NOP SACK
    OPTION_LAYOUT_FREEBSD, //!< sys/netinet/tcp_output.c tcp_addoptions: MSS, NOP Window
                           //!< Scale, SACK-permitted, Timestamps (NOP-aligned to 2 mod 4),
                           //!< SACK (likewise), padded with EOL at the end
};

class SynFinOptions
{
  public:
    /// RFC 7323 section 2.3: the largest shift; a larger one received is used as 14.
    static constexpr uint8_t kMaxWindowShift = 14;

    /**
     * \brief The shift stock ns-3 and RFC 7323 section 2.3 suggest for a receive buffer:
     *        the smallest that lets the whole buffer be advertised in the 16-bit field.
     * \param rcvBufSize the receive buffer, in bytes
     * \param maxField the largest value written in the window field (MaxWindowSize)
     * \return the shift, at most kMaxWindowShift
     */
    static uint8_t ShiftFor(uint32_t rcvBufSize, uint16_t maxField);

    /// Bytes a Timestamps option takes in every segment (10, padded to 12).
    static constexpr uint32_t kTimestampBytes = 12;

    /// RFC 7323 5.5: TS.Recent older than this (24 days idle) no longer judges segments.
    static Time TimestampValidity();

    /// \return TSval for a segment sent now: the simulation time in milliseconds
    static uint32_t Clock();

    /**
     * \param h a header
     * \param[out] value its TSval
     * \param[out] echo its TSecr
     * \return true if it carries a Timestamps option
     */
    static bool ReadTimestamp(const TcpHeader& h, uint32_t* value, uint32_t* echo);

    /**
     * \param a a timestamp
     * \param b another
     * \return true if a is earlier than b in 32-bit modular order (RFC 7323 5.2)
     */
    static bool TimestampBefore(uint32_t a, uint32_t b)
    {
        return static_cast<int32_t>(a - b) < 0;
    }

    /// What the timestamp checks make of an arriving segment.
    enum class TimestampCheck : uint8_t
    {
        ACCEPT,  //!< go on processing it
        MISSING, //!< timestamps are in use and it has none: drop silently (RFC 7323 3.2)
        OLD,     //!< PAWS (RFC 7323 5.3 R1): TSval older than TS.Recent; ACK and drop
    };

    /**
     * \brief Append a Timestamps option to a segment other than a SYN (TSval now).
     * \param h the header
     * \param layout how options are laid out (Linux and FreeBSD put two NOPs first)
     * \param echo TSecr
     */
    static void AddTimestamp(TcpHeader& h, SynFinOptionLayout layout, uint32_t echo);

    /// \brief Lay options out as \p layout says (the socket's OptionLayout).
    void SetLayout(SynFinOptionLayout layout)
    {
        m_layout = layout;
    }

    /**
     * \brief What this side offers.
     * \param windowScaling offer the Window Scale option (WindowScaling)
     * \param rcvShift the shift to offer for our receive window
     * \param timestamps offer the Timestamps option (Timestamp)
     * \param sack offer SACK-permitted (Sack)
     */
    void Configure(bool windowScaling, uint8_t rcvShift, bool timestamps, bool sack);

    /**
     * \brief Add our options to a SYN or SYN-ACK, after the MSS option. A SYN-ACK carries
     *        an option only if the SYN it answers did (RFC 7323 section 2.2), except with
     *        the Linux layout after a simultaneous open (see \p activeOpen).
     * \param h the header (its SYN flag is set; ACK set for a SYN-ACK)
     * \param activeOpen true when we sent the first SYN: Linux answers a crossing SYN by
     *        sending its own SYN again with ACK set (tcp_send_synack), so with the Linux
     *        layout that SYN-ACK offers what the SYN offered
     */
    void AddToSyn(TcpHeader& h, bool activeOpen) const;

    /**
     * \brief Note the options of the peer's SYN or SYN-ACK and settle what is in use.
     * \param h the SYN's header
     */
    void OnPeerSyn(const TcpHeader& h);

    /// A SACK block: [first, second) held by the receiver.
    using SackBlock = std::pair<SequenceNumber32, SequenceNumber32>;

    /**
     * \brief Add the options of a segment other than a SYN: Timestamps once agreed
     *        (RFC 7323 3.2: in every non-RST segment; a socket's RST carries it too, as
     *        Linux and stock ns-3 send it), and SACK blocks on segments that acknowledge
     *        while data beyond a gap is held (RFC 2018 section 4), as many as fit.
     * \param h the header
     * \param sackBlocks the receiver's blocks, most recent first
     */
    void AddToSegment(TcpHeader& h, const std::vector<SackBlock>& sackBlocks) const;

    /// \return true once both sides offered SACK-permitted
    bool UsesSack() const
    {
        return m_sack;
    }

    /**
     * \brief Note that a segment with an ACK left: Last.ACK.sent of RFC 7323 4.3.
     * \param rcvNxt the acknowledgment number it carried
     */
    void OnAckSent(SequenceNumber32 rcvNxt)
    {
        m_lastAckSent = rcvNxt;
    }

    /// A segment's timestamp, read once by Check for OnAcceptable.
    struct SeenTimestamp
    {
        bool present{false}; //!< timestamps are in use and the segment carries one
        uint32_t value{0};   //!< its TSval
        uint32_t echo{0};    //!< its TSecr
    };

    /**
     * \brief The timestamp checks before the sequence test (RFC 7323 3.2 and 5.3 R1).
     * \param h a segment of a synchronized connection
     * \param[out] seen its timestamp, for OnAcceptable
     * \return the verdict; always ACCEPT when timestamps are not in use, and for a RST
     */
    TimestampCheck Check(const TcpHeader& h, SeenTimestamp* seen) const;

    /**
     * \brief An acceptable segment: keep its TSval as TS.Recent if it is not older and the
     *        segment starts at or before Last.ACK.sent (RFC 7323 4.3 and 5.3 R3).
     * \param seq SEG.SEQ
     * \param seen what Check read
     */
    void OnAcceptable(SequenceNumber32 seq, const SeenTimestamp& seen);

    /// \return true once both sides offered timestamps
    bool UsesTimestamps() const
    {
        return m_timestamps;
    }

    /// \return TS.Recent, the TSval to echo
    uint32_t GetTsRecent() const
    {
        return m_tsRecent;
    }

    /// \return bytes of options in each segment other than a SYN
    uint32_t SegmentOptionBytes() const
    {
        return m_timestamps ? kTimestampBytes : 0;
    }

    /**
     * \param h a segment from the peer
     * \return SEG.WND in bytes: scaled, except in a SYN (RFC 7323 section 2.2)
     */
    uint32_t PeerWindow(const TcpHeader& h) const
    {
        uint32_t field = h.GetWindowSize();
        return (h.GetFlags() & TcpHeader::SYN) ? field : field << m_sndShift;
    }

    /**
     * \param window our receive window, in bytes
     * \param maxField the largest value to write (MaxWindowSize)
     * \return the window field of a segment other than a SYN: the window shifted by our
     *         scale, rounded down (RFC 7323 section 2.3)
     */
    uint16_t WindowField(uint32_t window, uint16_t maxField) const
    {
        uint32_t field = window >> m_rcvShift;
        return static_cast<uint16_t>(field < maxField ? field : maxField);
    }

    /// \return true once both sides offered window scaling
    bool IsWindowScaled() const
    {
        return m_windowScaled;
    }

    /// \return Rcv.Wind.Shift: how far the peer shifts our window fields (0 if not agreed)
    uint8_t GetRcvShift() const
    {
        return m_windowScaled ? m_rcvShift : 0;
    }

    /// \return Snd.Wind.Shift: how far we shift the peer's window fields (0 if not agreed)
    uint8_t GetSndShift() const
    {
        return m_sndShift;
    }

  private:
    SynFinOptionLayout m_layout{OPTION_LAYOUT_STOCK}; //!< how options are laid out
    bool m_offerWindowScale{false};                   //!< we offer window scaling
    uint8_t m_offeredShift{0};                        //!< the shift we offer
    bool m_peerWindowScale{false};                    //!< the peer's SYN carried Window Scale
    bool m_windowScaled{false};                       //!< both offered: scaling in use
    uint8_t m_rcvShift{0};                            //!< Rcv.Wind.Shift in use
    uint8_t m_sndShift{0};                            //!< Snd.Wind.Shift in use
    bool m_offerSack{false};                          //!< we offer SACK-permitted
    bool m_peerSack{false};                           //!< the peer's SYN carried SACK-permitted
    bool m_sack{false};                               //!< both offered: SACK blocks may be sent
    bool m_offerTimestamps{false};                    //!< we offer timestamps
    bool m_peerTimestamps{false};                     //!< the peer's SYN carried Timestamps
    bool m_timestamps{false};                         //!< both offered: timestamps in use
    uint32_t m_tsRecent{0};                           //!< TS.Recent
    Time m_tsRecentTime;               //!< when TS.Recent was last set (RFC 7323 5.5)
    SequenceNumber32 m_lastAckSent{0}; //!< Last.ACK.sent
};

} // namespace ns3

#endif /* SYNFIN_OPTIONS_H */
