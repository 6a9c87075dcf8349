#!/usr/bin/env python3
"""SAMPLE scores for the expert panel of the main sample (data/panel-scores.csv).

usage: make-panel-scores.py ASSIGNMENT.json > data/panel-scores.csv
       make-panel-scores.py --onsite ASSIGNMENT.json > data/onsite-scores-2024-09.csv

With --onsite: SAMPLE scores of the on-site review (现场评议) at the September event, from
`roadshow review onsite --json`, with an on-site comment per review and one recusal.

ASSIGNMENT.json is what `roadshow review assign --json` prints. Every assigned pair gets scores on
the standard rubric (advancement, maturity, prospect, team, ip; 0–10): a seeded "quality" per
achievement, a leniency per expert (some strict, some lenient) and noise; two pairs are recusals.
These are invented numbers, marked as sample data in data/SOURCES.md.
"""
import csv, json, random, sys

CRITERIA = ['advancement', 'maturity', 'prospect', 'team', 'ip']


ONSITE_COMMENTS = [
    '建议尽快开展中试验证（示例）', '市场定位清晰，建议对接本地龙头企业（示例）', '知识产权布局需加强（示例）',
    '团队产业化经验不足，建议引入职业经理人（示例）', '可先以许可方式转化（示例）', '建议补充成本与收益测算（示例）',
]


def main():
    onsite = sys.argv[1] == '--onsite'
    plan = json.load(open(sys.argv[-1], encoding='utf-8'))
    rnd = random.Random(2409 if onsite else 2024)
    pairs = sorted((a['achievement'], a['expert']) for a in plan['assignments'])
    achievements = sorted({a for a, _ in pairs})
    experts = sorted({e for _, e in pairs})
    quality = {a: rnd.uniform(4.5, 8.5) for a in achievements}
    leniency = {e: rnd.choice([-1.5, -0.8, 0, 0, 0.6, 1.2]) for e in experts}
    if onsite:
        recusals = {pairs[11]: '与持有单位有合作项目（示例）'}
    else:
        recusals = {pairs[7]: '与持有单位有合作项目（示例）', pairs[41]: '曾指导该团队成员（示例）'}
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(['expert', 'achievement'] + CRITERIA + ['comment', 'recusal'])
    for a, e in pairs:
        if (a, e) in recusals:
            out.writerow([e, a] + [''] * len(CRITERIA) + ['', recusals[(a, e)]])
            continue
        scores = []
        for _ in CRITERIA:
            value = quality[a] + leniency[e] + rnd.gauss(0, 0.7)
            scores.append(f'{min(10, max(0, round(value * 2) / 2)):g}')
        comment = rnd.choice(ONSITE_COMMENTS) if onsite else '示例评语'
        out.writerow([e, a] + scores + [comment, ''])


if __name__ == '__main__':
    main()
