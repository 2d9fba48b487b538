/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_DRILL_PARSER_H
#define SYNFIN_DRILL_PARSER_H

#include "synfin-drill-script.h"

#include <map>
#include <string>

/**
 * \file
 * \ingroup synfin
 * A recursive-descent parser for packetdrill scripts: the dialect of google/packetdrill
 * (Linux's tools/testing/selftests/net/packetdrill) and the TCP part of nplab's fork (the
 * FreeBSD tcp-testsuite).
 *
 * A script is
 *
 *     OPTION-LINE*  [`INIT-COMMAND`]  EVENT+  [`CLEANUP-COMMAND`]
 *
 * with `#ifdef NAME` ... `#endif` (nplab) around events. An event is a time (`0.1`, `+0.1`,
 * `*`, `0.1~0.2`, `+0.1~+0.2`) and one of
 *
 * - a packet: `<` or `>`, optional tunnel headers (`ipv4 A > B:`, `ipv6 ...`, `gre ...:`,
 *   `mpls ...:`), an optional IP annotation (`[ect0]`, `(tos 0x20)`), then a TCP segment
 *   (`[encap psp spi N] [SRC > DST] FLAGS START:END(LEN) [ack N] [win N] [urg N] [<OPTS>]`),
 *   `udp [SRC > DST] (LEN)`, `udplite (LEN, COV)` or `icmp TYPE [CODE] [mtu N] [id N] [...]`;
 * - a system call: `[...END-TIME] NAME(ARGS) = RESULT [ERRNO] [(NOTE)]`;
 * - a shell command `` `...` `` or a code block `%{ ... }%`.
 *
 * nplab's SCTP packets are refused with a ParseError saying so.
 *
 * Like packetdrill, the parser replaces a word that has a definition (packetdrill's
 * `-D NAME=VALUE` on its command line, or a `--define=NAME=VALUE` option line of the script)
 * by the definition's value wherever it stands after the option lines: `<mss MSS>` with
 * MSS=1460 reads `<mss 1460>`, and `FO TFO_COOKIE` reads the cookie. A value that is one
 * number, word, "string" or `command` becomes that token; any other value one word.
 */

namespace synfin_drill
{

/// \ingroup synfin
/// Words and the values that replace them: packetdrill's `-D NAME=VALUE`.
using Definitions = std::map<std::string, std::string>;

/**
 * \ingroup synfin
 * \brief Parse a script's text.
 * \param text the script
 * \param fileName the name its errors give (no file is read)
 * \param definitions words to replace, as packetdrill's -D gives them; the script's own
 *        --define lines add to them and win
 * \return the script, events in order
 * \throws ParseError "FILE:LINE: ..." naming what was expected and what was found, for the
 *         first construct that is malformed, unknown or out of range
 */
Script ParseScript(const std::string& text,
                   const std::string& fileName,
                   const Definitions& definitions = {});

/**
 * \ingroup synfin
 * \brief Read and parse a script file.
 * \param path the file
 * \param definitions as for ParseScript()
 * \return the script, its fileName \p path
 * \throws ParseError "PATH: cannot read ..." if the file cannot be read, else as ParseScript()
 */
Script ParseFile(const std::string& path, const Definitions& definitions = {});

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_PARSER_H */
