#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A sweep emitted for SLURM, run on a real single-node SLURM cluster brought up for the
# test: munged, slurmctld and slurmd from Debian's munge and slurm-wlm, with a throw-away
# key, slurm.conf, state and spool in WORKDIR, on ports of their own, stopped afterwards.
# `sbatch` submits the emitted script as is; its array runs the shards and its merge job
# (submitted by the first task, afterok) combines them; the results must be byte-identical
# to the same sweep run locally.
#
# usage: sweep-slurm-check.sh SYNFIN_SWEEP WORKDIR
# Exit status: 0 passed, 1 failed, 77 skipped (the message says why: no SLURM or munge
# programs, not root, or a cluster that does not come up here).
set -u
sweep=$1
work=$2

skip() {
    echo "SKIPPED: $*"
    exit 77
}
fail() {
    echo "FAILED: $*"
    exit 1
}

for program in munged munge slurmctld slurmd sbatch squeue sinfo; do
    command -v "$program" >/dev/null 2>&1 ||
        skip "$program is not installed (make deps installs slurm-wlm and munge)"
done
[ "$(id -u)" -eq 0 ] || skip "slurmd runs jobs as their users and needs root; run as root"

rm -rf "$work"
mkdir -p "$work/state" "$work/spool" "$work/munge" "$work/log" || fail "cannot make $work"
work=$(cd "$work" && pwd)
host=$(hostname -s)
# Ports of this run's own, away from a real cluster's 6817/6818.
base=$((20000 + ($$ % 5000) * 2))

stop() {
    for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    sleep 1
}
trap stop EXIT

dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$work/munge/munge.key"
munged --key-file="$work/munge/munge.key" --socket="$work/munge/munge.sock" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/seed" --force ||
    skip "munged does not start here: $(tail -n 3 "$work/munge/munged.log" 2>/dev/null)"

cat >"$work/slurm.conf" <<CONF
ClusterName=synfin-test
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=synfin Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF" || skip "slurmctld does not start here: $(tail -n 3 "$work/log/slurmctld.log")"
slurmd -f "$SLURM_CONF" || skip "slurmd does not start here: $(tail -n 3 "$work/log/slurmd.log")"
up=""
for _ in $(seq 1 60); do
    if sinfo -h -o %T 2>/dev/null | grep -q idle; then
        up=yes
        break
    fi
    sleep 0.5
done
[ -n "$up" ] || skip "the cluster did not come up within 30 s: $(tail -n 3 "$work/log/slurmd.log")"

options="--loss 0,0.05 --closer client,server --runs 2 --connections 4 --interval 50ms"
# shellcheck disable=SC2086 # the options are words
"$sweep" $options --output "$work/local" >"$work/local.log" 2>&1 ||
    fail "the local sweep failed: $(tail -n 3 "$work/local.log")"
# shellcheck disable=SC2086
"$sweep" $options --emit-slurm "$work/sweep.sbatch" --shards 3 --output "$work/cluster" \
    >"$work/emit.log" 2>&1 || fail "--emit-slurm failed: $(cat "$work/emit.log")"
sbatch "$work/sweep.sbatch" >"$work/sbatch.log" 2>&1 || fail "sbatch refused it: $(cat "$work/sbatch.log")"

# The array, then the merge job it submits: done when the queue is empty and runs.csv is there.
done=""
for _ in $(seq 1 240); do
    sleep 0.5
    if [ -z "$(squeue -h 2>/dev/null)" ] && [ -f "$work/cluster/summary.csv" ]; then
        done=yes
        break
    fi
done
[ -n "$done" ] || fail "the sweep did not finish on the cluster within 120 s; queue: $(squeue 2>&1); logs: $(tail -n 5 "$work"/cluster/logs/*.log 2>&1)"
for file in runs.csv summary.csv; do
    cmp "$work/local/$file" "$work/cluster/$file" ||
        fail "$file from the cluster differs from the local run's"
done
tasks=$(ls "$work"/cluster/logs/shard-*.log | wc -l)
[ "$tasks" -eq 3 ] || fail "expected 3 array task logs, found $tasks"
echo "passed: 3 array tasks and a merge job on a real SLURM cluster; runs.csv and summary.csv identical to a local run"
