# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# synfin for waf-based ns-3 trees (ns-3.35 and older): copy this directory to
# <ns-3>/contrib/synfin, then
#
#     ./waf configure --enable-examples --enable-tests --enable-modules=synfin && ./waf
#
# (`make check-ns3-tree NS3_TREE=<ns-3>` does that and runs the tests.) The file lists are in
# build-files.txt, the one list this file and CMakeLists.txt read.

import glob
import os
import re
import shutil

from waflib import Options


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


def _probe_include_dir(conf):
    """A directory in which ns3/<name>.h reaches every header of the tree's src/: waf copies
    them into build/ns3 only when building, and the probes run at configure time."""
    top = conf.srcnode.abspath()
    out = os.path.join(conf.bldnode.abspath(), 'synfin-probe-include')
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, 'ns3'))
    for path in sorted(glob.glob(os.path.join(top, 'src', '*', '*', '*.h'))):
        link = os.path.join(out, 'ns3', os.path.basename(path))
        if not os.path.exists(link):
            os.symlink(path, link)
    return out


def _probe_ns3(conf, groups):
    """The differences between ns-3 releases that synfin's code meets (synfin-ns3-compat.h),
    decided by compiling, not linking, each probe against this tree with the flags the module
    is built with. A probe's file name names its macro (enum-value-is-template.cc gives
    SYNFIN_NS3_ENUM_VALUE_IS_TEMPLATE): 1 where it compiled, 0 where it did not."""
    includes = [_probe_include_dir(conf), conf.bldnode.abspath()]
    defines = []
    for path in groups['model_probe_sources']:
        name = os.path.splitext(os.path.basename(path))[0]
        macro = 'SYNFIN_NS3_' + re.sub(r'[^A-Za-z0-9]', '_', name).upper()
        compiled = conf.check_cxx(fragment=conf.path.find_node(path).read(), features='cxx',
                                  includes=includes, cxxflags=conf.env['SYNFIN_CXXFLAGS'],
                                  mandatory=False,
                                  msg='Checking ns-3 for synfin: %s' % name)
        defines.append('%s=%d' % (macro, 1 if compiled else 0))
    conf.env['SYNFIN_NS3_DEFINES'] = defines


def options(opt):
    opt.add_option('--enable-synfin-werror', action='store_true', default=False,
                   dest='synfin_werror',
                   help=('Compile synfin\'s own code with -Wall -Wpedantic -Werror whatever the '
                         'rest of the tree uses (ns-3.35 itself is not free of warnings under '
                         'recent compilers, so its --enable-werror cannot be used there)'))


def configure(conf):
    conf.env['SYNFIN_CXXFLAGS'] = (['-Wall', '-Wpedantic', '-Werror']
                                   if Options.options.synfin_werror else [])
    _probe_ns3(conf, _file_lists(conf))
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
    ns3_defines = list(bld.env['SYNFIN_NS3_DEFINES'])
    module = bld.create_ns3_module('synfin', SYNFIN_NS3_DEPS)
    module.source = files['model_sources'] + files['helper_sources']
    # Sources include each other by plain name across model/ and helper/.
    module.includes = ['model', 'helper']
    module.defines = ns3_defines
    module.env.append_value('CXXFLAGS', bld.env['SYNFIN_CXXFLAGS'])

    headers = bld(features='ns3header')
    headers.module = 'synfin'
    headers.source = files['model_headers'] + files['helper_headers']

    def program(name, sources, extra_uselib=(), defines=()):
        obj = bld.create_ns3_program(name, ['synfin'] + SYNFIN_NS3_DEPS)
        obj.source = sources
        obj.includes = [obj.includes, 'model', 'helper', 'test']
        obj.uselib = ' '.join(extra_uselib)
        obj.defines = ns3_defines + list(defines)
        obj.env.append_value('CXXFLAGS', bld.env['SYNFIN_CXXFLAGS'])
        return obj

    if bld.env['ENABLE_EXAMPLES']:
        for path in files['example_sources']:
            program(_program_name(path), [path])

    if bld.env['SYNFIN_HAVE_BOOST_PO']:
        for path in files['util_sources']:
            program(_program_name(path), [path] + files['util_common_sources'],
                    ['SYNFIN_BOOST_PO'])

    source_dir = bld.path.abspath()
    # GoogleTest suites are not ns-3 TestSuites, so they are one program of
    # their own rather than a create_ns3_module_test_library for test-runner.
    if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
        program('synfin-tests', files['test_sources'] + files['fuzz_driver_sources'],
                ['SYNFIN_GTEST'], ['SYNFIN_SOURCE_DIR="%s"' % source_dir])
        # Written as for stock ns-3; the drop-in header puts synfin's TCP under it.
        drop_in = program('synfin-drop-in-program', files['test_drop_in_sources'])
        header = [h for h in files['util_headers'] if h.endswith('drop-in-stack.h')][0]
        drop_in.cxxflags = ['-include', os.path.join(source_dir, header)]

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
                plot_bin = os.path.join(bld.path.get_bld().abspath(), 'synfin-plot')
                bld.program(source=files['plots_test_sources'], target='synfin-plot-tests',
                            cxxflags=['-std=c++17'],
                            use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM', 'SYNFIN_GTEST'],
                            defines=['SYNFIN_SOURCE_DIR="%s"' % source_dir,
                                     'SYNFIN_PLOT_BIN="%s"' % plot_bin])

            # Sweeps link no ns-3 either; synfin-sweep runs synfin-run as a program.
            bld.stlib(source=files['sweep_sources'], target='synfin-sweep-lib',
                      includes=['utils'], export_includes=['utils'], cxxflags=['-std=c++17'],
                      use=['synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM'])
            for path in files['sweep_util_sources']:
                bld.program(source=[path], target=_program_name(path), cxxflags=['-std=c++17'],
                            use=['synfin-sweep-lib', 'synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM',
                                 'SYNFIN_BOOST_PO'])
            if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
                sweep_bin = os.path.join(bld.path.get_bld().abspath(), 'synfin-sweep')
                bld.program(source=files['sweep_test_sources'], target='synfin-sweep-tests',
                            cxxflags=['-std=c++17'], includes=['test'],
                            use=['synfin-sweep-lib', 'synfin-plots', 'SYNFIN_GNUPLOT_IOSTREAM',
                                 'SYNFIN_GTEST'],
                            defines=['SYNFIN_SOURCE_DIR="%s"' % source_dir,
                                     'SYNFIN_SWEEP_BIN="%s"' % sweep_bin])

    # The packetdrill parser for synfin-drill links no ns-3 and needs nothing beyond C++17.
    bld.stlib(source=files['drill_sources'], target='synfin-drill-lib', includes=['utils'],
              export_includes=['utils'], cxxflags=['-std=c++17'])
    if bld.env['ENABLE_TESTS'] and bld.env['SYNFIN_HAVE_GTEST']:
        bld.program(source=files['drill_test_sources'], target='synfin-drill-tests',
                    cxxflags=['-std=c++17'], use=['synfin-drill-lib', 'SYNFIN_GTEST'])
