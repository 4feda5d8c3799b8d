"""`coach import`'s check of the whole file: what it costs against reading the file without it.

An export of N copies (distinct uids) of a real assessment of the shipped pack (the heads-down
persona: five diagnoses, ten actions, the works it cites). Measured in one run, best of --runs:
- check: coach.store.exchange.parse (depth scan, json.loads with number hooks, the walk over
  every value, pydantic's strict JSON validation, references);
- plain: json.loads, then HistoryExport.model_validate (lax, no depth scan, no walk);
- depth: the depth scan alone.

Run: python benchmarks/bench_import.py [--assessments 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def _export_text(count: int) -> str:
    from test_review_support import persona

    from coach.content.bundle import load_content
    from coach.store import exchange as x
    from coach.store import open_store, save_assessment
    from coach.store.transfer import export_person

    answers, result = persona(load_content(), "heads-down")
    with tempfile.TemporaryDirectory() as home, open_store(Path(home)) as store:
        save_assessment(store, "Robin", answers, result, quarter="2026-Q1")
        data = json.loads(x.dump(export_person(store, "Robin")))
    one = data["assessments"][0]
    data["assessments"] = []
    for index in range(count):
        copied = copy.deepcopy(one)
        copied["uid"] = f"{index:032x}"
        data["assessments"].append(copied)
    return json.dumps(data, indent=2)


def _best(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print the size of the file and each measure, with the ratio of check to plain."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from coach.store import exchange as x

    text = _export_text(args.assessments)
    check = _best(args.runs, lambda: x.parse(text, "export.json"))
    plain = _best(args.runs, lambda: x.HistoryExport.model_validate(json.loads(text)))
    depth = _best(args.runs, lambda: x.too_deep(text))
    size = len(text.encode()) / 2**20
    print(f"{args.assessments} assessments, {size:.1f} MiB")
    print(
        f"check {check:.2f} s ({check / size:.2f} s/MiB), plain {plain:.2f} s, depth {depth:.2f} s"
    )
    print(f"check / plain = {check / plain:.2f}")


if __name__ == "__main__":
    main()
