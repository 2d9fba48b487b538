#!/bin/sh
# The close-shapes sweep end to end: runs close-shapes into FOLDER with its default profiles
# (linux, rfc9293) and delays, and checks close-shapes.csv against what the stacks do:
#   linux    its lone FIN's ACK waits for the 40 ms delayed-ACK timer (tcp_fin() and
#            TCP_DELACK_MIN): a passive close sooner rides on it, three segments (FIN,
#            FIN|ACK, ACK, close_shape three); later, four, with the ACK sent at 40 ms
#   rfc9293  the FIN is acknowledged at once (RFC 9293 3.10.7.4, eighth step), so every
#            delay above zero gives four segments (FIN, ACK, FIN, ACK)
#   both     once the delay exceeds the ACK delay the close time (first FIN to the
#            active closer's TIME-WAIT) grows with the delay; every connection completed
# and that the CSV has one row per profile and delay, the figure's PDF and PNG are there and
# not empty, a second run writes the same CSV, and an unknown profile stops the program with
# exit status 2 and a message, writing nothing.
# usage: close-shapes-check.sh PROGRAM FOLDER
set -eu
program=$1
folder=$2
rm -rf "$folder"
"$program" --output="$folder/run" >/dev/null
csv="$folder/run/close-shapes.csv"

header=profile,delay_ms,fin_ack_timer_ms,segments,shape,sequence,ack_delay_ms,close_ms,settled_ms,outcome
if [ "$(head -n 1 "$csv")" != "$header" ]; then
  echo "close-shapes.csv header: '$(head -n 1 "$csv")', expected '$header'"
  exit 1
fi

awk -F, -v delays="0 1 2 5 10 20 30 39 41 50 100 200" '
  BEGIN { n = split(delays, want, " "); split("linux rfc9293", profiles, " ") }
  NR == 1 { next }
  {
    rows++
    p = $1; d = $2 + 0; timer = $3 + 0; segs = $4 + 0; shape = $5
    ack = $7 + 0; closems = $8; settled = $9
    # The rows: each profile in turn, its delays ascending.
    expect_p = profiles[int((rows - 1) / n) + 1]; expect_d = want[(rows - 1) % n + 1]
    if (p != expect_p || $2 != expect_d) {
      print "row " rows ": " p " at " $2 " ms, expected " expect_p " at " expect_d " ms"; bad = 1
    }
    if ($10 != "completed") { print "not completed: " $0; bad = 1 }
    if ((segs == 3 && shape != "three") || (segs == 4 && shape != "four")) {
      print "segments and close_shape disagree: " $0; bad = 1
    }
    if (closems == "" || settled == "" || closems + 0 < d || settled + 0 < closems + 0) {
      print "close times missing or shorter than the delay: " $0; bad = 1
    }
    if (p == "linux") {
      # Linux: TCP_DELACK_MIN, 40 ms (DelAckTimeout of the profile, with DelayFinAck).
      if (timer != 40) { print "linux: delayed-ACK timeout of a FIN " $3 " ms, expected 40"; bad = 1 }
      if (d < 40 && (segs != 3 || ack != d)) {
        print "linux, close within the delayed ACK: expected 3 segments, FIN on the ACK: " $0; bad = 1
      }
      if (d > 40 && (segs != 4 || ack != 40)) {
        print "linux, close after the delayed ACK: expected 4 segments, ACK at 40 ms: " $0; bad = 1
      }
    }
    if (p == "rfc9293") {
      if (timer != 0 || ack != 0) { print "rfc9293: the FIN must be ACKed at once: " $0; bad = 1 }
      if (d > 0 && segs != 4) { print "rfc9293: expected 4 segments: " $0; bad = 1 }
    }
    # Past the ACK delay, the close time grows with the delay.
    if (d > timer) {
      if ((p in last) && closems + 0 <= last[p]) {
        print p ": close time " closems " ms at " $2 " ms is not above " last[p] " ms"; bad = 1
      }
      last[p] = closems + 0
    }
  }
  END {
    if (rows != 2 * n) { print "expected " 2 * n " rows, found " rows; bad = 1 }
    exit bad
  }' "$csv"

for figure in close-shapes.pdf close-shapes.png close-shapes.gp; do
  if [ ! -s "$folder/run/$figure" ]; then
    echo "$figure is missing or empty"
    exit 1
  fi
done
if [ "$(head -c 4 "$folder/run/close-shapes.pdf")" != "%PDF" ] ||
   [ "$(head -c 4 "$folder/run/close-shapes.png" | tail -c 3)" != "PNG" ]; then
  echo "close-shapes.pdf or .png is not what its name says"
  exit 1
fi
if [ -e "$folder/run/.close-shapes.partial" ]; then
  echo "the staging folder was left behind"
  exit 1
fi

# The same seed and run: the same CSV.
"$program" --output="$folder/again" --plot=0 >/dev/null
if ! cmp -s "$csv" "$folder/again/close-shapes.csv"; then
  echo "a second run wrote a different close-shapes.csv"
  exit 1
fi

# Bad input: a message, status 2, nothing written.
status=0
"$program" --output="$folder/bad" --profiles=linux,bogus >/dev/null 2>"$folder/bad.err" || status=$?
if [ "$status" -ne 2 ] || ! grep -q "unknown profile 'bogus'" "$folder/bad.err" ||
   [ -e "$folder/bad" ]; then
  echo "--profiles=linux,bogus: status $status, stderr: $(cat "$folder/bad.err")"
  exit 1
fi
