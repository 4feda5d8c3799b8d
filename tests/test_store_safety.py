"""The history survives what real life does to it: damaged files, newer coaches, two processes
writing at once, and `kill -9` in the middle of a write."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from coach import store as st
from coach.store.sqlite import DB_FILE

ROOT = Path(__file__).resolve().parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history_with_one_assessment(home: Path) -> Path:
    from store_helpers import CALM, mini_content, result_for

    with st.open_store(home) as store:
        st.save_assessment(store, "me", CALM, result_for(mini_content(), CALM), quarter="2026-Q3")
    return home / DB_FILE


def _damage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for number in range(1, len(data) // page):  # every page but the first (the header)
        data[number * page + 8 : number * page + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def _newer_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
        connection.execute("CREATE TABLE from_the_future (x)")
    connection.close()


def _foreign_database(path: Path) -> None:
    path.unlink()  # another program's database where the history should be
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda p: p.write_bytes(os.urandom(8192)), "it is not an SQLite database"),
        (_damage_pages, "is damaged"),
        (_newer_schema, "was written by a newer version of coach (schema 0099"),
        (_foreign_database, "is a database, but not a coach history"),
    ],
    ids=["garbage", "damaged-pages", "newer-schema", "not-coach"],
)
def test_an_unusable_history_is_refused_and_left_untouched(
    run_cli, tmp_path: Path, spoil, message: str
) -> None:
    home = tmp_path / "home"
    path = _history_with_one_assessment(home)
    spoil(path)
    before = _digest(path)
    plan = ["plan", "-o", str(tmp_path / "plan.pdf")]
    readers = (plan, ["show"])  # these read without SQLAlchemy: the same checks must hold
    for args in (["history"], ["export"], ["forget", "--person", "me", "--yes"], *readers):
        result = run_cli("--home", str(home), *args)
        assert result.code == 4, (args, result.err)
        assert message in result.err
        assert "left untouched" in result.err
        assert "Traceback" not in result.err
        assert _digest(path) == before, args
    assert sorted(p.name for p in home.iterdir()) == [DB_FILE]


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coach import store as st
    from coach.model.questionnaire import Questionnaire

    home, person, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    questionnaire = Questionnaire.model_validate({
        "id": "q", "version": "1", "title": "Q",
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "n", "type": "number", "text": "N?", "help": "n"}]}],
    })
    with st.open_store(home) as store:
        draft = st.start_draft(store, person, questionnaire)
        print("ready", draft, flush=True)
        while not go.exists():
            time.sleep(0.005)
        for number in range(count):
            st.save_answer(store, draft, f"s.n{number}", number)
            print("saved", number, flush=True)
    """
)


def _writer(tmp_path: Path, home: Path, person: str, count: int) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(home), person, str(count), str(tmp_path / "go")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    return str(result)


def test_two_processes_saving_answers_at_once_lose_nothing(tmp_path: Path) -> None:
    home, count = tmp_path / "home", 150
    st.open_store(home).close()
    writers = [_writer(tmp_path, home, person, count) for person in ("ana", "ben")]
    drafts = [int(w.stdout.readline().split()[1]) for w in writers]  # type: ignore[union-attr]
    (tmp_path / "go").touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.count("saved") == count
    assert _integrity(home / DB_FILE) == "ok"
    with st.open_store(home) as store:
        for person, draft in zip(("ana", "ben"), drafts, strict=True):
            found = st.latest_draft(store, person, "q")
            assert found is not None
            assert found.id == draft
            assert found.answers == {f"s.n{n}": n for n in range(count)}


def test_kill_9_mid_write_keeps_every_committed_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (tmp_path / "go").touch()
    writer = _writer(tmp_path, home, "me", 100_000)
    assert writer.stdout is not None
    assert writer.stdout.readline().startswith("ready")
    committed = -1
    while committed < 300:
        committed = int(writer.stdout.readline().split()[1])
    os.kill(writer.pid, signal.SIGKILL)  # in the middle of the next write, most likely
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert _integrity(home / DB_FILE) == "ok"
    with st.open_store(home) as store:
        found = st.latest_draft(store, "me", "q")
    assert found is not None
    saved = found.answers
    # Every answer reported as saved is there, and nothing half-written is.
    assert all(saved.get(f"s.n{n}") == n for n in range(committed + 1))
    assert set(saved) == {f"s.n{n}" for n in range(len(saved))}


def _export_of(run_cli, home: Path, person: str) -> str:
    result = run_cli("--home", str(home), "export", "--person", person)
    assert result.code == 0, result.err
    return result.out


def test_two_coach_imports_at_once_leave_both_histories_whole(run_cli, tmp_path: Path) -> None:
    from store_helpers import CALM, LONG_HOURS, mini_content, result_for

    source, target = tmp_path / "source", tmp_path / "target"
    content = mini_content()
    with st.open_store(source) as store:
        for person in ("ana", "ben"):
            for quarter in ("2026-Q1", "2026-Q2", "2026-Q3"):
                st.save_assessment(store, person, CALM, result_for(content, CALM), quarter=quarter)
            st.save_assessment(store, person, LONG_HOURS, result_for(content, LONG_HOURS))
    files = {}
    for person in ("ana", "ben"):
        files[person] = tmp_path / f"{person}.json"
        files[person].write_text(_export_of(run_cli, source, person), encoding="utf-8")
    st.open_store(target).close()
    command = [sys.executable, "-m", "coach", "--home", str(target), "import"]
    runs = [
        subprocess.Popen([*command, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for path in (files["ana"], files["ben"], files["ana"])  # and ana's file twice
    ]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0, 0], results
    assert _integrity(target / DB_FILE) == "ok"
    for person in ("ana", "ben"):
        assert _export_of(run_cli, target, person) == files[person].read_text(encoding="utf-8")


def test_a_busy_history_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.errors import StoreBusyError
    from coach.store import sqlite as backend

    home = tmp_path / "home"
    st.open_store(home).close()
    monkeypatch.setattr(backend, "BUSY_TIMEOUT_MS", 100)
    with st.open_store(home) as holder, holder.write():  # holds the write lock
        started = time.monotonic()
        with st.open_store(home) as other, pytest.raises(StoreBusyError, match="stayed busy"):
            st.save_assessment(other, "me", {}, _a_result())
        assert time.monotonic() - started < 10


def _a_result():
    from store_helpers import CALM, mini_content, result_for

    return result_for(mini_content(), CALM)


def test_export_is_valid_json_even_for_a_new_person(run_cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    with st.open_store(home) as store:
        st.start_draft(store, "Zoë 李", _questionnaire())
    data = json.loads(_export_of(run_cli, home, "Zoë 李"))
    assert data["person"]["name"] == "Zoë 李"
    assert [a["status"] for a in data["assessments"]] == ["draft"]


def _questionnaire():
    from store_helpers import mini_content

    return mini_content().questionnaire
