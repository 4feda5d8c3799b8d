"""Answers in, diagnoses out, counted in CPU instructions: coach against raw durable_rules.

`bench_assess_throughput.py` times the same three ways in CPU seconds, which drift with the
load of a shared machine. Here each way runs under valgrind's callgrind, which counts the
instructions executed: the same count for the same code and input whatever else the machine is
doing. Each way runs twice in a new process, once over no answer sets and once over N; the
difference divided by N is the cost of one answer set, start-up and compilation left out.

The ways (the peers' 40-rule workload of `_workload.py`):

- peer: the rules written with `durable.lang` (`_peer_durable.py`), one Python action per rule;
- coach engine: `CompiledRules.fired` on the facts alone;
- coach diagnose: answers in, diagnoses and ranked actions out (`_workload.diagnoser`, what
  `coach rules impact` replays);
- coach assess: `Assessor.assess(answers)`, the whole result with evidence, actions and profile.

    python benchmarks/bench_instructions.py [--sets 1000]

Needs valgrind (Debian's package). Instructions are not seconds (the C engine runs more
instructions per cycle than Python does), so the CPU-second ratios stay the goal's yardstick;
these are the steady companion figures.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAYS = {
    "peer: raw durable_rules (durable.lang, one action per rule)": "peer",
    "coach engine alone (facts in, rule ids out)": "engine",
    "coach diagnose (answers in, diagnoses and ranked actions out)": "diagnose",
    "coach assess (answers in, the whole result with evidence out)": "assess",
}


def _child(way: str, count: int, total: int) -> None:
    """Run one way over the first `count` of `total` answer sets (after one warm-up set).

    Both runs of a way generate the same `total` sets, so the difference is the assessing only.
    """
    sys.path.insert(0, str(HERE))
    from _workload import answers, diagnoser, pack, write_content

    rules, sets = pack(40), answers(total)
    if way == "peer":
        from _peer_durable import Peer

        run = Peer(rules).fired
    elif way == "engine":
        from coach.engine import Ruleset

        run = Ruleset.compile(rules).fired
    else:
        from coach.content.bundle import load_content
        from coach.engine.assess import Assessor

        with tempfile.TemporaryDirectory() as folder:
            content = load_content(*write_content(Path(folder), rules))
        assessor = Assessor(content)
        run = diagnoser(assessor) if way == "diagnose" else assessor.assess
    run(sets[0])
    for answer_set in sets[:count]:
        run(answer_set)


def _instructions(way: str, count: int, total: int) -> int:
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--child", way, "--sets", str(total), "--run", str(count),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=int, default=1000)
    parser.add_argument("--child", choices=sorted(set(WAYS.values())), help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.run, args.sets)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    per_set = {
        name: (_instructions(way, args.sets, args.sets) - _instructions(way, 0, args.sets))
        / args.sets
        for name, way in WAYS.items()
    }
    peer = per_set[next(iter(WAYS))]
    print(f"{args.sets:,} answer sets; instructions per answer set (callgrind)")
    print("| way | instructions per answer set | peer / way |")
    print("|---|---:|---:|")
    for name, count in per_set.items():
        print(f"| {name} | {count / 1e6:.2f} M | {peer / count:.2f} |")


if __name__ == "__main__":
    main()
