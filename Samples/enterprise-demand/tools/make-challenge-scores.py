#!/usr/bin/env python3
"""Makes data/challenge-scores.csv: SAMPLE panel scores for the challenge bids (揭榜评审示例数据).

Six invented experts (CX01–CX06); each bid reviewed by three of them in turn, on the standard
rubric (advancement, maturity, prospect, team, ip; 0–10). A bid's quality is fixed by hand
below, each expert has a leniency (CX03 lenient, CX05 strict) and a small seeded noise, so
that the per-expert normalisation matters. CX04 recuses itself from B04 (a declared
collaboration, invented). Run from the repository root:
python3 Samples/enterprise-demand/tools/make-challenge-scores.py
"""
import csv
import pathlib
import random

QUALITY = {"B01": 8.2, "B02": 7.6, "B03": 6.4, "B04": 8.0, "B05": 7.1, "B06": 7.4, "B07": 6.8,
           "B08": 7.3, "B09": 7.7, "B10": 6.9, "B11": 7.0, "B12": 5.9}
LENIENCY = {"CX01": 0.0, "CX02": 0.3, "CX03": 1.2, "CX04": -0.2, "CX05": -1.1, "CX06": 0.1}
EXPERTS = list(LENIENCY)
CRITERIA = ["advancement", "maturity", "prospect", "team", "ip"]

rng = random.Random(20250510)
out = pathlib.Path(__file__).resolve().parents[1] / "data" / "challenge-scores.csv"
with out.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["expert", "achievement"] + CRITERIA + ["comment", "recusal"])
    for i, bid in enumerate(QUALITY):
        reviewers = [EXPERTS[(i + k) % len(EXPERTS)] for k in range(3)]
        for expert in reviewers:
            if bid == "B04" and expert == "CX04":
                w.writerow([expert, f"bids:{bid}"] + [""] * len(CRITERIA) + ["", "与投标团队存在合作关系（示例）"])
                continue
            scores = []
            for _ in CRITERIA:
                s = QUALITY[bid] + LENIENCY[expert] + rng.uniform(-0.6, 0.6)
                scores.append(f"{min(10, max(0, round(s * 2) / 2)):g}")
            w.writerow([expert, f"bids:{bid}"] + scores + ["示例评语", ""])
print(f"wrote {out}")
