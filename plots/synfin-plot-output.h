/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_OUTPUT_H
#define SYNFIN_PLOT_OUTPUT_H

#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * A private folder to render into, whose files move into the real output folder only
 * when everything succeeded.
 *
 * A figure is several files (.gp, .dat, .pdf, .png) and a run of synfin-plot several
 * figures; a failure half way must not leave a mix of new and stale files that look
 * complete. The staging folder is a sibling of the output folder when it can be (so the
 * final moves are renames on one file system) and is removed on destruction either way.
 */
class StagedOutput
{
  public:
    /// Creates the staging folder for \p outputDir (which need not exist yet).
    /// \throws std::runtime_error if no staging folder can be made
    explicit StagedOutput(const std::string& outputDir);
    /// Removes the staging folder and whatever is still in it.
    ~StagedOutput();

    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    /// \return the staging folder to render into
    const std::string& Dir() const;

    /// Creates the output folder if needed and moves every staged file into it, replacing
    /// files of the same name.
    void Commit();

  private:
    std::string m_output;  //!< the folder the user asked for
    std::string m_staging; //!< where rendering happens
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_OUTPUT_H */
