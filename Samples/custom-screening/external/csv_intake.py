#!/usr/bin/env python3
"""An intake source outside Roadshow, in Python: reads the 2018 national key R&D list from a CSV
file and returns its records. Any source would do the same way: a spreadsheet export, a web
service, another database.

Speaks the roadshow.intake/1 protocol (docs/custom-screening.md): one JSON request on stdin,
one JSON reply on stdout. Uses only the standard library.
"""
import csv
import json
import sys

PROTOCOL = "roadshow.intake/1"


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None  # empty, or "*" for an unpublished figure


def main():
    request = json.load(sys.stdin)
    if request.get("protocol") != PROTOCOL:
        print(f"unsupported protocol {request.get('protocol')}", file=sys.stderr)
        return 2
    parameters = request.get("parameters", {})
    path = parameters["file"]  # relative to the config's folder, where Roadshow starts the program
    limit = parameters.get("limit")
    records = []
    with open(path, encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            year = number(row.get("year"))
            records.append({
                "id": row["project_no"],
                "title": row["title"],
                "institution": row.get("institution") or None,
                "field": row.get("programme") or None,
                "year": int(year) if year is not None else None,
                "funds": number(row.get("funds_wan_yuan")),
                "channel": "national_programme",
                "confidentiality": "cleared",
            })
            if isinstance(limit, int) and len(records) >= limit:
                break
    # Diagnostics go to standard error; Roadshow keeps them as plugins/intake-NN-<stage>.stderr.log.
    print(f"csv_intake: {len(records)} records from {path}", file=sys.stderr)
    json.dump({"protocol": PROTOCOL, "records": records}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
