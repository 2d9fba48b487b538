#!/bin/sh
# The fidelity comparison's mechanics end to end, small: fidelity-dumbbell on both stacks
# (30 short flows, a 3 s bulk flow, 3 hosts a side) and utils/fidelity-table.py over 2 runs.
# It checks that
#   - the CSV has the documented columns, one row per short flow and one for the bulk flow;
#   - every short flow completes with all its bytes, on both stacks, with end_s = start_s +
#     fct_s; the bulk flow delivers bytes and its goodput is rx_bytes * 8 / 3 s;
#   - the same seed and run give a byte-identical CSV, on both stacks;
#   - a bad option value stops the program with a non-zero status and a message naming the
#     value and what is allowed, and leaves no file behind;
#   - the table script writes a table with every row, resumes without running anything again,
#     gives the same table a second time, and refuses a folder made with other options.
# How close the two stacks' figures are is measured by `make fidelity`, not asserted here.
# usage: fidelity-check.sh PROGRAM TABLE-SCRIPT FOLDER
set -eu
program=$1
table_script=$2
folder=$3
rm -rf "$folder"
mkdir -p "$folder"

header=stack,workload,cc,cc_applied,loss,seed,run,flow,size_bytes,rx_bytes,start_s,end_s,fct_s,goodput_bps
small="--flows=30 --hosts=3 --duration=3s"

for stack in stock synfin; do
  for workload in short bulk; do
    csv="$folder/$stack-$workload.csv"
    # shellcheck disable=SC2086
    "$program" --stack=$stack --workload=$workload $small --out="$csv" >/dev/null
    if [ "$(head -n 1 "$csv")" != "$header" ]; then
      echo "$csv header: '$(head -n 1 "$csv")', expected '$header'"
      exit 1
    fi
    awk -F, -v stack=$stack -v workload=$workload '
      NR == 1 { next }
      {
        rows++
        if (NF != 14) { print "row with " NF " fields, expected 14: " $0; bad = 1 }
        if ($1 != stack || $2 != workload || $3 != "TcpNewReno" || $4 != 1 || $5 != 0 ||
            $6 != 1 || $7 != 1 || $8 != rows - 1) {
          print "row " rows " does not say what was run: " $0; bad = 1
        }
        if (workload == "short") {
          if ($9 != 50000 || $10 != 50000 || $13 == "" || $13 <= 0) {
            print stack ": short flow " $8 " did not deliver its 50000 bytes: " $0; bad = 1
          }
          if (($12 - $11 - $13) ^ 2 > 1e-12) {
            print stack ": end_s is not start_s + fct_s: " $0; bad = 1
          }
          if (($14 - $9 * 8 / $13) ^ 2 > 1) {
            print stack ": goodput_bps is not size_bytes * 8 / fct_s: " $0; bad = 1
          }
          if (rows > 1 && $11 < last) { print stack ": starts out of order: " $0; bad = 1 }
          last = $11
        } else {
          if ($9 != "" || $10 <= 0 || $11 != "0.000000000" || $12 != "3.000000000" ||
              $13 != "" || ($14 - $10 * 8 / 3) ^ 2 > 1) {
            print stack ": bulk row wrong: " $0; bad = 1
          }
        }
      }
      END {
        want = workload == "short" ? 30 : 1
        if (rows != want) { print stack " " workload ": " rows " rows, expected " want; bad = 1 }
        exit bad
      }' "$csv"

    # The same seed and run: the same bytes.
    # shellcheck disable=SC2086
    "$program" --stack=$stack --workload=$workload $small --out="$csv.again" >/dev/null
    if ! cmp -s "$csv" "$csv.again"; then
      echo "$stack $workload: a second run with the same seed and run wrote a different CSV"
      exit 1
    fi
  done
done

# Both stacks see the same arrivals.
if [ "$(cut -d, -f8,9,11 "$folder/stock-short.csv")" != "$(cut -d, -f8,9,11 "$folder/synfin-short.csv")" ]; then
  echo "the stacks' short flows start at different times or have different sizes"
  exit 1
fi
# Another run number draws other arrivals.
"$program" --stack=stock --flows=30 --hosts=3 --run=2 --out="$folder/run2.csv" >/dev/null
if [ "$(cut -d, -f11 "$folder/stock-short.csv")" = "$(cut -d, -f11 "$folder/run2.csv")" ]; then
  echo "--run=2 gave the same arrivals as --run=1"
  exit 1
fi

# Bad values: status 2, a message naming the value and what is allowed, no file.
bad() {
  expect=$1
  shift
  status=0
  "$program" "$@" --flows=3 --out="$folder/bad.csv" >/dev/null 2>"$folder/bad.err" || status=$?
  if [ "$status" -eq 0 ] || ! grep -q -e "$expect" "$folder/bad.err" ||
     [ -n "$(find "$folder" -name 'bad.csv*')" ]; then
    echo "$*: status $status, stderr: $(cat "$folder/bad.err")"
    exit 1
  fi
}
bad "--stack=tcp: unknown stack; allowed: stock, synfin" --stack=tcp
bad "--workload=long: unknown workload; allowed: short, bulk" --workload=long
bad "--cc=TcpNope: not a congestion control; allowed: .*TcpNewReno" --cc=TcpNope
bad "--loss=1.5:" --loss=1.5
bad "--loss=1: must be below 1" --loss=1
bad "--seed=0:" --seed=0
bad "--segmentSize=1500:" --segmentSize=1500
bad "--duration=-1s:" --duration=-1s
bad "unexpected argument 'stray'" stray

# The table: two runs of each stack and workload.
if ! command -v python3 >/dev/null; then
  echo "python3 not found: the table script is not checked (apt-get install python3)"
  exit 77
fi
table() {
  python3 "$table_script" --program "$program" --runs 2 --flows 30 --duration 3s \
    --out "$folder/table" "$@" -- --hosts=3
}
table >"$folder/table.out" 2>"$folder/table.err"
case_dir="$folder/table/TcpNewReno-loss0"
for row in "short: mean FCT (s)" "short: median FCT (s)" "short: 95th pct. FCT (s)" \
           "short: mean goodput (Mb/s)" "short: incomplete flows  *0  *0" "bulk: goodput (Mb/s)" \
           "synfin/stock"; do
  if ! grep -q -e "$row" "$folder/table.out"; then
    echo "the table has no row '$row':"
    cat "$folder/table.out"
    exit 1
  fi
done
if [ "$(grep -c '^====' "$folder/table.out")" -ne 3 ] ||
   ! cmp -s "$folder/table.out" "$case_dir/table.rst" ||
   [ "$(find "$case_dir" -name '*.csv' | wc -l)" -ne 8 ] ||
   [ -n "$(find "$case_dir" -name '*.partial*')" ]; then
  echo "the table script left $(ls "$case_dir"), printed:"
  cat "$folder/table.out"
  exit 1
fi

# Resumed: nothing runs again and the table is the same.
table >"$folder/table2.out" 2>"$folder/table2.err"
if [ -s "$folder/table2.err" ] || ! cmp -s "$folder/table.out" "$folder/table2.out"; then
  echo "a second table run ran again or printed another table: $(cat "$folder/table2.err")"
  exit 1
fi
# A removed CSV is run again, and gives the same table.
rm "$case_dir/synfin-bulk-run002.csv"
table >"$folder/table3.out" 2>"$folder/table3.err"
if [ "$(grep -c 'synfin bulk run 2' "$folder/table3.err")" -ne 1 ] ||
   ! cmp -s "$folder/table.out" "$folder/table3.out"; then
  echo "a removed run was not run again alone, or changed the table: $(cat "$folder/table3.err")"
  exit 1
fi
# Other options in the same folder: refused, nothing mixed in.
status=0
python3 "$table_script" --program "$program" --runs 2 --flows 31 --duration 3s \
  --out "$folder/table" -- --hosts=3 >/dev/null 2>"$folder/table4.err" || status=$?
if [ "$status" -eq 0 ] || ! grep -q "other options" "$folder/table4.err"; then
  echo "other options in the same folder: status $status, $(cat "$folder/table4.err")"
  exit 1
fi
