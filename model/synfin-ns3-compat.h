/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_NS3_COMPAT_H
#define SYNFIN_NS3_COMPAT_H

/**
 * \file
 * \ingroup synfin
 * The differences between the ns-3 releases synfin builds against (3.35 to the current one)
 * that its code meets, absorbed here so that the rest is written once.
 *
 * Each difference is decided by the build, which compiles a probe from model/ns3-probes/
 * against the ns-3 at hand and defines the macro named after the probe's file to 1 where it
 * compiled and to 0 where it did not. Version numbers are not used: ns-3 generates
 * version-defines.h only when built with version embedding, and behaviour moves between
 * releases in steps that a version test would have to restate.
 *
 * Differences that need no probe are written in the form every release accepts instead
 * (EventId::IsExpired() rather than IsRunning()/IsPending(), for one).
 */

#include "ns3/callback.h"
#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#if !defined(SYNFIN_NS3_ENUM_VALUE_IS_TEMPLATE) || !defined(SYNFIN_NS3_CALLBACK_FROM_LAMBDA) ||    \
    !defined(SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP) || !defined(SYNFIN_NS3_SCHEDULE_LAMBDA)
#error                                                                                             \
    "synfin-ns3-compat.h: the build did not define the SYNFIN_NS3_* probe results; build synfin with its CMakeLists.txt or wscript"
#endif

#include <functional>
#include <utility>

namespace ns3
{

#if SYNFIN_NS3_ENUM_VALUE_IS_TEMPLATE
/// The value type of an enum attribute of type T (ns3::EnumValue<T> since ns-3.41).
template <typename T>
using SynFinEnumValue = EnumValue<T>;
#else
/// The value type of an enum attribute of type T (the plain ns3::EnumValue before ns-3.41).
template <typename T>
using SynFinEnumValue = EnumValue;
#endif

/**
 * \brief MakeEnumAccessor for an attribute of enum type T, in the form the release expects.
 * \param member the data member or setter (and getter) the accessor reaches
 * \return the accessor
 */
template <typename T, typename... Members>
Ptr<const AttributeAccessor>
MakeSynFinEnumAccessor(Members... member)
{
#if SYNFIN_NS3_ENUM_VALUE_IS_TEMPLATE
    return MakeEnumAccessor<T>(member...);
#else
    return MakeEnumAccessor(member...);
#endif
}

#if !SYNFIN_NS3_CALLBACK_FROM_LAMBDA
/**
 * A callable as the functor constructor of ns-3 before 3.36 wants it: that constructor
 * compares two functors with != (a lambda has no such operator); two of these are never
 * the same callback.
 */
template <typename R, typename... Args>
struct SynFinFunctor
{
    std::function<R(Args...)> f; //!< the callable

    /// \param args the callback's arguments \return what the callable returns
    R operator()(Args... args) const
    {
        return f(std::forward<Args>(args)...);
    }

    /// \return true: distinct lambdas never compare equal
    bool operator!=(const SynFinFunctor& /* other */) const
    {
        return true;
    }
};
#endif

/**
 * \brief A Callback that calls a lambda (or any callable).
 *
 * Since ns-3.36 a Callback is constructed from the callable directly; before, through the
 * functor constructor that takes two extra flags, with the callable in a SynFinFunctor.
 * \param f the callable
 * \return the callback
 */
template <typename R, typename... Args, typename F>
Callback<R, Args...>
MakeSynFinCallback(F&& f)
{
#if SYNFIN_NS3_CALLBACK_FROM_LAMBDA
    return Callback<R, Args...>(std::forward<F>(f));
#else
    return Callback<R, Args...>(SynFinFunctor<R, Args...>{std::forward<F>(f)}, true, true);
#endif
}

#if !SYNFIN_NS3_SCHEDULE_LAMBDA
/// Runs what SynFinSchedule was given, where Simulator::Schedule takes no lambda.
inline void
SynFinRunScheduled(std::function<void()> f)
{
    f();
}
#endif

/**
 * \brief Simulator::Schedule for a lambda (or any callable without arguments).
 *
 * Since ns-3.36 Simulator::Schedule takes the callable directly; before, it takes function
 * and member-function pointers only, so the callable rides on a plain function.
 * \param delay when, from now
 * \param f the callable
 * \return the event
 */
template <typename F>
EventId
SynFinSchedule(const Time& delay, F&& f)
{
#if SYNFIN_NS3_SCHEDULE_LAMBDA
    return Simulator::Schedule(delay, std::forward<F>(f));
#else
    return Simulator::Schedule(delay,
                               &SynFinRunScheduled,
                               std::function<void()>(std::forward<F>(f)));
#endif
}

/**
 * \brief Simulator::ScheduleNow for a lambda; see SynFinSchedule.
 * \param f the callable
 * \return the event
 */
template <typename F>
EventId
SynFinScheduleNow(F&& f)
{
    return SynFinSchedule(Time(0), std::forward<F>(f));
}

} // namespace ns3

#endif /* SYNFIN_NS3_COMPAT_H */
