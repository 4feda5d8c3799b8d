"""Assessments per second: durable_rules (coach.engine) against the reference evaluator.

Both evaluate the same pack on the same answer sets and must give identical fired sets (checked
first). Timings alternate between the two, several rounds, and the medians are reported, so that
load from other processes hits both alike. `--processes 2` also runs the engine in worker
processes (one compiled pack per worker), the way batch work uses both cores.

    python benchmarks/bench_engine_throughput.py [--rules 40] [--assessments 20000] [--rounds 5]
    python benchmarks/bench_engine_throughput.py --shipped   # the shipped pack and personas
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from _workload import answers, pack

from coach.conditions.evaluate import evaluate
from coach.engine import CompiledRules, EngineRule, Ruleset

Facts = dict[str, Any]


def _reference(rules: list[EngineRule]) -> Callable[[Facts], frozenset[str]]:
    def fired(facts: Facts) -> frozenset[str]:
        return frozenset(rule.id for rule in rules if evaluate(rule.condition, facts))

    return fired


def _rate(fired: Callable[[Facts], frozenset[str]], sets: list[Facts]) -> tuple[float, float]:
    """Assessments per second of wall time and of CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    for facts in sets:
        fired(facts)
    return len(sets) / (time.perf_counter() - wall), len(sets) / (time.process_time() - cpu)


def _shipped() -> tuple[list[EngineRule], list[Facts]]:
    """The shipped rule pack, and the facts of the shipped persona answers files."""
    from coach.content.answers_file import load_answers
    from coach.content.bundle import SHIPPED_EXAMPLES, load_content
    from coach.engine.facts import build_facts

    content = load_content()
    rules = [EngineRule(rule.id, rule.priority, rule.when) for rule in content.pack.rules]
    personas = []
    for path in sorted(SHIPPED_EXAMPLES.glob("*.yaml")):
        loaded = load_answers(path, content.questionnaire)
        personas.append(build_facts(content.questionnaire, loaded.answers)[0])
    return rules, personas


_WORKER: CompiledRules | None = None


def _init_worker(rules: list[EngineRule]) -> None:
    global _WORKER
    _WORKER = Ruleset.compile(rules)


def _work(chunk: list[Facts]) -> int:
    assert _WORKER is not None
    return sum(len(_WORKER.fired(facts)) for facts in chunk)


def _parallel_rate(rules: list[EngineRule], sets: list[Facts], processes: int) -> float:
    chunks = [sets[i :: processes * 8] for i in range(processes * 8)]
    with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(rules,)) as pool:
        list(pool.map(_work, [chunk[:10] for chunk in chunks]))  # warm up every worker
        start = time.perf_counter()
        list(pool.map(_work, chunks))
        return len(sets) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules", type=int, default=40)
    parser.add_argument("--assessments", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--processes", type=int, default=0)
    parser.add_argument("--shipped", action="store_true", help="the shipped pack and personas")
    args = parser.parse_args()
    if args.shipped:
        rules, personas = _shipped()
        sets = [personas[i % len(personas)] for i in range(args.assessments)]
    else:
        rules, sets = pack(args.rules), answers(args.assessments)
    compiled = Ruleset.compile(rules)
    reference = _reference(rules)
    true_counts = []
    for facts in sets[:2000]:
        expected = reference(facts)
        assert compiled.fired(facts) == expected, facts
        true_counts.append(len(expected))
    ref_rates, engine_rates = [], []
    for _ in range(args.rounds):
        ref_rates.append(_rate(reference, sets))
        engine_rates.append(_rate(compiled.fired, sets))
    print(
        f"pack: {len(rules)} rules in {compiled.ruleset_count} ruleset(s); "
        f"{statistics.mean(true_counts):.1f} rules true per assessment; "
        f"medians of {args.rounds} rounds of {len(sets):,}"
    )
    print("| evaluator | assessments/s (wall) | assessments/s (CPU) |")
    print("|---|---:|---:|")
    cpu_rates = {}
    for name, rates in (("reference (pure Python)", ref_rates), ("durable_rules", engine_rates)):
        wall = statistics.median(rate[0] for rate in rates)
        cpu_rates[name] = statistics.median(rate[1] for rate in rates)
        print(f"| {name} | {wall:,.0f} | {cpu_rates[name]:,.0f} |")
    ratio = cpu_rates["reference (pure Python)"] / cpu_rates["durable_rules"]
    print(f"engine CPU time / reference CPU time: {ratio:.2f}")
    if args.processes:
        rate = _parallel_rate(rules, sets, args.processes)
        print(f"durable_rules, {args.processes} worker processes: {rate:,.0f} assessments/s")


if __name__ == "__main__":
    main()
