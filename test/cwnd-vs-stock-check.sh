#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# synfin's congestion window follows stock ns-3's: the same bulk flow on the fidelity
# dumbbell (examples/fidelity-dumbbell.cc, 20 s), on both stacks, with the same congestion
# control, loss rate and seed, the sender's cwnd traced through each stack's SocketList
# Config path (--cwndTrace). For TcpNewReno and TcpCubic, without loss and at 1 % loss, it
# checks that
#   - both stacks trace a cwnd (the trace source exists and fires on synfin);
#   - the time-averaged cwnd of synfin is within 12 % of stock's;
#   - the number of window reductions (ssthresh set) is within 35 % of stock's (at least
#     one apart allowed), so neither stack recovers from loss in a way the other does not.
# The two stacks do not send the same packets (synfin's segments carry 12 bytes less with
# timestamps), so the same loss rate falls on different packets: the traces agree in
# aggregate, not segment by segment.
# usage: cwnd-vs-stock-check.sh PROGRAM FOLDER
set -eu
program=$1
folder=$2
rm -rf "$folder"
mkdir -p "$folder"
duration=20

# Time-averaged cwnd (bytes) from the first cwnd row to the end, and the reductions.
summary() {
  awk -F, -v end=$duration '
    NR == 1 { next }
    $2 == "cwnd" {
      if (have) { area += ($1 - last) * value } else { first = $1; have = 1 }
      last = $1; value = $3
    }
    $2 == "ssthresh" { if ($3 < 4294967295) cuts++ }
    END {
      if (!have) { print "none 0"; exit }
      area += (end - last) * value
      printf "%.0f %d\n", area / (end - first), cuts
    }' "$1"
}

failed=0
for cc in TcpNewReno TcpCubic; do
  for loss in 0 0.01; do
    for stack in stock synfin; do
      "$program" --stack=$stack --workload=bulk --cc=$cc --loss=$loss --duration=${duration}s \
        --cwndTrace="$folder/$cc-$loss-$stack.csv" --out="$folder/$cc-$loss-$stack-flow.csv" \
        >/dev/null
    done
    set -- $(summary "$folder/$cc-$loss-stock.csv")
    stock_avg=$1
    stock_cuts=$2
    set -- $(summary "$folder/$cc-$loss-synfin.csv")
    synfin_avg=$1
    synfin_cuts=$2
    echo "$cc loss $loss: mean cwnd stock $stock_avg synfin $synfin_avg;" \
      "reductions stock $stock_cuts synfin $synfin_cuts"
    if [ "$stock_avg" = none ] || [ "$synfin_avg" = none ]; then
      echo "  no cwnd traced"
      failed=1
      continue
    fi
    if ! awk -v a="$stock_avg" -v b="$synfin_avg" 'BEGIN { r = b / a; exit !(r > 0.88 && r < 1.12) }'
    then
      echo "  mean cwnd differs by more than 12 %"
      failed=1
    fi
    if ! awk -v a="$stock_cuts" -v b="$synfin_cuts" \
      'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1 || d <= 0.35 * a) }'
    then
      echo "  window reductions differ by more than 35 %"
      failed=1
    fi
  done
done
exit $failed
