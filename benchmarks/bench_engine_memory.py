"""Resident memory over many assessments through one compiled pack: it must stay flat.

Every assessment asserts a fact into the pack's one reusable session and retracts it again; a
leak (a session per assessment, a fact left behind) shows as RSS growing with the count.

    python benchmarks/bench_engine_memory.py [--assessments 100000] [--rules 40]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from _workload import answers, pack

from coach.engine import Ruleset


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; peak RSS elsewhere)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=40)
    args = parser.parse_args()
    compiled = Ruleset.compile(pack(args.rules))
    sets = answers(1000)
    step = max(1, args.assessments // 10)
    print("| assessments | RSS (MB) | seconds |")
    print("|---:|---:|---:|")
    start = time.perf_counter()
    print(f"| 0 | {rss_mb():.1f} | 0 |")
    for done in range(1, args.assessments + 1):
        compiled.fired(sets[done % len(sets)])
        if done % step == 0:
            print(f"| {done:,} | {rss_mb():.1f} | {time.perf_counter() - start:.0f} |")
    print(f"engine sessions held: {compiled.live_sessions()}")


if __name__ == "__main__":
    main()
