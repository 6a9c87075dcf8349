#!/usr/bin/env python3
"""Writes the SAMPLE data files of Samples/university-spinoff/data (示例数据: invented, not real
office reports, forms, mentors, investors or company registrations).

The real input is data/nkrdp-projects-2019-2020.csv (national key R&D programme projects, 2019-2020,
from the huhuaping/techme R package; see data/SOURCES.md). A university technology-transfer office
would add, for its own achievements, whether it is authorised to negotiate, the rights its
researchers hold, the team and the founders' commitment; teachers and students would send
self-recommendation forms; the camp would have mentors and investors; and the follow-up would
record companies, jobs and internships. This script invents plausible ones, deterministically
(seed 2025), so the sample can show the whole track.

Re-run it only to change the sample:  python3 Samples/university-spinoff/tools/make-sample-data.py
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
rnd = random.Random(2025)

# The universities taking part in the sample (the same list as `universities:` in the config).
UNIVERSITIES = [
    '清华大学', '北京大学', '上海交通大学', '浙江大学', '复旦大学', '中国科学技术大学', '南京大学', '华中科技大学',
    '西安交通大学', '哈尔滨工业大学', '天津大学', '同济大学', '中山大学', '山东大学', '北京航空航天大学', '北京理工大学',
    '东南大学', '四川大学', '中南大学', '南开大学', '武汉大学', '大连理工大学', '上海大学', '厦门大学', '吉林大学',
    '西北工业大学', '合肥工业大学', '重庆大学', '西湖大学', '北京科技大学',
]
UNIVERSITY_SUFFIXES = ['大学', '学院', '研究生院']
OTHER_SUFFIXES = ['科学院', '研究院', '研究所', '医院', '中心', '公司', '集团', '实验室']


def is_university(name):
    """The same rule as HolderKind.isUniversity: the longest matching suffix decides."""
    core = name.strip()
    for open_bracket in '（(':
        if open_bracket in core and core[-1] in '）)':
            core = core[:core.index(open_bracket)].strip()
    university = max([len(s) for s in UNIVERSITY_SUFFIXES if core.endswith(s)], default=0)
    other = max([len(s) for s in OTHER_SUFFIXES if core.endswith(s)], default=0)
    return university > other


def write(name, header, body, note):
    with open(os.path.join(DATA, name), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(body)
    print(f'{name}: {len(body)} rows ({note})')


# The records the tto_intake stage keeps: participating university holders, first row of each id.
rows = list(csv.DictReader(open(os.path.join(DATA, 'nkrdp-projects-2019-2020.csv'), encoding='utf-8')))
kept, seen = [], set()
for r in rows:
    inst = r['institution'].strip()
    if not is_university(inst) or not any(inst.startswith(u) for u in UNIVERSITIES):
        continue
    if r['project_no'] in seen:
        continue  # the intake reports the repeat as a bad row and skips it
    seen.add(r['project_no'])
    kept.append(r)

# 1. The offices' batch: authorisation, rights, team, commitment, TRL, market for about half.
ROLES = ['项目负责人', '技术骨干', '博士研究生', '硕士研究生', '工程师']
BUSINESS = ['市场负责人', '经营管理负责人', '财务负责人', '商务拓展']
batch = []
for r in kept:
    if rnd.random() < 0.45:
        continue  # not reported by the office yet
    univ = next(u for u in UNIVERSITIES if r['institution'].startswith(u))
    authorised = '是' if rnd.random() < 0.7 else '否'
    rights = rnd.choices(['无', '所有权', '长期使用权'], weights=[5, 2, 3])[0]
    members = rnd.sample(ROLES, rnd.randint(1, 4))
    if rnd.random() < 0.4:
        members.append(rnd.choice(BUSINESS))
    founder = rnd.choices(['全职', '兼职', '顾问', '无'], weights=[3, 4, 2, 2])[0]
    role = rnd.choices(['教师', '学生', '师生'], weights=[5, 2, 3])[0] if founder != '无' else ''
    trl = rnd.choices(range(2, 9), weights=[3, 6, 8, 8, 6, 3, 1])[0]
    market = round(min(95, max(20, rnd.gauss(45 + 4 * trl, 12)))) if rnd.random() < 0.8 else ''
    ip = f'发明专利{rnd.randint(1, 10)}项' if rnd.random() < 0.75 else ''
    batch.append([r['project_no'], f'{univ}技术转移机构（示例）', authorised, rights, '；'.join(members), founder, role,
                  trl, market, ip])
write('tto-batch.csv', ['编号', '技术转移机构', '授权谈判', '赋权情况', '团队', '创业意愿', '创业者身份', '技术成熟度',
                        '市场前景', '知识产权'], batch, 'sample office reports')

# 2. Self-recommendation forms of teachers and students (invented achievements).
IDEAS = [
    ('面向工业质检的小样本视觉缺陷检测系统', '人工智能'), ('柔性可穿戴汗液多指标监测贴片', '生物医用材料'),
    ('低成本钠离子电池正极材料制备工艺', '新能源材料'), ('农田土壤重金属原位快速检测仪', '环境监测'),
    ('基于合成生物学的天然色素微生物发酵生产', '合成生物学'), ('城市管网漏损声学智能定位装置', '智慧城市'),
    ('手术机器人力反馈主从控制模块', '智能机器人'), ('量子随机数发生器芯片化方案', '量子信息'),
    ('固废基低碳胶凝材料及建材应用', '固废资源化'), ('老年人跌倒风险毫米波雷达监测系统', '主动健康'),
    ('高通量单细胞测序文库制备试剂盒', '生命科学'), ('无人机集群协同巡检软件平台', '低空经济'),
    ('光伏组件清洁机器人', '新能源装备'), ('工业软件用几何约束求解内核', '工业软件'),
    ('海水淡化用高通量石墨烯复合膜', '纳米科技'), ('中药材品质近红外快速鉴别系统', '中医药'),
    ('锂电池回收有价金属短流程提取技术', '固废资源化'), ('面向罕见病的AI辅助诊断模型', '医疗人工智能'),
    ('微纳卫星姿态控制飞轮', '商业航天'), ('可降解镁合金骨科内固定器械', '生物医用材料'),
    ('建筑能耗数字孪生运维平台', '绿色建筑'), ('植物工厂LED光配方智能调控系统', '智慧农业'),
]
forms = []
for n, (title, field) in enumerate(IDEAS, start=1):
    univ = rnd.choice(UNIVERSITIES)
    founder = rnd.choices(['全职', '兼职', '顾问', '无'], weights=[5, 4, 1, 1])[0]
    role = rnd.choices(['教师', '学生', '师生'], weights=[3, 3, 4])[0]
    members = ['负责人'] + rnd.sample(ROLES[1:], rnd.randint(1, 3))
    if rnd.random() < 0.6:
        members.append(rnd.choice(BUSINESS))
    rights = rnd.choices(['无', '所有权', '长期使用权'], weights=[3, 3, 4])[0]
    authorised = rnd.choice(['是', '否', ''])
    trl = rnd.randint(3, 7)
    market = round(min(95, max(25, rnd.gauss(55 + 3 * trl, 10)))) if rnd.random() < 0.7 else ''
    ip = f'发明专利{rnd.randint(1, 6)}项' + (f'；软件著作权{rnd.randint(1, 3)}项' if rnd.random() < 0.3 else '')
    forms.append([f'SR-2024-{n:03d}', title, univ, founder, role, '（示例数据）师生团队自荐的创业项目', '；'.join(members),
                  field, trl, market, rights, authorised, ip])
write('self-recommendations.csv', ['编号', '成果名称', '所在高校', '创业意愿', '创业者身份', '成果简介', '团队成员', '领域',
                                   '技术成熟度', '市场前景', '赋权情况', '单位授权谈判', '知识产权'],
      forms, 'sample self-recommendations')

# 3. Mentors (fictional) and the modules they teach or the services they give.
MODULES = ['企业管理', '市场运营', '法律', '财务', '战略规划', '知识产权', '融资']
ORGS = ['某创业学院', '某律师事务所', '某会计师事务所', '某知识产权代理机构', '某科创加速器', '某上市公司', '某大学科技园']
mentors = []
for n, name in enumerate('甲乙丙丁戊己庚辛壬癸子丑', start=1):
    skills = rnd.sample(MODULES, rnd.randint(1, 3))
    mentors.append([f'示例导师{name}', rnd.choice(ORGS), '；'.join(skills)])
write('mentors.csv', ['姓名', '单位', '擅长模块'], mentors, 'sample mentors')

# 4. Investors at the demo day (fictional): angels, guidance-fund sub-funds, venture funds, banks.
FOCUS = ['生物', '医', '材料', '智能', '机器人', '能源', '量子', '环境', '农业', '信息', '制造', '航天', '健康', '纳米']
KINDS = [('天使投资', 5), ('引导基金子基金', 5), ('创投基金', 3), ('银行', 1)]
investors = []
letters = iter('ABCDEFGHIJKLMNOP')
for kind, count in KINDS:
    for _ in range(count):
        investors.append([f'示例{kind}{next(letters)}', kind, '；'.join(rnd.sample(FOCUS, rnd.randint(2, 4)))])
write('investors.csv', ['名称', '类型', '关注领域'], investors, 'sample investors')

# 5. Camp materials handed in so far.
ITEMS = ['market_validation', 'equity_structure', 'financial_model', 'business_plan', 'pitch_deck']
materials = []
for row in batch + [[f[0]] for f in forms]:
    if rnd.random() < 0.5:
        continue
    materials.append([row[0], ';'.join(sorted(rnd.sample(ITEMS, rnd.randint(1, 4))))])
write('camp-materials.csv', ['编号', '已完成项'], materials, 'sample camp materials')

# 6. Follow-up status: proof of concept, incubation, company, jobs and internships per project.
INCUBATORS = ['示例大学科技园', '示例未来产业科技园', '示例高新区孵化器', '示例科创加速器']
POC = ['未申请', '已申请', '已获批', '已完成']
status = []
companies = set()
candidates = [b for b in batch if b[5] != '无'] + [f for f in forms if f[3] != '无']
for row in candidates:
    if rnd.random() < 0.35:
        continue  # no follow-up record yet
    poc = rnd.choices(POC, weights=[3, 3, 3, 2])[0]
    centre = f'{rnd.choice(UNIVERSITIES)}概念验证中心（示例）' if poc != '未申请' else ''
    incubator = rnd.choice(INCUBATORS) if rnd.random() < 0.55 else ''
    has_company = rnd.random() < 0.55
    company = ''
    while has_company and (not company or company in companies):
        company = f'示例{rnd.choice("天地玄黄宇宙洪荒日月盈昃辰宿列张")}{rnd.choice("芯源智联微纳光启合创新锐")}科技有限公司'
    companies.add(company)
    registered = f'{rnd.choice([2021, 2022, 2023, 2024])}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}' if has_company else ''
    jobs = rnd.randint(3, 45) if has_company else 0
    interns = rnd.randint(0, 12) if has_company else rnd.randint(0, 2)
    status.append([row[0], poc, centre, incubator, company, registered, jobs, interns])
write('spinoff-status.csv', ['编号', '概念验证', '概念验证中心', '孵化载体', '企业名称', '注册日期', '带动就业', '实习岗位'],
      status, 'sample follow-up status')
