"""kill -9 in the middle of `coach review` and `coach import` loses nothing that was committed,
and four processes writing assessments at once lose nothing (benchmarks/concurrent_writers.py runs
the 4 x 200 version; docs/reliability.md has its result)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from coach import store as st
from coach.store.sqlite import DB_FILE

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

REVIEWER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from pathlib import Path
    from coach import store as st
    from store_helpers import CALM, mini_content, plan_item, result_for, review_with

    home = Path(sys.argv[1])
    with st.open_store(home) as store:
        info = st.save_assessment(store, "me", CALM, result_for(mini_content(), CALM))
        print("assessment", info.id, flush=True)
        items = []
        for number in range(100_000):
            items.append(plan_item(f"u{number:05d}", None, f"Item {number}"))
            st.save_review(store, review_with(info.id, "r" * 32, *items))
            print("saved", number, flush=True)
    """
)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    return str(result)


def test_kill_9_mid_review_keeps_every_committed_decision(tmp_path: Path) -> None:
    script = tmp_path / "reviewer.py"
    script.write_text(REVIEWER, encoding="utf-8")
    home = tmp_path / "home"
    writer = subprocess.Popen(
        [sys.executable, str(script), str(home), str(TESTS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert writer.stdout is not None
    assessment = int(writer.stdout.readline().split()[1])
    committed = -1
    while committed < 60:
        committed = int(writer.stdout.readline().split()[1])
    os.kill(writer.pid, signal.SIGKILL)  # in the middle of the next save, most likely
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert _integrity(home / DB_FILE) == "ok"
    with st.open_store(home) as store:
        review = st.load_review(store, assessment)
    assert review is not None
    uids = [item.uid for item in review.items]
    # every save reported as done is there, whole, and nothing half-written is
    assert len(uids) >= committed + 1
    assert uids == [f"u{n:05d}" for n in range(len(uids))]
    assert [d.verdict for d in review.decisions] == ["agree"]


def _export(home: Path, person: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", "--home", str(home), "export", "--person", person],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_kill_9_mid_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    sys.path.insert(0, str(TESTS))
    from store_helpers import CALM, LONG_HOURS, mini_content, result_for

    source, target = tmp_path / "source", tmp_path / "target"
    content = mini_content()
    with st.open_store(source) as store:
        for n in range(30):
            answers = CALM if n % 2 else LONG_HOURS
            st.save_assessment(store, "ana", answers, result_for(content, answers))
    with st.open_store(target) as store:
        st.save_assessment(store, "ben", CALM, result_for(content, CALM))
    export = tmp_path / "ana.json"
    export.write_text(_export(source, "ana").stdout, encoding="utf-8")
    ben_before = _export(target, "ben").stdout
    command = [sys.executable, "-m", "coach", "--home", str(target), "import", str(export)]
    outcomes = set()
    for delay in (0.4, 0.7, 1.0, 1.4, 2.0):
        run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert _integrity(target / DB_FILE) == "ok"
        ana = _export(target, "ana")
        # all of ana's history or none of it: never a part
        whole = ana.returncode == 0 and ana.stdout == export.read_text(encoding="utf-8")
        assert whole or (ana.returncode == 4 and "no history for 'ana'" in ana.stderr), ana
        outcomes.add(whole)
        assert _export(target, "ben").stdout == ben_before
        if whole:
            break
    assert outcomes  # at least one kill landed


def test_four_writers_at_once_lose_no_assessment() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import concurrent_writers

    found = concurrent_writers.check(writers=4, runs=5)
    assert found["exit codes"] == [0]
    assert found["assessments"] == {f"writer-{n}": 5 for n in range(4)}
    assert found["answers whole"] is True
    assert found["integrity"] == "ok"
