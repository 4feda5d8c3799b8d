"""How long saving one answer takes, alone and while another process writes; how long opening takes.

Run: `python benchmarks/store_latency.py` (uses a temporary folder; prints medians and p95).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from coach import store as st
from coach.model.questionnaire import Questionnaire

QUESTIONNAIRE = Questionnaire.model_validate(
    {
        "id": "q",
        "version": "1",
        "title": "Q",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [{"id": "n", "type": "number", "text": "N?", "help": "n"}],
            }
        ],
    }
)
OTHER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from benchmarks.store_latency import QUESTIONNAIRE
    from coach import store as st
    with st.open_store(Path(sys.argv[1])) as store:
        draft = st.start_draft(store, "other", QUESTIONNAIRE)
        print("ready", flush=True)
        for n in range(100000):
            st.save_answer(store, draft, f"s.n{{n}}", n)
    """
)


def _saves(store: st.Store, person: str, count: int) -> list[float]:
    draft = st.start_draft(store, person, QUESTIONNAIRE)
    times = []
    for number in range(count):
        started = time.perf_counter()
        st.save_answer(store, draft, f"s.n{number % 60}", number)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(name: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{name}: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, n={len(times)}"


def main() -> None:
    """Print the figures."""
    root = str(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        opened = []
        for _ in range(20):
            started = time.perf_counter()
            st.open_store(home).close()
            opened.append((time.perf_counter() - started) * 1000)
        print(_summary("open an up-to-date history", opened[1:]))
        with st.open_store(home) as store:
            print(_summary("save one answer, alone", _saves(store, "me", 500)))
            other = subprocess.Popen(
                [sys.executable, "-c", OTHER.format(root=root), folder],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert other.stdout is not None
            other.stdout.readline()
            try:
                times = _saves(store, "me", 500)
            finally:
                other.kill()
                other.wait()
            print(_summary("save one answer, another process writing flat out", times))


if __name__ == "__main__":
    main()
