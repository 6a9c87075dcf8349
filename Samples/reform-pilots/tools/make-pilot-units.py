#!/usr/bin/env python3
"""Makes data/pilot-units.csv from the real list of state key laboratories.

The institutions are real: the host institutions (依托单位) of state key laboratories in
../shared/data/state-key-labs.csv (techme data/PubSKLMost, MIT, Copyright (c) 2021 Hu Huaping).
Their choice as reform pilot units, and the discipline type and tasks given to each, are SAMPLE
data: the 55 real pilot units of 002 五.1 are not published as a table.

Rule: institutions with the most laboratories first (then by name), the first 40; the kind from
the name (大学/学院 → university, 公司/集团 → enterprise, otherwise institute); the discipline
type from the area most of its laboratories are in; tasks in turn.
Run from the repository root: python3 Samples/reform-pilots/tools/make-pilot-units.py
"""
import collections
import csv
import pathlib

root = pathlib.Path(__file__).resolve().parents[3]
source = root.parent.parent / "shared" / "data" / "state-key-labs.csv"
if not source.exists():
    source = pathlib.Path("/work/shared/data/state-key-labs.csv")
out = pathlib.Path(__file__).resolve().parents[1] / "data" / "pilot-units.csv"

DISCIPLINE = {
    "数理": "basic", "化学": "basic", "地学": "basic", "生物": "basic",
    "工程": "engineering", "材料": "engineering", "制造": "engineering", "信息": "engineering",
    "能源": "engineering", "矿产": "engineering", "交通": "engineering",
    "医学": "medicine", "医疗": "medicine", "农业": "agriculture",
}
TASKS = ["evaluation;ownership;state_assets", "evaluation;ownership", "evaluation"]

labs = collections.defaultdict(list)
provinces = collections.defaultdict(collections.Counter)
with source.open(encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        name = row["institution"].strip()
        if not name or "、" in name or "联盟" in name:
            continue
        labs[name].append(row["area"].strip())
        provinces[name][row["province"].strip()] += 1

ranked = sorted(labs, key=lambda n: (-len(labs[n]), n))[:40]
with out.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["unit", "kind", "discipline", "province", "tasks", "labs"])
    for i, name in enumerate(ranked):
        kind = "university" if ("大学" in name or "学院" in name and "科学院" not in name) else (
            "enterprise" if ("公司" in name or "集团" in name) else "institute")
        areas = collections.Counter(DISCIPLINE.get(a, "engineering") for a in labs[name])
        discipline = sorted(areas.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        w.writerow([name, kind, discipline, sorted(provinces[name].items(), key=lambda kv: (-kv[1], kv[0]))[0][0], TASKS[i % 3], len(labs[name])])
print(f"wrote {out} ({len(ranked)} units)")

# SAMPLE evaluation scores (0–100) of the first 30 units on their discipline type's indicators
# (data/evaluation-indicators.csv, written by hand): invented, seeded; the last 10 units are not
# scored yet, as a pilot year in progress would have it.
import random

rng = random.Random(2023)
indicators = collections.defaultdict(list)
with (out.parent / "evaluation-indicators.csv").open(encoding="utf-8") as f:
    for row in csv.DictReader(f):
        indicators[row["discipline"]].append(row["indicator"])
with out.open(encoding="utf-8") as f:
    units = list(csv.DictReader(f))[:30]
scores = out.parent / "evaluation-scores.csv"
with scores.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["unit", "indicator", "value"])
    for unit in units:
        base = rng.uniform(62, 88)
        for indicator in indicators[unit["discipline"]]:
            w.writerow([unit["unit"], indicator, round(min(100, max(0, base + rng.uniform(-12, 12))))])
print(f"wrote {scores}")
