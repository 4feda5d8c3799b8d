"""The team store under load: 8 writers x 500 assessments on PostgreSQL over loopback, plus readers.

Each writer is a process with its own engineer role (row-level security on, as in production)
saving 500 complete assessments (a full answer set and its result, one transaction each); two
reader processes, as the administrator, list a random engineer's assessments until the writers
finish. Afterwards every row is counted: none may be lost or duplicated.

Run: python benchmarks/bench_team_load.py [--writers 8] [--each 500] [--readers 2]
     (COACH_TEST_POSTGRES: an admin URL, default postgresql://postgres@127.0.0.1:5432/postgres;
     a database and roles named coach_bench_<random> are made and dropped.)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

ADMIN = os.environ.get("COACH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def url_for(database: str, user: str | None = None) -> str:
    url = make_url(ADMIN).set(database=database)
    if user is not None:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


def answers_and_result() -> tuple[dict[str, Any], Any]:
    """The shipped questionnaire answered plausibly, and its result (computed once)."""
    from coach.content.bundle import load_content
    from coach.engine.assess import Assessor

    content = load_content()
    answers: dict[str, Any] = {}
    for ref, question in content.questionnaire.questions.items():
        kind = question.type
        if kind == "number":
            answers[ref] = question.min if question.min is not None else 1
        elif kind == "boolean":
            answers[ref] = True
    return answers, Assessor.reference(content).assess(answers)


def write(
    url: str, person: str, each: int, answers: dict[str, Any], result: Any
) -> tuple[list[float], float]:
    from coach.store import open_store, save_assessment

    timings = []
    with open_store(Path("/nonexistent"), url) as store:
        begun = time.perf_counter()
        for number in range(each):
            given = dict(answers)
            started = time.perf_counter()
            save_assessment(store, person, given, result, quarter=f"20{10 + number % 20}-Q1")
            timings.append(time.perf_counter() - started)
        return timings, time.perf_counter() - begun


def read(url: str, people: list[str], stop: Any) -> list[float]:
    from coach.store import list_assessments, open_store

    timings = []
    with open_store(Path("/nonexistent"), url) as store:
        while not stop.is_set():
            started = time.perf_counter()
            list_assessments(store, random.choice(people))
            timings.append(time.perf_counter() - started)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--readers", type=int, default=2)
    args = parser.parse_args()
    name = f"coach_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        run(name, args)
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in admin.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (f"{name}_",)
            ).fetchall():
                admin.execute(f'DROP ROLE "{role}"')


def run(name: str, args: argparse.Namespace) -> None:
    from coach.store import open_store
    from coach.store.team import grant_role

    answers, result = answers_and_result()
    people = [f"{name}_w{n}" for n in range(args.writers)]
    with open_store(Path("/nonexistent"), url_for(name)) as store:
        for person in people:
            grant_role(store, person, "engineer", "bench")
    context = mp.get_context("spawn")
    stop = context.Manager().Event()
    with context.Pool(args.writers + args.readers) as pool:
        readers = [
            pool.apply_async(read, (url_for(name), people, stop)) for _ in range(args.readers)
        ]
        writers = [
            pool.apply_async(write, (url_for(name, p), p, args.each, answers, result))
            for p in people
        ]
        done = [w.get() for w in writers]
        writes = [t for timings, _ in done for t in timings]
        wall = max(elapsed for _, elapsed in done)  # from each writer's first save to its last
        stop.set()
        reads = [t for r in readers for t in r.get()]
    with psycopg.connect(url_for(name), autocommit=True) as admin:
        per_person = dict(
            admin.execute(
                "SELECT p.name, count(a.id) FROM people p LEFT JOIN assessments a "
                "ON a.person_id = p.id GROUP BY p.name"
            ).fetchall()
        )
        (answer_rows,) = admin.execute("SELECT count(*) FROM answers").fetchone() or (0,)
        (uids,) = admin.execute("SELECT count(DISTINCT uid) FROM assessments").fetchone() or (0,)
    expected = args.writers * args.each
    saved = sum(per_person.values())
    lost = sum(max(0, args.each - per_person.get(p, 0)) for p in people)
    duplicated = saved - uids + sum(max(0, per_person.get(p, 0) - args.each) for p in people)
    print(
        f"writers {args.writers} x {args.each} assessments, readers {args.readers}, "
        f"{len(answers)} answers each; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"saved {saved} of {expected} assessments, {answer_rows} answers "
        f"(expected {expected * len(answers)}); lost {lost}, duplicated {duplicated}"
    )
    print(
        f"writes: {expected / wall:.0f}/s overall; "
        f"latency p50 {1000 * statistics.median(writes):.1f} ms, "
        f"p99 {1000 * percentile(writes, 0.99):.1f} ms, max {1000 * max(writes):.1f} ms"
    )
    if reads:
        print(
            f"reads:  {len(reads)} while writing; "
            f"latency p50 {1000 * statistics.median(reads):.1f} ms, "
            f"p99 {1000 * percentile(reads, 0.99):.1f} ms"
        )


if __name__ == "__main__":
    main()
