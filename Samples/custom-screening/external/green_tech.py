#!/usr/bin/env python3
"""A screening policy outside Roadshow, in Python: green and low-carbon technology (绿色低碳技术).

Speaks the roadshow.screening/1 protocol (docs/custom-screening.md): one JSON request on stdin,
one JSON reply on stdout. Uses only the standard library.
"""
import json
import sys

PROTOCOL = "roadshow.screening/1"
KEYWORDS = ["绿色", "节能", "低碳", "减排", "清洁", "循环", "固废", "氢能", "可再生", "污染", "修复", "资源化"]


def main():
    request = json.load(sys.stdin)
    if request.get("protocol") != PROTOCOL:
        print(f"unsupported protocol {request.get('protocol')}", file=sys.stderr)
        return 2
    min_trl = request.get("parameters", {}).get("min_trl", 1)
    if not isinstance(min_trl, int):
        print(f"min_trl must be a whole number, got {min_trl!r}", file=sys.stderr)
        return 2
    decisions = []
    for record in request["candidates"]:
        text = (record.get("title") or "") + (record.get("summary") or "")
        hits = [k for k in KEYWORDS if k in text]
        trl = record.get("trl")
        if not hits:
            decisions.append({"id": record["id"], "passed": False, "rule": "green_keywords", "score": 0,
                              "reason": {"zh": "标题未体现绿色低碳方向", "en": "title shows no green or low-carbon focus"}})
        elif trl is not None and trl < min_trl:
            decisions.append({"id": record["id"], "passed": False, "rule": "min_trl", "score": len(hits),
                              "reason": {"zh": f"绿色关键词{'、'.join(hits)}，但 TRL {int(trl)} 低于 {min_trl}",
                                         "en": f"green keywords {', '.join(hits)}, but TRL {int(trl)} is below {min_trl}"}})
        else:
            note = "（TRL未评估）" if trl is None else ""
            decisions.append({"id": record["id"], "passed": True, "rule": "green_keywords", "score": len(hits),
                              "reason": {"zh": f"绿色关键词：{'、'.join(hits)}{note}",
                                         "en": f"green keywords: {', '.join(hits)}" + (" (TRL unknown)" if trl is None else "")}})
    # Best first: more green keywords rank higher; ties keep the order Roadshow sent.
    decisions.sort(key=lambda d: -d["score"] if d["passed"] else 0)
    # Diagnostics go to standard error; Roadshow keeps them as plugins/NN-<stage>.stderr.log.
    kept = sum(1 for d in decisions if d["passed"])
    print(f"green_tech: {len(decisions)} candidates, {kept} kept (min_trl {min_trl})", file=sys.stderr)
    json.dump({"protocol": PROTOCOL, "decisions": decisions}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
