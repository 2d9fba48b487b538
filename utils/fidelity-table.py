#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Side by side with stock ns-3 TCP: run examples/fidelity-dumbbell for both stacks and both
workloads over R runs of one congestion control and loss, and print an RST table comparing
them (doc/synfin.rst, "Fidelity against stock ns-3 TCP").

Every run's CSV goes to OUT/CC-lossLOSS/STACK-WORKLOAD-runNNN.csv; a run whose CSV is there is
not run again, so an interrupted table resumes where it stopped. The program writes each CSV
whole or not at all, and this script writes its own files (options.txt, table.rst) the same
way. options.txt records the options every run of the folder shares; a folder made with other
options is refused rather than mixed in.

  utils/fidelity-table.py --runs 20 --cc TcpNewReno --loss 0.01 --out out/fidelity
  utils/fidelity-table.py --runs 2 --flows 30 --duration 3s --out /tmp/f -- --hosts=2
"""

import argparse
import concurrent.futures
import csv
import math
import os
import subprocess
import sys
import textwrap

PROGRAM_NAME = "fidelity-table"
STACKS = ("stock", "synfin")
WORKLOADS = ("short", "bulk")
COLUMNS = ["stack", "workload", "cc", "cc_applied", "loss", "seed", "run", "flow",
           "size_bytes", "rx_bytes", "start_s", "end_s", "fct_s", "goodput_bps"]


class Failure(Exception):
    """What stops the table, said in one message."""


def write_atomically(path, text):
    """Write text to path whole or not at all: a file beside it, renamed over it."""
    partial = "%s.partial.%d" % (path, os.getpid())
    try:
        with open(partial, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(partial, path)
    except OSError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise Failure("cannot write %s: %s" % (path, error))


def case_folder(args):
    """The folder of one congestion control and loss."""
    return os.path.join(args.out, "%s-loss%s" % (args.cc, args.loss))


def shared_options(args):
    """The program options every run of the folder shares, one a line."""
    return ["--cc=%s" % args.cc, "--loss=%s" % args.loss, "--seed=%d" % args.seed,
            "--flows=%d" % args.flows, "--duration=%s" % args.duration] + list(args.extra)


def run_path(folder, stack, workload, run):
    return os.path.join(folder, "%s-%s-run%03d.csv" % (stack, workload, run))


def run_one(args, folder, stack, workload, run):
    """Run the program once unless its CSV exists; return the CSV's path."""
    path = run_path(folder, stack, workload, run)
    if os.path.exists(path):
        return path, False
    command = [args.program, "--stack=%s" % stack, "--workload=%s" % workload,
               "--run=%d" % run, "--out=%s" % path] + shared_options(args)
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    if done.returncode != 0 or not os.path.exists(path):
        raise Failure("%s exited with status %d:\n%s" % (" ".join(command), done.returncode,
                                                         done.stderr.strip()))
    return path, True


def read_run(path):
    """The rows of one run's CSV, checked against the documented columns."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise Failure("%s: columns %s, expected %s"
                          % (path, ",".join(reader.fieldnames or []), ",".join(COLUMNS)))
        rows = list(reader)
    if not rows:
        raise Failure("%s has no rows" % path)
    return rows


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with at least fraction of them at or
    below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def run_metrics(rows, workload):
    """One run's figures: {metric: value}; a short run's FCT and goodput over its complete
    flows only, its incomplete flows counted."""
    if workload == "bulk":
        return {"goodput": float(rows[0]["goodput_bps"]) / 1e6}
    complete = [r for r in rows if r["fct_s"] != ""]
    metrics = {"incomplete": float(len(rows) - len(complete))}
    if complete:
        fct = [float(r["fct_s"]) for r in complete]
        metrics["fct_mean"] = sum(fct) / len(fct)
        metrics["fct_median"] = percentile(fct, 0.5)
        metrics["fct_p95"] = percentile(fct, 0.95)
        metrics["flow_goodput"] = (sum(float(r["goodput_bps"]) for r in complete)
                                   / len(complete) / 1e6)
    return metrics


# The table's rows: workload, metric, label, digits, whether a ratio means anything.
ROWS = [
    ("short", "fct_mean", "short: mean FCT (s)", 4, True),
    ("short", "fct_median", "short: median FCT (s)", 4, True),
    ("short", "fct_p95", "short: 95th pct. FCT (s)", 4, True),
    ("short", "flow_goodput", "short: mean goodput (Mb/s)", 3, True),
    ("short", "incomplete", "short: incomplete flows", 0, False),
    ("bulk", "goodput", "bulk: goodput (Mb/s)", 3, True),
]


def rst_table(header, rows):
    """A simple RST table, every column as wide as its widest cell."""
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    rule = "  ".join("=" * w for w in widths)
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([rule, line(header), rule] + [line(r) for r in rows] + [rule]) + "\n"


def table(args, metrics, cc_ignored):
    """The RST text: a caption, the table and, where synfin ran its own congestion control
    instead of the one asked for, a note saying so."""
    body = []
    for workload, metric, label, digits, has_ratio in ROWS:
        per_stack = {}
        for stack in STACKS:
            values = [metrics[(stack, workload, r)].get(metric) for r in args.run_numbers]
            per_stack[stack] = values
        if any(v is None for s in STACKS for v in per_stack[s]):
            body.append([label, "n/a", "n/a", "n/a", "n/a"])
            continue
        if metric == "incomplete":
            # A count over all runs, not a mean.
            totals = [int(sum(per_stack[s])) for s in STACKS]
            body.append([label] + [str(t) for t in totals] + ["", ""])
            continue
        means = [sum(per_stack[s]) / len(per_stack[s]) for s in STACKS]
        cells = [label] + ["%.*f" % (digits, m) for m in means]
        if has_ratio and means[0] > 0 and all(v > 0 for v in per_stack["stock"]):
            # Paired by run: the same seed and run give both stacks the same arrivals.
            ratios = [b / a for a, b in zip(per_stack["stock"], per_stack["synfin"])]
            cells += ["%.3f" % (means[1] / means[0]),
                      "%.3f to %.3f" % (min(ratios), max(ratios))]
        else:
            cells += ["", ""]
        body.append(cells)
    runs = len(args.run_numbers)
    caption = ("**%s, loss %s**: %d run%s (seed %d, run numbers %d to %d); %d short flows a "
               "run, a %s bulk flow%s%s."
               % (args.cc, args.loss, runs, "" if runs == 1 else "s", args.seed,
                  args.run_numbers[0], args.run_numbers[-1], args.flows, args.duration,
                  "; options " + " ".join("``%s``" % e for e in args.extra) if args.extra
                  else "",
                  "; " + args.label if args.label else ""))
    text = textwrap.fill(caption, 95, break_on_hyphens=False) + "\n\n" + rst_table(
        ["metric (mean over runs)", "stock", "synfin", "synfin/stock", "per-run ratio"], body)
    if cc_ignored:
        text += "\n" + textwrap.fill(
            "synfin did not apply %s in %d of its runs (``cc_applied`` 0): it ran its own "
            "NewReno-style congestion control there." % (args.cc, cc_ignored), 95) + "\n"
    return text


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        prog=PROGRAM_NAME,
        description="Run fidelity-dumbbell for stock and synfin, short and bulk, over RUNS "
                    "runs and print the comparison as an RST table. Options after -- go to "
                    "every run of the program.")
    parser.add_argument("--program", default=os.path.join(here, "..", "build", "bin",
                                                          "fidelity-dumbbell"),
                        help="the fidelity-dumbbell program (default: build/bin/)")
    parser.add_argument("--runs", type=int, default=20, help="runs per stack and workload "
                        "(RngSeedManager run numbers 1 to RUNS; default 20)")
    parser.add_argument("--cc", default="TcpNewReno", help="congestion control (default "
                        "TcpNewReno)")
    parser.add_argument("--loss", default="0", help="packet error rate of the bottleneck "
                        "(default 0)")
    parser.add_argument("--seed", type=int, default=1, help="RngSeedManager seed (default 1)")
    parser.add_argument("--flows", type=int, default=1000, help="short flows a run "
                        "(default 1000)")
    parser.add_argument("--duration", default="60s", help="the bulk flow's length (default "
                        "60s)")
    parser.add_argument("--out", default="out/fidelity", help="output folder (default "
                        "out/fidelity)")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (default 1)")
    parser.add_argument("--label", default="", help="text for the table's caption, e.g. "
                        "the commit measured")
    parser.add_argument("extra", nargs="*", help="options for every run, after --")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs=%d: must be at least 1" % args.runs)
    if args.jobs < 1:
        parser.error("--jobs=%d: must be at least 1" % args.jobs)
    if args.flows < 1:
        parser.error("--flows=%d: must be at least 1" % args.flows)
    if "/" in args.cc or "/" in args.loss or args.cc.startswith("."):
        parser.error("--cc and --loss name a folder: no '/' and no leading '.'")
    args.run_numbers = list(range(1, args.runs + 1))
    return args


def main(argv):
    args = parse_args(argv)
    if not os.access(args.program, os.X_OK):
        raise Failure("%s is not an executable; build it (make build) or pass --program"
                      % args.program)
    folder = case_folder(args)
    os.makedirs(folder, exist_ok=True)
    options_path = os.path.join(folder, "options.txt")
    options = "\n".join(shared_options(args)) + "\n"
    recorded = None
    if os.path.exists(options_path):
        with open(options_path, encoding="utf-8") as f:
            recorded = f.read()
    has_runs = any(name.endswith(".csv") for name in os.listdir(folder))
    if recorded != options and has_runs:
        raise Failure("%s holds runs made with other options (see %s); choose another --out "
                      "or remove the folder" % (folder, options_path))
    if recorded != options:
        write_atomically(options_path, options)

    jobs = [(stack, workload, run) for run in args.run_numbers for workload in WORKLOADS
            for stack in STACKS]
    paths = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_one, args, folder, *job): job for job in jobs}
        finished = 0
        try:
            for future in concurrent.futures.as_completed(futures):
                job = futures[future]
                paths[job], ran = future.result()
                finished += 1
                if ran:
                    print("%s: [%d/%d] %s %s run %d" % (PROGRAM_NAME, finished, len(jobs),
                                                        *job), file=sys.stderr, flush=True)
        except BaseException:
            # Runs not started yet are dropped; those under way finish (their CSVs are
            # whole) and are kept for the next attempt.
            for future in futures:
                future.cancel()
            raise

    metrics = {}
    cc_ignored = 0
    for job, path in paths.items():
        stack, workload, run = job
        rows = read_run(path)
        metrics[job] = run_metrics(rows, workload)
        if stack == "synfin" and workload == "short" and rows[0]["cc_applied"] != "1":
            cc_ignored += 1
    text = table(args, metrics, cc_ignored)
    write_atomically(os.path.join(folder, "table.rst"), text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Failure as failure:
        print("%s: %s" % (PROGRAM_NAME, failure), file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
