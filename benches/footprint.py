#!/usr/bin/env python3
"""Code footprint of one benchmarked call: how many 64-byte lines of machine
code one iteration of a `jwt.rs` contender runs through, and in which
functions.

Issue #18 found that this, more than the instruction count, decides the
native speed of an HS256 verify: the minimal verifier ran through about
25 KB of code per call, within the 32 KB L1 instruction cache of the
machine, while jot ran through 41 KB and paid for misses on every call; so
1.115x the instructions cost 1.3x the time. Callgrind's count cannot show
that; valgrind's `lackey` tool (the address of every executed instruction)
shows it exactly, whatever else runs on the machine.

    python3 benches/footprint.py                      # hs256/verify/jot and hs256/verify/ideal
    python3 benches/footprint.py hs256/verify/jot 25  # one contender and its top 25 functions

Needs valgrind and binutils' `nm`, and builds the bench binary first. A line
counts when it runs in every iteration: the script runs 50 and 100
iterations and keeps the lines whose count grew by at least 50.
"""

import bisect
import collections
import os
import re
import subprocess
import sys

ROOT = subprocess.run(
    ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
).stdout.strip()
# Where valgrind loads a position-independent executable.
BASE = 0x108000


def bench_binary():
    out = subprocess.run(
        ["cargo", "bench", "-p", "jot-benches", "--bench", "jwt", "--no-run"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    found = re.search(r"target/release/deps/jwt-[0-9a-f]+", out.stderr + out.stdout)
    if not found:
        sys.exit("no jwt bench binary in cargo's output")
    return os.path.join(ROOT, found.group(0))


def lines_run(binary, target, n):
    """Executed instructions per 64-byte code line, over `n` iterations."""
    env = dict(os.environ, JOT_BENCH_PROFILE=target, JOT_BENCH_PROFILE_N=str(n))
    proc = subprocess.Popen(
        ["valgrind", "--tool=lackey", "--trace-mem=yes", binary, "--bench"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    counts = collections.Counter()
    for line in proc.stderr:
        if line.startswith("I "):
            counts[int(line[2:].split(",", 1)[0], 16) >> 6] += 1
    if proc.wait() != 0:
        sys.exit(f"valgrind failed on {target}")
    return counts


def hot_lines(binary, target):
    few, more = lines_run(binary, target, 50), lines_run(binary, target, 100)
    return [line for line, count in more.items() if count - few.get(line, 0) >= 50]


def functions(binary):
    """(start address, name) of every code symbol, sorted."""
    out = subprocess.run(["nm", "-n", "-C", binary], capture_output=True, text=True, check=True)
    symbols = []
    for row in out.stdout.splitlines():
        parts = row.split(" ", 2)
        if len(parts) == 3 and parts[1] in ("t", "T"):
            name = re.sub(r"::h[0-9a-f]{16}$", "", parts[2])
            symbols.append((int(parts[0], 16), name))
    return symbols


def by_function(binary, lines):
    symbols = functions(binary)
    starts = [start for start, _ in symbols]
    per = collections.Counter()
    for line in lines:
        address = (line << 6) - BASE
        i = bisect.bisect_right(starts, address) - 1
        inside = 0 <= address and i >= 0 and address - starts[i] < 1 << 16
        per[symbols[i][1] if inside else "(shared libraries: libc, vdso)"] += 1
    return per


def main():
    targets = sys.argv[1:2] or ["hs256/verify/jot", "hs256/verify/ideal"]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    binary = bench_binary()
    for target in targets:
        lines = hot_lines(binary, target)
        print(f"{target}: {len(lines)} lines of 64 bytes per call = {len(lines) * 64} bytes")
        for name, count in by_function(binary, lines).most_common(top):
            print(f"  {count:4} {name[:140]}")


if __name__ == "__main__":
    main()
