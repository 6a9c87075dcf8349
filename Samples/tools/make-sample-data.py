#!/usr/bin/env python3
"""Writes the SAMPLE data files of Samples/data (示例数据, not real assessments or responses).

The real input is data/nkrdp-projects-2018.csv (national key R&D programme, 2018). An agency would
add expert assessments, enterprise responses, expert lists and business-plan submissions of its own;
this script invents plausible ones, deterministically (seed 2024), so the torch-express sample can
show the whole funnel. Re-run it only to change the sample: python3 Samples/tools/make-sample-data.py
"""
import csv, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
FOCUS = {'智能机器人', '网络协同制造与智能工厂', '制造基础技术与关键部件', '增材制造与激光制造', '智能农机装备'}
KEYWORDS = ('机器人', '数控', '智能制造', '工业互联网', '智能工厂')
rnd = random.Random(2024)

rows = list(csv.DictReader(open(os.path.join(DATA, 'nkrdp-projects-2018.csv'), encoding='utf-8')))
focus = [r for r in rows if r['programme'] in FOCUS or any(k in r['title'] for k in KEYWORDS)]
others = [r for r in rows if r not in focus]

def write(name, header, body, note):
    with open(os.path.join(DATA, name), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(body)
    print(f'{name}: {len(body)} rows ({note})')

# Expert assessments: TRL and industrial prospect for most focus records and a few others.
modes = ['许可', '转让', '作价投资', '合作开发', '委托研发']
assess = []
for r in focus + rnd.sample(others, 40):
    if rnd.random() < 0.25:
        continue  # not assessed yet: TRL stays unknown
    trl = rnd.choices(range(2, 10), weights=[2, 5, 8, 10, 9, 6, 3, 1])[0]
    prospect = round(min(98, max(30, rnd.gauss(55 + 4 * trl, 12))))
    ip = f'发明专利{rnd.randint(1, 12)}项' if rnd.random() < 0.7 else ''
    if ip and rnd.random() < 0.4:
        ip += f'；软件著作权{rnd.randint(1, 5)}项'
    wanted = '；'.join(rnd.sample(modes, rnd.randint(1, 2))) if rnd.random() < 0.6 else ''
    team = '项目负责人；技术骨干' if rnd.random() < 0.5 else ''
    assess.append([r['project_no'], trl, prospect, ip, wanted, team, f'示例专家组{rnd.randint(1, 4)}'])
write('expert-assessments.csv', ['project_no', 'trl', 'prospect', 'ip', 'transfer_modes', 'team', 'reviewer'],
      assess, 'sample expert assessments')

# Enterprise responses to the pushed shortlist: sample local enterprises (fictional names).
firms = [f'示例企业{c}' for c in ['精密机床', '智能装备', '机器人科技', '激光技术', '工业软件', '汽车零部件',
                                    '电子制造', '农机装备', '新材料', '自动化']]
levels = ['强烈意向', '有意向', '了解', '无意向']
responses = []
assessed = {a[0]: a for a in assess}
for r in focus:
    a = assessed.get(r['project_no'])
    if a is None or rnd.random() < 0.35:
        continue
    for firm in rnd.sample(firms, rnd.randint(1, 3)):
        level = rnd.choices(levels, weights=[1 + a[1] // 3, 3, 3, 2])[0]
        comment = rnd.choice(['希望了解中试数据', '关注成本与产线改造', '可提供应用场景', '希望技术许可', ''])
        responses.append([r['project_no'], firm, level, comment])
write('enterprise-responses.csv', ['编号', '企业名称', '对接意向', '意见建议'], responses,
      'sample enterprise responses')

# Review experts (fictional).
experts = [
    ['示例专家甲', '某大学机械工程学院', '智能机器人；机器人'],
    ['示例专家乙', '某研究院智能制造所', '网络协同制造与智能工厂；工业互联网'],
    ['示例专家丙', '某上市装备企业', '制造基础技术与关键部件；数控'],
    ['示例专家丁', '某激光技术企业', '增材制造与激光制造；激光'],
    ['示例专家戊', '某农业大学工学院', '智能农机装备；农机'],
    ['示例专家己', '某投资机构', '投资'],
    ['示例专家庚', '某技术转移机构', '技术转移'],
]
write('experts.csv', ['姓名', '单位', '领域'], experts, 'sample experts')

# Business-plan items already submitted by holders.
items = ['technical_lead', 'maturity_evidence', 'industrial_feasibility', 'market', 'ip', 'transfer_mode', 'team', 'financing']
plans = [[r['project_no'], ';'.join(rnd.sample(items, rnd.randint(1, 6)))] for r in focus if rnd.random() < 0.6]
write('business-plans.csv', ['编号', '已完成项'], plans, 'sample business-plan submissions')
