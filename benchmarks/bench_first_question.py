"""Time to the first question of `coach assess`, and whole-command start-up, as ratios to Python.

In one run, alternating so the load of a shared machine falls on all alike, each a new process:

- `python -c pass`: the floor every command pays;
- `python -c "import click"`: the floor of any program built on click, the CLI toolkit chosen;
- `python -c "import click, pydantic, sqlalchemy, yaml, rich.console"`: the libraries every
  assessment needs (command line, models, history store, YAML, terminal output), and the same
  with questionary (the interview's prompts): the floor of the chosen stack, before coach's code;
- the same libraries as they are used: pydantic's BaseModel (`import pydantic` alone defers its
  machinery) and the durable_rules engine, with and without questionary;
- `coach --help`;
- `coach assess --answers FILE` (a shipped persona, saved to a new history, and read against a
  history already there without saving);
- `coach assess` in a terminal (pexpect) until the first prompt is on screen (the welcome's
  "Ready?"), with a new history each run (the first assessment creates it) and with one
  already there; and with one already there and the content cache off (`COACH_NO_CACHE=1`): the
  first command after an install or an upgrade, which reads the shipped YAML.

The content cache is the user's own (platformdirs' cache folder, or `COACH_CACHE_DIR`): the
warm-up run fills it, as a user's first command does.

Medians of --runs, in milliseconds of wall time, and each as a ratio to `python -c pass`.
Measure an installed coach (not editable: `pip install .` into a venv) and give its `coach`:

    python benchmarks/bench_first_question.py --coach /path/to/venv/bin/coach [--runs 15]

With `--against /other/venv/bin/coach`, only the first question, of both in turn, pair by pair.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

# The first prompt on screen: the welcome's "Ready?" (or the first question itself, if a
# version asks it straight away).
FIRST_QUESTION = r"Ready\?|how many hours did you work"
# What every assessment imports before any of coach's code: the libraries the stack chose.
STACK = "import click, pydantic, sqlalchemy, yaml, rich.console"
# The same as they are used: `import pydantic` is lazy and loads BaseModel's machinery (35-45
# ms) only when a program first names it, which every pydantic program does; and the rules
# engine the stack chose (durable_rules, about 10 ms).
STACK_IN_USE = (
    "import click, sqlalchemy, yaml, rich.console; from pydantic import BaseModel; "
    "from durable.engine import durable_rules_engine"
)
PERSONA = Path(__file__).resolve().parent.parent / "examples" / "hero.yaml"


def _env(*, cache: bool = True) -> dict[str, str]:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed coach has its bytecode cached
    env.pop("COACH_NO_CACHE", None)
    if not cache:  # the first command after an install or an upgrade: content read from files
        env["COACH_NO_CACHE"] = "1"
    return env


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=_env())
    return time.perf_counter() - start


def _first_question(coach: str, home: Path, *, cache: bool = True) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(
        coach,
        ["--home", str(home), "assess"],
        env=_env(cache=cache),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(FIRST_QUESTION)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def _pairs(coach: str, other: str, runs: int) -> None:
    """The first question of `coach` and of `other` in turn, each with a history of its own."""
    homes = [Path(tempfile.mkdtemp(prefix="coach-bench-")) for _ in range(2)]
    for command, home in zip((coach, other), homes, strict=True):
        _first_question(command, home)  # creates the history; bytecode and cache warm
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(_first_question(coach, homes[0]))
        theirs.append(_first_question(other, homes[1]))
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    print(
        f"first question, history already there: {statistics.median(ours) * 1000:,.0f} ms "
        f"against {statistics.median(theirs) * 1000:,.0f} ms; pairwise ratio median "
        f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}) over "
        f"{runs} pairs; load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coach", required=True, help="the installed coach command")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--against",
        metavar="OTHER_COACH",
        help="another installed coach: time both first questions in turn, pair by pair, and "
        "print the median ratio instead of the table",
    )
    args = parser.parse_args()
    coach = args.coach
    if args.against:
        _pairs(coach, args.against, args.runs)
        return
    python = str(Path(coach).with_name("python"))
    kept = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    _first_question(coach, kept)  # creates the history the "already there" runs reuse
    ways: dict[str, Callable[[], float]] = {
        "python -c pass": lambda: _timed([python, "-c", "pass"]),
        "python -c 'import click' (any click program's floor)": lambda: _timed(
            [python, "-c", "import click"]
        ),
        "python -c 'import click, pydantic, sqlalchemy, yaml, rich.console' (the stack's floor)": (
            lambda: _timed([python, "-c", STACK])
        ),
        "the same and questionary (the interview's floor)": lambda: _timed(
            [python, "-c", f"{STACK}, questionary"]
        ),
        "the stack as used: pydantic's BaseModel and durable_rules too": lambda: _timed(
            [python, "-c", STACK_IN_USE]
        ),
        "the same and questionary (the interview's floor, as used)": lambda: _timed(
            [python, "-c", f"{STACK_IN_USE}; import questionary"]
        ),
        "coach --help": lambda: _timed([coach, "--help"]),
        "coach assess --answers (persona, history already there)": lambda: _timed(
            [coach, "--home", str(kept), "assess", "--answers", str(PERSONA), "--no-save"]
        ),
        "coach assess --answers (persona, new history)": lambda: _timed(
            [
                coach,
                "--home",
                tempfile.mkdtemp(prefix="coach-bench-"),
                "assess",
                "--answers",
                str(PERSONA),
            ]
        ),
        "first question, new history": lambda: _first_question(
            coach, Path(tempfile.mkdtemp(prefix="coach-bench-"))
        ),
        "first question, history already there": lambda: _first_question(coach, kept),
        "first question, history already there, content cache off": lambda: _first_question(
            coach, kept, cache=False
        ),
    }
    for run in ways.values():
        run()  # warm-up: bytecode written, files cached
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.runs):
        for name, run in ways.items():
            times[name].append(run())
    load = os.getloadavg()
    print(
        f"medians of {args.runs} runs each, alternating; load average {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f}; {os.cpu_count()} CPUs"
    )
    print("| command | wall, median | ratio to `python -c pass` |")
    print("|---|---:|---:|")
    floor = statistics.median(times["python -c pass"])
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"| {name} | {median * 1000:,.0f} ms | {median / floor:.1f} |")


if __name__ == "__main__":
    main()
