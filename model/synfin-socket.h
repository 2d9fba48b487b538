/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SOCKET_H
#define SYNFIN_SOCKET_H

#include "synfin-congestion.h"
#include "synfin-four-tuple.h"
#include "synfin-options.h"
#include "synfin-rto-estimator.h"
#include "synfin-rx-buffer.h"
#include "synfin-state-change.h"
#include "synfin-state-machine.h"
#include "synfin-stock-attributes.h"
#include "synfin-time-wait-table.h"
#include "synfin-tx-buffer.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-socket.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class SynFinL4Protocol;

/**
 * \ingroup synfin
 * \brief When a listener answers a SYN with a SYN cookie, keeping no state for it, instead
 *        of a SYN-RECEIVED child (RFC 4987 section 3.6).
 */
enum SynFinSynCookies : uint8_t
{
    SYN_COOKIES_NEVER,     //!< a SYN that finds the SYN queue full is dropped
    SYN_COOKIES_WHEN_FULL, //!< while the SYN queue is full (Linux tcp_syncookies=1)
    SYN_COOKIES_ALWAYS,    //!< for every SYN (Linux tcp_syncookies=2)
};

/**
 * \ingroup synfin
 * \brief A TCP socket whose connection lifecycle follows RFC 9293 as a table.
 *
 * Segments, timers and application calls become SynFinEvent values; the state and the
 * actions come from SynFinStateMachine and nowhere else. The data phase is a reliable
 * byte stream (cumulative ACKs, reassembly, RFC 6298 retransmission timer, receive window,
 * Reno-style congestion window); it is deliberately plainer than ns-3's TcpSocketBase
 * (no SACK, timestamps or window scaling).
 */
class SynFinSocket : public TcpSocket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinSocket();
    /**
     * \brief Copy a listener's configuration into a new connection (fork on SYN).
     * \param other the listener
     */
    SynFinSocket(const SynFinSocket& other);
    ~SynFinSocket() override;

    /**
     * \brief Attach to a node and its protocol (done by SynFinL4Protocol::CreateSocket).
     * \param node the node
     * \param tcp the protocol
     */
    void SetProtocol(Ptr<Node> node, Ptr<SynFinL4Protocol> tcp);

    /**
     * \brief Abort the connection: send RST and close at once (RFC 9293 section 3.10.5).
     * \return 0, or -1 with errno set when there is nothing to abort
     */
    int Abort();

    /**
     * \brief Take the next established connection from the accept queue (ManualAccept).
     * \return the connection, or nullptr (errno ERROR_AGAIN) when none is waiting
     */
    Ptr<Socket> Accept();

    /// \return established children waiting for Accept() (listener, ManualAccept)
    std::size_t GetAcceptQueueLength() const;

    /**
     * \return the children waiting for Accept(), oldest first. One the peer reset meanwhile
     *         stays, CLOSED, until accepted (as in Linux, where accept() returns it).
     */
    std::vector<Ptr<SynFinSocket>> GetAcceptQueue() const;

    /// \return half-open children in SYN-RECEIVED (listener)
    std::size_t GetSynQueueLength() const;

    /// \return the current state
    SynFinState GetState() const;

    /// \return the log component ("SynFinSocket") that every file of the socket logs under
    static LogComponent& GetLogComponent();

    /// \return the connection id (unique per node)
    uint64_t GetConnectionId() const;

    /// \return the 4-tuple (remote part unset until connected)
    const SynFinFourTuple& GetFourTuple() const;

    /// \return the initial send sequence number (ISS)
    SequenceNumber32 GetIss() const;

    /// \return true if this socket was forked from a listener
    bool IsPassive() const;

    /// \return SND.UNA, the oldest unacknowledged sequence number (RFC 9293 3.3.1)
    SequenceNumber32 GetSndUna() const
    {
        return m_sndUna;
    }

    /// \return SND.NXT, the next sequence number to send
    SequenceNumber32 GetSndNxt() const
    {
        return m_sndNxt;
    }

    /// \return one past the highest sequence number ever sent (SYN and FIN included)
    SequenceNumber32 GetSndMax() const
    {
        return m_sndMax;
    }

    /**
     * \brief Use this congestion control for the next connections (each gets its own Fork()),
     *        as TcpSocketBase::SetCongestionControlAlgorithm does.
     * \param algo the congestion control
     */
    void SetCongestionControlAlgorithm(Ptr<TcpCongestionOps> algo);

    /**
     * \brief Use this recovery algorithm for the next connections (each gets its own Fork()).
     * \param recovery the recovery algorithm
     */
    void SetRecoveryAlgorithm(Ptr<TcpRecoveryOps> recovery);

    /// \return the congestion control of the current connection (null before one starts)
    Ptr<TcpCongestionOps> GetCongestionControl() const;

    /// \return the congestion state the algorithms see (cwnd, ssthresh, ...)
    Ptr<const TcpSocketState> GetTcb() const;

    /// \return the sender's scoreboard (RFC 6675)
    const SynFinScoreboard& GetScoreboard() const
    {
        return m_board;
    }

    /// \return RCV.NXT, the next sequence number expected from the peer
    SequenceNumber32 GetRcvNxt() const
    {
        return m_rx.NextExpected();
    }

    /**
     * \brief A segment for this socket (called by the demux).
     * \param payload the payload (TCP header removed)
     * \param header the TCP header
     * \param source the sender's address
     * \param destination our address
     */
    void ProcessSegment(Ptr<Packet> payload,
                        const TcpHeader& header,
                        Ipv4Address source,
                        Ipv4Address destination);

    /**
     * \brief The TIME-WAIT record that took over from this socket has gone.
     * \param change the change the L4 protocol reported (TIME-WAIT to CLOSED)
     */
    void TimeWaitEnded(const SynFinStateChange& change);

    /**
     * \brief Signature of the Retransmit trace.
     * \param flags flags of the retransmitted segment (ACK for data)
     * \param attempt retransmission number, from 1
     */
    typedef void (*RetransmitTracedCallback)(uint8_t flags, uint32_t attempt);

    // Socket
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind() override;
    int Bind6() override;
    int Bind(const Address& address) override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
    void DoDispose() override;
    /// Apply changed stock (ns3::TcpSocketBase) defaults once synfin's own are set.
    void NotifyConstructionCompleted() override;

  private:
    /// Keeps the stock-named attributes (MaxSegLifetime, ClockGranularity, ...).
    friend class SynFinStockAttributes;

    // TcpSocket attribute indirection
    void SetSndBufSize(uint32_t size) override;
    uint32_t GetSndBufSize() const override;
    void SetRcvBufSize(uint32_t size) override;
    uint32_t GetRcvBufSize() const override;
    void SetSegSize(uint32_t size) override;
    uint32_t GetSegSize() const override;
    void SetInitialSSThresh(uint32_t threshold) override;
    uint32_t GetInitialSSThresh() const override;
    void SetInitialCwnd(uint32_t cwnd) override;
    uint32_t GetInitialCwnd() const override;
    void SetConnTimeout(Time timeout) override;
    Time GetConnTimeout() const override;
    void SetSynRetries(uint32_t count) override;
    uint32_t GetSynRetries() const override;
    void SetDataRetries(uint32_t retries) override;
    uint32_t GetDataRetries() const override;
    void SetDelAckTimeout(Time timeout) override;
    Time GetDelAckTimeout() const override;
    void SetDelAckMaxCount(uint32_t count) override;
    uint32_t GetDelAckMaxCount() const override;
    void SetTcpNoDelay(bool noDelay) override;
    bool GetTcpNoDelay() const override;
    void SetPersistTimeout(Time timeout) override;
    Time GetPersistTimeout() const override;

    /**
     * \brief The dispatcher: look the event up in the table and carry out all of the cell,
     *        the state change (with its traces), the actions and the response to the segment
     *        being processed. Nothing else changes the state or answers a segment.
     * \param event the event
     * \param flags flags of the segment behind it (0 if none)
     * \return the outcome (NONE if a row was applied)
     */
    SynFinDefault Apply(SynFinEvent event, uint8_t flags = 0);

    /// Carry out a row's actions.
    void RunActions(uint16_t actions, SynFinState from);

    /// Answer the segment being processed as the table says.
    void Respond(SynFinResponse response);

    /// Answer the segment being processed with a RST (RFC 9293 3.10.7.1 / 3.10.7.2 form).
    void SendResetForSegment();

    /// The segment being processed, for responses that quote it.
    struct Inbound
    {
        const TcpHeader* header{nullptr}; //!< its header
        uint32_t payload{0};              //!< its payload length
        Ipv4Address source;               //!< the sender
        Ipv4Address destination;          //!< us
    };

    // Segment processing, RFC 9293 section 3.10.7
    /// LISTEN (3.10.7.2)
    void ProcessListen(Ptr<Packet> payload, const TcpHeader& h, Ipv4Address src, Ipv4Address dst);
    /// SYN-SENT (3.10.7.3)
    void ProcessSynSent(Ptr<Packet> payload, const TcpHeader& h);
    /// SYN-RECEIVED and the synchronized states (3.10.7.4)
    void ProcessSynchronized(Ptr<Packet> payload, const TcpHeader& h);
    /// The sequence-number test of 3.10.7.4 (first check)
    bool IsAcceptable(SequenceNumber32 seq, uint32_t segLen) const;
    /// The ACK step; returns false if processing must stop
    bool ProcessAck(const TcpHeader& h,
                    uint32_t payloadSize,
                    const SynFinOptions::SeenTimestamp& timestamp);
    /**
     * \brief Take an RTT sample from an ACK that advanced SND.UNA: from its timestamp echo
     *        when timestamps are in use (RFC 7323 4.1, RTTM), else from the segment being
     *        timed (RFC 6298, Karn's rule).
     * \param ack SEG.ACK
     * \param timestamp the ACK's timestamp
     */
    void SampleRtt(SequenceNumber32 ack, const SynFinOptions::SeenTimestamp& timestamp);
    /// The payload and FIN steps
    void ProcessDataAndFin(Ptr<Packet> payload, const TcpHeader& h);
    /// Read the options of the peer's SYN: MSS (RFC 9293 3.7.1), Window Scale (RFC 7323)
    void ReadSynOptions(const TcpHeader& h);

    // Output
    /// Send a segment with no payload carrying flags at sequence seq.
    void SendControl(uint8_t flags, SequenceNumber32 seq);
    /// Send an ACK for RCV.NXT now.
    void SendAck();
    /// Remember the part of a segment already received for the next ACK's D-SACK block.
    void NoteDuplicate(SequenceNumber32 seq, SequenceNumber32 end);
    /// Timestamps and SACK blocks of a segment that is not a SYN (a pending D-SACK first).
    void AddSegmentOptions(TcpHeader& h);
    /// Send a RST for the current connection (abort).
    void SendRst();
    /// Transmit whatever the windows allow, then a FIN if one is due.
    void SendPending();
    /// Transmit one data segment (with FIN if it ends where our FIN sits); true if FIN rode on it.
    bool SendData(SequenceNumber32 seq, uint32_t size, bool retransmission);
    /// ACK policy after in-order data (delayed ACK per RFC 9293 3.8.6.3 / RFC 1122 4.2.3.2)
    void ScheduleAck(bool immediately);

    // Timers
    /// Arm the retransmission timer if it is not running.
    void ArmRetransmit();
    /// Restart the retransmission timer.
    void RestartRetransmit();
    /// \return whether ConnectTimeLimit bounds the current state (a connect() not done yet)
    bool ConnectTimeLimited() const;
    /// Retransmission timer expiry.
    void RetransmitTimeout();
    /// ACK the pending segments now if DelAckCount of them wait, else arm the delayed-ACK
    /// timer (if it is not running).
    void AckWhenDue();
    /// Delayed-ACK timer expiry.
    void DelayedAckTimeout();
    /// Start the persist timer (zero window, nothing in flight) unless it runs.
    void ArmPersist();
    /// Stop the persist timer and forget its backoff (the window opened).
    void StopPersist();
    /// Persist timer expiry: a one-byte window probe, then the next with the interval doubled.
    void PersistTimeout();
    /// FIN-WAIT-2 timer expiry.
    void FinWait2Timeout();
    /// Stop every timer.
    void CancelTimers();

    // Lifecycle helpers
    /// Choose the local address (by route) and register the connection.
    int SetupConnection(Ipv4Address peer, uint16_t peerPort);
    /// Leave the demux and free the port (ACTION_RELEASE).
    void Release();
    /// Hand the connection to the TIME-WAIT table (ACTION_ENTER_TIME_WAIT).
    void HandOffToTimeWait();
    /// Initialise send and receive sequence state for a new connection.
    void InitSequenceSpace(SequenceNumber32 iss);
    /**
     * \brief Forget a connection that ended, before this socket opens another: its FIN,
     *        shutdowns, peer state and notifications belong to the old one (Linux's
     *        tcp_disconnect()). The next open takes a new connection id.
     */
    void ForgetEndedConnection();
    /// Fork a child for a SYN arriving at this listener.
    void ForkChild(const TcpHeader& h, Ipv4Address src, Ipv4Address dst);
    /**
     * \brief A child of this listener for the connection \p h asks for, registered in the
     *        demux, its receive side set up from the peer's ISN \p irs.
     * \return the child, or null if the 4-tuple is taken
     */
    Ptr<SynFinSocket> NewChild(const TcpHeader& h,
                               Ipv4Address src,
                               Ipv4Address dst,
                               SequenceNumber32 irs);
    /// Answer a SYN with a SYN-ACK whose ISN is a cookie, and keep nothing (RFC 4987 3.6).
    void SendSynCookie(const TcpHeader& syn, Ipv4Address src, Ipv4Address dst);
    /**
     * \brief An ACK arrived at this listener: if it returns one of our cookies, rebuild the
     *        connection in SYN-RECEIVED and let it process the ACK.
     * \return false if the ACK is not for a cookie (the listener answers it as RFC 9293 says)
     */
    bool AcceptSynCookie(Ptr<Packet> payload, const TcpHeader& h, Ipv4Address src, Ipv4Address dst);
    /// A child of this listener left SYN-RECEIVED.
    void ChildLeftSynQueue(const SynFinSocket* child);
    /// The listener closed: its half-open and not-yet-accepted children go with it.
    void CloseChildren();
    /// \return the MSS a SYN announces (RFC 9293 3.7.1: 536 without the option)
    static uint16_t MssOption(const TcpHeader& h);
    /// Add our MSS option (SegmentSize) to a SYN or SYN-ACK.
    void AppendMssOption(TcpHeader& h) const;
    /// The effective send MSS (RFC 9293 3.7.1): our SegmentSize bounded by the peer's MSS.
    uint32_t EffectiveMss() const;
    /// An ACK answering an invalid segment, throttled (RFC 5961 section 7).
    void SendChallengeAck();
    /// Retransmit our FIN when it is all that is unacknowledged.
    void RetransmitFin();
    /// Fast retransmit: the first segment deemed lost, or the head (stock's DoRetransmit).
    void RetransmitLost();
    /// Send one data segment as RFC 6675 NextSeg() rules 1 to 3 choose; false if none may go.
    bool SendNextSegment(uint32_t available);
    /// Send a runt held back until the end of the instant in which it was written.
    void ReleaseTail();
    /// NextSeg() rule 2: send new data if the windows, SWS avoidance and Nagle allow.
    bool SendNewData(uint32_t available);
    /// Publish the retransmission timeout to the RTO trace if it changed.
    void UpdateRtoTrace();

    /// Check the send sequence invariants (SND.UNA =< SND.NXT =< SND.MAX) in debug builds.
    void AssertSequenceInvariants() const;
    /// True when the accept queue (ManualAccept) has no room.
    bool AcceptQueueFull() const;
    /// Bytes in the send buffer not yet acknowledged (excluding SYN/FIN).
    uint32_t BytesInTxBuffer() const;
    /// Bytes sent but not acknowledged.
    uint32_t BytesInFlight() const;
    /// \return the window field of a segment other than a SYN: RCV.WND, scaled (RFC 7323)
    uint16_t AdvertisedWindow() const;
    /// \return the window field of our SYN or SYN-ACK: the buffer, unscaled
    uint16_t SynWindow() const;
    /// Deferred connect-succeeded callback (stock fires it from a zero-delay event).
    void FireConnectionSucceeded();

    // Configuration (attributes)
    uint32_t m_sndBufSize{131072};             //!< SndBufSize
    uint32_t m_rcvBufSize{131072};             //!< RcvBufSize
    uint32_t m_segmentSize{536};               //!< SegmentSize (our MSS)
    uint32_t m_initialSsThresh{UINT32_MAX};    //!< InitialSlowStartThreshold
    uint32_t m_initialCwnd{10};                //!< InitialCwnd (segments)
    Time m_connTimeout;                        //!< ConnTimeout: initial RTO of SYN and SYN-ACK
    uint32_t m_synRetries{6};                  //!< ConnCount: SYN retransmissions
    uint32_t m_synAckRetries{5};               //!< SynAckRetries
    uint32_t m_dataRetries{6};                 //!< DataRetries (data and FIN)
    Time m_delAckTimeout;                      //!< DelAckTimeout
    uint32_t m_delAckMaxCount{2};              //!< DelAckCount
    bool m_noDelay{true};                      //!< TcpNoDelay (Nagle is not modelled)
    Time m_persistTimeout;                     //!< PersistTimeout
    Time m_msl;                                //!< Msl
    Time m_timeWaitDuration;                   //!< TimeWaitDuration (zero: 2*Msl)
    uint32_t m_synLinearTimeouts{0};           //!< SynLinearTimeouts
    bool m_delayFinAck{false};                 //!< DelayFinAck
    uint32_t m_quickAckSegments{1};            //!< QuickAckSegments
    bool m_quickAckOnOutOfOrder{false};        //!< QuickAckOnOutOfOrder
    uint32_t m_quickAcks{0};                   //!< quick ACKs left (Linux's quick-ACK mode)
    bool m_dataReceived{false};                //!< a data segment has arrived
    SynFinVariant m_variant{VARIANT_STANDARD}; //!< Variant: the state table
    SynFinOptionLayout m_optionLayout{OPTION_LAYOUT_STOCK}; //!< OptionLayout
    Time m_connectTimeLimit;                                //!< ConnectTimeLimit (zero: none)
    bool m_connectTimeLimitAtTimeout{false};                //!< ConnectTimeLimitAtTimeout
    Time m_synSentBadAckRetry;                              //!< SynSentBadAckRetry
    Time m_connectStarted;                                  //!< when Connect() sent the first SYN
    Time m_finWait2Timeout;                                 //!< FinWait2Timeout
    Time m_initialRto;                                      //!< InitialRto (data)
    Time m_minRto;                                          //!< MinRto
    Time m_maxRto;                                          //!< MaxRto
    uint32_t m_synBacklog{128};                             //!< SynBacklog
    SynFinSynCookies m_synCookies{SYN_COOKIES_WHEN_FULL};   //!< SynCookies
    Time m_lastSynCookie{Time::Min()};                      //!< when this listener last sent one
    SynFinTimeWaitRstPolicy m_twRstPolicy{
        SynFinTimeWaitRstPolicy::TW_RST_CLOSE}; //!< TimeWaitRstPolicy
    SynFinTimeWaitSynPolicy m_twSynPolicy{
        SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER};                //!< TimeWaitSynPolicy
    bool m_lingerZero{false};                                            //!< LingerZero
    bool m_manualAccept{false};                                          //!< ManualAccept
    uint32_t m_acceptBacklog{128};                                       //!< AcceptBacklog
    Time m_invalidAckRateLimit;                                          //!< InvalidAckRateLimit
    bool m_reuseAddress{false};                                          //!< ReuseAddress
    uint32_t m_reTxThreshold{SynFinCongestion::kDefaultDupAckThreshold}; //!< ReTxThreshold
    Time m_clockGranularity;         //!< ClockGranularity: G of RFC 6298
    bool m_windowScaling{true};      //!< WindowScaling
    bool m_timestamp{true};          //!< Timestamp
    bool m_sack{true};               //!< Sack
    bool m_dsack{false};             //!< Dsack
    bool m_rstAtFin{false};          //!< RstAtFinAccepted
    bool m_bufferRoundToMss{false};  //!< BufferRoundToMss
    bool m_rstInWindowResets{false}; //!< RstInWindowResets
    bool m_limitedTransmit{true};    //!< LimitedTransmit
    bool m_nextSegRule3{true};       //!< NextSegRule3
    uint16_t m_maxWindowSize{65535}; //!< MaxWindowSize
    int32_t m_windowScaleShift{-1};  //!< WindowScaleShift (-1: from RcvBufSize)
    SynFinStockValues m_stock;       //!< stock attributes accepted but not modelled

    // Identity
    Ptr<Node> m_node;             //!< our node
    Ptr<SynFinL4Protocol> m_tcp;  //!< our protocol
    SynFinFourTuple m_tuple;      //!< addresses and ports
    uint64_t m_connId{0};         //!< connection id
    bool m_bound{false};          //!< holds a port
    bool m_sharedPort{false};     //!< the port came from Connect() and is shared by 4-tuple
    bool m_registered{false};     //!< in the connection demux
    bool m_listening{false};      //!< in the listener demux
    bool m_passive{false};        //!< forked from a listener
    Ptr<SynFinSocket> m_listener; //!< the listener, while in its SYN queue
    std::vector<SynFinSocket*> m_synQueue;       //!< children in SYN-RECEIVED (listener only)
    std::deque<Ptr<SynFinSocket>> m_acceptQueue; //!< established, not yet accepted (listener)
    bool m_inTimeWaitTable{false};               //!< a TIME-WAIT record took over

    // State
    TracedValue<TcpStates_t> m_state;    //!< State
    Inbound m_inbound;                   //!< the segment being processed (header null otherwise)
    SocketErrno m_errno{ERROR_NOTERROR}; //!< last error
    bool m_closeNotified{false};         //!< normal/error close already reported
    bool m_errorNotified{false};         //!< error close (or connection failed) already reported
    bool m_connectNotified{false};       //!< connect-succeeded/new-connection already reported
    bool m_shutdownSend{false};          //!< no more application sends
    bool m_shutdownRecv{false};          //!< no more application receives
    bool m_closeCalled{false};           //!< Close() was called (orphan: arm FIN-WAIT-2 timer)
    bool m_finPending{false};            //!< FIN to go once the data is out
    bool m_finSent{false};               //!< FIN transmitted at least once
    SequenceNumber32 m_finSeq{0};        //!< sequence number of our FIN

    // Send sequence space (RFC 9293 3.3.1)
    SequenceNumber32 m_iss{0};        //!< ISS
    SequenceNumber32 m_sndUna{0};     //!< SND.UNA
    SequenceNumber32 m_sndNxt{0};     //!< SND.NXT
    SequenceNumber32 m_sndMax{0};     //!< highest sequence sent + 1
    uint32_t m_sndWnd{0};             //!< SND.WND
    uint32_t m_maxSndWnd{0};          //!< largest window the peer offered (RFC 5961 5.2)
    SequenceNumber32 m_sndWl1{0};     //!< SND.WL1
    SequenceNumber32 m_sndWl2{0};     //!< SND.WL2
    uint32_t m_peerMss{536};          //!< MSS the peer announced (RFC 9293 3.7.1 default)
    SynFinOptions m_options;          //!< options offered and agreed (RFC 7323)
    SynFinTxBuffer m_tx;              //!< unacknowledged and unsent bytes, from SND.UNA on
    SequenceNumber32 m_highTxMark{0}; //!< highest data byte ever sent + 1 (NotifyDataSent)

    // Receive sequence space
    SequenceNumber32 m_irs{0};        //!< IRS
    SynFinRxBuffer m_rx;              //!< RCV.NXT, reassembly, unread bytes
    bool m_peerFinReceived{false};    //!< the peer's FIN has been processed
    bool m_heldFin{false};            //!< a FIN arrived beyond a gap and waits for it
    SequenceNumber32 m_heldFinSeq{0}; //!< that FIN's sequence number

    // Congestion and retransmission
    SynFinCongestion m_cc;                       //!< RFC 5681 / RFC 6582 window and recovery
    SynFinScoreboard m_board;                    //!< RFC 6675 scoreboard of the data sent
    Ptr<TcpCongestionOps> m_congestionPrototype; //!< forked for each connection
    Ptr<TcpRecoveryOps> m_recoveryPrototype;     //!< forked for each connection
    SynFinRtoEstimator m_rto;                    //!< RFC 6298 estimator and RTT sampling
    uint32_t m_retries{0};                       //!< retransmissions of the current head
    Time m_handshakeRtt{-1};                     //!< RTT of the handshake, negative if unusable
    bool m_challengeAckSent{false};              //!< a throttled ACK was sent at m_lastChallengeAck
    Time m_lastChallengeAck;                     //!< when the last throttled ACK left
    uint32_t m_pendingAcks{0};                   //!< in-order segments not yet acknowledged
    /// the part of a duplicate segment the next ACK reports (D-SACK, RFC 2883), if any
    std::optional<SynFinRxBuffer::Block> m_pendingDsack;
    EventId m_retxEvent;         //!< retransmission timer
    EventId m_delAckEvent;       //!< delayed-ACK timer
    EventId m_finWait2Event;     //!< FIN-WAIT-2 timer
    EventId m_persistEvent;      //!< persist timer (PersistTimeout)
    Time m_persistInterval;      //!< its current, backed-off interval
    uint32_t m_probesOut{0};     //!< window probes since the last ACK
    EventId m_tailEvent;         //!< the end of the instant a runt waits for
    bool m_releasingTail{false}; //!< ReleaseTail() is sending

    // Traces
    TracedCallback<const SynFinStateChange&> m_stateChangeTrace; //!< Transition
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const SynFinSocket>> m_txTrace; //!< Tx
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const SynFinSocket>> m_rxTrace; //!< Rx
    TracedCallback<uint8_t, uint32_t> m_retransmitTrace; //!< Retransmit: flags, attempt
    TracedValue<Time> m_rtoTrace;                        //!< RTO
    TracedValue<Time> m_lastRttTrace;                    //!< LastRTT (the last sample)
};

} // namespace ns3

#endif /* SYNFIN_SOCKET_H */
