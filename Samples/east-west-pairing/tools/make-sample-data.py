#!/usr/bin/env python3
"""Writes the SAMPLE data of Samples/east-west-pairing (示例数据, invented; not real reports).

Real files (copied unchanged from ../shared/data; see data/SOURCES.md): the national key R&D
programme list 2018 and the National Bureau of Statistics' four-region division (regions.csv).

Sample files written here, deterministically (random seed 2025):
  institution-provinces.csv  institution → province for holders of the 2018 list whose names carry
                             no place; compiled by hand from the institutions' public addresses, as
                             an agency would; a sample, not an authoritative register
  landing-status.csv         invented cross-region landing reports (partners are fictional); some
                             rows fall outside both flows, some land after the 2025 deadline

Run from anywhere: python3 Samples/east-west-pairing/tools/make-sample-data.py
"""
import csv
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
SHARED = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data'))
REAL = ['nkrdp-projects-2018.csv', 'regions.csv']
NOTE = '示例数据'

# Holders of the 2018 list whose names give no place, by province (hand-compiled sample).
INSTITUTIONS = {
    '北京': ['中国科学院化学研究所', '中国科学院微生物研究所', '中国科学院自动化研究所', '中国科学院计算技术研究所',
           '中国科学院物理研究所', '中国科学院半导体研究所', '中国科学院理化技术研究所', '中国科学院微电子研究所',
           '中国科学院地理科学与资源研究所', '中国科学院遗传与发育生物学研究所', '中国科学院植物研究所',
           '中国科学院动物研究所', '中国科学院生物物理研究所', '中国科学院过程工程研究所', '中国科学院电工研究所',
           '中国科学院空天信息创新研究院', '中国科学院大气物理研究所', '中国科学院生态环境研究中心',
           '中国科学院软件研究所', '中国科学院声学研究所', '中国科学院力学研究所', '中国科学院工程热物理研究所',
           '中国科学院高能物理研究所', '中国科学院国家天文台', '中国科学院信息工程研究所',
           '中国科学院数学与系统科学研究院', '中国科学院青藏高原研究所', '中国科学院遥感与数字地球研究所',
           '中国农业科学院作物科学研究所', '中国农业科学院植物保护研究所', '中国农业科学院蔬菜花卉研究所',
           '中国农业科学院农业资源与农业区划研究所', '中国农业科学院农业环境与可持续发展研究所',
           '中国农业科学院生物技术研究所', '中国农业科学院农产品加工研究所', '中国农业科学院农业信息研究所',
           '中国林业科学研究院木材工业研究所', '中国林业科学研究院', '中国水产科学研究院',
           '中国疾病预防控制中心', '中国医学科学院北京协和医院', '中国医学科学院阜外医院', '中国医学科学院肿瘤医院',
           '中国中医科学院', '中国食品药品检定研究院', '中国电子技术标准化研究院', '中国标准化研究院',
           '中国计量科学研究院', '中国运载火箭技术研究院', '中国空间技术研究院', '中国建筑科学研究院有限公司',
           '中国环境科学研究院', '中国气象科学研究院', '中国地震局地球物理研究所', '中国地质科学院',
           '中国铁道科学研究院集团有限公司', '中国电力科学研究院有限公司', '中国肉类食品综合研究中心',
           '中国种子集团有限公司', '中农集团农业装备有限公司', '国家体育总局体育科学研究所',
           '公安部第三研究所', '中国人民解放军总医院', '军事医学研究院', '中国水利水电科学研究院', '国家气候中心',
           '中国特种设备检测研究院', '中国检验检疫科学研究院', '中国石油化工股份有限公司',
           '中国科学院地质与地球物理研究所', '中国中车股份有限公司', '全球能源互联网研究院有限公司',
           '公安部物证鉴定中心', '中国中医科学院广安门医院', '国家卫星气象中心'],
    '天津': ['农业部环境保护科研监测所', '中国民航大学', '中国汽车技术研究中心有限公司'],
    '上海': ['中国科学院上海有机化学研究所', '中国科学院上海硅酸盐研究所', '中国科学院上海光学精密机械研究所',
           '中国科学院上海微系统与信息技术研究所', '中国科学院分子细胞科学卓越创新中心',
           '中国科学院脑科学与智能技术卓越创新中心', '中国水产科学研究院东海水产研究所', '中国商用飞机有限责任公司'],
    '江苏': ['中国科学院南京地理与湖泊研究所', '中国林业科学研究院林产化学工业研究所', '中国农业科学院农业部南京农业机械化研究所'],
    '浙江': ['中国农业科学院茶叶研究所', '中国水稻研究所', '中国科学院宁波材料技术与工程研究所'],
    '山东': ['中国科学院海洋研究所', '中国水产科学研究院黄海水产研究所', '中国石油大学（华东）', '自然资源部第一海洋研究所',
           '潍柴动力股份有限公司'],
    '河南': ['中国农业科学院棉花研究所', '中国农业科学院郑州果树研究所'],
    '湖北': ['中国科学院水生生物研究所', '中国科学院武汉病毒研究所', '中国科学院精密测量科学与技术创新研究院'],
    '广东': ['中国科学院南海海洋研究所', '中国科学院广州能源研究所', '中国科学院深圳先进技术研究院',
           '中国热带农业科学院南亚热带作物研究所', '中兴通讯股份有限公司', '南方电网科学研究院有限责任公司'],
    '海南': ['中国科学院深海科学与工程研究所', '中国热带农业科学院热带生物技术研究所', '中国热带农业科学院环境与植物保护研究所',
           '中国热带农业科学院香料饮料研究所'],
    '辽宁': ['中国科学院金属研究所', '中国科学院沈阳自动化研究所', '中国科学院沈阳应用生态研究所'],
    '吉林': ['中国科学院东北地理与农业生态研究所', '吉林化纤集团有限责任公司'],
    '黑龙江': ['中国农业科学院哈尔滨兽医研究所', '北大荒农垦集团有限公司', '中国地震局工程力学研究所'],
    '重庆': ['中国人民解放军第三军医大学'],
    '四川': ['中国科学院成都生物研究所', '中国科学院光电技术研究所', '中国科学院水利部成都山地灾害与环境研究所'],
    '云南': ['中国科学院昆明植物研究所', '中国科学院西双版纳热带植物园'],
    '甘肃': ['中国科学院近代物理研究所', '中国科学院西北生态环境资源研究院', '中国科学院寒区旱区环境与工程研究所'],
    '陕西': ['中国科学院地球环境研究所', '中国科学院西安光学精密机械研究所'],
    '青海': ['中国科学院西北高原生物研究所'],
    '新疆': ['中国科学院新疆理化技术研究所', '中国科学院新疆生态与地理研究所', '新疆生产建设兵团农业技术推广总站'],
    '安徽': ['中国科学院合肥物质科学研究院'],
    '福建': ['中国科学院福建物质结构研究所'],
}

# The seed's pairs (002 §二(四)), each with (flow A rows, flow B rows) of sample landings.
PAIRS = [
    ('吉林—株洲 碳纤维', ('吉林', '吉林市'), ('湖南', '株洲'), ['碳纤维预制体', '碳/碳复合材料', '树脂基复合材料制品'], (40, 6)),
    ('齐齐哈尔—广州 高端数控机床', ('黑龙江', '齐齐哈尔'), ('广东', '广州'), ['高端智能机床', '数控系统', '精密主轴'], (35, 8)),
    ('兵团—东部高校 智能采棉机', ('新疆', '兵团'), ('江苏', '东部高校'), ['高效裹包', '高速采摘', '作业状态在线监测'], (12, 30)),
    ('深圳农基所—哈尔滨 玉米育种', ('黑龙江', '哈尔滨'), ('广东', '深圳'), ['玉米基因组设计育种', '种质资源创新', '测试评价'], (10, 36)),
    ('南数北算 深圳—哈尔滨', ('黑龙江', '哈尔滨'), ('广东', '深圳'), ['绿色数据中心', '异地存储', '超算服务'], (6, 44)),
    ('杭州—大连金普 数字经济', ('辽宁', '大连金普新区'), ('浙江', '杭州'), ['数字经济应用场景', '工业互联网平台', '数字港口'], (8, 38)),
    ('黄河三角洲—内蒙古 农牧业', ('内蒙古', '内蒙古农业科技园区'), ('山东', '黄河三角洲农高区'), ['马铃薯', '向日葵', '肉羊'], (14, 32)),
    ('上海绿色技术银行—兰白', ('甘肃', '兰白两区'), ('上海', '上海绿色技术银行'), ['节能改造', '固废资源化', '清洁能源'], (10, 28)),
    ('贵州—广东 技术转移', ('贵州', '贵阳'), ('广东', '广州'), ['技术转移共享平台', '大数据应用', '智慧物流'], (16, 20)),
]
OUTSIDE = [  # rows in neither flow: (source, landing, partner province, why)
    ('河南', '河南', '北京', '中部成果在本地转化'),
    ('江苏', '浙江', '江苏', '东部成果在东部落地'),
    ('吉林', '广东', '广东', '东北成果流出'),
    ('陕西', '陕西', '山西', '西部成果就地转化但无东部、南部合作方'),
]


def write(name, header, rows):
    with open(os.path.join(DATA, name), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    print(f'{name}: {len(rows)} rows ({NOTE})')


def copy_real(data, names):
    for name in names:
        source = os.path.join(SHARED, name)
        if os.path.exists(source):
            shutil.copyfile(source, os.path.join(data, name))


def status(rnd):
    roll = rnd.random()
    if roll < 0.6:
        return '落地'
    return '签约' if roll < 0.85 else '意向'


def date(rnd, landed):
    year = rnd.choice([2023, 2024, 2024, 2025, 2025] + ([2026] if landed else []))
    month = rnd.randint(1, 3 if year == 2026 else 12)
    return f'{year}-{month:02d}-{rnd.randint(1, 28):02d}'


def landing_rows(rnd, pairs=PAIRS, outside=OUTSIDE, prefix='EW'):
    rows = []
    serial = 0
    for name, (west_province, west_city), (east_province, east_city), topics, (a_count, b_count) in pairs:
        for flow, count in (('A', a_count), ('B', b_count)):
            for _ in range(count):
                serial += 1
                state = status(rnd)
                topic = rnd.choice(topics)
                if flow == 'A':
                    rows.append([f'{prefix}-{serial:04d}', f'{west_city}{topic}成果（示例）', west_province, west_province,
                                 f'{east_city}示例投资企业{serial:03d}', east_province, name, state,
                                 date(rnd, state == '落地')])
                else:
                    rows.append([f'{prefix}-{serial:04d}', f'{east_city}{topic}成果（示例）', east_province, west_province,
                                 f'{west_city}示例承接企业{serial:03d}', west_province, name, state,
                                 date(rnd, state == '落地')])
    for source, landing, partner, why in outside:
        for _ in range(5):
            serial += 1
            rows.append([f'{prefix}-{serial:04d}', f'{why}（示例）', source, landing, f'示例企业{serial:03d}', partner, '',
                         '落地', date(rnd, False)])
    return rows


LANDING_HEADER = ['成果编号', '成果名称', '成果所在省份', '转化落地省份', '合作方', '合作方省份', '结对', '进展', '日期']
INSTITUTION_HEADER = ['单位名称', '省份']


def institution_rows(table=INSTITUTIONS):
    seen = set()
    rows = []
    for province, names in table.items():
        for name in names:
            if name not in seen:
                seen.add(name)
                rows.append([name, province])
    return rows


def main():
    os.makedirs(DATA, exist_ok=True)
    copy_real(DATA, REAL)
    rnd = random.Random(2025)
    write('institution-provinces.csv', INSTITUTION_HEADER, institution_rows())
    write('landing-status.csv', LANDING_HEADER, landing_rows(rnd))


if __name__ == '__main__':
    main()
