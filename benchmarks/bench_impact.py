"""Throughput of `coach rules impact`: generated assessments replayed under two packs.

Generates N answers files for the shipped questionnaire (values drawn near the rules'
thresholds), makes a "before" copy of the shipped pack with the 55-hour threshold at 50, then
runs the real command (`coach rules impact --base BEFORE --answers DIR`) with one worker
process and with one per core, and prints answer sets per second for each. Each answer set is
assessed twice (old and new pack) through the durable_rules engine.

    python benchmarks/bench_impact.py [--count 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coach.authoring.generate import write_population
from coach.content.bundle import SHIPPED_RULES, load_content


def prepare(folder: Path, count: int) -> tuple[Path, Path]:
    """The 'before' pack and the answers folder."""
    content = load_content()
    base, answers = folder / "before", folder / "answers"
    if base.is_dir() and len(list(answers.glob("*.yaml"))) == count:
        print(f"reusing {count} answers files in {answers}")
        return base, answers
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SHIPPED_RULES, base)
    hero = base / "hero.yaml"
    hero.write_text(hero.read_text().replace("{gt: 55}", "{gt: 50}"))
    started = time.perf_counter()
    write_population(content.questionnaire, [r.when for r in content.pack.rules], answers, count)
    print(f"generated {count} answers files in {time.perf_counter() - started:.1f} s")
    return base, answers


def run(base: Path, answers: Path, workers: int) -> dict[str, float]:
    """One run of the command; its own timing, and the wall clock including start-up."""
    command = [
        sys.executable, "-m", "coach", "rules", "impact", "--base", str(base),
        "--answers", str(answers), "--workers", str(workers), "--json",
    ]  # fmt: skip
    load = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if done.returncode != 0:
        sys.exit(f"impact failed ({done.returncode}):\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return {
        "workers": workers,
        "assessed": report["assessed"],
        "changed": report["changed"],
        "seconds": report["seconds"],
        "per_second": report["per_second"],
        "wall": wall,
        "cpu_ms": 1000 * cpu / max(1, report["assessed"]),
        "load": load,
    }


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process, workers included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Generate, run with 1 and with all cores, print a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--keep", type=Path, help="generate into this folder and keep it (reused next time)"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="coach-impact-"))
    try:
        base, answers = prepare(folder, args.count)
        rows = [run(base, answers, 1)]
        cores = os.cpu_count() or 1
        if cores > 1:
            rows.append(run(base, answers, cores))
        print(
            "| workers | answer sets | changed | replay s | per second | wall s "
            "| CPU ms per set | load before |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| {r['workers']} | {r['assessed']} | {r['changed']} | {r['seconds']:.1f} "
                f"| {r['per_second']:.0f} | {r['wall']:.1f} | {r['cpu_ms']:.1f} "
                f"| {r['load']:.1f} |"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
