/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: the socket system calls of a packetdrill script, carried out on synfin
 * sockets with Linux's return values and errno. A call that would block in Linux stays
 * pending here until a socket event completes it, at the simulation time it completes.
 */

#ifndef SYNFIN_DRILL_SYSCALLS_H
#define SYNFIN_DRILL_SYSCALLS_H

#include "synfin-drill-script.h"
#include "synfin-drill-wire.h"

#include "ns3/socket.h"
#include "ns3/synfin-socket.h"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace synfin_drill
{

/// A script line synfin-drill cannot run, or a check that failed: what() is the message.
class DrillError : public std::runtime_error
{
  public:
    /**
     * \param line the script line (0: none)
     * \param message what happened
     */
    DrillError(int line, const std::string& message);

    /// \return the script line, 0 if none
    int Line() const;

  private:
    int m_line; //!< the script line
};

/// How a system call ended.
struct CallResult
{
    int64_t value{0};      //!< the return value
    std::string errnoName; //!< with -1: the errno's name (ECONNREFUSED); empty otherwise
};

/// What the script's packets are about: the connection the last socket call set up.
struct CallObserver
{
    std::function<void(uint16_t port)> listening;  //!< listen(): a listener on this port
    std::function<void(uint16_t port)> connecting; //!< connect(): SYN sent from this port
    std::function<void()> completed;               //!< a blocked call has completed
};

/**
 * \brief The file descriptors of a script and the calls on them.
 *
 * Values follow Linux: descriptors from 3 up, the lowest free one first; O_NONBLOCK 0x800;
 * SO_RCVBUF and SO_SNDBUF doubled as the kernel does; errno as Linux reports it (FreeBSD's
 * sockets API under the freebsd profile, where the two differ: see SetBsdSockets).
 */
class Syscalls
{
  public:
    /**
     * \param wire the node under test
     * \param observer told of listen() and connect()
     */
    Syscalls(Wire& wire, CallObserver observer);

    /// \return the sockets the script holds a descriptor of
    std::vector<ns3::Ptr<ns3::SynFinSocket>> OpenSockets() const
    {
        std::vector<ns3::Ptr<ns3::SynFinSocket>> sockets;
        for (const auto& [fd, d] : m_fds)
        {
            sockets.push_back(d.socket);
        }
        return sockets;
    }

    /// \param bsd FreeBSD's sockets API: SO_RCVBUF and SO_SNDBUF kept as set, not doubled;
    ///            ECONNRESET for a reset in CLOSE-WAIT (Linux: EPIPE)
    void SetBsdSockets(bool bsd)
    {
        m_bsdSockets = bsd;
    }

    /**
     * \brief Start a call.
     * \param call the script's call
     * \param line its script line, for messages
     * \return the result, or nothing if the call blocks (it is then pending)
     * \throw DrillError for a call, argument or option synfin-drill does not support
     */
    std::optional<CallResult> Start(const SyscallEvent& call, int line);

    /// \return true if a call is blocked
    bool HasPending() const;

    /**
     * \brief The pending call's result once it has one.
     * \param usecs receives when it completed
     * \return the result, or nothing while it still blocks
     */
    std::optional<CallResult> TakeCompleted(int64_t& usecs);

    /// \return Linux's errno number for a name, -1 if unknown
    static int ErrnoNumber(const std::string& name);

    /**
     * \brief An integer argument: a number, a known symbol, `A|B`, `[N]`.
     * \param e the expression
     * \return its value, or nothing for `...`
     * \throw DrillError for an unknown symbol or a shape that is no integer
     */
    static std::optional<int64_t> IntegerOf(const Expression& e);

  private:
    /// One descriptor.
    struct Descriptor
    {
        ns3::Ptr<ns3::SynFinSocket> socket; //!< the socket
        bool nonBlocking{false};            //!< O_NONBLOCK
        bool listening{false};              //!< listen() succeeded
        bool bound{false};                  //!< bind() or connect() gave it a port
        bool connectCalled{false};          //!< connect() was called
        bool connectReported{false};        //!< a completed connect was returned as 0
        bool connectFailed{false};          //!< connect() returned the failure
        bool connected{false};              //!< the handshake completed
        bool peerClosed{false};             //!< the peer's FIN arrived
        bool shutWrite{false};              //!< shutdown(SHUT_WR) or close()
        std::string error;                  //!< a pending socket error (SO_ERROR), as a name
    };

    /// The blocked call.
    struct Pending
    {
        std::string name;   //!< the call
        int fd{-1};         //!< its descriptor
        int64_t bytes{0};   //!< write/read: the count asked for
        int64_t written{0}; //!< write: bytes taken so far
        bool done{false};   //!< completed
        CallResult result;  //!< when done
        int64_t usecs{0};   //!< when done
    };

    Descriptor& Lookup(const SyscallEvent& call, int line, int argument = 0);
    int NewDescriptor(ns3::Ptr<ns3::SynFinSocket> socket);
    void Watch(int fd);
    void Changed();
    std::optional<CallResult> TryAccept(int fd, int line);
    std::optional<CallResult> TryConnectResult(Descriptor& d);
    std::optional<CallResult> TryRead(Descriptor& d, int64_t bytes);
    std::optional<CallResult> TryWrite(Descriptor& d, int64_t bytes, int64_t& written);
    std::string FailureErrno(ns3::Ptr<ns3::SynFinSocket> socket, bool connecting) const;
    void NoteTransition(const ns3::SynFinStateChange& change);

    /// \return true for MSG_DONTWAIT; throws for any other send/recv flag (MSG_PEEK...)
    bool MessageFlags(const SyscallEvent& call, int line);
    CallResult SetSockOpt(const SyscallEvent& call, int line);
    CallResult GetSockOpt(const SyscallEvent& call, int line);
    CallResult Fcntl(const SyscallEvent& call, int line);

    Wire& m_wire;                     //!< the node under test
    CallObserver m_observer;          //!< told of listen() and connect()
    bool m_bsdSockets{false};         //!< see SetBsdSockets
    std::map<int, Descriptor> m_fds;  //!< open descriptors
    std::optional<Pending> m_pending; //!< the blocked call, if any
    /// the change that last closed each connection: local port and remote port -> change
    std::map<std::pair<uint16_t, uint16_t>, ns3::SynFinStateChange> m_closedBy;
};

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_SYSCALLS_H */
