#!/usr/bin/env python3
"""Writes the SAMPLE data of Samples/agri-east-west (示例数据, invented; not real reports).

This sample combines the agriculture track and the east–west track, so it reuses the two other
samples' generators (same tables, same seeds) and adds landing reports of its agricultural pairs.

Real files (copied unchanged from ../shared/data; see data/SOURCES.md): national key R&D programme
lists 2018 and 2019-2020, national agricultural S&T parks, agricultural leading enterprises, and the
four-region division.

Sample files written here, deterministically:
  province-profiles.csv, local-technologies.csv, demonstration-tracking.csv  as in agri-parks-counties
  institution-provinces.csv                                                as in east-west-pairing
  landing-status.csv   invented landings of the agricultural pairs of this sample (seed 2026)

Run from anywhere: python3 Samples/agri-east-west/tools/make-sample-data.py
"""
import importlib.util
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
SAMPLES = os.path.join(HERE, '..', '..')


def load(name):
    path = os.path.join(SAMPLES, name, 'tools', 'make-sample-data.py')
    spec = importlib.util.spec_from_file_location(name.replace('-', '_'), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


agri = load('agri-parks-counties')
east_west = load('east-west-pairing')

PAIRS = [
    ('深圳农基所—哈尔滨 玉米育种', ('黑龙江', '哈尔滨'), ('广东', '深圳'), ['玉米基因组设计育种', '种质资源创新', '测试评价'], (8, 30)),
    ('黄河三角洲—内蒙古 农牧业', ('内蒙古', '内蒙古农业科技园区'), ('山东', '黄河三角洲农高区'), ['马铃薯', '向日葵', '盐碱地改良'], (12, 34)),
    ('东部农业院校—黑龙江 寒地粮食（示例）', ('黑龙江', '黑龙江园区'), ('江苏', '东部农业院校'), ['水稻机插秧', '大豆密植', '黑土地保育'], (10, 26)),
]


def main():
    os.makedirs(DATA, exist_ok=True)
    agri.copy_real(DATA)
    east_west.copy_real(DATA, ['regions.csv'])
    agri.DATA = east_west.DATA = DATA
    agri.write('province-profiles.csv', agri.PROFILE_HEADER, agri.PROFILES)
    agri.write('local-technologies.csv', agri.LOCAL_HEADER, agri.LOCAL)
    agri.write('demonstration-tracking.csv', agri.TRACKING_HEADER, agri.tracking_rows(random.Random(2024)))
    east_west.write('institution-provinces.csv', east_west.INSTITUTION_HEADER, east_west.institution_rows())
    rows = east_west.landing_rows(random.Random(2026), pairs=PAIRS, outside=east_west.OUTSIDE[:2], prefix='AEW')
    east_west.write('landing-status.csv', east_west.LANDING_HEADER, rows)


if __name__ == '__main__':
    main()
