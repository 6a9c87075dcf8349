#!/usr/bin/env python3
"""Independent checks and the side-by-side table for Benchmarks/run.sh (standard library only).

usage: check.py recall WORKDIR MATCHES.csv [--top 10]
       check.py schedule WORKDIR MEETINGS.csv
       check.py table RESULTS.json
recall:   recall@k of a `demand,achievement,rank,score` file, computed the way peer_match.py does
          (a hit when the demand's `target` is among its top-k rows; divided by all demands).
schedule: feasibility and objective of a `request,slot` file against participants/requests/event.
Both print one JSON object.
"""
import csv, json, os, sys


def recall(work, path, top=10):
    with open(os.path.join(work, 'demands.csv'), encoding='utf-8') as f:
        demands = list(csv.DictReader(f))
    lists = {}
    with open(path, encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if int(row['rank']) <= top:
                lists.setdefault(row['demand'], set()).add(row['achievement'])
    hits = sum(1 for d in demands if d['target'] in lists.get(d['id'], ()))
    return {'recall': hits / len(demands), 'hits': hits, 'demands': len(demands)}


def schedule(work, path):
    ev = next(csv.DictReader(open(os.path.join(work, 'event.csv'), encoding='utf-8')))
    slots, tables = int(ev['slots']), int(ev['tables'])
    busy = {r['id']: {int(x) for x in r['unavailable_slots'].split(';') if x}
            for r in csv.DictReader(open(os.path.join(work, 'participants.csv'), encoding='utf-8'))}
    reqs = {r['id']: r for r in csv.DictReader(open(os.path.join(work, 'requests.csv'), encoding='utf-8'))}
    problems, seen, per_slot, person_slot, objective = [], set(), {}, set(), 0
    for row in csv.DictReader(open(path, encoding='utf-8')):
        rid, s = row['request'], int(row['slot'])
        r = reqs.get(rid)
        if r is None:
            problems.append(f'unknown request {rid}'); continue
        if rid in seen:
            problems.append(f'request {rid} held twice')
        seen.add(rid)
        if not 1 <= s <= slots:
            problems.append(f'{rid} in slot {s} out of range')
        per_slot[s] = per_slot.get(s, 0) + 1
        for p in (r['from'], r['to']):
            if s in busy[p]:
                problems.append(f'{p} unavailable in slot {s} ({rid})')
            if (p, s) in person_slot:
                problems.append(f'{p} double-booked in slot {s}')
            person_slot.add((p, s))
        objective += int(r['priority'])
    problems += [f'slot {s}: {n} meetings > {tables} tables' for s, n in per_slot.items() if n > tables]
    return {'objective': objective, 'meetings': len(seen), 'feasible': not problems, 'problems': problems[:5]}


def table(path):
    R = json.load(open(path))
    def row(cells):
        print('| ' + ' | '.join(str(c) for c in cells) + ' |')
    def verdict(ok):
        return 'yes' if ok else '**no**'
    print()
    row(['workload', 'figure', 'roadshow (Swift)', 'peer (Python)', 'target', 'met'])
    row(['---'] * 6)
    m = R.get('match')
    if m:
        o, p = m['ours'], m['peer']
        speed = p['seconds'] / o['seconds']
        row([m['name'], 'wall time, whole process', f"{o['seconds']:.2f} s", f"{p['seconds']:.2f} s",
             '≥ 10× faster', f"{verdict(speed >= 10)} ({speed:.1f}×)"])
        row(['', 'peak RSS', f"{o['peak_mib']:.0f} MiB", f"{p['peak_mib']:.0f} MiB", '< 500 MiB',
             verdict(o['peak_mib'] < 500)])
        row(['', 'recall@10 (checked from the CSV)', f"{o['recall']:.4f}", f"{p['recall']:.4f}", '≥ peer',
             verdict(o['recall'] >= p['recall'])])
    for s in R.get('schedule', []):
        o, p = s['ours'], s['peer']
        ratio = o['objective'] / p['objective'] if p['objective'] else 1.0
        speed = p['seconds'] / o['seconds']
        row([s['name'], 'wall time, whole process', f"{o['seconds']:.2f} s", f"{p['seconds']:.2f} s",
             '≤ 1/10 of peer', f"{verdict(speed >= 10)} ({speed:.0f}×)"])
        row(['', 'objective (checked from the CSV)', o['objective'], f"{p['objective']} ({p['status']})",
             '≥ 99.5 % of peer', f"{verdict(ratio >= 0.995)} ({100 * ratio:.2f} %)"])
        row(['', 'upper bound', o['bound'], p['bound'], '', ''])
        row(['', 'meetings / feasible', f"{o['meetings']} / {'yes' if o['feasible'] else 'NO'}",
             f"{p['meetings']} / {'yes' if p['feasible'] else 'NO'}", 'feasible', verdict(o['feasible'])])
        row(['', 'peak RSS', f"{o['peak_mib']:.0f} MiB", f"{p['peak_mib']:.0f} MiB", '', ''])


if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'recall':
        top = int(sys.argv[sys.argv.index('--top') + 1]) if '--top' in sys.argv else 10
        print(json.dumps(recall(sys.argv[2], sys.argv[3], top)))
    elif cmd == 'schedule':
        print(json.dumps(schedule(sys.argv[2], sys.argv[3]), ensure_ascii=False))
    elif cmd == 'table':
        table(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
