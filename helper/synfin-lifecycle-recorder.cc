/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-lifecycle-recorder.h"

#include "synfin-l4-protocol.h"
#include "synfin-recorder-observations.h"
#include "synfin-recorder-writer.h"
#include "synfin-segment-attributor.h"
#include "synfin-segment-error-model.h"
#include "synfin-socket.h"
#include "synfin-state-change.h"
#include "synfin-stock-observer.h"

#include "ns3/abort.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/names.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/object-vector.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/traffic-control-layer.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinLifecycleRecorder");

namespace
{

/**
 * What a trace holds of the recorder: cleared when the recorder goes, so a trace firing
 * later does nothing. (ns-3 callbacks compare their bound arguments, which rules out a
 * std::weak_ptr; a shared pointer to this link compares fine.)
 */
struct RecorderLink
{
    SynFinLifecycleRecorder::Impl* impl{nullptr}; //!< the recorder's data, or nullptr
};

/// A trace's hold on the recorder.
using Link = std::shared_ptr<RecorderLink>;

/// \return Simulator::Now() in nanoseconds
int64_t
NowNs()
{
    return Simulator::Now().GetNanoSeconds();
}

} // namespace

/**
 * \internal
 * \brief Everything the recorder keeps: the observations, the parts that make them, and the
 *        trace handlers of synfin nodes and of drops. Traces reach it through a
 *        RecorderLink.
 */
class SynFinLifecycleRecorder::Impl
{
  public:
    /// \param node a node to record
    void AttachNode(Ptr<Node> node);
    /// \param model a drop model \param nodeId its node
    void AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId);
    /// \param device a device whose PhyRxDrop to record
    void AttachDeviceDrops(Ptr<NetDevice> device);
    /// AttachQueueDrops
    void AttachQueueDrops(Ptr<NetDevice> device);
    /// A trace handler taking a frame dropped at a node.
    using FrameTrampoline = void (*)(Link, uint32_t, Ptr<const Packet>);
    /// Connect \p device's \p source to \p trampoline, aborting (naming \p caller) if the
    /// device is not on a node or has no such trace source.
    void ConnectDeviceTrace(Ptr<NetDevice> device,
                            const std::string& source,
                            FrameTrampoline trampoline,
                            const char* caller);

    // Trace handlers.
    /// SynFinL4Protocol "Transition"
    void OnTransition(const SynFinStateChange& change);
    /// SynFinL4Protocol "Tx" / "Rx"
    void OnSynFinSegment(uint32_t node,
                         uint8_t event,
                         Ptr<const Packet> payload,
                         const TcpHeader& header,
                         Ipv4Address source,
                         Ipv4Address destination);
    /// SynFinSegmentErrorModel "Drop"
    void OnModelDrop(uint32_t node,
                     const Ipv4Header& ip,
                     const TcpHeader& tcp,
                     const std::string& label);
    /// NetDevice "PhyRxDrop"
    void OnDeviceDrop(uint32_t node, Ptr<const Packet> frame);
    /// NetDevice "MacTxDrop"
    void OnQueueDrop(uint32_t node, Ptr<const Packet> frame);
    /// Record a TCP frame dropped at \p node as a drop row labelled \p label
    void RecordFrameDrop(uint32_t node,
                         const Ipv4Header& ip,
                         const TcpHeader& tcp,
                         uint32_t length,
                         uint32_t label);

    SynFinRecorderObservations m_obs;                 //!< what was recorded
    SynFinSegmentAttributor m_attributor{m_obs};      //!< assigns segments to conns
    SynFinStockObserver m_stock{m_obs, m_attributor}; //!< records stock nodes
    std::map<std::string, std::string> m_parameters;  //!< meta.json "parameters"
    Link m_self;                                      //!< handed to the traces
    /// attached synfin nodes, in attach order: listeners.csv reads their counters at Write
    std::vector<std::pair<uint32_t, Ptr<SynFinL4Protocol>>> m_synfinNodes;

    /// \return listeners.csv's rows: each attached synfin node's counters as they are now
    std::vector<SynFinListenerRow> ListenerRows() const;
    /// \return nodes.csv's rows: every node of the simulation (NodeList), as it is now
    std::vector<SynFinNodeRow> NodeRows() const;

  private:
    /// Follow synfin sockets that existed before Attach.
    void AdoptSynFinSockets(uint32_t node, Ptr<SynFinL4Protocol> tcp);
    /// Index of a drop label.
    uint32_t LabelIndex(const std::string& label);

    /// synfin nodes: node -> (the node's connection id -> conn)
    std::unordered_map<uint32_t, std::unordered_map<uint64_t, uint32_t>> m_byId;
    std::unordered_map<std::string, uint32_t> m_labelIndex; //!< label -> index
    uint32_t m_deviceLabel{SynFinSegmentRow::NONE};         //!< index of "device"
    uint32_t m_queueLabel{SynFinSegmentRow::NONE};          //!< index of "queue"
    std::set<uint32_t> m_tcDropNodes; //!< nodes whose traffic-control drops are followed
    std::unordered_map<uint32_t, uint32_t> m_lastModelDrop; //!< node -> its last model drop row
};

namespace
{

// Trampolines: each trace holds a Link and does nothing once the recorder is gone.

void
TransitionTrampoline(Link w, const SynFinStateChange& c)
{
    if (auto impl = w->impl)
    {
        impl->OnTransition(c);
    }
}

void
SegmentTrampoline(Link w,
                  uint32_t node,
                  uint8_t event,
                  Ptr<const Packet> p,
                  const TcpHeader& h,
                  Ipv4Address src,
                  Ipv4Address dst)
{
    if (auto impl = w->impl)
    {
        impl->OnSynFinSegment(node, event, p, h, src, dst);
    }
}

void
ModelDropTrampoline(Link w,
                    uint32_t node,
                    Ptr<const Packet> /* frame */,
                    const Ipv4Header& ip,
                    const TcpHeader& tcp,
                    const std::string& label)
{
    if (auto impl = w->impl)
    {
        impl->OnModelDrop(node, ip, tcp, label);
    }
}

void
DeviceDropTrampoline(Link w, uint32_t node, Ptr<const Packet> frame)
{
    if (auto impl = w->impl)
    {
        impl->OnDeviceDrop(node, frame);
    }
}

void
QueueDropTrampoline(Link w, uint32_t node, Ptr<const Packet> frame)
{
    if (auto impl = w->impl)
    {
        impl->OnQueueDrop(node, frame);
    }
}

} // namespace

void
SynFinLifecycleRecorder::Impl::AttachNode(Ptr<Node> node)
{
    uint32_t id = node->GetId();
    NS_ABORT_MSG_IF(m_obs.nodes.count(id),
                    "SynFinLifecycleRecorder: node " << id << " is already attached");
    Ptr<SynFinL4Protocol> synfin = node->GetObject<SynFinL4Protocol>();
    Ptr<TcpL4Protocol> stock = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_IF(!synfin && !stock,
                    "SynFinLifecycleRecorder: node " << id
                                                     << " has no TCP (install an internet stack "
                                                        "with SynFinStackHelper first)");
    // The step function starts at 0 for every node, at the time it was attached.
    m_obs.AddNode(id, NowNs());
    if (synfin)
    {
        m_synfinNodes.emplace_back(id, synfin);
        synfin->TraceConnectWithoutContext("Transition",
                                           MakeBoundCallback(&TransitionTrampoline, m_self));
        synfin->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&SegmentTrampoline,
                              m_self,
                              id,
                              static_cast<uint8_t>(SynFinSegmentRow::TX)));
        synfin->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&SegmentTrampoline,
                              m_self,
                              id,
                              static_cast<uint8_t>(SynFinSegmentRow::RX)));
        AdoptSynFinSockets(id, synfin);
    }
    else
    {
        m_stock.Attach(node);
    }
    m_attributor.RefreshAddresses();
}

void
SynFinLifecycleRecorder::Impl::AdoptSynFinSockets(uint32_t node, Ptr<SynFinL4Protocol> tcp)
{
    // Sockets opened before Attach: their history is lost, but they are followed from now
    // on, starting with the state they hold (cause unknown).
    ObjectVectorValue list;
    tcp->GetAttribute("SocketList", list);
    for (auto it = list.Begin(); it != list.End(); ++it)
    {
        Ptr<SynFinSocket> s = DynamicCast<SynFinSocket>(it->second);
        if (!s || s->GetState() == TcpSocket::CLOSED)
        {
            continue;
        }
        const SynFinFourTuple& t = s->GetFourTuple();
        using R = SynFinRecordedConnection;
        R::Role role = s->GetState() == TcpSocket::LISTEN ? R::LISTENER
                       : s->IsPassive()                   ? R::SERVER
                                                          : R::CLIENT;
        const int64_t now = NowNs();
        uint32_t c = m_attributor.OpenConnection(
            node,
            s->GetConnectionId(),
            role,
            {t.localAddress.Get(), t.remoteAddress.Get(), t.localPort, t.remotePort},
            now);
        m_byId[node][s->GetConnectionId()] = c;
        m_attributor.ChangeState(c, s->GetState(), SynFinRecordedChange::CAUSE_UNKNOWN, now);
    }
}

void
SynFinLifecycleRecorder::Impl::AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId)
{
    NS_ABORT_MSG_UNLESS(model, "SynFinLifecycleRecorder::AttachDropModel: no model");
    model->TraceConnectWithoutContext("Drop",
                                      MakeBoundCallback(&ModelDropTrampoline, m_self, nodeId));
}

void
SynFinLifecycleRecorder::Impl::ConnectDeviceTrace(Ptr<NetDevice> device,
                                                  const std::string& source,
                                                  FrameTrampoline trampoline,
                                                  const char* caller)
{
    NS_ABORT_MSG_UNLESS(device && device->GetNode(),
                        "SynFinLifecycleRecorder::" << caller << ": device not on a node");
    bool ok = device->TraceConnectWithoutContext(
        source,
        MakeBoundCallback(trampoline, m_self, device->GetNode()->GetId()));
    NS_ABORT_MSG_UNLESS(ok,
                        "SynFinLifecycleRecorder::" << caller << ": "
                                                    << device->GetInstanceTypeId().GetName()
                                                    << " has no " << source << " trace source");
}

void
SynFinLifecycleRecorder::Impl::AttachDeviceDrops(Ptr<NetDevice> device)
{
    ConnectDeviceTrace(device, "PhyRxDrop", &DeviceDropTrampoline, "AttachDeviceDrops");
}

void
SynFinLifecycleRecorder::Impl::AttachQueueDrops(Ptr<NetDevice> device)
{
    ConnectDeviceTrace(device, "MacTxDrop", &QueueDropTrampoline, "AttachQueueDrops");
    // Without a queue disc, a full device queue stops the device's transmit queue (flow
    // control) and the traffic-control layer drops what comes next ("TcDrop") before the
    // device sees it: that is where most tail drops happen.
    const uint32_t node = device->GetNode()->GetId();
    Ptr<TrafficControlLayer> tc = device->GetNode()->GetObject<TrafficControlLayer>();
    if (tc && m_tcDropNodes.insert(node).second)
    {
        tc->TraceConnectWithoutContext("TcDrop",
                                       MakeBoundCallback(&QueueDropTrampoline, m_self, node));
    }
}

void
SynFinLifecycleRecorder::Impl::OnTransition(const SynFinStateChange& change)
{
    if (m_obs.nodes.count(change.nodeId) == 0)
    {
        return;
    }
    const int64_t now = NowNs();
    auto& byId = m_byId[change.nodeId];
    auto it = byId.find(change.connectionId);
    uint32_t conn;
    // A socket that leaves CLOSED again (Connect after a failure) starts a new connection.
    if (it == byId.end() || (m_obs.conns[it->second].finished && change.from == TcpSocket::CLOSED))
    {
        const SynFinFourTuple& t = change.tuple;
        using R = SynFinRecordedConnection;
        R::Role role = change.to == TcpSocket::LISTEN ? R::LISTENER
                       : change.passive               ? R::SERVER
                                                      : R::CLIENT;
        conn = m_attributor.OpenConnection(
            change.nodeId,
            change.connectionId,
            role,
            {t.localAddress.Get(), t.remoteAddress.Get(), t.localPort, t.remotePort},
            now);
        byId[change.connectionId] = conn;
    }
    else
    {
        conn = it->second;
    }
    m_attributor.ChangeState(conn, change.to, static_cast<uint8_t>(change.cause), now);
}

void
SynFinLifecycleRecorder::Impl::OnSynFinSegment(uint32_t node,
                                               uint8_t event,
                                               Ptr<const Packet> payload,
                                               const TcpHeader& header,
                                               Ipv4Address source,
                                               Ipv4Address destination)
{
    m_attributor.Record(node,
                        event,
                        source,
                        destination,
                        header,
                        payload->GetSize(),
                        SynFinSegmentRow::NONE,
                        NowNs());
}

std::vector<SynFinListenerRow>
SynFinLifecycleRecorder::Impl::ListenerRows() const
{
    std::vector<SynFinListenerRow> rows;
    rows.reserve(m_synfinNodes.size());
    for (const auto& [node, tcp] : m_synfinNodes)
    {
        const SynFinListenCounters& c = tcp->GetListenCounters();
        rows.push_back({node,
                        c.synQueueDrops,
                        c.acceptQueueDrops,
                        c.cookiesSent,
                        c.cookiesAccepted,
                        c.cookiesFailed});
    }
    return rows;
}

std::vector<SynFinNodeRow>
SynFinLifecycleRecorder::Impl::NodeRows() const
{
    std::vector<SynFinNodeRow> rows;
    rows.reserve(NodeList::GetNNodes());
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<Node> node = *it;
        SynFinNodeRow row;
        row.node = node->GetId();
        // A script names nodes with ns3::Names; a program that hands its names to the
        // recorder instead ("node.ID", as synfin-run does) gets the ones listeners.csv shows.
        row.name = Names::FindName(node);
        if (row.name.empty())
        {
            auto param = m_parameters.find("node." + std::to_string(row.node));
            if (param != m_parameters.end())
            {
                row.name = param->second;
            }
        }
        if (Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>())
        {
            uint32_t forwarding = 0;
            for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
            {
                if (DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(i)))
                {
                    continue;
                }
                const std::size_t before = row.addresses.size();
                for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
                {
                    row.addresses.push_back(ipv4->GetAddress(i, a).GetLocal().Get());
                }
                // An interface without an address carries no IPv4 to forward.
                forwarding += row.addresses.size() > before && ipv4->IsForwarding(i) ? 1 : 0;
            }
            row.forwarding = forwarding >= 2;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

uint32_t
SynFinLifecycleRecorder::Impl::LabelIndex(const std::string& label)
{
    auto it = m_labelIndex.find(label);
    if (it != m_labelIndex.end())
    {
        return it->second;
    }
    uint32_t index = static_cast<uint32_t>(m_obs.labels.size());
    m_obs.labels.push_back(SynFinCsvField(label));
    m_labelIndex.emplace(label, index);
    return index;
}

void
SynFinLifecycleRecorder::Impl::OnModelDrop(uint32_t node,
                                           const Ipv4Header& ip,
                                           const TcpHeader& tcp,
                                           const std::string& label)
{
    uint32_t tcpBytes = ip.GetPayloadSize();
    uint32_t length = tcpBytes > tcp.GetSerializedSize() ? tcpBytes - tcp.GetSerializedSize() : 0;
    uint32_t row = m_attributor.Record(node,
                                       SynFinSegmentRow::DROP,
                                       ip.GetSource(),
                                       ip.GetDestination(),
                                       tcp,
                                       length,
                                       LabelIndex(label),
                                       NowNs());
    m_lastModelDrop[node] = row;
}

void
SynFinLifecycleRecorder::Impl::OnDeviceDrop(uint32_t node, Ptr<const Packet> frame)
{
    Ipv4Header ip;
    TcpHeader tcp;
    uint32_t length = 0;
    if (!SynFinSegmentErrorModel::ParseTcpFrame(frame, ip, tcp, length))
    {
        return;
    }
    // The device reports the drops of a SynFinSegmentErrorModel too, right after the
    // model's own Drop trace: keep the row that names the rule.
    auto lastDrop = m_lastModelDrop.find(node);
    if (lastDrop != m_lastModelDrop.end())
    {
        const SynFinSegmentRow& last = m_obs.segments[lastDrop->second];
        if (last.time == NowNs() && last.fromAddress == ip.GetSource().Get() &&
            last.toAddress == ip.GetDestination().Get() && last.fromPort == tcp.GetSourcePort() &&
            last.toPort == tcp.GetDestinationPort() &&
            last.seq == tcp.GetSequenceNumber().GetValue() && last.flags == tcp.GetFlags() &&
            last.length == length)
        {
            m_lastModelDrop.erase(lastDrop);
            return;
        }
    }
    if (m_deviceLabel == SynFinSegmentRow::NONE)
    {
        m_deviceLabel = LabelIndex("device");
    }
    RecordFrameDrop(node, ip, tcp, length, m_deviceLabel);
}

void
SynFinLifecycleRecorder::Impl::OnQueueDrop(uint32_t node, Ptr<const Packet> frame)
{
    Ipv4Header ip;
    TcpHeader tcp;
    uint32_t length = 0;
    if (!SynFinSegmentErrorModel::ParseTcpFrame(frame, ip, tcp, length))
    {
        return;
    }
    if (m_queueLabel == SynFinSegmentRow::NONE)
    {
        m_queueLabel = LabelIndex("queue");
    }
    RecordFrameDrop(node, ip, tcp, length, m_queueLabel);
}

void
SynFinLifecycleRecorder::Impl::RecordFrameDrop(uint32_t node,
                                               const Ipv4Header& ip,
                                               const TcpHeader& tcp,
                                               uint32_t length,
                                               uint32_t label)
{
    m_attributor.Record(node,
                        SynFinSegmentRow::DROP,
                        ip.GetSource(),
                        ip.GetDestination(),
                        tcp,
                        length,
                        label,
                        NowNs());
}

// ---------------------------------------------------------------------------------------------
// The public face

SynFinLifecycleRecorder::SynFinLifecycleRecorder()
    : m_impl(std::make_unique<Impl>())
{
    NS_LOG_FUNCTION(this);
    m_impl->m_self = std::make_shared<RecorderLink>();
    m_impl->m_self->impl = m_impl.get();
}

SynFinLifecycleRecorder::~SynFinLifecycleRecorder()
{
    NS_LOG_FUNCTION(this);
    m_impl->m_self->impl = nullptr; // traces that outlive the recorder now do nothing
}

void
SynFinLifecycleRecorder::Attach(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Attach(*it);
    }
}

void
SynFinLifecycleRecorder::Attach(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_UNLESS(node, "SynFinLifecycleRecorder::Attach: null node");
    m_impl->AttachNode(node);
}

void
SynFinLifecycleRecorder::AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId)
{
    NS_LOG_FUNCTION(this << model << nodeId);
    m_impl->AttachDropModel(model, nodeId);
}

void
SynFinLifecycleRecorder::AttachDeviceDrops(Ptr<NetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_impl->AttachDeviceDrops(device);
}

void
SynFinLifecycleRecorder::AttachQueueDrops(Ptr<NetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_impl->AttachQueueDrops(device);
}

void
SynFinLifecycleRecorder::SetParameter(const std::string& key, const std::string& value)
{
    m_impl->m_parameters[key] = value;
}

std::size_t
SynFinLifecycleRecorder::GetSegmentRowCount() const
{
    return m_impl->m_obs.segments.size();
}

std::size_t
SynFinLifecycleRecorder::GetConnectionCount() const
{
    return m_impl->m_obs.conns.size();
}

std::vector<std::string>
SynFinLifecycleRecorder::GetFileNames()
{
    return SynFinRecorderWriter::GetFileNames();
}

bool
SynFinLifecycleRecorder::Write(const std::string& folder, std::string& error) const
{
    NS_LOG_FUNCTION(this << folder);
    const std::vector<SynFinListenerRow> listeners = m_impl->ListenerRows();
    const std::vector<SynFinNodeRow> nodes = m_impl->NodeRows();
    return SynFinRecorderWriter(m_impl->m_obs, m_impl->m_parameters, listeners, nodes)
        .Write(folder, NowNs(), error);
}

} // namespace ns3
