#!/usr/bin/env python3
"""Builds the national programme sample's 汇交 file from the real 2019–2020 national key R&D list.

usage: python3 tools/make-huijiao.py ../../../shared/data/nkrdp-projects-2019-2020.csv data/nkrdp-2019-2020-huijiao.csv

The real columns (project number, title, institution, programme, year, funds) are copied as they
are. The 汇交 columns the seed names (TRL, market demand, transfer demand, target region) and the
confidentiality status are SAMPLE DATA, derived deterministically from a hash of the project
number so that the file is the same on every machine.
"""
import csv, hashlib, sys

REGIONS = ['江苏', '浙江', '广东', '上海', '山东', '四川', '湖北', '陕西', '黑龙江', '安徽', '河南', '辽宁']
MODES = ['转让', '许可', '作价入股', '转让;许可', '许可;作价入股']
DEMAND = ['面向行业龙头企业的规模化应用（示例）', '中小企业工艺升级（示例）', '进口替代（示例）', '新兴场景示范应用（示例）']


def h(text, salt):
    return int(hashlib.sha256((salt + text).encode()).hexdigest(), 16)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open(src, encoding='utf-8')))
    with open(dst, 'w', encoding='utf-8', newline='') as out:
        w = csv.writer(out)
        w.writerow(['项目编号', '成果名称', '承担单位', '产业领域', '年度', '经费（万元）', '技术成熟度', '市场需求', '转化需求', '拟重点转化区域', '保密审查'])
        for r in rows:
            no = r['project_no']
            trl = 3 + h(no, 'trl') % 6           # 3–8
            status = 'pending' if h(no, 'clear') % 20 == 0 else 'cleared'
            w.writerow([no, r['title'], r['institution'], r['programme'], r['year'], r['funds_wan_yuan'], trl,
                        DEMAND[h(no, 'demand') % len(DEMAND)], MODES[h(no, 'mode') % len(MODES)],
                        REGIONS[h(no, 'region') % len(REGIONS)], status])


if __name__ == '__main__':
    main()
