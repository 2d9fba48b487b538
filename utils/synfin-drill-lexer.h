/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_DRILL_LEXER_H
#define SYNFIN_DRILL_LEXER_H

#include <cstddef>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup synfin
 * The tokens of a packetdrill script, for synfin-drill's parser.
 *
 * Tokens are split as packetdrill's own scanner splits them: the longest match wins, and of
 * equally long ones numbers before words before addresses. So `0.100` is a number, `1:1001`
 * three tokens, `192.0.2.1` and `fd3d::1` addresses, `S.` a word and a '.', `0x2` a
 * hexadecimal number and `3021b9d889017eeb` a word. Words are not classified: whether `ack`
 * or `win` is a keyword depends on where it stands, which the parser knows.
 */

namespace synfin_drill
{

/// \ingroup synfin
/// What a token is.
enum class TokenKind
{
    END,          //!< the end of the script (always the last token)
    WORD,         //!< [A-Za-z0-9_]+ that is no number, and nplab's gen-N, exp-...,
                  //!< EXP-FO, voice-admit; google's sequence#
    INTEGER,      //!< -?[0-9]+
    HEX_INTEGER,  //!< 0x[0-9a-fA-F]+
    FLOAT,        //!< -?[0-9]*.[0-9]+
    STRING,       //!< "..." (value: the text between the quotes, escapes kept)
    COMMAND,      //!< `...` (value: the text between the backquotes)
    CODE,         //!< %{ ... }% (value: the text inside, spaces and tabs trimmed)
    OPTION,       //!< --name (value: the name)
    IPV4_ADDRESS, //!< 192.0.2.1
    IPV6_ADDRESS, //!< fd3d:fa7b:d17d::1
    ELLIPSIS,     //!< ...
    IFDEF,        //!< #ifdef NAME (nplab; value: the name)
    ENDIF,        //!< #endif (nplab)
    PUNCTUATION,  //!< any other single character: < > ( ) [ ] { } , : = | + * ~ ! / . -
};

/// \ingroup synfin
/// One token and where it stands in the script.
struct Token
{
    TokenKind kind = TokenKind::END; //!< what it is
    std::string text;                //!< the characters as written
    std::string value;               //!< STRING, COMMAND, CODE, OPTION, IFDEF: see TokenKind
    int line = 1;                    //!< 1-based line of its first character
    int column = 1;                  //!< 1-based column of its first character
    std::size_t offset = 0;          //!< index of its first character in the script
    /// white space or a comment comes between it and the previous token (or the start)
    bool spaceBefore = false;

    /// \return true if this is the punctuation character \p c
    bool Is(char c) const;
    /// \return true if this is the word \p word (case-sensitive)
    bool IsWord(const char* word) const;
};

/**
 * \ingroup synfin
 * \brief Split a script into tokens. C++ comments (to the end of the line), C comments and
 * white space (including '\r') separate tokens and are dropped.
 * \param text the script
 * \param fileName the script's name, for errors
 * \return the tokens in order, the last one END
 * \throws ParseError for an unterminated string, command, code block or comment, and for
 *         `#ifdef` without a name
 */
std::vector<Token> Tokenize(const std::string& text, const std::string& fileName);

/// \return the token as an error message names it: 'ack', "abc", `cmd`, end of file
std::string Describe(const Token& token);

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_LEXER_H */
