#!/bin/sh
# The TikZ outputs (--format tex) of every figure, \input into one LaTeX document and
# compiled with pdflatex: the test that the figures' text, escaped for LaTeX by
# synfin-plot, is valid LaTeX, and that the style files written beside them are enough.
# Skipped (exit 77) with the reason where pdflatex or TikZ is not installed (Debian:
# texlive-latex-base and texlive-pictures).
# usage: tex-figures-check.sh SYNFIN_PLOT FOLDER
set -eu
plot=$1
folder=$2
fixtures=$(cd "$(dirname "$0")/fixtures" && pwd)
if ! command -v pdflatex >/dev/null 2>&1; then
  echo "skipped: no pdflatex (Debian package texlive-latex-base)"
  exit 77
fi
if ! kpsewhich tikz.sty >/dev/null 2>&1; then
  echo "skipped: no TikZ for pdflatex (Debian package texlive-pictures)"
  exit 77
fi
rm -rf "$folder"
mkdir -p "$folder"
folder=$(cd "$folder" && pwd)
# Every figure: the state timeline in both of its forms, the ladder full and compact, the
# TIME_WAIT figure and the CDFs; each into its own folder, as a paper's figures/ would be.
"$plot" all "$fixtures/run-basic" --format tex --output "$folder/basic" >/dev/null
"$plot" all "$fixtures/run-lossy" --format tex --output "$folder/lossy" >/dev/null
"$plot" ladder "$fixtures/run-bulk" --compact --format tex --output "$folder/bulk" >/dev/null
cd "$folder"
{
  printf '%s\n' '\documentclass{article}' '\usepackage{gnuplot-lua-tikz}' '\begin{document}'
  for f in basic/*.tex lossy/*.tex bulk/*.tex; do
    case $(basename "$f") in
      gnuplot-lua-tikz*|t-gnuplot-lua-tikz*) continue ;;
    esac
    printf '\\input{%s}\\clearpage\n' "$f"
  done
  printf '%s\n' '\end{document}'
} > paper.tex
cp basic/gnuplot-lua-tikz*.tex basic/gnuplot-lua-tikz.sty .
if ! pdflatex -interaction=nonstopmode -halt-on-error paper.tex > paper.out 2>&1; then
  grep -A5 '^!' paper.out || tail -20 paper.out
  echo "pdflatex failed on the figures' TikZ (the whole log: $folder/paper.out)"
  exit 1
fi
# pdflatex's own count: "Output written on paper.pdf (10 pages, ...)".
pages=$(sed -n 's/^Output written on paper.pdf (\([0-9]*\) pages.*/\1/p' paper.out)
figures=$(grep -c 'input{' paper.tex)
echo "paper.pdf: ${pages:-no} pages for $figures figures (a tall ladder may take two)"
[ "${pages:-0}" -ge "$figures" ]
