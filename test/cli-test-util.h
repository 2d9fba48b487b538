/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Running a program as a user does, for the command-line tests.
 */

#ifndef SYNFIN_CLI_TEST_UTIL_H
#define SYNFIN_CLI_TEST_UTIL_H

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace synfin_test
{

/// What a run of a program gave.
struct Outcome
{
    int status{-1};     //!< exit status (-1 if it did not exit normally)
    std::string output; //!< stdout and stderr together
};

/**
 * \brief Run a command line through the shell.
 * \param command the program and its arguments, quoted as needed
 * \return its exit status and output
 */
inline Outcome
RunCommand(const std::string& command)
{
    Outcome o;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
    {
        return o;
    }
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    {
        o.output.append(buffer, n);
    }
    int status = pclose(pipe);
    o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

/**
 * \brief Read a whole file.
 * \param path the file
 * \return its bytes ("" if it cannot be read)
 */
inline std::string
Slurp(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace synfin_test

#endif /* SYNFIN_CLI_TEST_UTIL_H */
