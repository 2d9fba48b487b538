/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The smallest synfin program: a single link, ten short connections closed by the server,
 * the recorder's CSV in out/scratch-example. Copy it to start your own.
 */

#include "ns3/core-module.h"
#include "ns3/synfin-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string output = "out/scratch-example";
    CommandLine cmd(__FILE__);
    cmd.AddValue("output", "Folder for the recorder's CSV", output);
    cmd.Parse(argc, argv);
    if (!SynFinCommandLine::NoStrayWords("scratch-example", cmd))
    {
        return 2;
    }

    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
    SynFinTopology topo = builder.Build();
    SynFinWorkloadSpec workload;
    workload.connections = 10;
    workload.closer = CLOSER_SERVER;
    SynFinWorkloadHelper apps(workload);
    apps.Install(topo);

    SynFinLifecycleRecorder recorder;
    recorder.Attach(topo.Hosts());
    Simulator::Run();
    std::string error;
    bool written = recorder.Write(output, error);
    Simulator::Destroy();
    if (!written)
    {
        std::cerr << "scratch-example: " << error << std::endl;
        return 1;
    }
    std::cout << "scratch-example: " << output << "/connections.csv" << std::endl;
    return 0;
}
