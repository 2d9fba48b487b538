/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Chosen segments delivered late, or twice: old duplicates on demand.
 */

#ifndef SYNFIN_SEGMENT_DELAY_MODEL_H
#define SYNFIN_SEGMENT_DELAY_MODEL_H

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>

namespace ns3
{

class NetDevice;
class Packet;
class PointToPointNetDevice;
class SynFinSegmentErrorModel;
class UniformRandomVariable;

/**
 * \ingroup synfin
 * \brief Selects segments with SynFinSegmentErrorModel's rules and delivers them again
 *        Delay later: an old duplicate, as a segment caught in a routing loop becomes.
 *
 * Install it on a point-to-point device (SetDevice, then as the device's receive error
 * model, alone or in a SynFinErrorModelChain). Each segment a rule selects is either
 * duplicated (Mode Duplicate: it is delivered now, and a copy of the frame is delivered
 * again Delay later) or held (Mode Hold: it is delivered only Delay later, which reorders
 * it); Jitter adds a uniform random time in [0, Jitter] to each segment's delay, so "ANY"
 * held with Delay 0 and some Jitter is per-packet jitter that reorders. The late copy enters the
 * device's receive path as if it had just arrived; this model lets it pass. Rule counters work as
 * in SynFinSegmentErrorModel ("SYN#1", "ACK:data[1s,2s]").
 *
 * It exists to show what TCP's handshake and TIME-WAIT protect against: RFC 9293 3.4.1
 * (old duplicate SYNs) and 3.4.2 (segments of an earlier incarnation, MSL).
 */
class SynFinSegmentDelayModel : public ErrorModel
{
  public:
    /// What happens to a selected segment.
    enum Mode
    {
        DUPLICATE, //!< delivered now and again Delay later
        HOLD,      //!< delivered Delay later only
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinSegmentDelayModel();
    ~SynFinSegmentDelayModel() override;

    /**
     * \param device the point-to-point device this model is the receive error model of
     */
    void SetDevice(Ptr<NetDevice> device);

    /// \return segments selected so far
    uint64_t GetSelectedCount() const;

    /**
     * \brief Assign a fixed random variable stream to the jitter.
     * \param stream the stream index to use
     * \return the number of streams assigned (1)
     */
    int64_t AssignStreams(int64_t stream);
    /// \return late copies delivered so far
    uint64_t GetDeliveredCount() const;

    /**
     * \brief Signature of the Delayed and Delivered traces.
     * \param frame the frame, as the device received it
     */
    typedef void (*FrameTracedCallback)(Ptr<const Packet> frame);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    void DoDispose() override;

    /// Deliver a late copy through the device.
    void Deliver(Ptr<Packet> frame);
    /// Rules attribute setter.
    void SetRules(const std::string& rules);
    /// Rules attribute getter.
    std::string GetRules() const;

    Ptr<SynFinSegmentErrorModel> m_selector;            //!< the rules and their counters
    Ptr<PointToPointNetDevice> m_device;                //!< where late copies are delivered
    Time m_delay;                                       //!< Delay
    Time m_jitter;                                      //!< Jitter
    Ptr<UniformRandomVariable> m_jitterRng;             //!< draws the jitter
    Mode m_mode{DUPLICATE};                             //!< Mode
    bool m_delivering{false};                           //!< a late copy is on its way in
    uint64_t m_selected{0};                             //!< segments selected
    uint64_t m_delivered{0};                            //!< late copies delivered
    TracedCallback<Ptr<const Packet>> m_delayedTrace;   //!< a segment was selected
    TracedCallback<Ptr<const Packet>> m_deliveredTrace; //!< a late copy went in
};

} // namespace ns3

#endif /* SYNFIN_SEGMENT_DELAY_MODEL_H */
