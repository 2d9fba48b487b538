#!/bin/sh
# The what-if comparison end to end: runs why-three-why-four into FOLDER and checks that
# every variant's consequence goes the way the standard table prevents:
#   old bytes read on the new connection   none with TIME-WAIT, some without
#   response bytes / time until port free  fewer with the variant
#   every other metric                     more with the variant
# and that connections.csv calls the five-way close "five".
# usage: why-three-why-four-check.sh PROGRAM FOLDER
set -eu
program=$1
folder=$2
rm -rf "$folder"
"$program" --output="$folder" >/dev/null
awk -F, '
  NR == 1 { next }
  {
    rows++
    ok = ($3 ~ /^old bytes/) ? ($4 == 0 && $5 > 0) \
       : ($3 ~ /^response bytes|until the port/) ? ($5 < $4) \
       : ($5 > $4)
    if (!ok) { print "unexpected: " $0; bad = 1 }
  }
  END {
    if (rows != 10) { print "expected 10 rows, found " rows; bad = 1 }
    exit bad
  }' "$folder/comparison.csv"
shape=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "close_shape") c = i; next }
                  { print $c; exit }' "$folder/five-way-close-five-way-close/connections.csv")
if [ "$shape" != five ]; then
  echo "five-way-close: close_shape '$shape', expected 'five'"
  exit 1
fi
