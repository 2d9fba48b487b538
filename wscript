# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# synfin for waf-based ns-3 trees (ns-3.35 and older): copy this directory to
# <ns-3>/contrib/synfin, then ./waf configure --enable-examples && ./waf.
#
# The file lists are in build-files.txt, the one list this file and CMakeLists.txt read.


def _file_lists(ctx):
    """The groups of build-files.txt (the list CMakeLists.txt reads too), by name."""
    groups = {}
    current = None
    text = ctx.path.find_node('build-files.txt').read()
    for raw in text.splitlines():
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        if line.startswith('[') and line.endswith(']'):
            current = groups.setdefault(line[1:-1], [])
        elif current is None:
            ctx.fatal('build-files.txt: %r comes before any [group] line' % line)
        else:
            current.append(line)
    return groups


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
    files = _file_lists(bld)
    module = bld.create_ns3_module('synfin', SYNFIN_NS3_DEPS)
    module.source = files['model_sources'] + files['helper_sources']
    # Sources include each other by plain name across model/ and helper/.
    module.includes = ['model', 'helper']

    headers = bld(features='ns3header')
    headers.module = 'synfin'
    headers.source = files['model_headers'] + files['helper_headers']

    def program(path, extra_uselib=()):
        obj = bld.create_ns3_program(_program_name(path), ['synfin'] + SYNFIN_NS3_DEPS)
        obj.source = [path]
        obj.includes = [obj.includes, 'model', 'helper', 'test']
        obj.uselib = ' '.join(extra_uselib)
        return obj

    if bld.env['ENABLE_EXAMPLES']:
        for path in files['example_sources']:
            program(path)

    if bld.env['SYNFIN_HAVE_BOOST_PO']:
        for path in files['util_sources']:
            program(path, ['SYNFIN_BOOST_PO'])

    # GoogleTest suites are not ns-3 TestSuites, so they are one program of
    # their own rather than a create_ns3_module_test_library for test-runner.
    if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
        tests = bld.create_ns3_program('synfin-tests', ['synfin'] + SYNFIN_NS3_DEPS)
        tests.source = files['test_sources'] + files['fuzz_driver_sources']
        tests.includes = [tests.includes, 'model', 'helper', 'test']
        tests.uselib = 'SYNFIN_GTEST'
        tests.defines = ['SYNFIN_SOURCE_DIR="%s"' % bld.path.abspath()]

    # The figures link no ns-3: a plain static library and programs on it.
    if bld.env['SYNFIN_HAVE_GNUPLOT_IOSTREAM']:
        # model/ for synfin-retransmission-tracker.h only: plain C++ shared with the recorder.
        bld.stlib(source=files['plots_sources'], target='synfin-plots', includes=['plots', 'model'],
                  export_includes=['plots'], cxxflags=['-std=c++17'],
                  use=['SYNFIN_GNUPLOT_IOSTREAM'])
        if bld.env['SYNFIN_HAVE_BOOST_PO']:
            for path in files['plot_util_sources']:
                bld.program(source=[path], target=_program_name(path), cxxflags=['-std=c++17'],
                            use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM', 'SYNFIN_BOOST_PO'])
        if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
            bld.program(source=files['plots_test_sources'], target='synfin-plot-tests',
                        cxxflags=['-std=c++17'],
                        use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM', 'SYNFIN_GTEST'],
                        defines=['SYNFIN_SOURCE_DIR="%s"' % bld.path.abspath()])
