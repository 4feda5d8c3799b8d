"""Loading a rule pack: manifest, sources, mistakes, actions and rules files, cross-checked."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from coach.conditions.ast import All, Condition, Test
from coach.conditions.parse import ConditionParser
from coach.content.check import check_condition, inline_named
from coach.content.files import holds_pack
from coach.content.places import SHIPPED_RULES
from coach.content.pydantic_errors import validate
from coach.content.questionnaires import parse_conditions
from coach.content.yamlio import load
from coach.errors import Problem, checked_later, suggest, suggest_by_title
from coach.located import KeyPath, Located
from coach.model.answers import value_words
from coach.model.catalog import (
    Action,
    ActionsFile,
    Mistake,
    MistakesFile,
    PackManifest,
    PlanSettings,
    Source,
    SourcesFile,
)
from coach.model.followup import followup_targets
from coach.model.history_facts import HISTORY_FACTS
from coach.model.questionnaire import Questionnaire
from coach.model.rules import ConsistencyCheck, Rule, RulesFile, Strength, severity_rank

PACK_FILE = "pack.yaml"  # what makes a folder a rule pack
CATALOG_FILES = (PACK_FILE, "sources.yaml", "mistakes.yaml", "actions.yaml")


@dataclass(frozen=True)
class RulePack:
    """A loaded, checked rule pack; every rule's named conditions are inlined."""

    manifest: PackManifest
    sources: dict[int, Source]
    mistakes: dict[str, Mistake]
    actions: dict[str, Action]
    rules: tuple[Rule, ...]
    root: Path
    content_hash: str
    rule_files: dict[str, str] = field(default_factory=dict)
    # ids of the sources, mistakes and actions that come from the pack this one extends
    inherited: frozenset[str | int] = frozenset()
    strengths: tuple[Strength, ...] = ()
    checks: tuple[ConsistencyCheck, ...] = ()

    @cached_property
    def action_titles(self) -> dict[str, str]:
        """Every action's title by its id (follow-through evidence names actions by title)."""
        return {a.id: a.title for a in self.actions.values()}

    @cached_property
    def conflicts(self) -> dict[str, frozenset[str]]:
        """The actions each action conflicts with, in either direction (`conflicts_with`)."""
        found: dict[str, set[str]] = {
            a: set(action.conflicts_with) for a, action in self.actions.items()
        }
        for action in self.actions.values():
            for other in action.conflicts_with:
                found.setdefault(other, set()).add(action.id)
        return {a: frozenset(ids) for a, ids in found.items()}

    @cached_property
    def covered_by(self) -> dict[str, tuple[Strength, ...]]:
        """The strengths that cover each action (`covers:`), for the actions some strength does."""
        found: dict[str, list[Strength]] = {}
        for strength in self.strengths:
            for action_id in strength.covers:
                found.setdefault(action_id, []).append(strength)
        return {a: tuple(strengths) for a, strengths in found.items()}

    @cached_property
    def rewriters(self) -> dict[str, frozenset[str]]:
        """The actions that rewrite each action (`rewrites`), for those some action rewrites."""
        found: dict[str, set[str]] = {}
        for action in self.actions.values():
            for other in action.rewrites:
                found.setdefault(other, set()).add(action.id)
        return {a: frozenset(ids) for a, ids in found.items()}

    @cached_property
    def ranked_rules(self) -> tuple[Rule, ...]:
        """The rules in rank order: by priority, then severity (worst first), then pack order."""
        return tuple(sorted(self.rules, key=lambda r: (r.priority, -severity_rank(r.severity))))

    @cached_property
    def rule_rank(self) -> dict[str, int]:
        """Each rule's position in `ranked_rules`."""
        return {rule.id: index for index, rule in enumerate(self.ranked_rules)}

    @cached_property
    def group_order(self) -> dict[str, int]:
        """Each action group's position in the plan (`plan.groups`)."""
        return {group: index for index, group in enumerate(self.manifest.plan.groups)}

    @cached_property
    def done_needed(self) -> dict[str, tuple[str, ...]]:
        """For each action: the actions whose being done matters when it is suggested.

        Itself (a strength covers it), and what its rewrites are the same as (a rewrite that
        asks for something already done is dropped): no other strength need be checked.
        """
        return {
            a: (a, *(r.same_as for r in action.rewrites.values() if r.same_as is not None))
            for a, action in self.actions.items()
        }

    @cached_property
    def why_said(self) -> dict[str, str]:
        """Each action's `why:` on one line, as a dropped or rewritten action gives it."""
        return {a: " ".join((action.why or "").split()) for a, action in self.actions.items()}

    @cached_property
    def mistake_order(self) -> dict[str, int]:
        """Each mistake's position in the pack (mistakes.yaml order), the last tie-breaker."""
        return {m: i for i, m in enumerate(self.mistakes)}

    @cached_property
    def rules_per_mistake(self) -> dict[str, int]:
        """How many rules each mistake has (0 for a mistake no rule diagnoses yet)."""
        return {m: sum(rule.mistake == m for rule in self.rules) for m in self.mistakes}


@dataclass
class _Draft:
    """What has been read so far; problems accumulate across every file of the pack."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    located: dict[Path, Located] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)
    # Tests read inside conditions that could not be parsed: checked against the questionnaire
    # too, so a broken condition's unknown question or option shows beside its first problem.
    salvaged: list[Test] = field(default_factory=list)


# Fields that name a mistake or an action of the catalog (rules, tables, actions, the plan).
_REFERENCES = {
    **dict.fromkeys(("mistake", "mistakes", "soften", "outlive_dismissal"), "mistake"),
    **dict.fromkeys(("actions", "supersedes", "conflicts_with", "covers", "same_as"), "action"),
}
_LISTED = 12  # at most this many known ids are named when none is close
_LISTED_KINDS = ("mistake", "notice")  # the few an author picks from (actions are many)
_INVALID_ID = re.compile(r"'(.*)' is not a valid id")
_LAST_KEY = re.compile(r"(\w+)(?:\[\d+\])?$")

CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
"""A citation of sources by number in a text: [4] or [3, 4]."""


def known_id_hint(
    problem: Problem, kind: str, known: Collection[str], titles: Mapping[str, str]
) -> Problem:
    """An invalid id where a `kind` of `known` goes: suggest one that exists, not a spelling.

    Validation suggests 'toxic_culture' for `toxic-culture`, which breaks the id pattern but is
    no mistake either; here, where the ids are known, the suggestion is 'toxic' (by spelling,
    or by `titles`: 'Strategic No' finds 'strategic-no'). Other problems are returned as they are.
    """
    written = _INVALID_ID.match(problem.message)
    if written is None:
        return problem
    spelt = problem.suggestion or ""
    hint = (
        (spelt if spelt in known else None)
        or suggest(spelt or written[1], known)
        or suggest(written[1].lower(), known)
        or suggest_by_title(spelt or written[1], titles)
    )
    message = problem.message
    if hint is None and kind in _LISTED_KINDS and len(known) <= _LISTED:
        message += f"; the {kind}s: {', '.join(sorted(known))}"
    return replace(problem, message=message, suggestion=hint)


def rules_files(root: Path) -> list[Path]:
    """The rules files of a pack folder: YAML files but the catalog ones, and CSV tables, sorted."""
    # Not only regular files: a FIFO, device, folder or dangling link named like a rules file is
    # refused by name when read, not skipped in silence.
    found = [p for p in root.iterdir() if p.suffix in (".yaml", ".yml", ".csv")]
    return sorted(p for p in found if p.name not in CATALOG_FILES)


def _read_rules(draft: _Draft, path: Path) -> RulesFile | None:
    """A rules file, or a decision table (YAML `table:` or CSV) compiled to the same rules."""
    from coach.content.tables import is_table_file, read_table

    if not is_table_file(path):
        rules_file: RulesFile | None = _read(draft, path, RulesFile, _rule_when_paths)
        return rules_file
    located, rules_file, _, problems = read_table(path, display_path(path))
    draft.problems += problems
    if located is not None:
        draft.located[path] = located
    return rules_file


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it."""
    try:
        # resolve the folder only: a symlinked file keeps its own name (a dangling link to
        # nowhere.yaml is still reported as the file the user gave)
        return str((path.absolute().parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # outside the folder, a symlink loop, no cwd
        return str(path)


def _read(draft: _Draft, path: Path, model: type[Any], when_paths: Any = None) -> Any:
    """Read one file as `model`; every problem goes to the draft, the model only when clean."""
    located, problems = load(path, display_path(path))
    if located.data is None and problems:
        draft.problems += problems  # not YAML at all: nothing more can be checked
        return None
    if located.data is None:
        located.data = {}
    draft.located[path] = located
    if when_paths is not None and isinstance(located.data, dict):
        parser = ConditionParser(located)
        draft.salvaged += parse_conditions(located, when_paths(located.data), parser)
        problems += parser.problems
    if model is RulesFile:
        instance, found = _validate_rules_file(located)
    else:
        instance, found = validate(model, located, located.data)
    problems += found
    draft.problems += _one_per_place(problems)
    return instance if model is RulesFile or not problems else None


def _partial_rule(raw: Any) -> Rule:
    """The well-typed parts of an invalid rule, so its references are still checked."""
    raw = raw if isinstance(raw, dict) else {}

    def strings(value: Any) -> tuple[str, ...]:
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    fields: dict[str, Any] = {
        "id": raw.get("id") if isinstance(raw.get("id"), str) else "",
        "mistake": raw.get("mistake") if isinstance(raw.get("mistake"), str) else None,
        "notice": raw.get("notice") if isinstance(raw.get("notice"), str) else None,
        "when": raw.get("when") if isinstance(raw.get("when"), Condition) else All(()),
        "actions": strings(raw.get("actions")),
        "sources": tuple(v for v in raw.get("sources") or () if isinstance(v, int))
        if isinstance(raw.get("sources"), list)
        else (),
        "priority": 0,
        "severity": "low",
    }
    return Rule.model_construct(**fields)


def _validate_rules_file(located: Located) -> tuple[RulesFile, list[Problem]]:
    """Validate rule by rule, so the valid ones are still cross-checked and every error shows."""
    data = located.data if isinstance(located.data, dict) else {}
    raw_rules = data.get("rules")
    rules: list[Rule] = []
    problems: list[Problem] = []
    if not isinstance(located.data, dict):  # an empty file was made {} (a start, not an error)
        got = value_words(located.data)
        message = f"a rules file is a mapping of rules, conditions, strengths and checks, got {got}"
        problems.append(located.problem((), message))
    if isinstance(raw_rules, list):
        for i, raw in enumerate(raw_rules):
            rule, found = validate(Rule, located, raw, ("rules", i))
            problems += found
            rules.append(rule if rule is not None else _partial_rule(raw))
        data = {**data, "rules": []}
    shell, found = validate(RulesFile, located, data)
    problems += found
    if shell is None:  # keep what is valid (a typo `rule:` beside `conditions:`), so the rest of
        # the pack is not told its named conditions are unknown; the problems are reported above
        parts = {}
        for key in ("conditions", "strengths", "checks"):
            part = validate(RulesFile, located, {key: data[key]})[0] if key in data else None
            if part is not None:
                parts[key] = getattr(part, key)
        return RulesFile(rules=tuple(rules), **parts), problems
    rules_file = RulesFile(
        conditions=shell.conditions,
        rules=tuple(rules),
        strengths=shell.strengths,
        checks=shell.checks,
    )
    return rules_file, problems


def _one_per_place(problems: list[Problem]) -> list[Problem]:
    """Keep the first problem at each place: a refused tag need not also be a missing value."""
    seen: set[tuple[str, int | None, int | None]] = set()
    kept = []
    for problem in problems:
        place = (problem.path, problem.line, problem.column)
        if place not in seen:
            kept.append(problem)
        seen.add(place)
    return kept


def _rule_when_paths(data: dict[str, Any]) -> list[KeyPath]:
    paths: list[KeyPath] = []
    if isinstance(data.get("conditions"), dict):
        paths += [("conditions", name) for name in data["conditions"]]
    if isinstance(data.get("rules"), list):
        for i, rule in enumerate(data["rules"]):
            if isinstance(rule, dict) and rule.get("when") is not None:
                paths.append(("rules", i, "when"))
    for key in ("strengths", "checks"):
        if isinstance(data.get(key), list):
            for i, item in enumerate(data[key]):
                if isinstance(item, dict) and item.get("when") is not None:
                    paths.append((key, i, "when"))
    return paths


def read_pack(
    root: Path, questionnaires: dict[str, Questionnaire], extra: list[Path] | None = None
) -> tuple[RulePack | None, list[Problem]]:
    """Read and cross-check the pack in `root` (plus `extra` rules files).

    Never raises for content problems: they are all returned, located.
    """
    draft = _Draft(root)
    if not (root / PACK_FILE).is_file():
        where = display_path(root)
        message = "no pack.yaml here: is this a rules folder?"
        if holds_pack(root):  # the folder `coach rules init` made
            message = f"no pack.yaml here, but its rules folder has one: give {where}/rules"
        return None, [Problem(where, None, None, "", message)]
    manifest = _read(draft, root / PACK_FILE, PackManifest)
    base = _read_base(draft, root, manifest, {root.resolve()}) if manifest else None
    optional = manifest is not None and manifest.extends is not None
    sources = _read_catalog_file(draft, root / "sources.yaml", SourcesFile, optional)
    mistakes = _read_catalog_file(draft, root / "mistakes.yaml", MistakesFile, optional)
    actions = _read_catalog_file(draft, root / "actions.yaml", ActionsFile, optional)
    read = [(p, _read_rules(draft, p)) for p in [*rules_files(root), *(extra or [])]]
    files = {path: rules_file for path, rules_file in read if rules_file is not None}
    if None in (manifest, sources, mistakes, actions) or (optional and base is None):
        later = (
            "the rules are checked against pack.yaml, sources.yaml, mistakes.yaml and "
            "actions.yaml (their ids, sources and questions)"
        )
        return None, [*draft.problems, checked_later(display_path(root), later)]
    questionnaire = questionnaires.get(manifest.questionnaire)
    if questionnaire is None:
        message = f"unknown questionnaire '{manifest.questionnaire}'"
        hint = suggest(manifest.questionnaire, questionnaires)
        draft.problems.append(
            draft.located[root / "pack.yaml"].problem(("questionnaire",), message, suggestion=hint)
        )
        later = "the rules are checked against the questionnaire pack.yaml names"
        return None, [*draft.problems, checked_later(display_path(root), later)]
    base = base or _Base()
    catalog = _Catalog(draft, sources.sources, mistakes.mistakes, actions.actions, base)
    catalog.check()
    draft.problems[:] = [catalog.known_hint(p) for p in draft.problems]
    manifest = _with_base(draft, root, manifest, base, questionnaire)
    catalog.check_plan(manifest, questionnaire)
    rules, rule_files = _check_rules(draft, catalog, manifest, files, questionnaire)
    strengths, checks = _check_judgement(draft, catalog, files, questionnaire)
    unread = [display_path(path) for path, rules_file in read if rules_file is None]
    if unread:  # a named condition may be defined in a file that could not be read
        draft.problems[:] = [_maybe_unread(p, unread) for p in draft.problems]
    draft.problems[:] = _one_per_place(draft.problems)
    if any(p.severity == "error" for p in draft.problems):
        return None, draft.problems
    pack = RulePack(
        manifest=manifest,
        sources={s.id: s for s in [*sources.sources, *base.sources]},
        mistakes={m.id: m for m in [*mistakes.mistakes, *base.mistakes]},
        actions={a.id: a for a in [*actions.actions, *base.actions]},
        rules=rules,
        root=root,
        content_hash=pack_hash(root),
        rule_files=rule_files,
        inherited=frozenset(base.where),
        strengths=strengths,
        checks=checks,
    )
    return pack, draft.problems


def _maybe_unread(problem: Problem, unread: list[str]) -> Problem:
    """'unknown condition' beside a rules file that could not be read: say it may be there."""
    if not problem.message.startswith("unknown condition '"):
        return problem
    files = " or ".join(unread)
    note = f" (it may be defined in {files}, which could not be read: fix that first)"
    return replace(problem, message=problem.message + note, suggestion=None)


@dataclass
class _Base:
    """The catalog of the pack(s) a pack extends, and where each id is defined."""

    sources: list[Source] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    notices: dict[str, Any] = field(default_factory=dict)
    where: dict[str | int, str] = field(default_factory=dict)
    plan: PlanSettings | None = None  # the plan settings of the nearest pack that writes `plan:`


def pin_extends(copy: Path, original: Path) -> None:
    """In a scratch copy of the pack at `original`, make a relative `extends:` absolute."""
    extends = _extends_of(original)
    if extends is None or extends == "shipped":
        return
    manifest = copy / "pack.yaml"
    target = extended_root(original, extends).resolve()
    text = manifest.read_text(encoding="utf-8")
    pinned = re.sub(r"(?m)^extends:.*$", f"extends: {json.dumps(str(target))}", text, count=1)
    manifest.write_text(pinned, encoding="utf-8")


def extended_root(root: Path, extends: str) -> Path:
    """The rules folder `extends:` names: `shipped`, or a path relative to the pack folder."""
    return SHIPPED_RULES if extends == "shipped" else (root / extends)


def _read_base(draft: _Draft, root: Path, manifest: PackManifest, seen: set[Path]) -> _Base | None:
    """The catalog of the pack `manifest` extends (and of the packs that one extends)."""
    if manifest.extends is None:
        return _Base()
    target = extended_root(root, manifest.extends)
    located = draft.located[root / "pack.yaml"]
    if not (target / "pack.yaml").is_file():
        message = (
            f"extends '{manifest.extends}', but {display_path(target)} has no pack.yaml "
            "(write `extends: shipped`, or the path of a rules folder relative to this file)"
        )
        draft.problems.append(located.problem(("extends",), message))
        return None
    if target.resolve() in seen:
        message = f"extends '{manifest.extends}', which extends this pack again (a loop)"
        draft.problems.append(located.problem(("extends",), message))
        return None
    seen.add(target.resolve())
    base_manifest = _read(draft, target / "pack.yaml", PackManifest)
    if base_manifest is None:
        return None
    deeper = _read_base(draft, target, base_manifest, seen)
    optional = base_manifest.extends is not None
    files = [
        _read_catalog_file(draft, target / "sources.yaml", SourcesFile, optional),
        _read_catalog_file(draft, target / "mistakes.yaml", MistakesFile, optional),
        _read_catalog_file(draft, target / "actions.yaml", ActionsFile, optional),
    ]
    if deeper is None or None in files:
        return None
    sources, mistakes, actions = files
    base = _Base(
        [*sources.sources, *deeper.sources],
        [*mistakes.mistakes, *deeper.mistakes],
        [*actions.actions, *deeper.actions],
        {**deeper.notices, **base_manifest.notices},
        dict(deeper.where),
        base_manifest.plan if "plan" in base_manifest.model_fields_set else deeper.plan,
    )
    for name, key, items in (
        ("sources.yaml", "sources", sources.sources),
        ("mistakes.yaml", "mistakes", mistakes.mistakes),
        ("actions.yaml", "actions", actions.actions),
    ):
        for i, item in enumerate(items):
            line = draft.located[target / name].where((key, i, "id"))[0]
            base.where[item.id] = f"{display_path(target / name)}:{line}"
    return base


def _read_catalog_file(draft: _Draft, path: Path, model: type[Any], optional: bool) -> Any:
    """A catalog file; in a pack that extends another, a missing one is simply empty."""
    if optional and not path.exists():
        key = path.stem  # sources, mistakes or actions: the file's only key
        return model.model_construct(**{key: ()})
    return _read(draft, path, model)


def _with_base(
    draft: _Draft, root: Path, manifest: PackManifest, base: _Base, questionnaire: Questionnaire
) -> PackManifest:
    """The manifest with the notices and plan settings of the pack it extends.

    A notice defined twice is an error; a pack that writes its own `plan:` keeps it. The plan
    comes whole (the action groups the inherited actions rank by, the tenure stages),
    but for `months_in_role` answers this pack's questionnaire does not ask: without any left,
    no tenure stage applies.
    """
    located = draft.located[root / "pack.yaml"]
    for notice_id in manifest.notices:
        if notice_id in base.notices:
            message = f"notice '{notice_id}' is already defined by the pack this one extends"
            draft.problems.append(located.problem(("notices", notice_id), message, key=True))
    update: dict[str, Any] = {"notices": {**base.notices, **manifest.notices}}
    if base.plan is not None and "plan" not in manifest.model_fields_set:
        known = set(questionnaire.questions) | set(HISTORY_FACTS)
        months = tuple(ref for ref in base.plan.months_in_role if ref in known)
        update["plan"] = base.plan.model_copy(
            update={"months_in_role": months, "tenure": base.plan.tenure if months else ()}
        )
    return manifest.model_copy(update=update)


def pack_hash(root: Path) -> str:
    """SHA-256 over the pack's files (names and bytes), tests excluded, and those it extends."""
    digest = hashlib.sha256()
    seen: set[Path] = set()
    while root.resolve() not in seen:
        seen.add(root.resolve())
        catalog = [root / n for n in CATALOG_FILES if (root / n).is_file()]
        for path in sorted([*catalog, *rules_files(root)]):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        extends = _extends_of(root)
        if extends is None:
            break
        root = extended_root(root, extends)
    return digest.hexdigest()


def _extends_of(root: Path) -> str | None:
    located, problems = load(root / "pack.yaml", display_path(root / "pack.yaml"))
    data = located.data if not problems else None
    value = data.get("extends") if isinstance(data, dict) else None
    return (
        value
        if isinstance(value, str) and (extended_root(root, value) / "pack.yaml").is_file()
        else None
    )


class _Catalog:
    """Cross-checks within sources, mistakes and actions, and against the pack extended."""

    def __init__(
        self,
        draft: _Draft,
        sources: Iterable[Source],
        mistakes: Iterable[Mistake],
        actions: Iterable[Action],
        base: _Base,
    ) -> None:
        self.draft = draft
        self.sources = list(sources)
        self.mistakes = list(mistakes)
        self.actions = list(actions)
        self.base = base
        self.source_ids = {s.id for s in [*self.sources, *base.sources]}
        self.mistake_ids = {m.id for m in [*self.mistakes, *base.mistakes]}
        self.action_ids = {a.id for a in [*self.actions, *base.actions]}
        self.titles = {
            **{m.id: m.title for m in [*self.mistakes, *base.mistakes]},
            **{a.id: a.title for a in [*self.actions, *base.actions]},
        }

    def problem(self, file: Path, loc: KeyPath, message: str, hint: str | None = None) -> None:
        self.draft.problems.append(self.draft.located[file].problem(loc, message, suggestion=hint))

    def check(self) -> None:
        root = self.draft.root
        self._unique(root / "sources.yaml", "sources", [s.id for s in self.sources], "source")
        self._unique(root / "mistakes.yaml", "mistakes", [m.id for m in self.mistakes], "mistake")
        self._unique(root / "actions.yaml", "actions", [a.id for a in self.actions], "action")
        for i, mistake in enumerate(self.mistakes):
            self.check_sources(root / "mistakes.yaml", ("mistakes", i, "sources"), mistake.sources)
        for i, action in enumerate(self.actions):
            self.check_sources(root / "actions.yaml", ("actions", i, "sources"), action.sources)
            for j, mistake_id in enumerate(action.mistakes):
                self.check_ref(
                    root / "actions.yaml",
                    ("actions", i, "mistakes", j),
                    mistake_id,
                    self.mistake_ids,
                    "mistake",
                )

    def check_plan(self, manifest: PackManifest, questionnaire: Questionnaire) -> None:
        """Action groups and relations, tenure stages and mistakes' sections name what exists."""
        actions_file = self.draft.root / "actions.yaml"
        groups = set(manifest.plan.groups)
        for j, group in enumerate(manifest.plan.outlive_dismissal):
            where: KeyPath = ("plan", "outlive_dismissal", j)
            self.check_ref(self.draft.root / "pack.yaml", where, group, groups, "action group")
        for i, action in enumerate(self.actions):
            loc: KeyPath = ("actions", i)
            self.check_ref(actions_file, (*loc, "group"), action.group, groups, "action group")
            if action.notice is not None:
                notices = set(manifest.notices)
                self.check_ref(actions_file, (*loc, "notice"), action.notice, notices, "notice")
            for key, ids in (
                ("supersedes", action.supersedes),
                ("conflicts_with", action.conflicts_with),
                ("rewrites", tuple(action.rewrites)),
            ):
                for j, other in enumerate(ids):
                    where = (*loc, key, other) if key == "rewrites" else (*loc, key, j)
                    others = self.action_ids - {action.id}  # never suggest the action itself
                    self.check_ref(actions_file, where, other, others, "action")
                    if other == action.id:
                        self.problem(actions_file, where, f"'{other}' names the action itself")
            for other, rewrite in action.rewrites.items():
                if rewrite.same_as is not None:
                    where = (*loc, "rewrites", other, "same_as")
                    others = set(action.rewrites) - {other}
                    self.check_ref(actions_file, where, rewrite.same_as, others, "rewritten action")
            if (action.supersedes or action.rewrites) and action.why is None:
                self.problem(
                    actions_file,
                    (*loc, "id"),
                    f"action '{action.id}' supersedes or rewrites others: say `why:` so the "
                    "plan can tell the person",
                )
        self._check_tenure(manifest, questionnaire)

    def _check_tenure(self, manifest: PackManifest, questionnaire: Questionnaire) -> None:
        pack_file = self.draft.root / "pack.yaml"
        sections = {s.id for s in questionnaire.sections}
        for i, mistake in enumerate(self.mistakes):
            for j, section in enumerate(mistake.sections):
                where = ("mistakes", i, "sections", j)
                self.check_ref(
                    self.draft.root / "mistakes.yaml", where, section, sections, "section"
                )
        plan = manifest.plan
        known = set(questionnaire.questions) | set(HISTORY_FACTS)
        for j, ref in enumerate(plan.months_in_role):
            self.check_ref(pack_file, ("plan", "months_in_role", j), ref, known, "question")
        for i, stage in enumerate(plan.tenure):
            loc: KeyPath = ("plan", "tenure", i)
            if stage.months[0] > stage.months[1] or stage.months[0] < 0:
                self.problem(pack_file, (*loc, "months"), "months: [first, last], first <= last")
            self.check_sources(pack_file, (*loc, "sources"), stage.sources)
            for j, action_id in enumerate(stage.actions):
                self.check_ref(
                    pack_file, (*loc, "actions", j), action_id, self.action_ids, "action"
                )
            for j, mistake_id in enumerate(stage.soften):
                self.check_ref(
                    pack_file, (*loc, "soften", j), mistake_id, self.mistake_ids, "mistake"
                )
        if plan.tenure and not plan.months_in_role:
            self.problem(pack_file, ("plan", "tenure"), "tenure stages need `months_in_role:`")

    def _unique(self, file: Path, key: str, ids: list[str | int], kind: str) -> None:
        seen: set[str | int] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.problem(file, (key, i, "id"), f"duplicate {kind} id '{item_id}'")
            elif item_id in self.base.where:
                where = self.base.where[item_id]
                message = f"{kind} '{item_id}' is already defined by the pack this one extends"
                self.problem(file, (key, i, "id"), f"{message} ({where})")
            seen.add(item_id)

    def check_sources(self, file: Path, loc: KeyPath, sources: Iterable[int]) -> None:
        for j, number in enumerate(sources):
            if number not in self.source_ids:
                top = max(self.source_ids, default=0)
                self.problem(
                    file, (*loc, j), f"unknown source {number} (sources.yaml lists 1 to {top})"
                )

    def check_citations(self, file: Path, loc: KeyPath, text: str | None) -> None:
        """A `[n]` in a text must be a source that sources.yaml lists."""
        cited = {int(n) for group in CITATION.findall(text or "") for n in group.split(",")}
        unknown = sorted(n for n in cited if n not in self.source_ids)
        if unknown:
            numbers = ", ".join(f"[{n}]" for n in unknown)
            known = sorted(self.source_ids)
            listed = ", ".join(map(str, known)) if len(known) <= 8 else f"{known[0]} to {known[-1]}"
            message = f"cites {numbers}, which sources.yaml does not list (it lists {listed})"
            self.problem(file, loc, message)

    def known_hint(self, problem: Problem) -> Problem:
        """A mistake or action named by an invalid id: suggest a known one, not a spelling.

        `mistake: toxic-culture` breaks the id pattern, so validation suggests 'toxic_culture',
        which is no mistake either; here, where the catalog is known, it suggests 'toxic'.
        """
        field = _LAST_KEY.search(problem.key_path)
        kind = _REFERENCES.get(field[1]) if field else None
        if kind is None:
            return problem
        known = self.mistake_ids if kind == "mistake" else self.action_ids
        titled = {k: self.titles[k] for k in known if k in self.titles}
        return known_id_hint(problem, kind, known, titled)

    def check_ref(self, file: Path, loc: KeyPath, ref: str, known: set[str], kind: str) -> None:
        if ref not in known:
            titled = {k: self.titles[k] for k in known if k in self.titles}
            hint = suggest(ref, known) or suggest_by_title(ref, titled)
            message = f"unknown {kind} '{ref}'"
            if hint is None and kind in _LISTED_KINDS and len(known) <= _LISTED:  # name them
                message += f"; the {kind}s: {', '.join(sorted(known))}"
            self.problem(file, loc, message, hint)


def _check_rules(
    draft: _Draft,
    catalog: _Catalog,
    manifest: PackManifest,
    files: dict[Path, RulesFile],
    questionnaire: Questionnaire,
) -> tuple[tuple[Rule, ...], dict[str, str]]:
    followups = {**followup_targets(catalog.action_ids), **HISTORY_FACTS}
    named: dict[str, Condition] = {}
    defined_at: dict[str, str] = {}
    for path, rules_file in files.items():
        for name, condition in rules_file.conditions.items():
            located = draft.located[path]
            place = f"{located.path}:{located.where(('conditions', name), key=True)[0]}"
            if name in named:
                message = f"condition '{name}' is defined twice (first at {defined_at[name]})"
                catalog.problem(path, ("conditions", name), message)
            named[name] = condition
            defined_at.setdefault(name, place)
            draft.problems += check_condition(condition, questionnaire, extra_refs=followups)
    rules: list[Rule] = []
    rule_files: dict[str, str] = {}
    first_lines: dict[str, int | None] = {}
    for path, rules_file in files.items():
        for i, rule in enumerate(rules_file.rules):
            loc: KeyPath = ("rules", i)
            shown = draft.located[path].path
            line = draft.located[path].where((*loc, "id"))[0]
            if rule.id and rule.id in rule_files:
                other = rule_files[rule.id]
                first = first_lines[rule.id]
                where = f"first at line {first}" if other == shown else f"also at {other}:{first}"
                catalog.problem(path, (*loc, "id"), f"duplicate rule id '{rule.id}' ({where})")
            rule_files.setdefault(rule.id, shown)
            first_lines.setdefault(rule.id, line)
            if rule.mistake is not None:
                catalog.check_ref(
                    path, (*loc, "mistake"), rule.mistake, catalog.mistake_ids, "mistake"
                )
            for j, action_id in enumerate(rule.actions):
                catalog.check_ref(
                    path, (*loc, "actions", j), action_id, catalog.action_ids, "action"
                )
            catalog.check_sources(path, (*loc, "sources"), rule.sources)
            catalog.check_citations(path, (*loc, "because"), getattr(rule, "because", None))
            if rule.notice is not None:
                catalog.check_ref(
                    path, (*loc, "notice"), rule.notice, set(manifest.notices), "notice"
                )
            problems: list[Problem] = []
            when = inline_named(rule.when, named, problems)
            draft.problems += problems + check_condition(
                rule.when, questionnaire, extra_refs=followups
            )
            rules.append(rule.model_copy(update={"when": when}))
    draft.problems += check_condition(
        All(tuple(draft.salvaged)), questionnaire, extra_refs=followups
    )
    return tuple(rules), rule_files


def _check_judgement(
    draft: _Draft, catalog: _Catalog, files: dict[Path, RulesFile], questionnaire: Questionnaire
) -> tuple[tuple[Strength, ...], tuple[ConsistencyCheck, ...]]:
    """Strengths and consistency checks: references checked, named conditions inlined."""
    followups = {**followup_targets(catalog.action_ids), **HISTORY_FACTS}
    named: dict[str, Condition] = {}
    for rules_file in files.values():
        named.update(rules_file.conditions)
    strengths: list[Strength] = []
    checks: list[ConsistencyCheck] = []
    seen: dict[str, str] = {}
    for path, rules_file in files.items():
        items: list[tuple[str, Strength | ConsistencyCheck]] = [
            *(("strengths", s) for s in rules_file.strengths),
            *(("checks", c) for c in rules_file.checks),
        ]
        counters = {"strengths": 0, "checks": 0}
        for key, item in items:
            i = counters[key]
            counters[key] += 1
            loc: KeyPath = (key, i)
            if item.id in seen:
                catalog.problem(
                    path, (*loc, "id"), f"duplicate id '{item.id}' (also {seen[item.id]})"
                )
            located = draft.located[path]
            what = "a strength" if key == "strengths" else "a consistency check"
            line = located.where((*loc, "id"))[0]
            seen.setdefault(item.id, f"{what} at {located.path}:{line}")
            if isinstance(item, Strength):
                catalog.check_ref(
                    path, (*loc, "mistake"), item.mistake, catalog.mistake_ids, "mistake"
                )
                catalog.check_sources(path, (*loc, "sources"), item.sources)
                for j, action_id in enumerate(item.covers):
                    catalog.check_ref(
                        path, (*loc, "covers", j), action_id, catalog.action_ids, "action"
                    )
            problems: list[Problem] = []
            when = inline_named(item.when, named, problems)
            draft.problems += problems + check_condition(
                item.when, questionnaire, extra_refs=followups
            )
            inlined = item.model_copy(update={"when": when})
            if isinstance(inlined, Strength):
                strengths.append(inlined)
            else:
                checks.append(inlined)
    return tuple(strengths), tuple(checks)
