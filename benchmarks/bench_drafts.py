"""How long saving one answer takes: a draft kept in the history store, per answer.

Walks the shipped questionnaire with plausible answers through the session state machine and
times each `sink.save(...)` (what happens between pressing Enter and the next question).

    python benchmarks/bench_drafts.py [--answers 54] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from coach.content.bundle import load_content
from coach.model.questionnaire import Question
from coach.session.drafts import Draft, DraftSink
from coach.session.state import Session


def plausible(question: Question) -> Any:
    """A valid answer for any question."""
    if question.type == "number":
        return int(question.min or 0) + 1
    if question.type == "scale":
        assert question.scale is not None
        return question.scale.min
    if question.type == "boolean":
        return True
    if question.type == "single":
        return question.option_values[0]
    if question.type == "multi":
        return [question.option_values[0]]
    return "Something I am proud of"


def walk(sink: DraftSink, session: Session) -> list[float]:
    """Answer every question, saving after each; the seconds each save took."""
    timings = []
    while session.current is not None:
        session.answer(plausible(session.current))
        started = time.perf_counter()
        sink.save(session.draft())
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    """Print median and worst save times of drafts kept in the history store."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    questionnaire = load_content().questionnaire
    for kind in ("store",):
        timings: list[float] = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                home = Path(folder)
                session = Session(questionnaire, Draft.new(questionnaire))
                from coach.session.drafts_store import StoreDraftSink
                from coach.store import open_store

                with open_store(home) as store:
                    timings += walk(StoreDraftSink(store, "me", questionnaire), session)
        ms = sorted(t * 1000 for t in timings)
        print(
            f"{kind:5}  {len(ms)} saves  median {statistics.median(ms):.2f} ms  "
            f"p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms  max {ms[-1]:.2f} ms"
        )


if __name__ == "__main__":
    main()
