"""Answers in, diagnoses out: coach's whole assessment against raw durable_rules, in one run.

The peers' workload (`_workload.py`: 40 rules over 42 answers, about six rules true per answer
set) written as a content pack, and three ways through it, alternating round by round so the
load of this shared machine falls on all three alike:

- peer: the same rules written with `durable.lang` (`_peer_durable.py`), answers asserted as a
  fact, one Python action per fired rule collecting its name;
- coach engine: `coach.engine` on the facts alone (`CompiledRules.fired`);
- coach diagnose: answers in, diagnoses out, as `coach rules impact` replays them
  (`_workload.diagnoser`: skip logic and scores, the engine, the one ranking), checked equal to
  the whole result's diagnoses, severities and actions on the first 1,000 sets;
- coach assess: `Assessor.assess(answers)`: skip logic and scores, the engine, and the whole
  result (diagnoses with evidence, ranked actions, profile, works cited).

Every way must fire the same rules on every answer set (checked first). Reported: answer sets
per CPU second, medians over the rounds, and each as a ratio to the peer.

    python benchmarks/bench_assess_throughput.py [--rules 40] [--assessments 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _peer_durable import Peer
from _workload import answers, diagnoser, pack, write_content

from coach.content.bundle import load_content
from coach.engine import Ruleset
from coach.engine.assess import Assessor


def _cpu_rate(run: Callable[[dict[str, Any]], object], sets: list[dict[str, Any]]) -> float:
    start = time.process_time()
    for answer_set in sets:
        run(answer_set)
    return len(sets) / (time.process_time() - start)


def _fired_rules(assessor: Assessor, answer_set: dict[str, Any]) -> frozenset[str]:
    result = assessor.assess(answer_set)
    return frozenset(rule.id for d in result.diagnoses for rule in d.rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules", type=int, default=40)
    parser.add_argument("--assessments", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rules, sets = pack(args.rules), answers(args.assessments)
    with tempfile.TemporaryDirectory() as folder:
        content = load_content(*write_content(Path(folder), rules))
    assessor = Assessor(content)
    engine = Ruleset.compile(rules)
    peer = Peer(rules)
    diagnose = diagnoser(assessor)
    disagree = 0
    for answer_set in sets[:1000]:
        ours = _fired_rules(assessor, answer_set)
        assert engine.fired(answer_set) == ours, answer_set
        full = assessor.assess(answer_set)
        severities, actions = diagnose(answer_set)
        assert severities == {d.mistake: d.severity for d in full.diagnoses}, answer_set
        assert actions == tuple(a.id for a in full.actions), answer_set
        disagree += peer.fired(answer_set) != ours
    ways: dict[str, Callable[[dict[str, Any]], object]] = {
        "peer: raw durable_rules (durable.lang, one action per rule)": peer.fired,
        "coach engine alone (facts in, rule ids out)": engine.fired,
        "coach diagnose (answers in, diagnoses and ranked actions out)": diagnose,
        "coach assess (answers in, the whole result with evidence out)": assessor.assess,
    }
    rates: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, run in ways.items():
            assessor.memo.clear()  # each round starts with nothing kept from the last
            rates[name].append(_cpu_rate(run, sets))
    load = os.getloadavg()
    print(
        f"{len(rules)} rules, {args.assessments:,} answer sets, medians of {args.rounds} rounds; "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
        f"peer disagreed on {disagree} of 1,000 answer sets"
    )
    print("| way | answer sets per CPU second | ratio to the peer |")
    print("|---|---:|---:|")
    peer_rate = statistics.median(rates[next(iter(ways))])
    for name in ways:
        rate = statistics.median(rates[name])
        print(f"| {name} | {rate:,.0f} | {rate / peer_rate:.2f} |")


if __name__ == "__main__":
    main()
