"""The printed plan: how long a full plan takes to build and render, and `coach plan` end to end.

A full plan: the shipped pack and questionnaire, answers that bring all seven mistakes (34 rules,
both notices), a closed review deciding every diagnosis (agree, adjust, dismiss), eight actions
(one custom, typed in French and Japanese), and last quarter's plan with its follow-through.

Run: python benchmarks/bench_plan.py [--runs 10]
Prints the median of each measure, and the PDF's pages and size on A4 and Letter.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

PERSON = "Zoë Ångström-Nakamura"
# Answers that make every mistake fire (found by search over the shipped questionnaire);
# answers to questions that no longer exist are left out, so content changes do not break this.
FULL_ANSWERS: dict[str, Any] = {
    "workload.hours_per_week": 70,
    "workload.reactive_share": 100,
    "workload.only_one_who_knows": "several",
    "workload.runbooks": "some",
    "workload.on_call": True,
    "workload.out_of_hours": 4,
    "workload.rescues": 4,
    "workload.low_priority_requests": "always_yes",
    "workload.automated": False,
    "workload.time_off": "contacted",
    "recognition.glue_work": ["mentoring", "onboarding", "hiring"],
    "recognition.glue_share": 100,
    "recognition.brag_doc": "never",
    "recognition.brag_shared": True,
    "recognition.review_rating": "not_mentioned",
    "recognition.manager_knows": 1,
    "recognition.value_mapped": False,
    "recognition.pay_progress": "too_new",
    "recognition.recent_win": "Shipped the billing migration",
    "business.metrics_known": ["cac", "ttv", "churn", "gross_margin"],
    "business.leads": True,
    "business.aim": "principal",
    "business.last_proposal": "technical",
    "business.proposal_outcome": "delayed",
    "business.money_link": 1,
    "relationships.outside_share": 0,
    "relationships.one_to_ones": ["product", "none"],
    "relationships.politics_view": "avoid",
    "relationships.ideas_fate": "ignored",
    "relationships.pet_idea": "push",
    "relationships.helped_other_team": False,
    "relationships.decided_without_you": 4,
    "culture.months_in_role": 100,
    "culture.safe_to_challenge": 1,
    "culture.blame_first": 4,
    "culture.can_admit_gaps": 2,
    "culture.bad_news_hidden": 1,
    "culture.experiments_ok": 2,
    "culture.reward_structure": "architects",
    "culture.behaviours": ["harassment", "bullying", "narcissistic_leader", "scapegoating", "none"],
    "culture.symptoms": ["brain_fog", "numbness", "intrusive", "overwhelm", "cynicism", "none"],
    "culture.tried": ["boundaries", "stretch", "improvement"],
    "culture.test_response": "mixed",
    "positioning.learning_focus": "new_tech",
    "positioning.puzzle_hours": 60,
    "positioning.perceived_as": "unknown",
    "positioning.prevention": False,
    "positioning.translation": 1,
    "exit.posts_last_year": 0,
    "exit.talks_two_years": 0,
    "exit.warm_contacts": 0,
    "exit.last_reconnect": "year",
    "exit.interviews_speed": "no_idea",
    "exit.skills_2030": 2,
}


@cache
def full_result() -> Any:
    """The result of the full answers with the shipped content (reference evaluator)."""
    from coach.content.bundle import load_content
    from coach.engine.assess import Assessor
    from coach.model.answers import InvalidAnswer, normalize

    content = load_content()
    questions = content.questionnaire.questions
    answers = {}
    for ref, value in FULL_ANSWERS.items():
        if ref in questions:
            try:
                answers[ref] = normalize(questions[ref], value)
            except InvalidAnswer:
                continue
    return content, answers, Assessor.reference(content).assess(answers)


def full_review(result: Any, assessment_id: int, today: date) -> Any:
    """A closed review of every diagnosis, with eight actions."""
    from coach.review import decide

    now = datetime.now(UTC)
    review = decide.new_review(assessment_id, now=now, coach="Ana Lucía Pérez")
    for index, diagnosis in enumerate(decide.diagnosis_order(result)):
        verdict = ("agree", "adjust", "dismiss")[index % 3] if index < 3 else "agree"
        review = decide.decide(
            review,
            diagnosis,
            verdict,  # type: ignore[arg-type]
            severity="low" if verdict == "adjust" else None,
            reason="Handled with the manager already." if verdict == "dismiss" else None,
            note=f"Talked it through; next step agreed for {diagnosis.title.lower()}.",
            now=now,
        )
    owners = ["engineer", "manager", "coach", "engineer", "other", "engineer", "manager"]
    dues = ["2-weeks", "30-days", "30-days", "60-days", "60-days", "90-days", "90-days"]
    for action, owner, due in zip(decide.candidates(result, review), owners, dues, strict=False):
        review, _ = decide.add_item(
            review,
            now=now,
            title=action.title,
            action=action,
            first_step=action.first_step,
            owner=owner,  # type: ignore[arg-type]
            owner_name={"manager": "Dana Kowalczyk", "other": "张伟"}.get(owner),
            due=decide.due_date(due, today),
            success_check="Done and shown to the coach at the next check-in, with evidence.",
        )
    review, _ = decide.add_item(
        review,
        now=now,
        title="Présenter la démo à l'équipe — 山田さくらと一緒に",
        first_step="Book the Thursday demo slot",
        owner="engineer",
        due=today + timedelta(days=75),
        success_check="Demo given; three questions from other teams",
    )
    return decide.close(review, now=now)


def median_ms(
    step: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The median time of `step` by `clock` (wall by default), in milliseconds."""
    times = []
    for _ in range(runs):
        start = clock()
        step()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def make_history(home: Path) -> int:
    """A history with last quarter's plan and this quarter's reviewed full assessment."""
    from coach.review.decide import record_followup
    from coach.store import open_store, save_assessment, save_review

    content, answers, result = full_result()
    today = date.today()
    with open_store(home) as store:
        before = save_assessment(store, PERSON, answers, result, quarter="2000-Q1")
        last = full_review(result, before.id, today - timedelta(days=90))
        save_review(store, last)
        info = save_assessment(store, PERSON, answers, result)
        review = full_review(result, info.id, today)
        for item, status in zip(
            last.items, ("done", "partly", "done", "dropped", "done"), strict=False
        ):
            note = "Blocked by the reorg" if status == "dropped" else None
            review = record_followup(review, item.uid, status, note=note, now=datetime.now(UTC))
        save_review(store, review)
    return info.id


def steps(home: Path) -> None:
    """In a fresh process: what each step of `coach plan` costs, imports included (CPU, wall)."""
    marks = [("start", time.process_time(), time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.process_time(), time.perf_counter()))

    import coach.cli.app  # noqa: F401

    mark("import the CLI")
    from coach.session.review import find_assessment, printed_plan
    from coach.store import open_store

    mark("import the history store (SQLAlchemy) and the models")

    with open_store(home) as store:
        mark("open the history")
        info = find_assessment(store, PERSON, None)
        plan = printed_plan(store, info, today=date.today())
    mark("read and build the plan (works cited kept with the result)")
    import coach.render.pdf  # noqa: F401
    from coach.render import render_plan

    mark("import reportlab")
    data = render_plan(plan, "pdf")
    mark("render the PDF")
    from coach.home import write_private

    write_private(home / "plan.pdf", data)
    mark("write the file")
    for (_, cpu0, wall0), (name, cpu1, wall1) in zip(marks, marks[1:], strict=False):
        print(
            f"  {name:56s} {1000 * (cpu1 - cpu0):6.0f} ms CPU {1000 * (wall1 - wall0):6.0f} ms wall"
        )
    _, cpu_end, wall_end = marks[-1]
    total_cpu, total_wall = 1000 * (cpu_end - marks[0][1]), 1000 * (wall_end - marks[0][2])
    print(f"  {'total':56s} {total_cpu:6.0f} ms CPU {total_wall:6.0f} ms wall")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--steps-of", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.steps_of is not None:
        steps(args.steps_of)
        return
    runs = args.runs
    from pypdf import PdfReader

    from coach.render import render_plan
    from coach.review.printed import PlanInputs, build_printed_plan
    from coach.session.review import printed_plan

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        assessment = make_history(home)
        from coach.store import get_assessment, open_store

        with open_store(home) as store:
            info = get_assessment(store, assessment).info
            plan = printed_plan(store, info, today=date.today())
        content, _, result = full_result()
        inputs = PlanInputs(
            person=PERSON,
            quarter=info.quarter,
            result=result,
            sources=content.pack.sources,
            printed_on=date.today(),
        )
        build_ms = median_ms(lambda: build_printed_plan(inputs), runs)
        print(
            f"plan: {len(plan.diagnoses)} diagnoses, {len(plan.actions)} actions, "
            f"{len(plan.sources)} works cited, follow-through: {plan.follow_through is not None}"
        )
        print(f"build the printed plan (pure):      {build_ms:7.1f} ms")
        for paper in ("a4", "letter"):
            data = render_plan(plan, "pdf", paper)
            pages = len(PdfReader(io.BytesIO(data)).pages)
            pdf_ms = median_ms(lambda paper=paper: render_plan(plan, "pdf", paper), runs)
            pdf_cpu = median_ms(
                lambda paper=paper: render_plan(plan, "pdf", paper), runs, time.process_time
            )
            print(
                f"render the PDF, {paper:<6} (warm):       {pdf_ms:7.1f} ms wall, "
                f"{pdf_cpu:.1f} ms CPU  ({pages} pages, {len(data) / 1024:.0f} KiB)"
            )
        for fmt in ("html", "md"):
            ms = median_ms(lambda fmt=fmt: render_plan(plan, fmt), runs)
            print(f"render {fmt:<4} (warm):                 {ms:7.1f} ms")
        # Bytecode caching on, as for anyone who installed coach (this workplace turns it off).
        env = {**os.environ, "COACH_HOME": str(home)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = Path(folder) / "plan.pdf"
        argv = [sys.executable, "-m", "coach", "plan", "--person", PERSON, "-o", str(out)]
        bare = [sys.executable, "-c", "pass"]
        command_ms, command_cpu = process_ms(argv, env, runs)
        bare_ms, bare_cpu = process_ms(bare, env, runs)
        print(
            f"coach plan, whole command:          {command_ms:7.1f} ms wall, "
            f"{command_cpu:.1f} ms CPU  (python -c pass: {bare_ms:.1f} ms wall, "
            f"{bare_cpu:.1f} ms CPU)"
        )
        print("where the time of one `coach plan` goes, step by step:")
        child = [sys.executable, __file__, "--steps-of", str(home)]
        print(subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout)
        print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def process_ms(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time and CPU time (user + system) of a command, in milliseconds."""
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm: bytecode, disk cache
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)


if __name__ == "__main__":
    main()
