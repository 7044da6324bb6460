#!/usr/bin/env python3
"""Prints the last criterion run as a markdown table: for each group, jot's
median and jot's ratio to every other contender in the group (below 1.00x,
jot is faster; above, slower).

Usage: python3 benches/table.py [target/criterion] [group-prefix ...]
"""

import json
import pathlib
import sys


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    args = sys.argv[1:]
    root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
    if args and pathlib.Path(args[0]).is_dir():
        root = pathlib.Path(args.pop(0))
    prefixes = args
    groups = {}
    for bench in sorted(root.glob("*/*/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        group = meta["group_id"]
        if prefixes and not any(group.startswith(p) for p in prefixes):
            continue
        groups.setdefault(group, {})[meta["function_id"]] = estimates["median"]["point_estimate"]
    if not groups:
        sys.exit(f"no criterion results under {root}")
    order = ["ring", "ideal", "jsonwebtoken9", "jsonwebtoken10", "jwt_simple", "base64"]
    peers = [p for p in order if any(p in g for g in groups.values())]
    peers += sorted({f for g in groups.values() for f in g} - set(peers) - {"jot"})
    print("| group | jot median | " + " | ".join(f"vs {p}" for p in peers) + " |")
    print("|---|---:|" + "---:|" * len(peers))
    for group in sorted(groups):
        times = groups[group]
        jot = times.get("jot")
        if jot is None:
            continue
        cells = [f"{jot / times[p]:.2f}x" if p in times else "" for p in peers]
        print(f"| {group} | {fmt_time(jot)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
