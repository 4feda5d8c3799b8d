"""The answer space: a few representative values per question, enough to decide conditions.

A test only changes its outcome at the constants the rules compare with, so for every question
a handful of values decides every condition of a pack exactly: each constant, a value between
each pair of neighbouring constants, one below and one above them all, every point of a scale,
every option, yes and no, and "not answered". Deciding whether a condition can ever be true, or
whether one rule's condition implies another's, is then a search over those values.

Skip logic is applied to every combination tried, so `out_of_hours >= 4 and on_call = no` is
found impossible when `out_of_hours` is only asked of people on call. Scores are treated as free
numbers (their link to the answers is not modelled), so a claim of "never true" is always right
but a contradiction between a score and its items can go unnoticed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test, tests_of
from coach.conditions.evaluate import evaluate
from coach.model.questionnaire import Question, Questionnaire

if TYPE_CHECKING:
    from coach.content.bundle import Content


class _Missing:
    """The value of a question that was not answered."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
UNKNOWN: Any = object()  # a search too large to run: no claim is made
LIMIT = 20_000  # combinations tried per group of linked questions


def nnf(condition: Condition, negated: bool = False) -> Condition:
    """Push every `not` down to the tests (negation normal form); the meaning is unchanged."""
    if isinstance(condition, Not):
        return nnf(condition.item, not negated)
    if isinstance(condition, All | AnyOf):
        items = tuple(nnf(item, negated) for item in condition.items)
        if isinstance(condition, All) == negated:
            return AnyOf(items, condition.origin)
        return All(items, condition.origin)
    if negated and isinstance(condition, Test):
        return Not(condition, condition.origin)
    return condition


def conjuncts(condition: Condition) -> list[Condition]:
    """The items of nested `all`s, flattened (the condition itself when it is not an `all`)."""
    if isinstance(condition, All):
        return [part for item in condition.items for part in conjuncts(item)]
    return [condition]


def space_for(content: Content) -> AnswerSpace:
    """The answer space of a pack: its questionnaire, its rules, and follow-through facts."""
    from coach.model.followup import followup_targets
    from coach.model.history_facts import HISTORY_FACTS

    return AnswerSpace(
        content.questionnaire,
        [rule.when for rule in content.pack.rules],
        {**followup_targets(content.pack.actions), **HISTORY_FACTS},
    )


def refs_of(condition: Condition) -> list[str]:
    """The references a condition reads, in order of first use."""
    return list(dict.fromkeys(test.ref for test in tests_of(condition)))


class AnswerSpace:
    """Representative answers for a questionnaire, given the conditions that will be asked."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        conditions: Iterable[Condition],
        extra: Mapping[str, Question] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.questions: dict[str, Question] = {**questionnaire.questions, **(extra or {})}
        self.constants: dict[str, set[Any]] = {}
        gates = [c for s in questionnaire.sections for c in _gates_of_section(s)]
        for condition in [*conditions, *gates]:
            for test in tests_of(condition):
                values = test.value if isinstance(test.value, tuple) else (test.value,)
                if test.op not in (Op.ANSWERED, Op.UNANSWERED):
                    self.constants.setdefault(test.ref, set()).update(values)
        self._domains: dict[str, tuple[Any, ...]] = {}
        self._deps: dict[str, tuple[str, ...]] = {}
        self._order = {ref: i for i, ref in enumerate(questionnaire.questions)}

    # -- values -----------------------------------------------------------------------------

    def domain(self, ref: str) -> tuple[Any, ...]:
        """The representative values of a reference, "not answered" (MISSING) first."""
        if ref not in self._domains:
            self._domains[ref] = (MISSING, *self._values(ref))
        return self._domains[ref]

    def _values(self, ref: str) -> list[Any]:
        question = self.questions.get(ref)
        numbers = sorted(
            v
            for v in self.constants.get(ref, ())
            if isinstance(v, int | float) and not isinstance(v, bool)
        )
        if question is None:  # a score: any number
            return _real_points(numbers, None)
        kind = question.type
        if kind == "boolean":
            return [True, False]
        if kind == "single":
            return list(question.option_values)
        if kind == "multi":
            return _subsets(question, self.constants.get(ref, set()))
        if kind == "text":
            return ["some text"]
        if kind == "scale" and question.scale is not None:
            return list(range(question.scale.min, question.scale.max + 1))
        if question.integer:
            return _integer_points(numbers, question.bounds() or (question.min, question.max))
        return _real_points(numbers, (question.min, question.max))

    def neighbours(self, ref: str, value: Any) -> tuple[Any, Any]:
        """The representative values just below and just above `value` (None at the ends)."""
        ordered = [v for v in self.domain(ref) if v is not MISSING]
        index = ordered.index(value)
        below = ordered[index - 1] if index > 0 else None
        above = ordered[index + 1] if index + 1 < len(ordered) else None
        return below, above

    # -- skip logic ---------------------------------------------------------------------------

    def deps(self, ref: str) -> tuple[str, ...]:
        """The questions whose answers decide whether `ref` is asked (transitively)."""
        if ref not in self._deps:
            self._deps[ref] = ()  # guards against cycles; the loader forbids them anyway
            question = self.questionnaire.questions.get(ref)
            found: list[str] = []
            if question is not None:
                section = self.questionnaire.section_of(ref)
                for gate in (section.when, question.when):
                    if gate is not None:
                        for dep in refs_of(gate):
                            found += [*self.deps(dep), dep]
            self._deps[ref] = tuple(dict.fromkeys(found))
        return self._deps[ref]

    def closure(self, refs: Iterable[str]) -> list[str]:
        """The references plus everything their skip logic reads, in questionnaire order."""
        out = {dep for ref in refs for dep in (ref, *self.deps(ref))}
        return sorted(out, key=lambda r: (self._order.get(r, len(self._order)), r))

    def facts(self, assignment: Mapping[str, Any]) -> dict[str, Any]:
        """The facts rules see: unanswered and skipped questions left out."""
        facts: dict[str, Any] = {}
        for ref, value in assignment.items():
            if value is MISSING:
                continue
            question = self.questionnaire.questions.get(ref)
            if question is not None and not self._asked(question, facts):
                continue
            facts[ref] = value
        return facts

    def _asked(self, question: Question, facts: Mapping[str, Any]) -> bool:
        section = self.questionnaire.section_of(question.ref)
        for gate in (section.when, question.when):
            if gate is not None and not evaluate(gate, facts):
                return False
        return True

    # -- search -------------------------------------------------------------------------------

    def witness(self, condition: Condition) -> dict[str, Any] | None:
        """An assignment that makes the condition true, None if there is none, or UNKNOWN."""
        found: dict[str, Any] | None = self._search(nnf(condition))
        return found

    def satisfiable(self, condition: Condition) -> bool | None:
        """Whether some answers make the condition true (None: too large to decide)."""
        found = self.witness(condition)
        return None if found is UNKNOWN else found is not None

    def implies(self, first: Condition, second: Condition) -> bool | None:
        """Whether `second` is true whenever `first` is (None: too large to decide)."""
        found = self.witness(All((first, Not(second))))
        return None if found is UNKNOWN else found is None

    def _search(self, condition: Condition) -> Any:
        if isinstance(condition, AnyOf):
            unknown = False
            for item in condition.items:
                found = self._search(item)
                if found is UNKNOWN:
                    unknown = True
                elif found is not None:
                    return found
            return UNKNOWN if unknown else None
        merged: dict[str, Any] = {}
        unknown = False
        for group in self._groups(conjuncts(condition)):
            found = self._search_group(group)
            if found is None:
                return None
            if found is UNKNOWN:
                unknown = True
            else:
                merged.update(found)
        return UNKNOWN if unknown else merged

    def _groups(self, items: list[Condition]) -> list[list[Condition]]:
        """Split a conjunction into groups that read no question in common."""
        groups: list[tuple[set[str], list[Condition]]] = []
        for item in items:
            refs = set(self.closure(refs_of(item)))
            linked = [g for g in groups if g[0] & refs]
            for group in linked:
                groups.remove(group)
                refs |= group[0]
            groups.append((refs, [c for g in linked for c in g[1]] + [item]))
        return [g[1] for g in groups]

    def _search_group(self, items: list[Condition]) -> Any:
        refs = self.closure(r for item in items for r in refs_of(item))
        size = math.prod(len(self.domain(ref)) for ref in refs)
        if size > LIMIT:
            for i, item in enumerate(items):
                if isinstance(item, AnyOf):
                    rest = items[:i] + items[i + 1 :]
                    branches = tuple(All((*rest, branch)) for branch in item.items)
                    return self._search(AnyOf(branches))
            return UNKNOWN
        target = All(tuple(items))
        for assignment in self.assignments(refs):
            if evaluate(target, self.facts(assignment)):
                return assignment
        return None

    def assignments(self, refs: list[str]) -> Iterator[dict[str, Any]]:
        """Every combination of representative values of the references."""
        for values in itertools.product(*(self.domain(ref) for ref in refs)):
            yield dict(zip(refs, values, strict=True))


def _gates_of_section(section: Any) -> list[Condition]:
    gates = [section.when] if section.when is not None else []
    return gates + [q.when for q in section.questions if q.when is not None]


def _real_points(
    numbers: list[float], bounds: tuple[float | None, float | None] | None
) -> list[Any]:
    low, high = bounds or (None, None)
    points: list[float] = []
    distinct = sorted(set(numbers))
    if not distinct:
        points = [v for v in (low, high) if v is not None] or [0]
    else:
        points.append(distinct[0] - 1)
        for a, b in itertools.pairwise(distinct):
            points += [a, (a + b) / 2]
        points += [distinct[-1], distinct[-1] + 1]
        points += [v for v in (low, high) if v is not None]
    inside = {_tidy(p) for p in points if (low is None or p >= low) and (high is None or p <= high)}
    return sorted(inside)


def _integer_points(numbers: list[float], bounds: tuple[float | None, float | None]) -> list[Any]:
    low, high = bounds
    points: set[int] = set()
    for n in numbers:
        points |= {math.floor(n) - 1, math.floor(n), math.ceil(n), math.ceil(n) + 1}
    points |= {int(v) for v in (low, high) if v is not None}
    if not points:
        points = {0}
    return sorted(p for p in points if (low is None or p >= low) and (high is None or p <= high))


def _subsets(question: Question, mentioned: set[Any]) -> list[Any]:
    """Every combination of the options the rules mention (other options never matter)."""
    values = [v for v in question.option_values if v in mentioned][:10]
    out = []
    for size in range(len(values) + 1):
        for chosen in itertools.combinations(values, size):
            out.append(tuple(chosen))
    return out


def _tidy(value: float) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
