# SPDX-License-Identifier: GPL-2.0-only
#
# Joins the lifecycle recorder's tables of one run folder in base R (read.csv, merge,
# aggregate; no packages).
#
#     Rscript doc/examples/join-tables.R out/run1
#
# Shows the keys that join states.csv, segments.csv, connections.csv and nodes.csv
# (doc/synfin.rst, "Joining the tables"), then computes per connection its handshake time
# and its retransmitted segments from segments.csv, and checks them against
# connections.csv's counts: the example is also a check of the recorder (exit status 1 if
# they disagree).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) {
  cat("usage: join-tables.R RUN_FOLDER\n", file = stderr())
  quit(status = 2)
}
run <- args[1]

# One table of the folder. Empty cells of number columns read as NA ("did not happen");
# names and addresses stay text.
read <- function(name) {
  path <- file.path(run, name)
  header <- scan(path, what = "", sep = ",", nlines = 1, quiet = TRUE)
  text <- intersect(c("name", "addresses", "where"), header)
  read.csv(path, stringsAsFactors = FALSE,
           colClasses = setNames(rep("character", length(text)), text))
}

# Stops with exit status 1, saying what did not hold, unless ok is all true.
check <- function(ok, what) {
  if (!all(ok)) {
    cat("join-tables.R:", what, "does not hold\n", file = stderr())
    quit(status = 1)
  }
}

states <- read("states.csv")
segments <- read("segments.csv")
connections <- read("connections.csv")
have_nodes <- file.exists(file.path(run, "nodes.csv"))
counts <- c("syn_retx", "synack_retx", "data_retx", "fin_retx")

# --- The join keys -------------------------------------------------------------------------
# 1. states.conn is connections.conn_client or connections.conn_server: one socket, one
#    conn number; a socket's rows in states.csv are its state intervals.
sockets <- states[!duplicated(states$conn),
                  c("conn", "node", "role", "local_address", "local_port",
                    "remote_address", "remote_port")]
client <- merge(connections, sockets, by.x = "conn_client", by.y = "conn")
check(client$role == "client", "connections.conn_client = states.conn of a client socket")
# ... and connections' endpoints are that socket's local and remote endpoints.
check(client$client_address == client$local_address &
        client$client_port == client$local_port &
        client$server_address == client$remote_address &
        client$server_port == client$remote_port,
      "connections.client_/server_address,port = the client socket's local/remote")

# 2. segments (node, conn) = states (node, conn) for tx and rx rows: the sender's socket for
#    tx, the receiver's for rx. A drop row carries the sender's conn but the node where it
#    was lost: join it on conn alone.
owned <- segments[!is.na(segments$conn) & segments$event != "drop", ]
joined <- merge(owned, sockets, by = c("node", "conn"))
check(nrow(joined) == nrow(owned), "segments (node, conn) = states (node, conn)")
# A tx row's addresses and ports are its socket's (a listener, bound to 0.0.0.0, aside).
tx_owned <- joined[joined$event == "tx" & joined$role != "listener", ]
check(tx_owned$from_address == tx_owned$local_address &
        tx_owned$from_port == tx_owned$local_port &
        tx_owned$to_address == tx_owned$remote_address &
        tx_owned$to_port == tx_owned$remote_port,
      "segments from_/to_address,port = states local_/remote_address,port (tx)")

# 3. nodes.node = states.node = segments.node; a connected socket's local address is one of
#    its node's addresses.
if (have_nodes) {
  nodes <- read("nodes.csv")
  split <- strsplit(nodes$addresses, " ", fixed = TRUE)
  owns <- data.frame(node = rep(nodes$node, lengths(split)),
                     local_address = unlist(split), stringsAsFactors = FALSE)
  connected <- sockets[sockets$role != "listener", ]
  check(nrow(merge(connected, owns)) == nrow(connected),
        "states.local_address is among nodes.addresses")
}

# --- Per connection: handshake time and retransmitted segments --------------------------------
tx <- segments[segments$event == "tx" & !is.na(segments$conn), ]
syn <- grepl("SYN", tx$flags, fixed = TRUE)
ack <- grepl("ACK", tx$flags, fixed = TRUE)
fin <- grepl("FIN", tx$flags, fixed = TRUE)
again <- tx$retx == 1
# A FIN repeats when it is not the end's first FIN and sits where that one did.
fin_end <- (tx$seq + tx$len) %% 2^32
end <- paste(tx$node, tx$conn)
first_fin <- !duplicated(end[fin])
first_end <- setNames(fin_end[fin][first_fin], end[fin][first_fin])
fin_again <- fin & !is.na(first_end[end]) & fin_end == first_end[end]
fin_again[fin] <- fin_again[fin] & !first_fin
per <- data.frame(conn = tx$conn,
                  retx_segments = as.integer(again),
                  syn_again = as.integer(again & syn & !ack),
                  synack_again = as.integer(again & syn & ack),
                  data_again = as.integer(again & tx$len > 0),
                  fin_again = as.integer(again & fin_again),
                  # one segment repeating payload and its FIN: in data_retx and fin_retx both
                  twice = as.integer(again & tx$len > 0 & fin_again))
per_end <- aggregate(. ~ conn, data = per, FUN = sum)

# Each end's sums beside its connection; a side that sent nothing (or was not recorded) 0.
side <- function(conn_column, suffix) {
  m <- per_end[match(connections[[conn_column]], per_end$conn), -1]
  m[is.na(m)] <- 0
  names(m) <- paste0(names(m), suffix)
  m
}
table <- cbind(connections, side("conn_client", "_c"), side("conn_server", "_s"))
zero <- table[, counts]
zero[is.na(zero)] <- 0
check(zero$syn_retx == table$syn_again_c, "syn_retx = marked SYNs of the client")
check(zero$synack_retx == table$synack_again_s, "synack_retx = marked SYN|ACKs of the server")
check(zero$data_retx == table$data_again_c + table$data_again_s,
      "data_retx = marked segments with payload")
check(zero$fin_retx == table$fin_again_c + table$fin_again_s, "fin_retx = repeated FINs")
table$retx_segments <- table$retx_segments_c + table$retx_segments_s
check(table$retx_segments == rowSums(zero) - table$twice_c - table$twice_s,
      "retransmitted segments = syn_retx + synack_retx + data_retx + fin_retx")

# --- What a researcher reads -----------------------------------------------------------------
table$client <- paste0(table$client_address, ":", table$client_port)
table$server <- paste0(table$server_address, ":", table$server_port)
cat(nrow(table), "connections; handshake time and retransmitted segments of the first ten:\n")
print(head(table[, c("conn_client", "client", "server", "handshake_s", "retx_segments",
                     "outcome")], 10), row.names = FALSE)
cat(sprintf("mean handshake %.6f s; %d retransmitted segments in all\n",
            mean(table$handshake_s, na.rm = TRUE), sum(table$retx_segments)))
if (have_nodes) {
  sent <- merge(segments[segments$event == "tx", c("node", "retx")], nodes[, c("node", "role")])
  by_role <- aggregate(retx ~ role, data = sent,
                       FUN = function(r) c(sent = length(r), retransmitted = sum(r)))
  by_role <- do.call(data.frame, by_role)
  names(by_role) <- c("role", "sent", "retransmitted")
  cat("segments sent by node role:\n")
  print(by_role, row.names = FALSE)
}
cat("join-tables.R: every join key and count checked\n")
