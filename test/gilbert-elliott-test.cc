/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

/**
 * \file
 * GoogleTest unit tests of SynFinGilbertElliottErrorModel. The model never
 * looks inside a packet, so the tests feed it blank packets directly; no
 * simulation is run. Random streams are fixed, so every run sees the same
 * draws and the statistical tolerances below are checked against one known
 * sample, chosen a few standard errors wide.
 */

#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/synfin-gilbert-elliott-error-model.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

using Model = SynFinGilbertElliottErrorModel;

/// Packets fed to the long-run tests.
constexpr uint32_t LONG_RUN = 200000;

/**
 * Create a model with the given parameters on a fixed stream.
 * \param p probability good -> bad
 * \param r probability bad -> good
 * \param lossGood loss probability in the good state
 * \param lossBad loss probability in the bad state
 * \param stream the random stream
 * \return the model
 */
Ptr<Model>
MakeModel(double p, double r, double lossGood, double lossBad, int64_t stream = 11)
{
    Ptr<Model> model = CreateObject<Model>();
    model->SetAttribute("P", DoubleValue(p));
    model->SetAttribute("R", DoubleValue(r));
    model->SetAttribute("LossGood", DoubleValue(lossGood));
    model->SetAttribute("LossBad", DoubleValue(lossBad));
    model->AssignStreams(stream);
    return model;
}

/**
 * Feed packets to a model.
 * \param model the model
 * \param count the number of packets
 * \return whether each packet was dropped, in order
 */
std::vector<bool>
Feed(Ptr<Model> model, uint32_t count)
{
    std::vector<bool> dropped;
    dropped.reserve(count);
    Ptr<Packet> packet = Create<Packet>(100);
    for (uint32_t i = 0; i < count; ++i)
    {
        dropped.push_back(model->IsCorrupt(packet));
    }
    return dropped;
}

/**
 * Mean length of the runs of equal values in a sequence.
 * \param sequence the sequence
 * \param value which runs to measure (true: runs of drops)
 * \param runs receives the number of runs
 * \return the mean length of the runs of \p value (0 if there is none)
 */
double
MeanRunLength(const std::vector<bool>& sequence, bool value, uint64_t& runs)
{
    uint64_t total = 0;
    runs = 0;
    bool inRun = false;
    for (bool element : sequence)
    {
        if (element == value)
        {
            ++total;
            if (!inRun)
            {
                ++runs;
            }
        }
        inRun = (element == value);
    }
    return runs == 0 ? 0.0 : static_cast<double>(total) / static_cast<double>(runs);
}

} // namespace

TEST(GilbertElliott, StationaryLossRate_IsTheStateWeightedLoss)
{
    EXPECT_DOUBLE_EQ(Model::StationaryLossRate(0.1, 0.4, 0.0, 1.0), 0.2);
    EXPECT_DOUBLE_EQ(Model::StationaryLossRate(0.05, 0.3, 0.01, 0.8), (0.003 + 0.04) / 0.35);
    EXPECT_DOUBLE_EQ(Model::StationaryLossRate(1.0, 0.0, 0.0, 0.7), 0.7);
    EXPECT_DOUBLE_EQ(Model::StationaryLossRate(0.0, 1.0, 0.25, 1.0), 0.25);
    // No transition at all: the chain stays in the good state it starts in.
    EXPECT_DOUBLE_EQ(Model::StationaryLossRate(0.0, 0.0, 0.125, 1.0), 0.125);
}

TEST(GilbertElliott, LongRun_LossRateMatchesStationaryRate)
{
    const double p = 0.05;
    const double r = 0.3;
    const double lossGood = 0.01;
    const double lossBad = 0.8;
    Ptr<Model> model = MakeModel(p, r, lossGood, lossBad);
    Feed(model, LONG_RUN);

    ASSERT_EQ(model->GetPacketCount(), LONG_RUN);
    double measured = static_cast<double>(model->GetDropCount()) / LONG_RUN;
    double expected = Model::StationaryLossRate(p, r, lossGood, lossBad);
    // The standard error of the mean, inflated by the state's autocorrelation
    // (1 - p - r = 0.65), is about 0.0014 here.
    EXPECT_NEAR(measured, expected, 0.005) << "expected " << expected;
}

TEST(GilbertElliott, SimpleGilbert_BurstsLast1OverR_GapsLast1OverP)
{
    const double p = 0.1;
    const double r = 0.25;
    Ptr<Model> model = MakeModel(p, r, 0.0, 1.0);
    std::vector<bool> dropped = Feed(model, LONG_RUN);

    uint64_t bursts = 0;
    uint64_t gaps = 0;
    double burst = MeanRunLength(dropped, true, bursts);
    double gap = MeanRunLength(dropped, false, gaps);
    // About 14000 bursts: the standard error of the mean burst is about 0.03,
    // that of the mean gap about 0.08.
    ASSERT_GT(bursts, 10000u);
    EXPECT_NEAR(burst, 1.0 / r, 0.1);
    EXPECT_NEAR(gap, 1.0 / p, 0.25);
    EXPECT_NEAR(static_cast<double>(model->GetDropCount()) / LONG_RUN,
                Model::StationaryLossRate(p, r, 0.0, 1.0),
                0.01);
}

TEST(GilbertElliott, PZero_NeverLeavesGoodState_NeverDrops)
{
    Ptr<Model> model = MakeModel(0.0, 0.0, 0.0, 1.0);
    for (bool dropped : Feed(model, 10000))
    {
        ASSERT_FALSE(dropped);
        ASSERT_FALSE(model->IsBad());
    }
    EXPECT_EQ(model->GetPacketCount(), 10000u);
    EXPECT_EQ(model->GetDropCount(), 0u);
}

TEST(GilbertElliott, POneRZero_DropsEveryPacketFromTheFirst)
{
    // The transition comes before the loss decision, so the first packet is
    // already judged in the bad state.
    Ptr<Model> model = MakeModel(1.0, 0.0, 0.0, 1.0);
    EXPECT_FALSE(model->IsBad());
    std::vector<bool> dropped = Feed(model, 10000);
    ASSERT_TRUE(dropped.front());
    for (bool d : dropped)
    {
        ASSERT_TRUE(d);
    }
    EXPECT_TRUE(model->IsBad());
    EXPECT_EQ(model->GetDropCount(), 10000u);
}

TEST(GilbertElliott, LossProbabilities_ApplyToTheirOwnState)
{
    // Stuck in the good state: only LossGood drops.
    Ptr<Model> good = MakeModel(0.0, 1.0, 0.3, 1.0);
    Feed(good, 50000);
    EXPECT_NEAR(static_cast<double>(good->GetDropCount()) / 50000, 0.3, 0.01);

    // Stuck in the bad state: only LossBad drops.
    Ptr<Model> bad = MakeModel(1.0, 0.0, 1.0, 0.6);
    Feed(bad, 50000);
    EXPECT_NEAR(static_cast<double>(bad->GetDropCount()) / 50000, 0.6, 0.01);
}

TEST(GilbertElliott, Attributes_DefaultsAndOutOfRangeRejected)
{
    Ptr<Model> model = CreateObject<Model>();
    DoubleValue value;
    const std::vector<std::pair<std::string, double>> defaults = {{"P", 0.0},
                                                                  {"R", 1.0},
                                                                  {"LossGood", 0.0},
                                                                  {"LossBad", 1.0}};
    for (const auto& [name, initial] : defaults)
    {
        SCOPED_TRACE(name);
        model->GetAttribute(name, value);
        EXPECT_EQ(value.Get(), initial);

        EXPECT_FALSE(model->SetAttributeFailSafe(name, DoubleValue(-0.01)));
        EXPECT_FALSE(model->SetAttributeFailSafe(name, DoubleValue(1.01)));
        model->GetAttribute(name, value);
        EXPECT_EQ(value.Get(), initial);

        EXPECT_TRUE(model->SetAttributeFailSafe(name, DoubleValue(0.0)));
        EXPECT_TRUE(model->SetAttributeFailSafe(name, DoubleValue(1.0)));
        EXPECT_TRUE(model->SetAttributeFailSafe(name, DoubleValue(0.5)));
        model->GetAttribute(name, value);
        EXPECT_EQ(value.Get(), 0.5);
    }

    // With the defaults the chain never leaves the good state and never drops.
    Ptr<Model> fresh = CreateObject<Model>();
    for (bool dropped : Feed(fresh, 1000))
    {
        ASSERT_FALSE(dropped);
    }
}

TEST(GilbertElliott, SameStream_SameDrops_OtherStream_OtherDrops)
{
    Ptr<Model> first = MakeModel(0.1, 0.3, 0.05, 0.9, 42);
    Ptr<Model> second = MakeModel(0.1, 0.3, 0.05, 0.9, 42);
    Ptr<Model> other = MakeModel(0.1, 0.3, 0.05, 0.9, 43);
    EXPECT_EQ(first->AssignStreams(42), 1);

    std::vector<bool> a = Feed(first, 5000);
    std::vector<bool> b = Feed(second, 5000);
    std::vector<bool> c = Feed(other, 5000);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_GT(first->GetDropCount(), 0u);
}

TEST(GilbertElliott, Reset_ReturnsToGoodStateAndClearsCounters)
{
    Ptr<Model> model = MakeModel(1.0, 0.0, 0.0, 1.0);
    Feed(model, 5);
    EXPECT_TRUE(model->IsBad());
    EXPECT_EQ(model->GetPacketCount(), 5u);
    EXPECT_EQ(model->GetDropCount(), 5u);

    model->Reset();
    EXPECT_FALSE(model->IsBad());
    EXPECT_EQ(model->GetPacketCount(), 0u);
    EXPECT_EQ(model->GetDropCount(), 0u);

    // After a reset with P = 0 the chain stays good, which it could not do if
    // Reset had left it in the bad state (R = 0).
    model->SetAttribute("P", DoubleValue(0.0));
    for (bool dropped : Feed(model, 100))
    {
        ASSERT_FALSE(dropped);
    }
}

TEST(GilbertElliott, Disabled_NeitherCountsNorMoves)
{
    Ptr<Model> model = MakeModel(1.0, 0.0, 0.0, 1.0);
    model->Disable();
    for (bool dropped : Feed(model, 10))
    {
        EXPECT_FALSE(dropped);
    }
    EXPECT_FALSE(model->IsBad());
    EXPECT_EQ(model->GetPacketCount(), 0u);
    model->Enable();
    EXPECT_TRUE(model->IsCorrupt(Create<Packet>(10)));
    EXPECT_EQ(model->GetPacketCount(), 1u);
}

TEST(GilbertElliott, TypeId_IsRegisteredAndBuildsFromAttributes)
{
    TypeId tid;
    ASSERT_TRUE(TypeId::LookupByNameFailSafe("ns3::SynFinGilbertElliottErrorModel", &tid));
    EXPECT_EQ(tid.GetParent(), ErrorModel::GetTypeId());
    EXPECT_EQ(tid.GetGroupName(), "SynFin");

    ObjectFactory factory("ns3::SynFinGilbertElliottErrorModel");
    factory.Set("P", DoubleValue(1.0));
    factory.Set("R", DoubleValue(0.0));
    Ptr<ErrorModel> em = factory.Create<ErrorModel>();
    EXPECT_TRUE(em->IsCorrupt(Create<Packet>(10)));
}
