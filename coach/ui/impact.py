"""The terminal side of `coach rules impact`: a progress bar, then the report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from coach.authoring.impact import ImpactReport, Item, load_packs, replay
from coach.ui.console import make_console


@contextmanager
def progress_bar(console: Console, total: int, workers: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on the console; yields the function to call with each batch done.

    Redrawn as batches finish, not by a thread of its own: with no other thread running, the
    replay's workers can be forked (`coach.authoring.pool.start_method`).
    """
    progress = Progress(
        TextColumn(f"Replaying on {workers} worker{'s' if workers != 1 else ''}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        auto_refresh=False,
    )
    with progress:
        task = progress.add_task("replay", total=total)
        yield lambda done: progress.update(task, advance=done, refresh=True)


def replay_shown(
    base: Path,
    items: list[Item],
    *,
    rules: Path | None,
    questionnaires: Path | None,
    workers: int,
    examples: int,
) -> ImpactReport:
    """Replay `items` under both packs with a progress bar on standard error.

    Both packs are loaded first, so a content error is reported before the bar starts.
    """
    packs = load_packs(base, rules, questionnaires)
    with progress_bar(make_console(stderr=True), len(items), workers) as advance:
        return replay(
            base,
            items,
            rules=rules,
            questionnaires=questionnaires,
            workers=workers,
            examples=examples,
            on_progress=advance,
            packs=packs,
        )


def render_impact(console: Console, report: ImpactReport) -> None:
    """Counts per mistake and per action, examples, failures and throughput."""
    console.print(
        Text.assemble(
            ("Impact of ", ""),
            (report.new_pack, "bold"),
            (" against ", ""),
            (report.old_pack, "bold"),
            (f" on {report.assessed} assessments: ", ""),
            (
                f"{report.changed} {'change' if report.changed == 1 else 'changes'} "
                f"({report.people_affected} "
                f"{'person' if report.people_affected == 1 else 'people'} affected).",
                "bold",
            ),
        )
    )
    table = Table(title="Diagnoses per mistake", title_justify="left")
    for name in ("Mistake", "Before", "After", "Newly", "No longer", "Worse", "Milder"):
        table.add_column(name, justify="left" if name == "Mistake" else "right")
    for m in report.mistakes:
        table.add_row(
            m.title,
            str(m.before),
            str(m.after),
            _signed(m.newly, "+"),
            _signed(m.no_longer, "-"),
            _signed(m.worse, "+"),
            _signed(m.better, "-"),
        )
    console.print(table)
    if report.actions:
        actions = Table(title="Actions suggested to more or fewer people", title_justify="left")
        for name in ("Action", "Before", "After", "Gained", "Lost"):
            actions.add_column(name, justify="left" if name == "Action" else "right")
        for a in report.actions:
            actions.add_row(
                a.title, str(a.before), str(a.after), _signed(a.gained, "+"), _signed(a.lost, "-")
            )
        console.print(actions)
    for example in report.examples:
        who = example["person"] or example["key"]
        console.print(
            Text.assemble(("• ", "muted"), (who, "bold"), f" ({example['key']}): "),
            "; ".join(example["changes"]),
        )
    for failure in report.failed:
        console.print(Text(f"! could not replay {failure['key']}: {failure['reason']}", "red"))
    console.print(
        Text(
            f"{report.assessed} replayed in {report.seconds:.1f} s on {report.workers} "
            f"worker(s): {report.per_second:.0f} per second"
            + (f"; {report.restarts} worker restart(s)" if report.restarts else "")
            + ".",
            style="muted",
        )
    )


def _signed(value: int, sign: str) -> str:
    return f"{sign}{value}" if value else ""
