/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

#ifndef SYNFIN_SEGMENT_ERROR_MODEL_H
#define SYNFIN_SEGMENT_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/tcp-header.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class Packet;

/**
 * \ingroup synfin
 * \brief A deterministic, TCP-aware error model that drops chosen segments.
 *
 * Install it as the receive error model of a device (for example the
 * "ReceiveErrorModel" attribute of PointToPointNetDevice, CsmaNetDevice or
 * SimpleNetDevice). Every frame the device receives is inspected; frames
 * that carry an IPv4 packet whose protocol is TCP (6) are matched against a
 * list of rules such as "the 1st SYN-ACK", "the final ACK of the handshake"
 * or "the 2nd FIN from 10.1.1.2". All other frames are never dropped.
 *
 * The link-layer framing is detected from the frame bytes, in this order:
 * - a bare IPv4 packet whose Total Length equals the frame size
 *   (SimpleNetDevice);
 * - a 2-byte PPP header with protocol 0x0021 (PointToPointNetDevice);
 * - an Ethernet II header with EtherType 0x0800 at bytes 12-13
 *   (CsmaNetDevice, "Dix" encapsulation);
 * - an IEEE 802.3 header followed by an LLC/SNAP header carrying EtherType
 *   0x0800 (CsmaNetDevice, "Llc" encapsulation);
 * - a bare IPv4 packet followed by padding or a trailer.
 * A candidate is accepted only if an IPv4 version nibble, a sane header
 * length and a Total Length that fits in the frame are found at the offset it
 * implies. IPv4 fragments other than the first one carry no TCP header and
 * are passed unchanged.
 *
 * Matching semantics:
 * - every TCP segment is checked against every rule, and each rule whose
 *   filter matches advances its own counter, whether or not another rule
 *   drops the segment (each rule counts segments as they arrive on the
 *   link, before any drop decision);
 * - the segment is dropped if at least one rule selects it; the "Drop"
 *   trace then fires once, with the labels of all selecting rules joined by
 *   ';';
 * - retransmissions are new segments: after dropping the 1st SYN-ACK, the
 *   retransmitted SYN-ACK is the 2nd one;
 * - a rule limited to a window of simulation time (Rule::Between) ignores
 *   the segments that arrive outside it: they neither match it nor advance
 *   its counter, so "the 1st FIN after 5 s" is the first one at or after
 *   5 s, however many came before;
 * - while the model is disabled (ErrorModel::Disable), segments are neither
 *   counted nor dropped.
 *
 * The frame passed to IsCorrupt is never modified. Reset() clears every
 * counter but keeps the rules.
 */
class SynFinSegmentErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Which segments a rule accepts according to their payload.
     */
    enum class PayloadFilter
    {
        ANY,     //!< Segments with or without payload.
        EMPTY,   //!< Only segments without payload (pure control segments).
        NONEMPTY //!< Only segments carrying at least one byte of payload.
    };

    /**
     * \brief One selection rule: which segment(s) to drop.
     *
     * A rule is built with SynFinSegmentErrorModel::Nth or
     * SynFinSegmentErrorModel::Every and refined with the chainable setters,
     * for instance
     * \code
     *   auto rule = SynFinSegmentErrorModel::Nth(TcpHeader::ACK, 1)
     *                   .From(Ipv4Address("10.1.1.1"))
     *                   .Empty();
     * \endcode
     * selects the final ACK of the three-way handshake sent by 10.1.1.1.
     */
    struct Rule
    {
        /**
         * TCP flags to look for (a combination of TcpHeader::Flags_t).
         */
        uint8_t flags{0};
        /**
         * If true, the segment's SYN, ACK, FIN and RST bits must equal those
         * of \c flags, and any of PSH, URG, ECE and CWR named in \c flags
         * must be set too (other PSH, URG, ECE, CWR bits are ignored).
         * If false, the segment matches as soon as every bit of \c flags is
         * set, whatever its other bits.
         */
        bool exactFlags{true};
        /**
         * 1-based rank of the matching segment to drop; 0 drops every
         * matching segment.
         */
        uint32_t occurrence{0};
        /**
         * IPv4 source address the segment must come from;
         * Ipv4Address::GetAny() accepts any source.
         */
        Ipv4Address source{Ipv4Address::GetAny()};
        /**
         * TCP source port the segment must come from; 0 accepts any port.
         */
        uint16_t sourcePort{0};
        /**
         * Payload filter.
         */
        PayloadFilter payload{PayloadFilter::ANY};
        /**
         * Start of the rule's time window: segments arriving before it do
         * not match the rule.
         */
        Time windowStart{0};
        /**
         * End of the rule's time window, excluded: segments arriving at or
         * after it do not match the rule. Time::Max() means no end.
         */
        Time windowEnd{Time::Max()};
        /**
         * Name reported by the "Drop" trace; when empty, the model uses
         * ToString().
         */
        std::string label;

        /**
         * \brief Restrict the rule to segments sent by an address.
         * \param address the IPv4 source address
         * \return this rule, for chaining
         */
        Rule& From(Ipv4Address address);
        /**
         * \brief Restrict the rule to segments sent from a TCP port.
         * \param port the TCP source port (0 means any)
         * \return this rule, for chaining
         */
        Rule& FromPort(uint16_t port);
        /**
         * \brief Restrict the rule to segments without payload.
         * \return this rule, for chaining
         */
        Rule& Empty();
        /**
         * \brief Restrict the rule to segments carrying payload.
         * \return this rule, for chaining
         */
        Rule& WithPayload();
        /**
         * \brief Match segments that contain the flags, not only those
         * whose flags are exactly these.
         * \return this rule, for chaining
         */
        Rule& Containing();
        /**
         * \brief Limit the rule to segments arriving in a window of
         * simulation time, \p start <= Simulator::Now() < \p end.
         *
         * Aborts if \p start is negative or \p end is not after \p start.
         * \param start the first instant of the window (0 for no start)
         * \param end the end of the window, excluded (Time::Max() for no end)
         * \return this rule, for chaining
         */
        Rule& Between(Time start, Time end = Time::Max());
        /**
         * \return true if the rule is limited to a time window, that is if
         * windowStart is not 0 or windowEnd is not Time::Max()
         */
        bool HasWindow() const;
        /**
         * \brief Test whether an instant lies in the rule's time window.
         * \param now the instant (the model passes Simulator::Now())
         * \return true if windowStart <= \p now < windowEnd
         */
        bool InWindow(Time now) const;
        /**
         * \brief Set the label reported by the "Drop" trace.
         * \param name the label
         * \return this rule, for chaining
         */
        Rule& WithLabel(const std::string& name);
        /**
         * \brief Test whether a segment passes this rule's filter.
         *
         * Neither the occurrence nor the time window is considered here
         * (see InWindow).
         * \param ip the IPv4 header of the segment
         * \param tcp the TCP header of the segment
         * \param payloadSize the number of TCP payload bytes
         * \return true if the segment matches
         */
        bool Matches(const Ipv4Header& ip, const TcpHeader& tcp, uint32_t payloadSize) const;
        /**
         * \brief Write the rule in the grammar accepted by ParseRules.
         * \return the canonical text of the rule, e.g. "FIN|ACK#2@10.1.1.2" or
         *         "ACK:empty[2s,3s]"; the window is written only if HasWindow(),
         *         each bound as an integer in the coarsest unit that holds it
         *         exactly
         */
        std::string ToString() const;
    };

    /**
     * TracedCallback signature for dropped segments.
     *
     * \param [in] frame the frame as the device received it (link header
     *             included)
     * \param [in] ip the IPv4 header of the dropped segment
     * \param [in] tcp the TCP header of the dropped segment
     * \param [in] ruleLabel the labels of the rules that selected the
     *             segment, joined by ';'
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> frame,
                                       const Ipv4Header& ip,
                                       const TcpHeader& tcp,
                                       const std::string& ruleLabel);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinSegmentErrorModel();
    ~SynFinSegmentErrorModel() override;

    /**
     * \brief Build a rule that drops the n-th segment whose flags are
     * exactly \p flags.
     * \param flags a combination of TcpHeader::Flags_t
     * \param n the 1-based rank of the segment to drop (0: every one)
     * \return the rule
     */
    static Rule Nth(uint8_t flags, uint32_t n);
    /**
     * \brief Build a rule that drops every segment whose flags are exactly
     * \p flags.
     * \param flags a combination of TcpHeader::Flags_t
     * \return the rule
     */
    static Rule Every(uint8_t flags);

    /**
     * \brief Add a rule; its counter starts at zero.
     * \param rule the rule
     */
    void AddRule(const Rule& rule);
    /**
     * \brief Remove every rule (and its counter).
     */
    void ClearRules();
    /**
     * \return the number of rules
     */
    std::size_t GetNRules() const;
    /**
     * \param index the rule index, in order of addition
     * \return the rule
     */
    const Rule& GetRule(std::size_t index) const;

    /**
     * \brief Replace all rules by those of a textual specification.
     *
     * Aborts with the parser's error message if \p spec is malformed. This
     * is the setter of the "Rules" attribute.
     * \param spec the specification (see ParseRules)
     */
    void SetRules(const std::string& spec);
    /**
     * \brief Get the rules in the grammar accepted by ParseRules.
     * \return the canonical specification of the current rules
     */
    std::string GetRules() const;

    /**
     * \brief Parse a rule specification.
     *
     * Grammar (names are case-insensitive, blanks around tokens ignored):
     * \verbatim
       spec    := [ rule { ";" rule } ]
       rule    := flags [ "#" N ] [ "@" ADDR [ ":" PORT ] ] [ ":empty" | ":data" ]
                  [ window ]
       flags   := [ "+" ] name { "|" name } | "ANY" | "NONE"
       name    := SYN | ACK | FIN | RST | PSH | URG | ECE | CWR
       ADDR    := dotted-quad IPv4 address | "*"
       PORT    := 0..65535 (0 means any)
       window  := "[" START "," [ END ] "]"
       START   := TIME
       END     := TIME
       TIME    := DIGITS [ "." DIGITS ] UNIT      (no blank inside)
       UNIT    := s | ms | us | ns | ps | fs | min | h | d
       \endverbatim
     * A leading "+" means "contains these flags" instead of "exactly these
     * flags"; "ANY" matches every TCP segment. N is the 1-based rank of the
     * matching segment to drop; a missing "#N" or "#0" drops every match.
     * A window limits the rule to the segments arriving while
     * START <= Simulator::Now() < END (see Rule::Between); an empty END
     * means no end. START and END are read as ns-3 Time strings (units in
     * lower case), after the parser has checked them, so a malformed bound
     * is reported here rather than aborting in Time; a bound finer than the
     * simulator's time resolution is rounded to it. END must be after START.
     * Each rule's label is its own text. Examples:
     * "SYN|ACK#1;ACK#1@10.1.1.1:empty;FIN|ACK#2@10.1.1.2";
     * "ACK:empty[2s,3s]" (every pure ACK from 2 s to 3 s);
     * "FIN#1@10.1.1.2[5s,]" (the first FIN from 10.1.1.2 at or after 5 s).
     *
     * \param spec the specification
     * \param out receives the parsed rules (appended) on success
     * \param error receives a message naming the bad token and what is
     *        allowed there, on failure
     * \return true on success; on failure \p out is left unchanged
     */
    static bool ParseRules(const std::string& spec, std::vector<Rule>& out, std::string& error);

    /**
     * \brief Find the TCP segment in a frame, with the framing detection described above.
     *
     * The lifecycle recorder uses it to report segments that other error models drop.
     * \param frame the frame (link header included, or a bare IPv4 packet); not modified
     * \param ip receives the IPv4 header
     * \param tcp receives the TCP header
     * \param payloadSize receives the number of TCP payload bytes
     * \return true if the frame carries a TCP segment (the first fragment, if fragmented)
     */
    static bool ParseTcpFrame(Ptr<const Packet> frame,
                              Ipv4Header& ip,
                              TcpHeader& tcp,
                              uint32_t& payloadSize);

    /**
     * \return the number of segments dropped since construction or the last
     * Reset()
     */
    uint64_t GetDropCount() const;
    /**
     * \return the number of TCP segments inspected since construction or the
     * last Reset()
     */
    uint64_t GetSegmentCount() const;
    /**
     * \param index the rule index, in order of addition
     * \return the number of segments that matched the rule's filter since
     * construction or the last Reset()
     */
    uint32_t GetMatchCount(std::size_t index) const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    /**
     * \brief Find the IPv4 header in a received frame.
     * \param p the frame
     * \param offset receives the byte offset of the IPv4 header
     * \return true if the frame carries an IPv4 packet
     */
    static bool FindIpv4Offset(Ptr<const Packet> p, uint32_t& offset);

    std::vector<Rule> m_rules;       //!< Rules, in order of addition.
    std::vector<uint32_t> m_matches; //!< Per-rule match counters.
    uint64_t m_segments;             //!< TCP segments inspected.
    uint64_t m_drops;                //!< Segments dropped.

    /// Fired once for every dropped segment.
    TracedCallback<Ptr<const Packet>, const Ipv4Header&, const TcpHeader&, const std::string&>
        m_dropTrace;
};

} // namespace ns3

#endif /* SYNFIN_SEGMENT_ERROR_MODEL_H */
