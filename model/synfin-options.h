/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_OPTIONS_H
#define SYNFIN_OPTIONS_H

#include "ns3/tcp-header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The TCP options one connection offers in its SYN and agrees on with its peer:
 *        window scaling (RFC 7323 section 2).
 *
 * The socket says what it is willing to offer (Configure); the SYN exchange says what the
 * peer offered (OnPeerSyn); an option is in use only if both sides offered it. Before the
 * handshake and when scaling is not agreed, both shifts are zero and windows are plain
 * 16-bit values, as RFC 9293 has them.
 */
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

    /**
     * \brief What this side offers.
     * \param windowScaling offer the Window Scale option (WindowScaling)
     * \param rcvShift the shift to offer for our receive window
     */
    void Configure(bool windowScaling, uint8_t rcvShift);

    /**
     * \brief Add our options to a SYN or SYN-ACK, after the MSS option. A SYN-ACK carries
     *        an option only if the SYN it answers did (RFC 7323 section 2.2).
     * \param h the header (its SYN flag is set; ACK set for a SYN-ACK)
     */
    void AddToSyn(TcpHeader& h) const;

    /**
     * \brief Note the options of the peer's SYN or SYN-ACK and settle what is in use.
     * \param h the SYN's header
     */
    void OnPeerSyn(const TcpHeader& h);

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
    bool m_offerWindowScale{false}; //!< we offer window scaling
    uint8_t m_offeredShift{0};      //!< the shift we offer
    bool m_peerWindowScale{false};  //!< the peer's SYN carried Window Scale
    bool m_windowScaled{false};     //!< both offered: scaling in use
    uint8_t m_rcvShift{0};          //!< Rcv.Wind.Shift in use
    uint8_t m_sndShift{0};          //!< Snd.Wind.Shift in use
};

} // namespace ns3

#endif /* SYNFIN_OPTIONS_H */
