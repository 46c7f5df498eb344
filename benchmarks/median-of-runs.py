#!/usr/bin/env python3
"""Combines several compare.sh runs: the house rule on this noisy machine is to compare ratios
measured within one run, repeat the run, and report the median.

    benchmarks/median-of-runs.py bench-results/<cpu>/gray-scott-2d/*/compare.csv
    benchmarks/median-of-runs.py --3d bench-results/<cpu>/gray-scott-3d/*/compare.csv   (sizes are N^3)

For every (size, precision, threads, backend) it takes the median MLUP/s over the rounds of each
run and that run's ratio to C (both from the same run), then prints the median over the runs of
those medians and ratios, with the lowest and highest per-run ratio. Markdown on stdout. Runs of
different machine kinds (bench-results/<cpu>/ folders, or slugs in machine.txt) are not combined.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

ORDER = ["c-openmp", "vector", "vector-1step", "native", "native-1step", "scalar"]


def machine_kind(path):
    """The CPU slug of the run whose compare.csv is at path: its machine.txt's, else the folder under bench-results/."""
    info = os.path.join(os.path.dirname(path), "machine.txt")
    if os.path.isfile(info):
        with open(info, encoding="utf-8") as f:
            for line in f:
                if line.startswith("slug:"):
                    return line.split(":", 1)[1].strip()
    parts = os.path.abspath(path).split(os.sep)
    if "bench-results" in parts[:-1]:
        i = len(parts) - 1 - parts[::-1].index("bench-results")
        if i + 2 < len(parts):   # bench-results/<cpu>/<what>/.../compare.csv
            return parts[i + 1]
    return None


def main(args):
    cube = "--3d" in args
    paths = [a for a in args if a != "--3d"]
    if not paths:
        sys.exit(__doc__)
    kinds = {machine_kind(p) for p in paths} - {None}
    if len(kinds) > 1:
        sys.exit("median-of-runs.py: these runs were measured on different machine kinds (%s): combine each"
                 " one's runs alone" % ", ".join(sorted(kinds)))
    runs = []  # per run: {(size, prec, threads): {backend: (median, steps_per_sweep)}}
    for path in paths:
        rounds = defaultdict(list)
        sweep = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                key = (int(row["size"]), row["precision"], int(row["threads"]))
                rounds[key, row["backend"]].append(float(row["mlups"]))
                sweep[key, row["backend"]] = int(row.get("steps_per_sweep") or 1)
        run = defaultdict(dict)
        for (key, backend), values in rounds.items():
            run[key][backend] = (statistics.median(values), sweep[key, backend])
        runs.append(run)
    configs = sorted({k for run in runs for k in run}, key=lambda k: (k[0], k[1] != "f64", k[2]))
    backends = [b for b in ORDER if any(b in run[k] for run in runs for k in run)]
    print(f"Median over {len(runs)} runs ({', '.join(paths)}): MLUP/s, and Java/C as the median of the"
          " per-run ratios [lowest-highest per-run ratio]. † = two steps per sweep.\n")
    print("| size | prec | threads | " + " | ".join(backends) + " |")
    print("|---|---|---|" + "---|" * len(backends))
    for k in configs:
        cells = []
        for b in backends:
            per_run = [run[k][b] for run in runs if b in run.get(k, {})]
            if not per_run:
                cells.append("–")
                continue
            mlups = statistics.median(m for m, _ in per_run)
            mark = " †" if any(s > 1 for _, s in per_run) else ""
            ratios = [run[k][b][0] / run[k]["c-openmp"][0] for run in runs
                      if b in run.get(k, {}) and "c-openmp" in run.get(k, {})]
            if b == "c-openmp" or not ratios:
                cells.append(f"{mlups:.0f}")
            else:
                cells.append(f"{mlups:.0f}{mark} ({statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}])")
        print(f"| {k[0]}{'³' if cube else '²'} | {k[1]} | {k[2]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
