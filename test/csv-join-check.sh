#!/bin/sh
# The analysis examples of doc/synfin.rst ("Joining the tables") on a real run: synfin-run
# writes a small lossy dumbbell run into FOLDER, then doc/examples/join-tables.py (pandas)
# and doc/examples/join-tables.R (base R) join its tables and check the join keys and that
# segments.csv's retx flags add up to connections.csv's retransmission counts.
# A part whose language is missing is skipped with a message saying why; the test passes
# when at least one ran (and all that ran agreed) and is skipped (exit 77) if neither could.
# usage: csv-join-check.sh SYNFIN_RUN FOLDER
set -eu
program=$1
folder=$2
examples=$(cd "$(dirname "$0")/../doc/examples" && pwd)
rm -rf "$folder"
"$program" --topology dumbbell --pairs 2 --loss 0.05 --connections 8 --seed 5 \
  --output "$folder" >/dev/null
ran=0

# pandas may live beside another python3 than the first on PATH (pyenv, a venv): ask both.
python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import pandas' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -n "$python" ]; then
  echo "join-tables.py ($python):"
  "$python" "$examples/join-tables.py" "$folder"
  ran=1
else
  echo "join-tables.py skipped: no python3 on PATH (nor /usr/bin/python3) can import pandas" \
    "(Debian: apt-get install python3-pandas)"
fi

if command -v Rscript >/dev/null 2>&1; then
  echo "join-tables.R:"
  Rscript "$examples/join-tables.R" "$folder"
  ran=1
else
  echo "join-tables.R skipped: Rscript not found (Debian: apt-get install r-base-core)"
fi

if [ "$ran" = 0 ]; then
  echo "skipped: neither example could run"
  exit 77
fi
