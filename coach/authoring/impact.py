"""`coach rules impact`: replay assessments under the old and the new pack, and compare.

Each answer set (a file of `--answers DIR`, or an assessment kept in the history) is assessed
by both packs in worker processes; the report counts, per mistake, how many people are
diagnosed before and after and how that changed, the same for actions, and gives examples.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coach.authoring.pool import ItemError, run_resilient
from coach.content.answers_file import load_answers
from coach.content.bundle import Content, load_content
from coach.content.pack import display_path
from coach.engine import judgement
from coach.engine.assess import Assessor
from coach.engine.compare import Beside, ranks_alike
from coach.engine.diagnose import rank
from coach.engine.facts import build_facts
from coach.model.answers import Answers, InvalidAnswer, normalize
from coach.model.rules import severity_rank


@dataclass(frozen=True)
class Item:
    """One answer set to replay: from a file (read in the worker) or given."""

    key: str
    path: str | None = None
    person: str | None = None
    answers: Answers | None = None


@dataclass(frozen=True)
class Pair:
    """One answer set assessed by both packs (compact: it crosses a process boundary)."""

    key: str
    person: str | None
    before: dict[str, str]
    after: dict[str, str]
    actions_before: tuple[str, ...]
    actions_after: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether diagnoses or actions differ."""
        return self.before != self.after or set(self.actions_before) != set(self.actions_after)


@dataclass
class MistakeImpact:
    """One mistake across everyone: diagnosed before and after, and how it moved."""

    mistake: str
    title: str
    before: int = 0
    after: int = 0
    newly: int = 0
    no_longer: int = 0
    worse: int = 0
    better: int = 0


@dataclass
class ActionImpact:
    """One action across everyone: suggested before and after."""

    action: str
    title: str
    before: int = 0
    after: int = 0
    gained: int = 0
    lost: int = 0


@dataclass
class ImpactReport:
    """What the new pack changes for the people assessed."""

    old_pack: str
    new_pack: str
    total: int
    assessed: int = 0
    changed: int = 0
    people_affected: int = 0
    mistakes: list[MistakeImpact] = field(default_factory=list)
    actions: list[ActionImpact] = field(default_factory=list)
    examples: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    restarts: int = 0

    @property
    def per_second(self) -> float:
        """Answer sets replayed per second (each assessed twice)."""
        return self.assessed / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {**asdict(self), "per_second": round(self.per_second, 1)}


# -- worker side -------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def init_worker(old: Content, new: Content) -> None:
    """Compile both packs once per worker process.

    The packs come loaded from the command's process (in a forked worker's memory, or pickled
    to a fresh one: 4 ms, where reading them again took 110 ms a worker), so every worker
    replays exactly the packs the command checked.
    """
    shared = old.questionnaire.content_hash == new.questionnaire.content_hash
    _STATE.update(
        old_content=old,
        # the same questionnaire, so the same facts: only the old pack's rules that differ run
        old=None if shared else Assessor(old),
        new=Assessor(new),
        beside=Beside(old, new) if shared else None,
        alike=shared and ranks_alike(old, new),
    )


class _Replay:
    """One answer set on its way through `assess_pairs`: what each stage has found so far."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.person, self.answers = item.person, item.answers
        self.facts: dict[str, Any] = {}
        self.fired: frozenset[str] = frozenset()
        self.after: tuple[dict[str, str], tuple[str, ...]] = ({}, ())
        self.before: tuple[dict[str, str], tuple[str, ...]] | None = None  # None: as after
        self.error: ItemError | None = None


def assess_pairs(items: Sequence[Item]) -> list[Pair | ItemError]:
    """Assess a chunk of answer sets with the old and the new pack, stage by stage.

    Every set is read, then every set's facts built, then the engine run on each, and so on:
    each stage's code stays in the CPU's caches. On 3,000 generated sets this took 256 us a
    set where going through the stages set by set took 309-328 us. A set that fails at a stage
    goes no further and is reported with its reason; the others carry on.
    """
    sets = [_Replay(item) for item in items]
    stages = [_read, _facts, _fired, _after]
    stages.append(_before_beside if _STATE["beside"] is not None else _before_alone)
    for stage in stages:
        for replay in sets:
            if replay.error is None:
                try:
                    stage(replay)
                except Exception as error:  # noqa: BLE001 - reported per answer set
                    replay.error = ItemError.of(error)
    return [s.error or _pair(s) for s in sets]


def _read(replay: _Replay) -> None:
    if replay.answers is None:
        assert replay.item.path is not None
        replay.person, replay.answers = read_fast(Path(replay.item.path), _STATE["new"].content)


def _facts(replay: _Replay) -> None:
    assert replay.answers is not None
    replay.facts, _ = build_facts(_STATE["new"].content.questionnaire, replay.answers)


def _fired(replay: _Replay) -> None:
    replay.fired = _STATE["new"].fired(replay.facts)


def _after(replay: _Replay) -> None:
    replay.after = outcome(_STATE["new"].content, replay.fired, replay.facts)


def _before_beside(replay: _Replay) -> None:
    """The old pack's outcome on the same facts, when its rules fire otherwise or rank otherwise."""
    fired = _STATE["beside"].fired(replay.facts, replay.fired)
    if fired != replay.fired or not _STATE["alike"]:
        replay.before = outcome(_STATE["old_content"], fired, replay.facts)


def _before_alone(replay: _Replay) -> None:
    """The old pack's outcome on its own questionnaire's facts."""
    old: Content = _STATE["old_content"]
    assert replay.answers is not None
    facts, _ = build_facts(old.questionnaire, _for(old, replay.answers))
    replay.before = outcome(old, _STATE["old"].fired(facts), facts)


def _pair(replay: _Replay) -> Pair:
    (after, actions_after), before = replay.after, replay.before
    diagnoses, actions = before or (after, actions_after)  # None: the old pack's are the same
    return Pair(replay.item.key, replay.person, diagnoses, after, actions, actions_after)


def outcome(
    content: Content, fired: Iterable[str], facts: Mapping[str, Any] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Diagnoses (mistake -> severity) and ranked action ids from the rules that fired.

    The full result's own ranking (`coach.engine.diagnose.rank`: tenure stage, softening,
    groups, supersedes, conflicts) without building the evidence a report needs.
    """
    ranking = rank(content, fired, facts or {})
    kept, _, _ = judgement.order_ids(
        content, ranking.candidates(content), ranking.mistakes, ranking.done
    )
    return dict(ranking.severity), tuple(kept)


def read_fast(path: Path, content: Content) -> tuple[str | None, Answers]:
    """An answers file, read quickly; the located reader reads and explains any other file."""
    found = load_answers(path, content.questionnaire, quick=True, actions=content.pack.actions)
    return found.person, found.answers


def _for(content: Content, answers: Answers) -> Answers:
    """The answers the old pack's questionnaire knows (questions may have come or gone)."""
    questions = content.questionnaire.questions
    kept: Answers = {}
    for ref, value in answers.items():
        if ref in questions:
            try:
                kept[ref] = normalize(questions[ref], value)
            except InvalidAnswer:
                continue
    return kept


# -- main side -----------------------------------------------------------------------------


def answers_items(folder: Path) -> list[Item]:
    """Every answers file under a folder, as items to replay."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [Item(display_path(p), path=str(p)) for p in paths]


def history_items(home: Path | str) -> list[Item]:
    """Every complete assessment in a coach home folder's history, or a team database (URL).

    From a team database, only what the connecting role may read (row-level security).
    """
    from coach.store import complete_assessments, list_people, open_store

    store = open_store(Path(), home) if isinstance(home, str) else open_store(home)
    try:
        return [
            Item(f"#{stored.info.id}", person=stored.info.person, answers=stored.answers)
            for person in list_people(store)
            for stored in complete_assessments(store, person.name)
        ]
    finally:
        store.close()


def group_minimum(url: str) -> int:
    """A team database's minimum group size: a report on fewer people shows nothing."""
    from coach.store import open_store
    from coach.store.team import min_group_size

    with open_store(Path(), url) as store:
        return min_group_size(store)


def replay(
    base: Path,
    items: list[Item],
    *,
    rules: Path | None = None,
    questionnaires: Path | None = None,
    workers: int | None = None,
    examples: int = 5,
    on_progress: Callable[[int], None] | None = None,
    work: Callable[[list[Item]], list[Pair | ItemError]] = assess_pairs,
    packs: tuple[Content, Content] | None = None,
) -> ImpactReport:
    """Assess every item with the pack in `base` and the current pack; compare the results.

    `packs` are the two packs already loaded (by `load_packs`); otherwise they are loaded here.
    """
    old, new = packs or load_packs(base, rules, questionnaires)
    count = workers or os.cpu_count() or 1
    started = time.perf_counter()
    outcome = run_resilient(
        work,
        items,
        workers=count,
        initializer=init_worker,
        initargs=(old, new),
        chunk_size=max(1, min(100, len(items) // (count * 8) or 1)),
        on_progress=on_progress,
    )
    report = ImpactReport(_label(old), _label(new), len(items), workers=count)
    report.seconds = time.perf_counter() - started
    report.restarts = outcome.restarts
    pairs = [outcome.results[i] for i in sorted(outcome.results)]
    report.failed = [
        {"key": items[i].key, "reason": reason} for i, reason in sorted(outcome.failed.items())
    ]
    _tally(report, pairs, old, new, examples)
    return report


def load_packs(
    base: Path, rules: Path | None, questionnaires: Path | None
) -> tuple[Content, Content]:
    """The old and the new pack, loaded in this process first: content errors surface at once."""
    return load_content(base, questionnaires), load_content(rules, questionnaires)


def _label(content: Content) -> str:
    manifest = content.pack.manifest
    return f"{manifest.name} {manifest.version} ({content.pack.content_hash[:8]})"


def _tally(
    report: ImpactReport, pairs: Iterable[Pair], old: Content, new: Content, examples: int
) -> None:
    titles = {**{m.id: m.title for m in old.pack.mistakes.values()}}
    titles.update({m.id: m.title for m in new.pack.mistakes.values()})
    action_titles = {
        a.id: a.title for a in [*old.pack.actions.values(), *new.pack.actions.values()]
    }
    mistakes = {m: MistakeImpact(m, t) for m, t in titles.items()}
    actions = {a: ActionImpact(a, t) for a, t in action_titles.items()}
    affected: set[str] = set()
    for pair in pairs:
        report.assessed += 1
        _count_mistakes(pair, mistakes)
        _count_actions(pair, actions)
        if pair.changed:
            report.changed += 1
            affected.add(pair.person or pair.key)
            if len(report.examples) < examples:
                report.examples.append(
                    {"key": pair.key, "person": pair.person, "changes": describe(pair)}
                )
    report.people_affected = len(affected)
    report.mistakes = list(mistakes.values())
    report.actions = [a for a in actions.values() if a.gained or a.lost]


def _count_mistakes(pair: Pair, mistakes: dict[str, MistakeImpact]) -> None:
    for mistake in {*pair.before, *pair.after}:
        entry = mistakes.setdefault(mistake, MistakeImpact(mistake, mistake))
        old, new = pair.before.get(mistake), pair.after.get(mistake)
        entry.before += old is not None
        entry.after += new is not None
        if old is None and new is not None:
            entry.newly += 1
        elif old is not None and new is None:
            entry.no_longer += 1
        elif severity_rank(new) > severity_rank(old):
            entry.worse += 1
        elif severity_rank(new) < severity_rank(old):
            entry.better += 1


def _count_actions(pair: Pair, actions: dict[str, ActionImpact]) -> None:
    before, after = set(pair.actions_before), set(pair.actions_after)
    for action in before | after:
        entry = actions.setdefault(action, ActionImpact(action, action))
        entry.before += action in before
        entry.after += action in after
        entry.gained += action in after - before
        entry.lost += action in before - after


def describe(pair: Pair) -> list[str]:
    """What changed for one person, a phrase per change."""
    out = []
    for mistake in sorted({*pair.before, *pair.after}):
        old, new = pair.before.get(mistake), pair.after.get(mistake)
        if old == new:
            continue
        if old is None:
            out.append(f"now diagnosed with {mistake} ({new})")
        elif new is None:
            out.append(f"no longer diagnosed with {mistake} (was {old})")
        else:
            out.append(f"{mistake}: {old} -> {new}")
    gained = [a for a in pair.actions_after if a not in pair.actions_before]
    lost = [a for a in pair.actions_before if a not in pair.actions_after]
    if gained:
        out.append("new actions: " + ", ".join(gained))
    if lost:
        out.append("actions dropped: " + ", ".join(lost))
    return out
