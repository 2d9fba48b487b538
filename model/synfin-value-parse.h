/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Strict parsing of the values users type: times, rates, probabilities, counts.
 */

#ifndef SYNFIN_VALUE_PARSE_H
#define SYNFIN_VALUE_PARSE_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief Parses values as ns-3 spells them, and says what is wrong instead of aborting.
 *
 * ns-3's own parsers abort the program on some malformed input (a time such as "5xs")
 * and take others silently (a negative rate wraps around). These check the whole text
 * first. On failure the message says what was expected; the caller names the option.
 */
class SynFinValueParse
{
  public:
    /**
     * \brief A non-negative ns-3 time: a decimal number and a unit (d, h, min, s, ms, us,
     *        ns, ps, fs); a bare number is seconds, as in ns-3.
     * \param text e.g. "20ms", "1.5s", "2e-3s"
     * \param out receives the time
     * \param error receives what is wrong
     * \return true on success
     */
    static bool Time(const std::string& text, ns3::Time& out, std::string& error);

    /**
     * \brief A positive ns-3 data rate ("10Mbps", "1.5Gbps", "100kb/s", "1MB/s").
     * \param text the text
     * \param out receives the rate
     * \param error receives what is wrong
     * \return true on success
     */
    static bool Rate(const std::string& text, DataRate& out, std::string& error);

    /**
     * \brief A number in [0, 1].
     * \param text the text
     * \param out receives the number
     * \param error receives what is wrong
     * \return true on success
     */
    static bool Probability(const std::string& text, double& out, std::string& error);

    /**
     * \brief A whole number in [min, max].
     * \param text the text (digits only; no sign, no fraction)
     * \param min least allowed
     * \param max most allowed
     * \param out receives the number
     * \param error receives what is wrong
     * \return true on success
     */
    static bool Count(const std::string& text,
                      uint64_t min,
                      uint64_t max,
                      uint64_t& out,
                      std::string& error);
};

} // namespace ns3

#endif /* SYNFIN_VALUE_PARSE_H */
