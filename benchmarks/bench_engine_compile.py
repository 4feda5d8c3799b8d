"""How long compiling a rule pack into durable_rules takes, for 40, 200 and 500 rules.

Compiling = planning (lowering, splitting, packing: pure Python) + creating the rulesets in the
engine. Each run uses a pack with other constants, because identical packs are registered once per
process and would cost nothing the second time.

    python benchmarks/bench_engine_compile.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

from _workload import pack

from coach.engine import Ruleset
from coach.engine.planner import plan


def _median_ms(sizes: int, runs: int, seed0: int, whole: bool) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds, and how many rulesets the pack took."""
    walls, cpus, rulesets = [], [], 0
    for run in range(runs):
        rules = pack(sizes, seed=seed0 + run)
        wall, cpu = time.perf_counter(), time.process_time()
        if whole:
            rulesets = Ruleset.compile(rules).ruleset_count
        else:
            plan(rules)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, rulesets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("| rules | plan, wall / CPU (ms) | plan + create rulesets, wall / CPU (ms) | rulesets |")
    print("|---:|---:|---:|---:|")
    for index, size in enumerate((40, 200, 500)):
        plan_wall, plan_cpu, _ = _median_ms(size, args.runs, 1000 * (index + 1), whole=False)
        seed = 1000 * (index + 1) + 500
        wall, cpu, rulesets = _median_ms(size, args.runs, seed, whole=True)
        planned = f"{plan_wall:.0f} / {plan_cpu:.0f}"
        print(f"| {size} | {planned} | {wall:.0f} / {cpu:.0f} | {rulesets} |")


if __name__ == "__main__":
    main()
