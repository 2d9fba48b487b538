/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-syscalls.h"

#include "synfin-ns3-compat.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace synfin_drill
{

using namespace ns3;

namespace
{

// Linux's values of the names scripts use (include/uapi/...).
const int64_t kOrdwr = 2;
const int64_t kNonBlock = 0x800;
const int64_t kMsgDontWait = 0x40;

/// \return the value of a symbol a script may use, or nothing
std::optional<int64_t>
SymbolValue(const std::string& name)
{
    static const std::map<std::string, int64_t> values = {{"AF_INET", 2},
                                                          {"PF_INET", 2},
                                                          {"AF_INET6", 10},
                                                          {"PF_INET6", 10},
                                                          {"SOCK_STREAM", 1},
                                                          {"SOCK_DGRAM", 2},
                                                          {"IPPROTO_IP", 0},
                                                          {"IPPROTO_TCP", 6},
                                                          {"IPPROTO_UDP", 17},
                                                          {"SOL_SOCKET", 1},
                                                          {"SOL_TCP", 6},
                                                          {"SO_REUSEADDR", 2},
                                                          {"SO_ERROR", 4},
                                                          {"SO_SNDBUF", 7},
                                                          {"SO_RCVBUF", 8},
                                                          {"SO_KEEPALIVE", 9},
                                                          {"SO_LINGER", 13},
                                                          {"SO_REUSEPORT", 15},
                                                          {"TCP_NODELAY", 1},
                                                          {"TCP_MAXSEG", 2},
                                                          {"O_RDWR", kOrdwr},
                                                          {"O_NONBLOCK", kNonBlock},
                                                          {"F_GETFL", 3},
                                                          {"F_SETFL", 4},
                                                          {"SHUT_RD", 0},
                                                          {"SHUT_WR", 1},
                                                          {"SHUT_RDWR", 2},
                                                          {"NULL", 0},
                                                          {"MSG_DONTWAIT", kMsgDontWait},
                                                          {"MSG_PEEK", 0x2},
                                                          {"MSG_OOB", 0x1},
                                                          {"MSG_WAITALL", 0x100}};
    auto it = values.find(name);
    if (it == values.end())
    {
        return std::nullopt;
    }
    return it->second;
}

/// \return the argument \p i of \p call
const Expression&
Argument(const SyscallEvent& call, size_t i, int line)
{
    if (i >= call.arguments.size())
    {
        throw DrillError(line,
                         call.name + "() needs " + std::to_string(i + 1) + " arguments, has " +
                             std::to_string(call.arguments.size()));
    }
    return call.arguments[i];
}

/// \return the integer argument \p i, 0 for `...`
int64_t
IntegerArgument(const SyscallEvent& call, size_t i, int line)
{
    return Syscalls::IntegerOf(Argument(call, i, line)).value_or(0);
}

CallResult
Ok(int64_t value = 0)
{
    return CallResult{value, ""};
}

CallResult
Fail(const std::string& errnoName)
{
    return CallResult{-1, errnoName};
}

} // namespace

DrillError::DrillError(int line, const std::string& message)
    : std::runtime_error(message),
      m_line(line)
{
}

int
DrillError::Line() const
{
    return m_line;
}

int
Syscalls::ErrnoNumber(const std::string& name)
{
    static const std::map<std::string, int> numbers = {{"EPERM", 1},
                                                       {"ENOENT", 2},
                                                       {"EBADF", 9},
                                                       {"EAGAIN", 11},
                                                       {"EWOULDBLOCK", 11},
                                                       {"EINVAL", 22},
                                                       {"EPIPE", 32},
                                                       {"ENOPROTOOPT", 92},
                                                       {"EOPNOTSUPP", 95},
                                                       {"EADDRINUSE", 98},
                                                       {"EADDRNOTAVAIL", 99},
                                                       {"ECONNABORTED", 103},
                                                       {"ECONNRESET", 104},
                                                       {"EISCONN", 106},
                                                       {"ENOTCONN", 107},
                                                       {"ETIMEDOUT", 110},
                                                       {"ECONNREFUSED", 111},
                                                       {"EALREADY", 114},
                                                       {"EINPROGRESS", 115}};
    auto it = numbers.find(name);
    return it == numbers.end() ? -1 : it->second;
}

std::optional<int64_t>
Syscalls::IntegerOf(const Expression& e)
{
    switch (e.kind)
    {
    case Expression::Kind::INTEGER:
        return e.integer;
    case Expression::Kind::ELLIPSIS:
        return std::nullopt;
    case Expression::Kind::SYMBOL: {
        std::optional<int64_t> v = SymbolValue(e.text);
        if (!v && ErrnoNumber(e.text) >= 0)
        {
            v = ErrnoNumber(e.text); // getsockopt(..., SO_ERROR, [ECONNREFUSED], ...)
        }
        if (!v)
        {
            throw DrillError(e.line, "unknown symbol " + e.text);
        }
        return v;
    }
    case Expression::Kind::BINARY:
        if (e.text == "|" && e.children.size() == 2)
        {
            return IntegerOf(e.children[0]).value_or(0) | IntegerOf(e.children[1]).value_or(0);
        }
        break;
    case Expression::Kind::ARRAY:
        if (e.children.size() == 1)
        {
            return IntegerOf(e.children[0]);
        }
        break;
    default:
        break;
    }
    throw DrillError(e.line, "expected an integer, found " + ToString(e));
}

Syscalls::Syscalls(Wire& wire, CallObserver observer)
    : m_wire(wire),
      m_observer(std::move(observer))
{
    wire.GetTcp()->TraceConnectWithoutContext("Transition",
                                              MakeCallback(&Syscalls::NoteTransition, this));
}

void
Syscalls::NoteTransition(const SynFinStateChange& change)
{
    if (change.to == TcpSocket::CLOSED)
    {
        m_closedBy[{change.tuple.localPort, change.tuple.remotePort}] = change;
    }
}

std::string
Syscalls::FailureErrno(Ptr<SynFinSocket> socket, bool connecting) const
{
    const SynFinFourTuple& t = socket->GetFourTuple();
    auto it = m_closedBy.find({t.localPort, t.remotePort});
    if (it != m_closedBy.end() && it->second.cause == SynFinEvent::TIMER_RETRIES_EXHAUSTED)
    {
        return "ETIMEDOUT";
    }
    // A RST (Linux's tcp_reset): refused while connecting, a broken pipe once the peer had
    // closed its side (CLOSE-WAIT), reset otherwise. FreeBSD reports a reset in CLOSE-WAIT
    // as ECONNRESET too (tcp_input.c).
    if (connecting)
    {
        return "ECONNREFUSED";
    }
    bool peerHadClosed = it != m_closedBy.end() && it->second.from == TcpSocket::CLOSE_WAIT;
    return peerHadClosed && !m_bsdSockets ? "EPIPE" : "ECONNRESET";
}

int
Syscalls::NewDescriptor(Ptr<SynFinSocket> socket)
{
    int fd = 3;
    while (m_fds.count(fd))
    {
        ++fd;
    }
    m_fds[fd].socket = socket;
    Watch(fd);
    return fd;
}

void
Syscalls::Watch(int fd)
{
    Ptr<SynFinSocket> s = m_fds[fd].socket;
    // Every socket event may unblock the pending call; each also records what it means
    // for the descriptor, found again by its socket (the descriptor may be closed by then).
    auto find = [this](Ptr<Socket> socket) -> Descriptor* {
        for (auto& [n, d] : m_fds)
        {
            if (d.socket == socket)
            {
                return &d;
            }
        }
        return nullptr;
    };
    s->SetRecvCallback(MakeSynFinCallback<void, Ptr<Socket>>([this](Ptr<Socket>) { Changed(); }));
    s->SetSendCallback(MakeSynFinCallback<void, Ptr<Socket>, uint32_t>(
        [this](Ptr<Socket>, uint32_t) { Changed(); }));
    s->SetConnectCallback(MakeSynFinCallback<void, Ptr<Socket>>([this, find](Ptr<Socket> socket) {
                              if (Descriptor* d = find(socket))
                              {
                                  d->connected = true;
                              }
                              Changed();
                          }),
                          MakeSynFinCallback<void, Ptr<Socket>>([this, find](Ptr<Socket> socket) {
                              if (Descriptor* d = find(socket))
                              {
                                  d->error = FailureErrno(d->socket, true);
                              }
                              Changed();
                          }));
    s->SetCloseCallbacks(MakeSynFinCallback<void, Ptr<Socket>>([this, find](Ptr<Socket> socket) {
                             if (Descriptor* d = find(socket))
                             {
                                 d->peerClosed = true;
                             }
                             Changed();
                         }),
                         MakeSynFinCallback<void, Ptr<Socket>>([this, find](Ptr<Socket> socket) {
                             if (Descriptor* d = find(socket))
                             {
                                 d->error = FailureErrno(d->socket, false);
                             }
                             Changed();
                         }));
}

Syscalls::Descriptor&
Syscalls::Lookup(const SyscallEvent& call, int line, int argument)
{
    int64_t fd = IntegerArgument(call, static_cast<size_t>(argument), line);
    auto it = m_fds.find(static_cast<int>(fd));
    if (it == m_fds.end())
    {
        throw DrillError(line,
                         call.name + "(): descriptor " + std::to_string(fd) +
                             " is not an open socket (EBADF)");
    }
    return it->second;
}

bool
Syscalls::HasPending() const
{
    return m_pending.has_value();
}

std::optional<CallResult>
Syscalls::TakeCompleted(int64_t& usecs)
{
    if (!m_pending || !m_pending->done)
    {
        return std::nullopt;
    }
    usecs = m_pending->usecs;
    CallResult r = m_pending->result;
    m_pending.reset();
    return r;
}

void
Syscalls::Changed()
{
    if (!m_pending || m_pending->done)
    {
        return;
    }
    Pending& p = *m_pending;
    auto it = m_fds.find(p.fd);
    std::optional<CallResult> r;
    if (it == m_fds.end())
    {
        r = Fail("EBADF");
    }
    else if (p.name == "accept")
    {
        r = TryAccept(p.fd, 0);
    }
    else if (p.name == "connect")
    {
        r = TryConnectResult(it->second);
    }
    else if (p.name == "read" || p.name == "recv" || p.name == "recvfrom")
    {
        r = TryRead(it->second, p.bytes);
    }
    else if (p.name == "write" || p.name == "send" || p.name == "sendto")
    {
        r = TryWrite(it->second, p.bytes, p.written);
    }
    if (r)
    {
        p.done = true;
        p.result = *r;
        p.usecs = Wire::NowUsecs();
        if (m_observer.completed)
        {
            m_observer.completed();
        }
    }
}

std::optional<CallResult>
Syscalls::TryAccept(int fd, int /* line */)
{
    Descriptor& d = m_fds[fd];
    Ptr<Socket> child = d.socket->Accept();
    if (!child)
    {
        return std::nullopt;
    }
    Ptr<SynFinSocket> s = DynamicCast<SynFinSocket>(child);
    int newFd = NewDescriptor(s);
    m_fds[newFd].connected = true;
    m_fds[newFd].connectReported = true;
    m_fds[newFd].bound = true;
    // What happened while it waited, before it had callbacks: a child the peer reset is
    // accepted all the same (Linux), its error showing at the first read; one whose FIN
    // came reads the end of the stream after its data.
    TcpSocket::TcpStates_t state = s->GetState();
    if (state == TcpSocket::CLOSED)
    {
        m_fds[newFd].error = "ECONNRESET";
    }
    if (state == TcpSocket::CLOSE_WAIT || state == TcpSocket::LAST_ACK ||
        state == TcpSocket::CLOSING || state == TcpSocket::TIME_WAIT)
    {
        m_fds[newFd].peerClosed = true;
    }
    return Ok(newFd);
}

std::optional<CallResult>
Syscalls::TryConnectResult(Descriptor& d)
{
    if (!d.error.empty())
    {
        std::string e = d.error;
        d.error.clear();
        d.connectFailed = true;
        return Fail(e);
    }
    if (d.connected)
    {
        d.connectReported = true;
        return Ok(0);
    }
    return std::nullopt;
}

std::optional<CallResult>
Syscalls::TryRead(Descriptor& d, int64_t bytes)
{
    Ptr<Packet> p = d.socket->Recv(static_cast<uint32_t>(std::max<int64_t>(bytes, 0)), 0);
    if (p && p->GetSize() > 0)
    {
        return Ok(p->GetSize());
    }
    if (!d.error.empty())
    {
        std::string e = d.error;
        d.error.clear();
        return Fail(e);
    }
    if (d.peerClosed)
    {
        return Ok(0);
    }
    if (!d.connected)
    {
        return Fail("ENOTCONN");
    }
    return std::nullopt;
}

std::optional<CallResult>
Syscalls::TryWrite(Descriptor& d, int64_t bytes, int64_t& written)
{
    if (!d.error.empty())
    {
        std::string e = d.error;
        d.error.clear();
        return Fail(e);
    }
    if (d.shutWrite || (!d.connected && !d.connectCalled))
    {
        return Fail("EPIPE");
    }
    TcpSocket::TcpStates_t state = d.socket->GetState();
    if (state != TcpSocket::ESTABLISHED && state != TcpSocket::CLOSE_WAIT)
    {
        if (state == TcpSocket::SYN_SENT || state == TcpSocket::SYN_RCVD)
        {
            return std::nullopt; // Linux waits for the connection (sk_stream_wait_connect)
        }
        return Fail("EPIPE");
    }
    while (written < bytes)
    {
        uint32_t room = d.socket->GetTxAvailable();
        if (room == 0)
        {
            return std::nullopt;
        }
        uint32_t size = static_cast<uint32_t>(std::min<int64_t>(room, bytes - written));
        // packetdrill writes zeros, and its expected segments carry zeros: a new packet of
        // a given size is zero-filled.
        int n = d.socket->Send(Create<Packet>(size), 0);
        if (n <= 0)
        {
            return std::nullopt;
        }
        written += n;
    }
    return Ok(written);
}

std::optional<CallResult>
Syscalls::Start(const SyscallEvent& call, int line)
{
    const std::string& name = call.name;
    if (name == "socket")
    {
        std::optional<int64_t> type = IntegerOf(Argument(call, 1, line));
        std::optional<int64_t> domain = IntegerOf(Argument(call, 0, line));
        if ((type && *type != 1) || (domain && *domain != 2))
        {
            throw DrillError(line,
                             "socket(): synfin-drill runs IPv4 TCP sockets only (AF_INET, "
                             "SOCK_STREAM), not " +
                                 ToString(call));
        }
        Ptr<SynFinSocket> s = DynamicCast<SynFinSocket>(m_wire.GetTcp()->CreateSocket());
        return Ok(NewDescriptor(s));
    }
    if (name == "bind")
    {
        Descriptor& d = Lookup(call, line);
        // packetdrill binds what the script calls "..." to its local address and port 8080.
        if (d.socket->Bind(InetSocketAddress(m_wire.LocalAddress(), 8080)) != 0)
        {
            return Fail(d.socket->GetErrno() == Socket::ERROR_ADDRINUSE ? "EADDRINUSE" : "EINVAL");
        }
        d.bound = true;
        return Ok();
    }
    if (name == "listen")
    {
        Descriptor& d = Lookup(call, line);
        int64_t backlog = IntegerArgument(call, 1, line);
        if (d.listening)
        {
            // Linux: listen() again on a listener only changes its backlog.
            d.socket->SetAttribute(
                "AcceptBacklog",
                UintegerValue(static_cast<uint32_t>(std::clamp<int64_t>(backlog, 0, 4096))));
            if (m_observer.listening)
            {
                m_observer.listening(d.socket->GetFourTuple().localPort);
            }
            return Ok();
        }
        d.socket->SetAttribute("ManualAccept", BooleanValue(true));
        // Linux caps the backlog at somaxconn (4096); a queue holds backlog + 1 (its
        // sk_acceptq_is_full is "more than backlog").
        d.socket->SetAttribute(
            "AcceptBacklog",
            UintegerValue(static_cast<uint32_t>(std::clamp<int64_t>(backlog, 0, 4096))));
        if (!d.bound)
        {
            d.socket->Bind(InetSocketAddress(m_wire.LocalAddress(), 8080));
            d.bound = true;
        }
        if (d.socket->Listen() != 0)
        {
            return Fail("EINVAL");
        }
        d.listening = true;
        if (m_observer.listening)
        {
            m_observer.listening(d.socket->GetFourTuple().localPort);
        }
        return Ok();
    }
    if (name == "accept" || name == "accept4")
    {
        Descriptor& d = Lookup(call, line);
        if (!d.listening)
        {
            return Fail("EINVAL");
        }
        int fd = static_cast<int>(IntegerArgument(call, 0, line));
        std::optional<CallResult> r = TryAccept(fd, line);
        if (r)
        {
            return r;
        }
        if (m_fds[fd].nonBlocking)
        {
            return Fail("EAGAIN");
        }
        m_pending = Pending{"accept", fd, 0, 0, false, {}, 0};
        return std::nullopt;
    }
    if (name == "connect")
    {
        Descriptor& d = Lookup(call, line);
        int fd = static_cast<int>(IntegerArgument(call, 0, line));
        if (d.connectFailed)
        {
            // Linux starts a new connection on the same socket; synfin sockets are not reused.
            throw DrillError(line,
                             "connect() again after a connect() that failed is not supported "
                             "by synfin-drill");
        }
        if (d.connectCalled)
        {
            // Linux: the first connect() after the handshake completes returns 0, later ones
            // EISCONN; while it is under way, EALREADY; after a failure, the error.
            if (!d.error.empty())
            {
                return TryConnectResult(d);
            }
            if (d.connected)
            {
                if (d.connectReported)
                {
                    return Fail("EISCONN");
                }
                d.connectReported = true;
                return Ok();
            }
            // Linux: a connect that failed and whose error was read (SO_ERROR) is aborted.
            if (d.socket->GetState() == TcpSocket::CLOSED)
            {
                return Fail("ECONNABORTED");
            }
            return Fail("EALREADY");
        }
        d.connectCalled = true;
        if (!d.bound)
        {
            d.socket->Bind(InetSocketAddress(m_wire.LocalAddress(), 0));
            d.bound = true;
        }
        if (m_observer.connecting)
        {
            m_observer.connecting(d.socket->GetFourTuple().localPort);
        }
        if (d.socket->Connect(InetSocketAddress(m_wire.RemoteAddress(), 8080)) != 0)
        {
            return Fail("EINVAL");
        }
        if (m_fds[fd].nonBlocking)
        {
            return Fail("EINPROGRESS");
        }
        std::optional<CallResult> r = TryConnectResult(m_fds[fd]);
        if (r)
        {
            return r;
        }
        m_pending = Pending{"connect", fd, 0, 0, false, {}, 0};
        return std::nullopt;
    }
    if (name == "write" || name == "send" || name == "sendto")
    {
        Descriptor& d = Lookup(call, line);
        int fd = static_cast<int>(IntegerArgument(call, 0, line));
        int64_t bytes = IntegerArgument(call, 2, line);
        bool dontWait = MessageFlags(call, line);
        int64_t written = 0;
        std::optional<CallResult> r = TryWrite(d, bytes, written);
        if (r)
        {
            return r;
        }
        if (d.nonBlocking || dontWait)
        {
            return written > 0 ? Ok(written) : Fail("EAGAIN");
        }
        m_pending = Pending{name, fd, bytes, written, false, {}, 0};
        return std::nullopt;
    }
    if (name == "read" || name == "recv" || name == "recvfrom")
    {
        Descriptor& d = Lookup(call, line);
        int fd = static_cast<int>(IntegerArgument(call, 0, line));
        int64_t bytes = IntegerArgument(call, 2, line);
        bool dontWait = MessageFlags(call, line);
        std::optional<CallResult> r = TryRead(d, bytes);
        if (r)
        {
            return r;
        }
        if (d.nonBlocking || dontWait)
        {
            return Fail("EAGAIN");
        }
        m_pending = Pending{name, fd, bytes, 0, false, {}, 0};
        return std::nullopt;
    }
    if (name == "close")
    {
        Descriptor& d = Lookup(call, line);
        d.socket->Close();
        m_fds.erase(static_cast<int>(IntegerArgument(call, 0, line)));
        return Ok();
    }
    if (name == "shutdown")
    {
        Descriptor& d = Lookup(call, line);
        int64_t how = IntegerArgument(call, 1, line);
        if (!d.connected && !d.listening)
        {
            return Fail("ENOTCONN");
        }
        if (how == 0 || how == 2)
        {
            d.socket->ShutdownRecv();
        }
        if (how == 1 || how == 2)
        {
            d.socket->ShutdownSend();
            d.shutWrite = true;
        }
        return Ok();
    }
    if (name == "setsockopt")
    {
        return SetSockOpt(call, line);
    }
    if (name == "getsockopt")
    {
        return GetSockOpt(call, line);
    }
    if (name == "fcntl")
    {
        return Fcntl(call, line);
    }
    throw DrillError(line,
                     "system call " + name +
                         "() is not supported by synfin-drill (supported: socket, bind, listen, "
                         "accept, connect, write, send, read, recv, close, shutdown, "
                         "setsockopt, getsockopt, fcntl)");
}

bool
Syscalls::MessageFlags(const SyscallEvent& call, int line)
{
    // send(fd, buf, len, flags), recv(fd, buf, len, flags), sendto/recvfrom likewise;
    // read() and write() have none.
    if (call.name == "read" || call.name == "write" || call.arguments.size() < 4)
    {
        return false;
    }
    const Expression& flags = call.arguments[3];
    int64_t value = IntegerOf(flags).value_or(0);
    if ((value & ~kMsgDontWait) != 0)
    {
        throw DrillError(line,
                         call.name + "() flags " + ToString(flags) +
                             " are not supported by synfin-drill (0 or MSG_DONTWAIT only)");
    }
    return (value & kMsgDontWait) != 0;
}

CallResult
Syscalls::SetSockOpt(const SyscallEvent& call, int line)
{
    Descriptor& d = Lookup(call, line);
    const Expression& option = Argument(call, 2, line);
    const Expression& value = Argument(call, 3, line);
    std::string name = option.kind == Expression::Kind::SYMBOL ? option.text : ToString(option);
    auto integer = [&]() { return IntegerOf(value).value_or(0); };
    if (name == "SO_REUSEADDR")
    {
        d.socket->SetAttribute("ReuseAddress", BooleanValue(integer() != 0));
        return Ok();
    }
    if (name == "TCP_NODELAY")
    {
        d.socket->SetAttribute("TcpNoDelay", BooleanValue(integer() != 0));
        return Ok();
    }
    if (name == "SO_SNDBUF" || name == "SO_RCVBUF")
    {
        // Linux stores twice the value asked for (sock_setsockopt), for its overhead;
        // FreeBSD the value itself (sbreserve).
        uint32_t bytes =
            static_cast<uint32_t>(std::max<int64_t>(integer(), 0) * (m_bsdSockets ? 1 : 2));
        d.socket->SetAttribute(name == "SO_SNDBUF" ? "SndBufSize" : "RcvBufSize",
                               UintegerValue(bytes));
        return Ok();
    }
    if (name == "TCP_MAXSEG")
    {
        d.socket->SetAttribute("SegmentSize", UintegerValue(static_cast<uint32_t>(integer())));
        return Ok();
    }
    if (name == "SO_LINGER")
    {
        const Expression* onoff = value.Field("onoff");
        const Expression* linger = value.Field("linger");
        if (!onoff)
        {
            onoff = value.Field("l_onoff");
            linger = value.Field("l_linger");
        }
        if (!onoff && value.kind == Expression::Kind::STRUCT && value.children.size() == 2)
        {
            onoff = &value.children[0];
            linger = &value.children[1];
        }
        if (!onoff || !linger)
        {
            throw DrillError(line, "setsockopt SO_LINGER: expected {onoff=N, linger=N}");
        }
        int64_t on = IntegerOf(*onoff).value_or(0);
        int64_t seconds = IntegerOf(*linger).value_or(0);
        if (on && seconds != 0)
        {
            throw DrillError(line,
                             "setsockopt SO_LINGER with a linger time (" + std::to_string(seconds) +
                                 " s) is not supported: synfin models SO_LINGER 0 (abort on "
                                 "close) only");
        }
        d.socket->SetAttribute("LingerZero", BooleanValue(on != 0));
        return Ok();
    }
    throw DrillError(line, "setsockopt option " + name + " is not supported by synfin-drill");
}

CallResult
Syscalls::GetSockOpt(const SyscallEvent& call, int line)
{
    Descriptor& d = Lookup(call, line);
    const Expression& option = Argument(call, 2, line);
    std::string name = option.kind == Expression::Kind::SYMBOL ? option.text : ToString(option);
    std::optional<int64_t> expected = IntegerOf(Argument(call, 3, line));
    int64_t actual = 0;
    if (name == "SO_ERROR")
    {
        actual = d.error.empty() ? 0 : ErrnoNumber(d.error);
        d.error.clear();
    }
    else if (name == "SO_REUSEADDR" || name == "TCP_NODELAY")
    {
        BooleanValue v;
        d.socket->GetAttribute(name == "SO_REUSEADDR" ? "ReuseAddress" : "TcpNoDelay", v);
        actual = v.Get() ? 1 : 0;
    }
    else if (name == "SO_RCVBUF" || name == "SO_SNDBUF")
    {
        // The buffer the socket has now (FreeBSD rounds it up to a multiple of the MSS once
        // the connection is established: BufferRoundToMss).
        UintegerValue v;
        d.socket->GetAttribute(name == "SO_RCVBUF" ? "RcvBufSize" : "SndBufSize", v);
        actual = static_cast<int64_t>(v.Get());
    }
    else
    {
        throw DrillError(line, "getsockopt option " + name + " is not supported by synfin-drill");
    }
    if (expected && *expected != actual)
    {
        throw DrillError(line,
                         "getsockopt " + name + ": expected value " + std::to_string(*expected) +
                             " but got " + std::to_string(actual));
    }
    return Ok();
}

CallResult
Syscalls::Fcntl(const SyscallEvent& call, int line)
{
    Descriptor& d = Lookup(call, line);
    const Expression& command = Argument(call, 1, line);
    std::string name = command.kind == Expression::Kind::SYMBOL ? command.text : ToString(command);
    if (name == "F_GETFL")
    {
        return Ok(kOrdwr | (d.nonBlocking ? kNonBlock : 0));
    }
    if (name == "F_SETFL")
    {
        d.nonBlocking = (IntegerArgument(call, 2, line) & kNonBlock) != 0;
        return Ok();
    }
    throw DrillError(line, "fcntl command " + name + " is not supported by synfin-drill");
}

} // namespace synfin_drill
