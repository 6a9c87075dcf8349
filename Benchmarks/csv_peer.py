#!/usr/bin/env python3
"""The peer of `roadshow-bench csv`: Python's csv.reader over the same file.

usage: csv_peer.py FILE [--repeat N]

Each run opens the file as UTF-8 (a BOM is skipped), reads every record into a list of lists as
the Swift reader builds its rows, and is timed from open to the last row. Prints MB/s (10^6 bytes
a second of the file's size), best and median, by wall time and by the process's CPU time (which a
busy machine disturbs less), and a RESULT line for scripts.
"""
import argparse, csv, os, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    mb = os.path.getsize(a.file) / 1e6
    times, cpu, rows = [], [], 0
    for _ in range(max(1, a.repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        with open(a.file, newline='', encoding='utf-8-sig') as f:
            table = [row for row in csv.reader(f)]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        rows = len(table) - 1
        del table
    s, c = sorted(times), sorted(cpu)
    best, median = mb / s[0], mb / s[len(s) // 2]
    cpu_best, cpu_median = mb / c[0], mb / c[len(c) // 2]
    print(f"file {a.file}  {mb:.1f} MB  rows {rows}")
    print(f"csv.reader best {best:.1f} MB/s  median {median:.1f} MB/s  ({' '.join(f'{t:.3f}' for t in times)} s)")
    print(f"cpu: csv.reader best {cpu_best:.1f} median {cpu_median:.1f} MB/s")
    print(f"RESULT kind=csv_peer mb={mb:.1f} rows={rows} mbps={median:.1f} cpu_mbps={cpu_median:.1f}")


if __name__ == '__main__':
    main()
