"""Four processes run `coach assess --answers` at once against one history: nothing is lost.

Each writer runs the real command (coach.cli.app.run, in-process) RUNS times for its own person;
then the history must hold exactly WRITERS x RUNS complete assessments, every one with all its
answers, and pass SQLite's integrity check.

Run: nice -n 10 python benchmarks/concurrent_writers.py [--writers 4] [--runs 200]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "coach" / "content" / "shipped" / "examples" / "hero.yaml"


def _writer(home: str, person: str, runs: int, start: float) -> list[int]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from coach.cli import app

    while time.time() < start:
        time.sleep(0.001)
    codes = []
    for _ in range(runs):
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            argv = ["--home", home, "assess", "--answers", str(ANSWERS), "--person", person]
            codes.append(app.run([*argv, "--json"]))
    return codes


def check(writers: int = 4, runs: int = 200) -> dict[str, object]:
    """Run the writers; return what the history holds afterwards."""
    from coach import store as st
    from coach.content.answers_file import load_answers
    from coach.content.bundle import load_content
    from coach.store.sqlite import DB_FILE

    home = Path(tempfile.mkdtemp(prefix="coach-writers-"))
    st.open_store(home).close()
    people = [f"writer-{n}" for n in range(writers)]
    began = time.perf_counter()
    start = time.time() + 1.0
    with mp.get_context("spawn").Pool(writers) as pool:
        codes = pool.starmap(_writer, [(str(home), p, runs, start) for p in people])
    seconds = time.perf_counter() - began
    expected = load_answers(ANSWERS, load_content(None, None).questionnaire).answers
    counts, whole = {}, True
    with st.open_store(home) as store:
        for person in people:
            found = st.list_assessments(store, person)
            counts[person] = len(found)
            for info in found:
                whole &= st.get_assessment(store, info.id).answers == expected
    with sqlite3.connect(home / DB_FILE) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    shutil.rmtree(home, ignore_errors=True)
    return {
        "exit codes": sorted({c for cs in codes for c in cs}),
        "assessments": counts,
        "answers whole": whole,
        "integrity": integrity,
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("NO_COLOR", "1")
    found = check(args.writers, args.runs)
    for key, value in found.items():
        print(f"{key}: {value}")
    counts = found["assessments"]
    assert isinstance(counts, dict)
    lost = args.writers * args.runs - sum(counts.values())
    print(f"lost: {lost} of {args.writers * args.runs}")
    sys.exit(0 if lost == 0 and found["answers whole"] and found["integrity"] == "ok" else 1)


if __name__ == "__main__":
    main()
