/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-stock-attributes.h"

#include "synfin-ns3-compat.h"
#include "synfin-socket.h"

#include "ns3/boolean.h"
#include "ns3/callback.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/uinteger.h"

#include <functional>
#include <iostream>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinStockAttributes");

namespace
{

/// The TypeId whose attributes unmodified ns-3 programs set.
const char* const kStockSocket = "ns3::TcpSocketBase";

/// ns-3.37's MaxSegLifetime default (seconds): RFC 793's two minutes.
constexpr double kStockMslSeconds = 120;

/// What synfin does with a stock attribute.
enum class Kind
{
    HONOURED,     //!< synfin models it
    NOT_MODELLED, //!< accepted; a value other than synfin's behaviour has no effect
    READ_ONLY,    //!< stock offers it only for reading (TxBuffer, RxBuffer)
};

/// Process-wide record of stock settings and the warnings given.
struct Ledger
{
    std::set<std::string> warned;                         //!< attributes warned about
    std::map<std::string, SynFinStockSetting> notApplied; //!< by name
    std::map<std::string, SynFinStockSetting> onSockets;  //!< honoured per-socket values
    std::map<std::string, std::string> mappedFrom;        //!< synfin attribute -> stock source
    std::string source;                                   //!< who sets now (empty: the socket)
    uint64_t generation{0};                               //!< Reset() calls
};

Ledger&
GetLedger()
{
    static Ledger ledger;
    return ledger;
}

/// \return value as text for people: callbacks and objects have no useful serialization.
std::string
Describe(const AttributeValue& value, Ptr<const AttributeChecker> checker)
{
    const std::string type = checker->GetValueTypeName();
    if (type == "ns3::CallbackValue")
    {
        const auto* cb = dynamic_cast<const CallbackValue*>(&value);
        return cb && cb->SerializeToString(checker) != "0" ? "a callback" : "no callback";
    }
    if (type == "ns3::PointerValue")
    {
        const auto* p = dynamic_cast<const PointerValue*>(&value);
        Ptr<Object> object = p ? p->GetObject() : nullptr;
        return object ? "an object of type " + object->GetInstanceTypeId().GetName() : "none";
    }
    if (type == "ns3::BooleanValue")
    {
        const auto* b = dynamic_cast<const BooleanValue*>(&value);
        return b && b->Get() ? "true" : "false";
    }
    return value.SerializeToString(checker);
}

/// \return true if Config::SetDefault (or --ns3::...) changed the attribute's default.
bool
DefaultChanged(const TypeId::AttributeInformation& info)
{
    if (!info.initialValue || !info.originalInitialValue ||
        info.initialValue == info.originalInitialValue)
    {
        return false;
    }
    return info.initialValue->SerializeToString(info.checker) !=
           info.originalInitialValue->SerializeToString(info.checker);
}

/// Record a setting synfin did not apply, and say so once per attribute on std::cerr.
void
NotApplied(const std::string& attribute,
           const std::string& where,
           const std::string& value,
           const std::string& why)
{
    Ledger& ledger = GetLedger();
    ledger.notApplied[where] = SynFinStockSetting{where, value, why};
    NS_LOG_WARN(where << " = " << value << ": " << why);
    if (ledger.warned.insert(attribute).second)
    {
        std::cerr << "synfin: warning: " << where << " = " << value << " is accepted but has "
                  << "no effect: " << why << std::endl;
    }
}

/// A SynFinSocket attribute kept by functions rather than a plain member.
class StockAccessor : public AttributeAccessor
{
  public:
    /// Store a (checked) value into the socket; false if it cannot.
    using Setter = std::function<bool(SynFinSocket&, const AttributeValue&)>;
    /// Read the socket's value into the given value; false if it cannot.
    using Getter = std::function<bool(const SynFinSocket&, AttributeValue&)>;

    /**
     * \param set the setter (empty for a read-only attribute)
     * \param get the getter
     */
    StockAccessor(Setter set, Getter get)
        : m_set(std::move(set)),
          m_get(std::move(get))
    {
    }

    bool Set(ObjectBase* object, const AttributeValue& value) const override
    {
        auto* socket = dynamic_cast<SynFinSocket*>(object);
        return socket && m_set && m_set(*socket, value);
    }

    bool Get(const ObjectBase* object, AttributeValue& value) const override
    {
        const auto* socket = dynamic_cast<const SynFinSocket*>(object);
        return socket && m_get && m_get(*socket, value);
    }

    bool HasGetter() const override
    {
        return static_cast<bool>(m_get);
    }

    bool HasSetter() const override
    {
        return static_cast<bool>(m_set);
    }

  private:
    Setter m_set; //!< setter
    Getter m_get; //!< getter
};

/// One TcpSocketBase attribute as SynFinSocket carries it.
struct StockAttribute
{
    const char* name;                    //!< stock name
    Kind kind;                           //!< what synfin does with it
    const char* help;                    //!< help text on SynFinSocket
    const char* lack;                    //!< for NOT_MODELLED: what synfin lacks
    Ptr<const AttributeValue> synfin;    //!< synfin's behaviour, the default on SynFinSocket
    Ptr<const AttributeChecker> checker; //!< the stock value type and range
};

/// The stock attributes synfin only stores (they change nothing).
const std::vector<StockAttribute>&
NotModelled()
{
    static const std::vector<StockAttribute> list{
        {"IcmpCallback",
         Kind::NOT_MODELLED,
         "Stock ns3::TcpSocketBase attribute; synfin does not report ICMP errors to sockets yet",
         "no ICMP error reports to sockets",
         Create<CallbackValue>(),
         MakeCallbackChecker()},
        {"IcmpCallback6",
         Kind::NOT_MODELLED,
         "Stock ns3::TcpSocketBase attribute; synfin is IPv4 only",
         "no IPv6, no ICMP error reports to sockets",
         Create<CallbackValue>(),
         MakeCallbackChecker()},
        {"TxBuffer",
         Kind::READ_ONLY,
         "Stock ns3::TcpSocketBase attribute (read only); synfin has no TcpTxBuffer, so it "
         "reads as none",
         "",
         Create<PointerValue>(),
         MakePointerChecker<TcpTxBuffer>()},
        {"UseEcn",
         Kind::NOT_MODELLED,
         "Stock ns3::TcpSocketBase attribute; synfin has no ECN (RFC 3168) yet and behaves "
         "as Off",
         "no ECN, RFC 3168",
         Create<SynFinEnumValue<TcpSocketState::UseEcn_t>>(TcpSocketState::Off),
         MakeEnumChecker(TcpSocketState::Off,
                         "Off",
                         TcpSocketState::On,
                         "On",
                         TcpSocketState::AcceptOnly,
                         "AcceptOnly")},
    };
    return list;
}

/// \return the source of the value being set now, for the ledger.
std::string
SourceOf(const std::string& attribute)
{
    const Ledger& ledger = GetLedger();
    return ledger.source.empty() ? "ns3::SynFinSocket::" + attribute : ledger.source;
}

/// Note a stock-named value a socket honoured after construction (SetAttribute).
void
HonouredOnSocket(bool constructed,
                 const std::string& attribute,
                 const std::string& value,
                 const std::string& effect)
{
    if (!constructed || !GetLedger().source.empty())
    {
        return; // a default: GetInEffect() reports it
    }
    std::string where = "ns3::SynFinSocket::" + attribute + " (SetAttribute on a socket)";
    GetLedger().onSockets[where] = SynFinStockSetting{where, value, effect};
}

/// A TCP-wide stock setting synfin cannot follow.
struct TcpWide
{
    const char* tid;     //!< stock TypeId
    const char* name;    //!< its attribute
    const char* matches; //!< a value synfin follows besides the default (or nullptr)
    const char* why;     //!< what synfin does instead
};

/// The TCP-wide stock settings synfin cannot follow.
const TcpWide kTcpWide[] = {
    {"ns3::TcpL4Protocol",
     "RttEstimatorType",
     nullptr,
     "synfin's RTO estimator is RFC 6298's (mean deviation, alpha 1/8, beta 1/4)"},
    {"ns3::RttMeanDeviation",
     "Alpha",
     nullptr,
     "synfin's RTO estimator uses RFC 6298's alpha = 1/8"},
    {"ns3::RttMeanDeviation", "Beta", nullptr, "synfin's RTO estimator uses RFC 6298's beta = 1/4"},
    {"ns3::RttEstimator",
     "InitialEstimation",
     nullptr,
     "synfin's first RTO is ns3::SynFinSocket::InitialRto (SYNs: ns3::TcpSocket::"
     "ConnTimeout)"},
};

/// The TCP-wide stock settings synfin cannot follow: warn if they were changed.
void
CheckTcpWide()
{
    for (const TcpWide& s : kTcpWide)
    {
        TypeId tid;
        TypeId::AttributeInformation info;
        if (!TypeId::LookupByNameFailSafe(s.tid, &tid) ||
            !tid.LookupAttributeByName(s.name, &info) || !DefaultChanged(info))
        {
            continue;
        }
        std::string value = info.initialValue->SerializeToString(info.checker);
        if (s.matches && value == s.matches)
        {
            continue;
        }
        NotApplied(s.name, std::string(s.tid) + "::" + s.name, value, s.why);
    }
}

/// \return the socket's current value of an attribute, serialized (empty if unreadable).
std::string
CurrentValue(const SynFinSocket& socket, const TypeId::AttributeInformation& info)
{
    Ptr<AttributeValue> value = info.checker->Create();
    if (!info.accessor->Get(&socket, *value))
    {
        return "";
    }
    return value->SerializeToString(info.checker);
}

} // namespace

TypeId
SynFinStockAttributes::AddTo(TypeId tid)
{
    // MaxSegLifetime: stock's MSL in seconds as a double; synfin's Msl is a Time. One member
    // holds both, so setting either name sets the MSL and TIME-WAIT lasts 2*MSL
    // (RFC 9293 section 3.4.2).
    tid.AddAttribute(
        "MaxSegLifetime",
        "Stock ns3::TcpSocketBase name of the maximum segment lifetime, in seconds; the "
        "same value as Msl (TIME-WAIT lasts twice this, RFC 9293 3.4.2)",
        TypeId::ATTR_SGC,
        DoubleValue(kStockMslSeconds),
        Create<StockAccessor>(
            [](SynFinSocket& s, const AttributeValue& v) {
                const auto* d = dynamic_cast<const DoubleValue*>(&v);
                if (!d)
                {
                    return false;
                }
                // While ns-3 applies initial values, stock's unchanged default must not
                // overwrite Msl, which was applied just before and may have been configured.
                if (!s.m_stock.constructed && GetLedger().source.empty() &&
                    d->Get() == kStockMslSeconds)
                {
                    return true;
                }
                s.m_msl = Seconds(d->Get());
                HonouredOnSocket(s.m_stock.constructed,
                                 "MaxSegLifetime",
                                 v.SerializeToString(MakeDoubleChecker<double>()),
                                 "MSL of that socket (TIME-WAIT lasts 2*MSL)");
                return true;
            },
            [](const SynFinSocket& s, AttributeValue& v) {
                auto* d = dynamic_cast<DoubleValue*>(&v);
                if (!d)
                {
                    return false;
                }
                d->Set(s.m_msl.GetSeconds());
                return true;
            }),
        MakeDoubleChecker<double>(0));

    // ClockGranularity: the G of RFC 6298 (2.2)/(2.3), RTO = SRTT + max(G, 4*RTTVAR).
    tid.AddAttribute("ClockGranularity",
                     "Clock granularity G of the RTO computation, RTO = SRTT + max(G, 4*RTTVAR) "
                     "(RFC 6298 2.3); stock ns3::TcpSocketBase name and default",
                     TimeValue(MilliSeconds(1)),
                     Create<StockAccessor>(
                         [](SynFinSocket& s, const AttributeValue& v) {
                             const auto* t = dynamic_cast<const TimeValue*>(&v);
                             if (!t)
                             {
                                 return false;
                             }
                             s.m_clockGranularity = t->Get();
                             s.m_rto.SetClockGranularity(t->Get());
                             HonouredOnSocket(s.m_stock.constructed,
                                              "ClockGranularity",
                                              v.SerializeToString(MakeTimeChecker()),
                                              "G of that socket's RTO");
                             return true;
                         },
                         [](const SynFinSocket& s, AttributeValue& v) {
                             auto* t = dynamic_cast<TimeValue*>(&v);
                             if (!t)
                             {
                                 return false;
                             }
                             t->Set(s.m_clockGranularity);
                             return true;
                         }),
                     MakeTimeChecker(Time(0)));

    // ReTxThreshold: duplicate ACKs that trigger fast retransmit (RFC 5681 section 3.2).
    tid.AddAttribute("ReTxThreshold",
                     "Duplicate ACKs that trigger fast retransmit (RFC 5681 3.2); stock "
                     "ns3::TcpSocketBase name and default",
                     UintegerValue(SynFinCongestion::kDefaultDupAckThreshold),
                     Create<StockAccessor>(
                         [](SynFinSocket& s, const AttributeValue& v) {
                             const auto* u = dynamic_cast<const UintegerValue*>(&v);
                             if (!u)
                             {
                                 return false;
                             }
                             s.m_reTxThreshold =
                                 std::max<uint32_t>(1, static_cast<uint32_t>(u->Get()));
                             s.m_cc.SetDupAckThreshold(s.m_reTxThreshold);
                             return true;
                         },
                         [](const SynFinSocket& s, AttributeValue& v) {
                             auto* u = dynamic_cast<UintegerValue*>(&v);
                             if (!u)
                             {
                                 return false;
                             }
                             u->Set(s.m_reTxThreshold);
                             return true;
                         }),
                     MakeUintegerChecker<uint32_t>());

    tid.AddAttribute("CongestionOps",
                     "The congestion control of this socket's connections (a TcpCongestionOps, "
                     "forked for each); stock ns3::TcpSocketBase name. Reads as the current "
                     "connection's, or the one the next connection forks",
                     PointerValue(),
                     Create<StockAccessor>(
                         [](SynFinSocket& s, const AttributeValue& v) {
                             const auto* p = dynamic_cast<const PointerValue*>(&v);
                             if (!p)
                             {
                                 return false;
                             }
                             if (!p->GetObject())
                             {
                                 return true; // none: the protocol's SocketType decides
                             }
                             Ptr<TcpCongestionOps> ops =
                                 DynamicCast<TcpCongestionOps>(p->GetObject());
                             if (!ops)
                             {
                                 return false;
                             }
                             s.SetCongestionControlAlgorithm(ops);
                             return true;
                         },
                         [](const SynFinSocket& s, AttributeValue& v) {
                             auto* p = dynamic_cast<PointerValue*>(&v);
                             if (!p)
                             {
                                 return false;
                             }
                             Ptr<TcpCongestionOps> ops = s.GetCongestionControl();
                             p->SetObject(ops ? ops : s.m_congestionPrototype);
                             return true;
                         }),
                     MakePointerChecker<TcpCongestionOps>());

    tid.AddAttribute("RxBuffer",
                     "Stock ns3::TcpSocketBase attribute (read only): a TcpRxBuffer that holds "
                     "no data but whose NextRxSequence follows this socket's RCV.NXT, so that "
                     "programs can trace RxBuffer/NextRxSequence; made at the first read",
                     TypeId::ATTR_GET,
                     PointerValue(),
                     Create<StockAccessor>(StockAccessor::Setter(),
                                           [](const SynFinSocket& s, AttributeValue& v) {
                                               auto* p = dynamic_cast<PointerValue*>(&v);
                                               if (!p)
                                               {
                                                   return false;
                                               }
                                               // Only an observer: reading it leaves the connection
                                               // as it is.
                                               SynFinRxBuffer& rx =
                                                   const_cast<SynFinSocket&>(s).m_rx;
                                               if (!rx.GetMirror())
                                               {
                                                   rx.SetMirror(CreateObject<TcpRxBuffer>());
                                               }
                                               p->SetObject(rx.GetMirror());
                                               return true;
                                           }),
                     MakePointerChecker<TcpRxBuffer>());

    // Declares a stock attribute that synfin stores but does not apply: NOT_MODELLED reports
    // a value other than `synfin` (saying `why`), READ_ONLY only reads. A lambda, not a free
    // function, for this class's access to the socket's stored values.
    auto addStored = [&tid](const std::string& name,
                            Kind kind,
                            const std::string& help,
                            Ptr<const AttributeValue> synfin,
                            Ptr<const AttributeChecker> checker,
                            const std::string& why) {
        StockAccessor::Getter get = [name, synfin, checker](const SynFinSocket& s,
                                                            AttributeValue& v) {
            auto it = s.m_stock.values.find(name);
            return checker->Copy(it != s.m_stock.values.end() ? *it->second : *synfin, v);
        };
        StockAccessor::Setter set;
        if (kind == Kind::NOT_MODELLED)
        {
            set = [name, synfin, checker, why](SynFinSocket& s, const AttributeValue& v) {
                if (v.SerializeToString(checker) == synfin->SerializeToString(checker))
                {
                    s.m_stock.values.erase(name); // what synfin does anyway
                    return true;
                }
                s.m_stock.values[name] = v.Copy();
                NotApplied(name, SourceOf(name), Describe(v, checker), why);
                return true;
            };
        }
        tid.AddAttribute(name,
                         help,
                         kind == Kind::READ_ONLY ? TypeId::ATTR_GET : TypeId::ATTR_SGC,
                         *synfin,
                         Create<StockAccessor>(set, get),
                         checker);
    };

    for (const StockAttribute& a : NotModelled())
    {
        addStored(a.name,
                  a.kind,
                  a.help,
                  a.synfin,
                  a.checker,
                  std::string("synfin does not model it yet (") + a.lack + "); it behaves as " +
                      a.name + " = " + Describe(*a.synfin, a.checker));
    }

    // Attributes that ns3::TcpSocketBase has in this ns-3 and the lists above do not name
    // (Fack, RecoveryOps and UseAbe, added after 3.37): accepted under their stock name,
    // value type and default, so that programs written for this release run; a value other
    // than the default is reported as not applied.
    TypeId stock = TcpSocketBase::GetTypeId();
    for (uint32_t i = 0; i < stock.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation info = stock.GetAttribute(i);
        TypeId::AttributeInformation existing;
        if (tid.LookupAttributeByName(info.name, &existing))
        {
            continue;
        }
        addStored(info.name,
                  info.accessor->HasSetter() ? Kind::NOT_MODELLED : Kind::READ_ONLY,
                  "Stock ns3::TcpSocketBase attribute of this ns-3 release, unknown to synfin: "
                  "accepted, without effect",
                  info.originalInitialValue,
                  info.checker,
                  "synfin does not model this attribute of ns3::TcpSocketBase; the value has no "
                  "effect");
    }
    return tid;
}

void
SynFinStockAttributes::ApplyStockDefaults(SynFinSocket& socket)
{
    NS_LOG_FUNCTION(&socket);
    CheckTcpWide();
    TypeId stock;
    if (TypeId::LookupByNameFailSafe(kStockSocket, &stock))
    {
        TypeId own = socket.GetInstanceTypeId();
        Ledger& ledger = GetLedger();
        for (std::size_t i = 0; i < stock.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = stock.GetAttribute(i);
            if (!DefaultChanged(info))
            {
                continue;
            }
            const std::string where = std::string(kStockSocket) + "::" + info.name;
            const std::string value = Describe(*info.initialValue, info.checker);
            TypeId::AttributeInformation mine;
            if (!own.LookupAttributeByName(info.name, &mine))
            {
                // A TcpSocketBase attribute newer than this list.
                NotApplied(info.name, where, value, "synfin does not know this attribute");
                continue;
            }
            if (!mine.accessor->HasSetter())
            {
                continue; // read-only on stock too: nothing to apply
            }
            // A value configured on ns3::SynFinSocket outranks the stock default; "configured"
            // means it differs from synfin's built-in default.
            std::string current = CurrentValue(socket, mine);
            if (current != mine.originalInitialValue->SerializeToString(mine.checker))
            {
                if (current == info.initialValue->SerializeToString(mine.checker))
                {
                    continue; // both set to the same value: nothing conflicts
                }
                NotApplied(info.name,
                           where,
                           value,
                           "overridden by the value configured on ns3::SynFinSocket (" + current +
                               ")");
                continue;
            }
            ledger.source = where;
            bool ok = socket.SetAttributeFailSafe(info.name, *info.initialValue);
            ledger.source.clear();
            if (!ok)
            {
                NotApplied(info.name, where, value, "outside the range synfin accepts");
                continue;
            }
            // Honoured ones show in GetInEffect() under synfin's name: remember the source.
            ledger.mappedFrom[info.name == "MaxSegLifetime" ? "Msl" : info.name] = where;
        }
    }
    socket.m_stock.constructed = true;
}

std::vector<SynFinStockSetting>
SynFinStockAttributes::GetNotApplied()
{
    // A socket made and dropped at once applies every current stock default, so the list is
    // complete even when the run created no synfin socket.
    CreateObject<SynFinSocket>()->Dispose();
    std::vector<SynFinStockSetting> out;
    for (const auto& [name, setting] : GetLedger().notApplied)
    {
        out.push_back(setting);
    }
    return out;
}

std::vector<SynFinStockSetting>
SynFinStockAttributes::GetInEffect()
{
    std::set<std::string> notModelled{"MaxSegLifetime"}; // Msl says it
    for (const StockAttribute& a : NotModelled())
    {
        notModelled.insert(a.name);
    }
    Ptr<SynFinSocket> probe = CreateObject<SynFinSocket>();
    std::map<std::string, SynFinStockSetting> found;
    for (TypeId tid = probe->GetInstanceTypeId(); tid != Socket::GetTypeId(); tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            // Read-only attributes (RxBuffer) are views of a connection, not settings.
            if (notModelled.count(info.name) || !info.accessor->HasGetter() ||
                !(info.flags & TypeId::ATTR_SET) || !info.originalInitialValue)
            {
                continue;
            }
            std::string now = CurrentValue(*probe, info);
            if (now == info.originalInitialValue->SerializeToString(info.checker))
            {
                continue;
            }
            std::string name = tid.GetName() + "::" + info.name;
            auto mapped = GetLedger().mappedFrom.find(info.name);
            std::string effect = mapped != GetLedger().mappedFrom.end() && !DefaultChanged(info)
                                     ? "from " + mapped->second
                                     : "from " + name;
            found[name] = SynFinStockSetting{name, now, effect};
        }
    }
    probe->Dispose();
    for (const auto& [name, setting] : GetLedger().onSockets)
    {
        found[name] = setting;
    }
    std::vector<SynFinStockSetting> out;
    for (const auto& [name, setting] : found)
    {
        out.push_back(setting);
    }
    return out;
}

void
SynFinStockAttributes::Reset()
{
    Ledger& ledger = GetLedger();
    ++ledger.generation;
    ledger.warned.clear();
    ledger.notApplied.clear();
    ledger.onSockets.clear();
    ledger.mappedFrom.clear();
    ledger.source.clear();
}

uint64_t
SynFinStockAttributes::Generation()
{
    return GetLedger().generation;
}

const std::vector<TypeId>&
SynFinStockAttributes::DefaultSources()
{
    static const std::vector<TypeId> sources = [] {
        std::vector<TypeId> found;
        std::set<std::string> names{kStockSocket};
        for (const TcpWide& s : kTcpWide)
        {
            names.insert(s.tid);
        }
        for (const std::string& name : names)
        {
            TypeId tid;
            if (TypeId::LookupByNameFailSafe(name, &tid))
            {
                found.push_back(tid);
            }
        }
        return found;
    }();
    return sources;
}

} // namespace ns3
