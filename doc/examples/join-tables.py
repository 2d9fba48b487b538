#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Joins the lifecycle recorder's tables of one run folder with pandas.

    python3 doc/examples/join-tables.py out/run1

Shows the keys that join states.csv, segments.csv, connections.csv and nodes.csv (doc/
synfin.rst, "Joining the tables"), then computes per connection its handshake time and
its retransmitted segments from segments.csv, and checks them against connections.csv's
counts: the example is also a check of the recorder (exit status 1 if they disagree).
"""

import os
import sys

import pandas as pd

MOD = 2 ** 32


def read(run, name, **kwargs):
    """One table of the folder; integer columns with empty cells stay integers (Int64)."""
    return pd.read_csv(os.path.join(run, name), **kwargs)


def check(ok, what):
    """Stops with exit status 1, saying what did not hold, unless ok is all true."""
    if not bool(pd.Series(ok).all()):
        sys.exit("join-tables.py: %s does not hold" % what)


def main(run):
    states = read(run, "states.csv", dtype={"conn": "Int64"})
    segments = read(run, "segments.csv", dtype={"conn": "Int64", "retx": "Int64"})
    counts = ["syn_retx", "synack_retx", "data_retx", "fin_retx"]
    connections = read(run, "connections.csv",
                       dtype={c: "Int64" for c in ["conn_client", "conn_server"] + counts})
    have_nodes = os.path.exists(os.path.join(run, "nodes.csv"))

    # --- The join keys -------------------------------------------------------------------
    # 1. states.conn is connections.conn_client or connections.conn_server: one socket, one
    #    conn number; a socket's rows in states.csv are its state intervals.
    sockets = states.drop_duplicates("conn")[
        ["conn", "node", "role", "local_address", "local_port", "remote_address",
         "remote_port"]]
    client = connections.merge(sockets, left_on="conn_client", right_on="conn", how="left")
    check(client.conn_client.isna() | (client.role == "client"),
          "connections.conn_client = states.conn of a client socket")
    # ... and connections' endpoints are that socket's local and remote endpoints.
    check(client.conn_client.isna()
          | ((client.client_address == client.local_address)
             & (client.client_port == client.local_port)
             & (client.server_address == client.remote_address)
             & (client.server_port == client.remote_port)),
          "connections.client_/server_address,port = the client socket's local/remote")

    # 2. segments (node, conn) = states (node, conn) for tx and rx rows: the sender's socket
    #    for tx, the receiver's for rx. A drop row carries the sender's conn but the node
    #    where it was lost: join it on conn alone.
    owned = segments[segments.conn.notna() & (segments.event != "drop")]
    joined = owned.merge(sockets[["conn", "node"]], on=["node", "conn"], how="left",
                         indicator=True)
    check(joined._merge == "both", "segments (node, conn) = states (node, conn)")
    # A tx row's addresses and ports are its socket's (a listener, bound to 0.0.0.0, aside).
    tx_owned = owned[owned.event == "tx"].merge(sockets, on=["node", "conn"])
    tx_owned = tx_owned[tx_owned.role != "listener"]
    check((tx_owned.from_address == tx_owned.local_address)
          & (tx_owned.from_port == tx_owned.local_port)
          & (tx_owned.to_address == tx_owned.remote_address)
          & (tx_owned.to_port == tx_owned.remote_port),
          "segments from_/to_address,port = states local_/remote_address,port (tx)")

    # 3. nodes.node = states.node = segments.node; a connected socket's local address is one
    #    of its node's addresses.
    if have_nodes:
        nodes = read(run, "nodes.csv", keep_default_na=False)
        owns = nodes.assign(local_address=nodes.addresses.str.split(" ")).explode(
            "local_address")[["node", "local_address"]]
        connected = sockets[sockets.role != "listener"].merge(
            owns, on=["node", "local_address"], how="left", indicator=True)
        check(connected._merge == "both", "states.local_address is among nodes.addresses")

    # --- Per connection: handshake time and retransmitted segments ------------------------
    tx = segments[(segments.event == "tx") & segments.conn.notna()].copy()
    syn = tx["flags"].str.contains("SYN")
    ack = tx["flags"].str.contains("ACK")
    fin = tx["flags"].str.contains("FIN")
    again = tx.retx == 1
    # A FIN repeats when it is not the end's first FIN and sits where that one did.
    tx["fin_end"] = (tx["seq"] + tx["len"]) % MOD
    fins = tx[fin]
    first_end = fins.groupby(["node", "conn"]).fin_end.transform("first")
    fin_again = (fins.fin_end == first_end) & fins.duplicated(["node", "conn"])
    tx["fin_again"] = fin_again.reindex(tx.index, fill_value=False)
    tx["retx_segments"] = again.astype(int)
    tx["syn_again"] = (again & syn & ~ack).astype(int)
    tx["synack_again"] = (again & syn & ack).astype(int)
    tx["data_again"] = (again & (tx["len"] > 0)).astype(int)
    tx["fin_again"] = (again & tx.fin_again).astype(int)
    # One segment repeating payload and its FIN: counted in data_retx and fin_retx both.
    tx["twice"] = (again & (tx["len"] > 0) & (tx.fin_again == 1)).astype(int)
    per_end = tx.groupby("conn")[["retx_segments", "syn_again", "synack_again", "data_again",
                                  "fin_again", "twice"]].sum()

    table = connections.join(per_end, on="conn_client").join(
        per_end, on="conn_server", lsuffix="_c", rsuffix="_s")
    # A side that sent nothing (or was not recorded) has no row in per_end: zero.
    table = table.fillna({c + side: 0 for side in ("_c", "_s") for c in per_end.columns})
    zero = table[counts].fillna(0)
    check(zero.syn_retx == table.syn_again_c, "syn_retx = marked SYNs of the client")
    check(zero.synack_retx == table.synack_again_s, "synack_retx = marked SYN|ACKs of the server")
    check(zero.data_retx == table.data_again_c + table.data_again_s,
          "data_retx = marked segments with payload")
    check(zero.fin_retx == table.fin_again_c + table.fin_again_s, "fin_retx = repeated FINs")
    table["retx_segments"] = table.retx_segments_c + table.retx_segments_s
    check(table.retx_segments == zero.sum(axis=1) - table.twice_c - table.twice_s,
          "retransmitted segments = syn_retx + synack_retx + data_retx + fin_retx")

    # --- What a researcher reads -----------------------------------------------------------
    table["client"] = table.client_address + ":" + table.client_port.astype(str)
    table["server"] = table.server_address + ":" + table.server_port.astype(str)
    show = table[["conn_client", "client", "server", "handshake_s", "retx_segments",
                  "outcome"]]
    print("%d connections; handshake time and retransmitted segments of the first ten:"
          % len(table))
    print(show.head(10).to_string(index=False))
    print("mean handshake %.6f s; %d retransmitted segments in all"
          % (table.handshake_s.mean(), table.retx_segments.sum()))
    if have_nodes:
        sent = segments[segments.event == "tx"].merge(nodes[["node", "role"]], on="node")
        by_role = sent.groupby("role").agg(sent=("retx", "size"),
                                           retransmitted=("retx", "sum"))
        print("segments sent by node role:")
        print(by_role.to_string())
    print("join-tables.py: every join key and count checked")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: join-tables.py RUN_FOLDER")
    main(sys.argv[1])
