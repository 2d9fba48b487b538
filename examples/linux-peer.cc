/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A simulated synfin node talks to the machine's own Linux TCP through a tap device.
 *
 * The node has one FdNetDevice on an existing tap device (attached with TUNSETIFF, so the
 * program must run where the device is: inside its network namespace, as root). ns-3 runs
 * in real time with checksums on, so what crosses the tap is what a real host would send.
 * test/linux-peer-check.py creates the namespace and the tap device, starts this program and
 * a Linux socket program (test/linux-peer-app.py) on either side, captures the tap and
 * checks the outcome; run it with `make test-linux-peer`.
 *
 * Roles:
 *   client  connect to --peer, send --bytes of a fixed pattern, read --bytes back and check
 *           every byte, then close first (the active closer: ends in TIME-WAIT here);
 *   server  listen on --port, read --bytes and check them, send --bytes back, close when the
 *           peer has closed (the passive closer).
 * With --bytes=0 the connection opens and closes without data. A client whose connect fails
 * (an RST from a closed port, or retries exhausted against a silent address) reports it.
 *
 * Output, one fact a line on stdout, for the test to read:
 *   state <the state change, as SynFinStateChange prints it>
 *   event <name> <seconds since the start> [detail]
 * with events listening, connect, connected, connect-failed, sent, verified, mismatch,
 * peer-closed, closed, error-closed and done.
 *
 *   ip netns exec NS ./linux-peer --tap=sfpeer0 --role=client --peer=10.99.0.1:5001
 */

#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iomanip>
#include <iostream>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace ns3;

namespace
{

const char* const kProgram = "linux-peer";

/**
 * \param offset a byte's position in the stream
 * \return the byte both ends expect there: the top byte of a multiplicative hash, so that a
 *         segment delivered twice, out of order or shifted by any amount reads wrong
 */
uint8_t
PatternByte(uint64_t offset)
{
    return static_cast<uint8_t>((static_cast<uint32_t>(offset) * 2654435761u) >> 24);
}

/// \return seconds since the simulation (and the program's clock) started
double
Now()
{
    return Simulator::Now().GetSeconds();
}

/// Print one event line.
void
Report(const std::string& name, const std::string& detail = "")
{
    std::cout << "event " << name << " " << std::fixed << std::setprecision(6) << Now();
    if (!detail.empty())
    {
        std::cout << " " << detail;
    }
    std::cout << std::endl;
}

/// Print one state change of the node's TCP.
void
PrintChange(const SynFinStateChange& c)
{
    std::cout << "state " << c << std::endl;
}

/**
 * \brief Open the tap device \p name for its frames (no packet-information header).
 * \param name the device, which must exist in this network namespace
 * \param error receives why it failed
 * \return the descriptor, or -1
 */
int
OpenTap(const std::string& name, std::string& error)
{
    if (name.empty() || name.size() >= IFNAMSIZ)
    {
        error = "--tap='" + name + "': a device name of 1 to " + std::to_string(IFNAMSIZ - 1) +
                " characters is required";
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        error = std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
        return -1;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        error = "cannot attach to tap device '" + name + "': " + std::strerror(errno) +
                " (it must exist in this network namespace, and this needs root)";
        close(fd);
        return -1;
    }
    return fd;
}

/**
 * \brief One connection's application: send a pattern, check what comes back, close.
 *
 * The client sends first and reads after; the server reads first and sends after. Both read
 * with every byte compared to the pattern, and report the first difference.
 */
class PatternExchange : public SimpleRefCount<PatternExchange>
{
  public:
    /**
     * \param bytes how many bytes go each way
     * \param activeClose true to close once the exchange is complete (the client); false to
     *        close only when the peer has (the server)
     */
    PatternExchange(uint64_t bytes, bool activeClose)
        : m_bytes(bytes),
          m_activeClose(activeClose)
    {
    }

    /// \brief Take over a connected socket.
    void Start(Ptr<Socket> socket)
    {
        m_socket = socket;
        Ptr<PatternExchange> self(this);
        socket->SetRecvCallback(MakeCallback(&PatternExchange::Receive, self));
        socket->SetSendCallback(MakeCallback(&PatternExchange::Send, self));
        socket->SetCloseCallbacks(MakeCallback(&PatternExchange::PeerClosed, self),
                                  MakeCallback(&PatternExchange::ErrorClosed, self));
        if (m_activeClose)
        {
            Send(socket, socket->GetTxAvailable());
        }
        else if (m_bytes == 0)
        {
            m_sending = true;
        }
    }

  private:
    /// Fill the send buffer with the next part of the pattern.
    void Send(Ptr<Socket> socket, uint32_t)
    {
        if (!m_sending && !m_activeClose)
        {
            return; // the server answers once everything has arrived
        }
        m_sending = true;
        uint8_t chunk[8192];
        while (m_sent < m_bytes && socket->GetTxAvailable() > 0)
        {
            uint64_t size =
                std::min<uint64_t>({sizeof(chunk), m_bytes - m_sent, socket->GetTxAvailable()});
            for (uint64_t i = 0; i < size; ++i)
            {
                chunk[i] = PatternByte(m_sent + i);
            }
            int n = socket->Send(chunk, static_cast<uint32_t>(size), 0);
            if (n <= 0)
            {
                break;
            }
            m_sent += static_cast<uint64_t>(n);
        }
        if (m_sent == m_bytes && !m_sentReported)
        {
            m_sentReported = true;
            Report("sent", std::to_string(m_sent));
            MaybeClose();
        }
    }

    /// Read and check what has arrived.
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()) && packet->GetSize() > 0)
        {
            std::vector<uint8_t> data(packet->GetSize());
            packet->CopyData(data.data(), data.size());
            for (uint8_t byte : data)
            {
                if (m_received < m_bytes && byte != PatternByte(m_received) && !m_mismatch)
                {
                    m_mismatch = true;
                    Report("mismatch", "offset=" + std::to_string(m_received));
                }
                ++m_received;
            }
        }
        if (m_received >= m_bytes && !m_verifiedReported && m_bytes > 0)
        {
            m_verifiedReported = true;
            Report(m_mismatch || m_received != m_bytes ? "mismatch" : "verified",
                   std::to_string(m_received));
            if (!m_activeClose)
            {
                m_sending = true;
                Send(socket, socket->GetTxAvailable());
            }
            MaybeClose();
        }
    }

    /// The client closes once both directions are complete.
    void MaybeClose()
    {
        bool complete = m_sent == m_bytes && m_received >= m_bytes;
        if (m_activeClose && complete && !m_closed)
        {
            m_closed = true;
            m_socket->Close();
            Report("closed", "active");
        }
    }

    /// The peer's FIN: the server closes in turn.
    void PeerClosed(Ptr<Socket> socket)
    {
        Report("peer-closed");
        if (!m_activeClose && !m_closed)
        {
            m_closed = true;
            socket->Close();
            Report("closed", "passive");
        }
    }

    /// A reset or a retransmission limit.
    void ErrorClosed(Ptr<Socket>)
    {
        Report("error-closed");
    }

    uint64_t m_bytes;               //!< bytes each way
    bool m_activeClose;             //!< client (true) or server
    Ptr<Socket> m_socket;           //!< the connection
    uint64_t m_sent{0};             //!< bytes handed to the socket
    uint64_t m_received{0};         //!< bytes read
    bool m_sending{false};          //!< the server has started its answer
    bool m_sentReported{false};     //!< "sent" printed
    bool m_verifiedReported{false}; //!< "verified" (or "mismatch") printed
    bool m_mismatch{false};         //!< a byte differed from the pattern
    bool m_closed{false};           //!< Close() called
};

/// Stop the run \p linger after the connection reached its final state on this side.
class FinalState
{
  public:
    /// \param linger how long to keep running after it
    explicit FinalState(Time linger)
        : m_linger(linger)
    {
    }

    /// Watch the node's state changes.
    void Changed(const SynFinStateChange& c)
    {
        PrintChange(c);
        bool final = c.to == TcpSocket::TIME_WAIT ||
                     (c.to == TcpSocket::CLOSED && c.from != TcpSocket::LISTEN);
        if (final && !m_stopping)
        {
            m_stopping = true;
            Simulator::Schedule(m_linger, &FinalState::Stop);
        }
    }

  private:
    /// The end of the run.
    static void Stop()
    {
        Report("done");
        Simulator::Stop();
    }

    Time m_linger;          //!< time to run on
    bool m_stopping{false}; //!< the stop is scheduled
};

/**
 * \brief The node's one socket: a client that connects, or a server that listens.
 *
 * It starts once the device's link is up. Before that the device sends nothing, and the
 * link coming up flushes the ARP cache, dropping whatever waited there for a reply (a first
 * SYN, which would then leave only with its retransmission a second later).
 */
class Endpoint
{
  public:
    /**
     * \param socket a new TCP socket
     * \param exchange what the connection does
     * \param device the node's device
     */
    Endpoint(Ptr<Socket> socket, Ptr<PatternExchange> exchange, Ptr<NetDevice> device)
        : m_socket(socket),
          m_exchange(exchange),
          m_device(device)
    {
        device->AddLinkChangeCallback(MakeCallback(&Endpoint::LinkChanged, this));
    }

    /// \brief Be a client of \p peer.
    void SetClient(InetSocketAddress peer)
    {
        m_client = true;
        m_peer = peer;
    }

    /// \brief Be a server on \p port.
    void SetServer(uint16_t port)
    {
        m_client = false;
        m_port = port;
    }

  private:
    /// Start on the first link up.
    void LinkChanged()
    {
        if (m_started || !m_device->IsLinkUp())
        {
            return;
        }
        m_started = true;
        if (m_client)
        {
            m_socket->SetConnectCallback(MakeCallback(&Endpoint::Connected, this),
                                         MakeCallback(&Endpoint::ConnectFailed, this));
            Report("connect");
            m_socket->Connect(m_peer);
        }
        else
        {
            m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
            m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                        MakeCallback(&Endpoint::Accepted, this));
            m_socket->Listen();
            Report("listening", std::to_string(m_port));
        }
    }

    /// The handshake completed.
    void Connected(Ptr<Socket> socket)
    {
        Report("connected");
        m_exchange->Start(socket);
    }

    /// RST or retries exhausted in SYN-SENT.
    void ConnectFailed(Ptr<Socket>)
    {
        Report("connect-failed");
    }

    /// A connection from \p from.
    void Accepted(Ptr<Socket> socket, const Address& from)
    {
        InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
        std::ostringstream who;
        who << peer.GetIpv4() << ":" << peer.GetPort();
        Report("accepted", who.str());
        m_exchange->Start(socket);
    }

    Ptr<Socket> m_socket;                               //!< the client, or the listener
    Ptr<PatternExchange> m_exchange;                    //!< the (one) connection's application
    Ptr<NetDevice> m_device;                            //!< whose link must be up
    bool m_client{true};                                //!< client or server
    InetSocketAddress m_peer{Ipv4Address::GetAny(), 0}; //!< client: where to connect
    uint16_t m_port{0};                                 //!< server: where to listen
    bool m_started{false};                              //!< connect or listen done
};

/**
 * \brief Read a dotted IPv4 address strictly (inet_pton: four decimal parts).
 * \param text what was typed
 * \param out receives the address
 * \return true if it is one
 */
bool
ReadIpv4(const std::string& text, Ipv4Address& out)
{
    struct in_addr parsed;
    if (inet_pton(AF_INET, text.c_str(), &parsed) != 1)
    {
        return false;
    }
    out = Ipv4Address(ntohl(parsed.s_addr));
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string tap;
    std::string role = "client";
    std::string local = "10.99.0.2";
    std::string mask = "255.255.255.252";
    std::string gateway = "10.99.0.1";
    std::string peer = "10.99.0.1:5001";
    uint32_t port = 5001;
    uint64_t bytes = 1000000;
    std::string profile = "linux";
    std::string lingerText = "1s";
    std::string limitText = "300s";

    CommandLine cmd(__FILE__);
    cmd.AddValue("tap", "Tap device to attach to (it must exist in this namespace)", tap);
    cmd.AddValue("role", "client (connect, send, close first) or server (listen, answer)", role);
    cmd.AddValue("local", "This node's IPv4 address", local);
    cmd.AddValue("mask", "Its network mask", mask);
    cmd.AddValue("gateway", "Next hop of the default route (the tap's address)", gateway);
    cmd.AddValue("peer", "Client: the address and port to connect to, A.B.C.D:PORT", peer);
    cmd.AddValue("port", "Server: the port to listen on", port);
    cmd.AddValue("bytes", "Bytes sent each way (every one checked); 0 for none", bytes);
    cmd.AddValue("profile", "Behaviour profile (see synfin-run --list-profiles)", profile);
    cmd.AddValue("linger", "Time to run on after the connection's last state change", lingerText);
    cmd.AddValue("limit", "Stop after this long whatever happened", limitText);
    cmd.Parse(argc, argv);
    Time linger;
    Time limit;
    if (!SynFinCommandLine::NoStrayWords(kProgram, cmd) ||
        !SynFinCommandLine::ReadTime(kProgram, "linger", lingerText, linger) ||
        !SynFinCommandLine::ReadTime(kProgram, "limit", limitText, limit))
    {
        return 2;
    }
    auto fail = [](const std::string& message, int status) {
        std::cerr << kProgram << ": " << message << std::endl;
        return status;
    };
    if (role != "client" && role != "server")
    {
        return fail("--role='" + role + "': allowed: client, server", 2);
    }
    Ipv4Address localAddress;
    Ipv4Mask localMask;
    Ipv4Address gatewayAddress;
    if (!ReadIpv4(local, localAddress) || !ReadIpv4(gateway, gatewayAddress))
    {
        return fail("--local='" + local + "', --gateway='" + gateway +
                        "': dotted IPv4 addresses are required",
                    2);
    }
    Ipv4Address maskBits;
    if (!ReadIpv4(mask, maskBits))
    {
        return fail("--mask='" + mask + "': a dotted IPv4 mask is required", 2);
    }
    localMask = Ipv4Mask(maskBits.Get());
    InetSocketAddress peerAddress(Ipv4Address::GetAny(), 0);
    std::string error;
    if (role == "client")
    {
        std::string::size_type colon = peer.rfind(':');
        Ipv4Address address;
        uint64_t peerPort = 0;
        if (colon == std::string::npos || !ReadIpv4(peer.substr(0, colon), address) ||
            !SynFinValueParse::Count(peer.substr(colon + 1), 1, 65535, peerPort, error))
        {
            return fail("--peer='" + peer + "': A.B.C.D:PORT is required (port 1-65535)", 2);
        }
        peerAddress = InetSocketAddress(address, static_cast<uint16_t>(peerPort));
    }
    if (port == 0 || port > 65535)
    {
        return fail("--port=" + std::to_string(port) + ": allowed: 1-65535", 2);
    }
    if (!SynFinProfile::Apply(profile, error))
    {
        return fail("--profile='" + profile + "': " + error, 2);
    }
    // Linux's MSS on a 1500-byte Ethernet MTU (ns-3's default of 536 is RFC 9293's minimum);
    // synfin, like Linux, carries the timestamp option's 12 bytes out of it (RFC 6691).
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
    // The profile replaced the defaults; a --ns3::... on the command line overrides it,
    // wherever it stood: parsing again applies those once more, over the profile.
    cmd.Parse(argc, argv);

    int fd = OpenTap(tap, error);
    if (fd < 0)
    {
        return fail(error, 3);
    }

    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    Ptr<Node> node = CreateObject<Node>();
    FdNetDeviceHelper devices;
    Ptr<FdNetDevice> device = DynamicCast<FdNetDevice>(devices.Install(node).Get(0));
    // Locally administered, so it cannot be any real interface's address (the helper gives
    // 00:00:00:00:00:01 and up).
    device->SetAddress(Mac48Address("02:53:46:00:00:02"));
    device->SetFileDescriptor(fd);

    SynFinStackHelper stack;
    stack.Install(node);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    uint32_t interface = ipv4->AddInterface(device);
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(localAddress, localMask));
    ipv4->SetUp(interface);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(ipv4)->SetDefaultRoute(gatewayAddress, interface);

    FinalState finalState(linger);
    node->GetObject<SynFinL4Protocol>()->TraceConnectWithoutContext(
        "Transition",
        MakeCallback(&FinalState::Changed, &finalState));

    Ptr<Socket> socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Endpoint endpoint(socket, Create<PatternExchange>(bytes, role == "client"), device);
    if (role == "client")
    {
        endpoint.SetClient(peerAddress);
    }
    else
    {
        endpoint.SetServer(static_cast<uint16_t>(port));
    }

    Simulator::Stop(limit);
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
