# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# synfin for waf-based ns-3 trees (ns-3.35 and older): copy this directory to
# <ns-3>/contrib/synfin, then ./waf configure --enable-examples && ./waf.
#
# The file lists must equal CMakeLists.txt's; test/build-lists-test.cc fails
# when they drift, so add a file to both.

# BEGIN FILE LISTS (test/build-lists-test.cc parses the paths between these
# markers; keep one path per line, relative to this directory)
SYNFIN_SOURCES = [
    'model/synfin-congestion.cc',
    'model/synfin-isn-generator.cc',
    'model/synfin-l4-protocol.cc',
    'model/synfin-rto-estimator.cc',
    'model/synfin-rx-buffer.cc',
    'model/synfin-segment-error-model.cc',
    'model/synfin-socket-factory.cc',
    'model/synfin-socket.cc',
    'model/synfin-state-machine.cc',
    'model/synfin-stock-attributes.cc',
    'model/synfin-time-wait-table.cc',
    'helper/synfin-connection-summary.cc',
    'helper/synfin-lifecycle-recorder.cc',
    'helper/synfin-recorder-writer.cc',
    'helper/synfin-segment-attributor.cc',
    'helper/synfin-stack-helper.cc',
    'helper/synfin-stock-observer.cc',
]

SYNFIN_HEADERS = [
    'model/synfin-congestion.h',
    'model/synfin-four-tuple.h',
    'model/synfin-isn-generator.h',
    'model/synfin-l4-protocol.h',
    'model/synfin-rto-estimator.h',
    'model/synfin-rx-buffer.h',
    'model/synfin-segment-error-model.h',
    'model/synfin-socket-factory.h',
    'model/synfin-socket.h',
    'model/synfin-retransmission-tracker.h',
    'model/synfin-state-change.h',
    'model/synfin-state-machine.h',
    'model/synfin-stock-attributes.h',
    'model/synfin-time-wait-table.h',
    'helper/synfin-connection-summary.h',
    'helper/synfin-lifecycle-recorder.h',
    'helper/synfin-recorder-observations.h',
    'helper/synfin-recorder-writer.h',
    'helper/synfin-segment-attributor.h',
    'helper/synfin-stack-helper.h',
    'helper/synfin-stock-observer.h',
]

# One program per file, named after the file.
SYNFIN_EXAMPLES = [
    'examples/four-way-close.cc',
    'examples/three-way-handshake.cc',
]

# One program per file, named after the file; they need Boost program_options.
SYNFIN_UTILS = [
    'utils/synfin-bench.cc',
    'utils/synfin-demo.cc',
]

# Not part of the module (synfin-module.h must not include it): utils/run-stock-program.sh
# force-includes it into an unmodified ns-3 program to put synfin's TCP in its stack.
SYNFIN_UTIL_HEADERS = [
    'utils/synfin-drop-in-stack.h',
]

# All of these make the one GoogleTest program synfin-tests.
SYNFIN_TESTS = [
    'test/build-lists-test.cc',
    'test/close-test.cc',
    'test/conformance-test.cc',
    'test/connection-summary-test.cc',
    'test/data-path-test.cc',
    'test/handshake-test.cc',
    'test/interop-test.cc',
    'test/recorder-test.cc',
    'test/segment-error-model-test.cc',
    'test/socket-harness.cc',
    'test/stack-helper-test.cc',
    'test/state-machine-test.cc',
    'test/stock-attributes-test.cc',
    'test/stock-cause-test.cc',
    'test/synfin-test-util.cc',
    'test/table-rows-test.cc',
    'test/time-wait-test.cc',
]

SYNFIN_TEST_HEADERS = [
    'test/socket-harness.h',
    'test/synfin-test-util.h',
]

# The figures: a library that reads the recorder's CSV with gnuplot-iostream and no ns-3,
# the synfin-plot program on it, and its own GoogleTest program synfin-plot-tests.
SYNFIN_PLOTS_SOURCES = [
    'plots/synfin-plot-cdf.cc',
    'plots/synfin-plot-csv.cc',
    'plots/synfin-plot-figure.cc',
    'plots/synfin-plot-ladder.cc',
    'plots/synfin-plot-meta.cc',
    'plots/synfin-plot-output.cc',
    'plots/synfin-plot-run.cc',
    'plots/synfin-plot-style.cc',
    'plots/synfin-plot-timeline.cc',
    'plots/synfin-plot-timewait.cc',
]

SYNFIN_PLOTS_HEADERS = [
    'plots/synfin-plot-cdf.h',
    'plots/synfin-plot-csv.h',
    'plots/synfin-plot-error.h',
    'plots/synfin-plot-figure.h',
    'plots/synfin-plot-ladder.h',
    'plots/synfin-plot-meta.h',
    'plots/synfin-plot-output.h',
    'plots/synfin-plot-run.h',
    'plots/synfin-plot-style.h',
    'plots/synfin-plot-timeline.h',
    'plots/synfin-plot-timewait.h',
]

SYNFIN_PLOT_UTILS = [
    'utils/synfin-plot.cc',
]

SYNFIN_PLOTS_TESTS = [
    'test/plots-test.cc',
]
# END FILE LISTS

SYNFIN_NS3_DEPS = ['internet', 'point-to-point', 'point-to-point-layout', 'applications', 'traffic-control', 'network', 'core']


def _program_name(path):
    return path.split('/')[-1][:-len('.cc')]


def configure(conf):
    # Both are optional here: without them waf still builds the library and
    # the examples, and says what it left out.
    conf.env['SYNFIN_HAVE_BOOST_PO'] = conf.check_cxx(
        lib='boost_program_options', uselib_store='SYNFIN_BOOST_PO',
        header_name='boost/program_options.hpp', mandatory=False,
        msg='Checking for Boost program_options (synfin utils)')
    # gnuplot-iostream is header-only but needs Boost iostreams, system and filesystem.
    conf.env['SYNFIN_HAVE_GNUPLOT_IOSTREAM'] = conf.check_cxx(
        lib=['boost_iostreams', 'boost_system', 'boost_filesystem'],
        uselib_store='SYNFIN_GNUPLOT_IOSTREAM', header_name='gnuplot-iostream.h',
        mandatory=False, msg='Checking for gnuplot-iostream (synfin plots)')
    conf.env['SYNFIN_HAVE_GTEST'] = conf.check_cxx(
        lib=['gtest_main', 'gtest', 'pthread'], uselib_store='SYNFIN_GTEST',
        header_name='gtest/gtest.h', mandatory=False,
        msg='Checking for GoogleTest (synfin tests)')


def build(bld):
    module = bld.create_ns3_module('synfin', SYNFIN_NS3_DEPS)
    module.source = SYNFIN_SOURCES
    # Sources include each other by plain name across model/ and helper/.
    module.includes = ['model', 'helper']

    headers = bld(features='ns3header')
    headers.module = 'synfin'
    headers.source = SYNFIN_HEADERS

    def program(path, extra_uselib=()):
        obj = bld.create_ns3_program(_program_name(path), ['synfin'] + SYNFIN_NS3_DEPS)
        obj.source = [path]
        obj.includes = [obj.includes, 'model', 'helper', 'test']
        obj.uselib = ' '.join(extra_uselib)
        return obj

    if bld.env['ENABLE_EXAMPLES']:
        for path in SYNFIN_EXAMPLES:
            program(path)

    if bld.env['SYNFIN_HAVE_BOOST_PO']:
        for path in SYNFIN_UTILS:
            program(path, ['SYNFIN_BOOST_PO'])

    # GoogleTest suites are not ns-3 TestSuites, so they are one program of
    # their own rather than a create_ns3_module_test_library for test-runner.
    if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
        tests = bld.create_ns3_program('synfin-tests', ['synfin'] + SYNFIN_NS3_DEPS)
        tests.source = SYNFIN_TESTS
        tests.includes = [tests.includes, 'model', 'helper', 'test']
        tests.uselib = 'SYNFIN_GTEST'
        tests.defines = ['SYNFIN_SOURCE_DIR="%s"' % bld.path.abspath()]

    # The figures link no ns-3: a plain static library and programs on it.
    if bld.env['SYNFIN_HAVE_GNUPLOT_IOSTREAM']:
        # model/ for synfin-retransmission-tracker.h only: plain C++ shared with the recorder.
        bld.stlib(source=SYNFIN_PLOTS_SOURCES, target='synfin-plots', includes=['plots', 'model'],
                  export_includes=['plots'], cxxflags=['-std=c++17'],
                  use=['SYNFIN_GNUPLOT_IOSTREAM'])
        if bld.env['SYNFIN_HAVE_BOOST_PO']:
            for path in SYNFIN_PLOT_UTILS:
                bld.program(source=[path], target=_program_name(path), cxxflags=['-std=c++17'],
                            use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM', 'SYNFIN_BOOST_PO'])
        if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
            bld.program(source=SYNFIN_PLOTS_TESTS, target='synfin-plot-tests',
                        cxxflags=['-std=c++17'],
                        use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM', 'SYNFIN_GTEST'],
                        defines=['SYNFIN_SOURCE_DIR="%s"' % bld.path.abspath()])
