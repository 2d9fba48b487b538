/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-sockstat.h"

#include <sstream>
#include <vector>

namespace synfin_drill
{

namespace
{

/// The words of one stage of the pipeline.
std::vector<std::string>
Words(const std::string& stage)
{
    std::istringstream in(stage);
    std::vector<std::string> words;
    std::string word;
    while (in >> word)
    {
        words.push_back(word);
    }
    return words;
}

/// A non-negative decimal number, or nothing.
std::optional<int64_t>
Decimal(const std::string& word)
{
    if (word.empty() || word.size() > 9 || word.find_first_not_of("0123456789") != word.npos)
    {
        return std::nullopt;
    }
    return std::stoll(word);
}

/// Read `sockstat [-4] -P tcp -s [-p PORT]` into \p query.
bool
ReadSockstat(const std::vector<std::string>& w, SockstatQuery& query)
{
    if (w.empty() || w[0] != "sockstat")
    {
        return false;
    }
    bool tcp = false;
    bool states = false;
    for (std::size_t i = 1; i < w.size(); ++i)
    {
        if (w[i] == "-4")
        {
            continue;
        }
        if (w[i] == "-s")
        {
            states = true;
        }
        else if (w[i] == "-P" && i + 1 < w.size() && w[i + 1] == "tcp")
        {
            tcp = true;
            ++i;
        }
        else if (w[i] == "-p" && i + 1 < w.size() && Decimal(w[i + 1]) &&
                 *Decimal(w[i + 1]) <= 65535)
        {
            query.port = static_cast<uint16_t>(*Decimal(w[i + 1]));
            ++i;
        }
        else
        {
            return false; // -6, -c, -l, ...: another question
        }
    }
    return tcp && states;
}

} // namespace

std::optional<SockstatQuery>
ParseSockstat(const std::string& commandLine)
{
    std::vector<std::vector<std::string>> stages;
    std::istringstream in(commandLine);
    std::string stage;
    while (std::getline(in, stage, '|'))
    {
        stages.push_back(Words(stage));
    }
    SockstatQuery query;
    if (stages.size() < 3 || !ReadSockstat(stages[0], query))
    {
        return std::nullopt;
    }
    std::size_t next = 1;
    if (stages.size() == 4)
    {
        // Only the sockets of the process running the script (its name is cut to
        // "packetdril" in sockstat's COMMAND column).
        if (stages[1] != std::vector<std::string>{"grep", "packetdril"})
        {
            return std::nullopt;
        }
        query.ownedOnly = true;
        next = 2;
    }
    else if (stages.size() != 3)
    {
        return std::nullopt;
    }
    const std::vector<std::string>& count = stages[next];
    const std::vector<std::string>& equals = stages[next + 1];
    if (count.size() != 3 || count[0] != "grep" || count[1] != "-c" || equals.size() != 2 ||
        equals[0] != "grep" || !Decimal(equals[1]))
    {
        return std::nullopt;
    }
    query.state = count[2];
    query.count = *Decimal(equals[1]);
    return query;
}

bool
StateMatches(const SockstatQuery& query, const std::string& stateName)
{
    return stateName.find(query.state) != std::string::npos;
}

} // namespace synfin_drill
