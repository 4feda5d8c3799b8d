"""Conditions that can never be true (or are always true), pinned to the tests that clash."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from coach.authoring.findings import Finding, Sites, at
from coach.authoring.space import AnswerSpace, refs_of
from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.content.bundle import Content
from coach.engine.evidence import describe_test
from coach.model.questionnaire import Questionnaire
from coach.model.rules import Rule


def lint_conditions(
    content: Content, space: AnswerSpace, sites: Sites, skip: set[str]
) -> list[Finding]:
    """Rules that can never fire, parts of rules that are never true, rules that always fire.

    Rules in `skip` are judged elsewhere (rows of a table, whose earlier rows explain them).
    """
    findings: list[Finding] = []
    for rule in content.pack.rules:
        findings += _lint_rule(rule, content.questionnaire, space, sites, rule.id in skip)
    return findings


def _lint_rule(
    rule: Rule, questionnaire: Questionnaire, space: AnswerSpace, sites: Sites, skip: bool
) -> list[Finding]:
    fires = space.satisfiable(rule.when)
    clashes = list(_clashes(rule.when, space))
    findings: list[Finding] = []
    if fires is False:
        needed = [c for c in clashes if c[2]]
        for tests, words, _ in needed:
            findings.append(_clash_finding(rule, tests, words, "error", "so it can never fire"))
        if not needed and not skip:
            findings.append(_never_fires(rule, questionnaire, space, sites))
        return findings
    for tests, words, _ in clashes:
        findings.append(
            _clash_finding(rule, tests, words, "warning", "so this part never helps it fire")
        )
    refs = refs_of(rule.when)
    answered = [Test(ref, Op.ANSWERED, True) for ref in refs]
    if fires and space.satisfiable(All((Not(rule.when), *answered))) is False:
        findings.append(
            sites.rule(
                "always-true",
                rule.id,
                "when",
                f"rule '{rule.id}' fires for everyone who answers {', '.join(refs)}, "
                "whatever they answer",
                hint="a rule should pick out some people: tighten its condition",
            )
        )
    return findings


def _places(tests: tuple[Test, ...], here: str) -> str:
    """Where the clashing tests are written: `line N` in this file, `file:line` in another."""
    places = []
    for test in tests:
        origin = test.origin
        if origin.line is None:
            continue
        place = f"line {origin.line}" if origin.path == here else f"{origin.path}:{origin.line}"
        if place not in places:
            places.append(place)
    if all(p.startswith("line ") for p in places) and len(places) > 1:
        numbers = sorted(int(p.removeprefix("line ")) for p in places)
        return f" (lines {' and '.join(map(str, numbers))})"
    return f" ({' and '.join(places)})" if places else ""


def _clash_finding(
    rule: Rule, tests: tuple[Test, ...], words: str, severity: str, consequence: str
) -> Finding:
    last = tests[-1]
    where = _places(tests, last.origin.path)
    message = f"this can never be true: {words}{where}, {consequence} (rule '{rule.id}')"
    hint = (
        "check the numbers and the direction of each comparison; for a range write "
        "{gte: LOW, lt: HIGH} or {between: [LOW, HIGH]}"
        if len(tests) > 1
        else "check the value against the question's range and options"
    )
    return at("never-true", last.origin, message, severity=severity, hint=hint)


def _never_fires(
    rule: Rule, questionnaire: Questionnaire, space: AnswerSpace, sites: Sites
) -> Finding:
    gated = [
        ref for ref in refs_of(rule.when) if ref in questionnaire.questions and space.deps(ref)
    ]
    note = ""
    if gated:
        asked = "; ".join(
            f"'{ref}' is only asked when {_gate_words(ref, questionnaire)}" for ref in gated
        )
        note = f" (note: {asked})"
    return sites.rule(
        "never-true",
        rule.id,
        "when",
        f"rule '{rule.id}' can never fire: no answers make its condition true{note}",
        severity="error",
        hint="read the condition as a sentence; one of its parts contradicts another",
    )


def _gate_words(ref: str, questionnaire: Questionnaire) -> str:
    question = questionnaire.questions[ref]
    section = questionnaire.section_of(ref)
    parts = []
    for gate in (section.when, question.when):
        if gate is not None:
            parts += [f"{t.ref} {describe_test(t, questionnaire)}" for t in _tests(gate)]
    return " and ".join(parts)


def _tests(condition: Condition) -> list[Test]:
    if isinstance(condition, Test):
        return [condition]
    if isinstance(condition, All | AnyOf):
        return [t for item in condition.items for t in _tests(item)]
    return []


def _clashes(
    condition: Condition, space: AnswerSpace, needed: bool = True, parent_all: bool = False
) -> Iterator[tuple[tuple[Test, ...], str, bool]]:
    """Groups of tests on one answer that cannot all hold: (tests, in words, on every path)."""
    if isinstance(condition, Not):
        return  # inside a `not`, a contradiction makes it always true: another matter
    if isinstance(condition, All):
        if not parent_all:
            yield from _clashes_in(_flat(condition), space, needed)
        for item in condition.items:
            yield from _clashes(item, space, needed, parent_all=True)
    elif isinstance(condition, AnyOf):
        for item in condition.items:
            yield from _clashes(item, space, False)
    elif isinstance(condition, Test) and not parent_all:
        yield from _clashes_in([condition], space, needed)


def _flat(condition: All) -> list[Test]:
    out: list[Test] = []
    for item in condition.items:
        if isinstance(item, Test):
            out.append(item)
        elif isinstance(item, All):
            out += _flat(item)
    return out


def _clashes_in(
    tests: list[Test], space: AnswerSpace, needed: bool
) -> Iterator[tuple[tuple[Test, ...], str, bool]]:
    by_ref: dict[str, list[Test]] = {}
    for test in tests:
        by_ref.setdefault(test.ref, []).append(test)
    q = space.questionnaire
    for ref, group in by_ref.items():
        if space.satisfiable(All(tuple(group))) is not False:
            continue
        single = next((t for t in group if space.satisfiable(t) is False), None)
        if single is not None:
            yield (single,), _impossible_words(single, q, space), needed
            continue
        pair = next(
            (
                (a, b)
                for a, b in itertools.combinations(group, 2)
                if space.satisfiable(All((a, b))) is False
            ),
            None,
        )
        chosen = pair or tuple(group)
        described = " and ".join(describe_test(t, q) for t in chosen)
        yield chosen, f"'{ref}' cannot be {_strip_is(described)} at the same time", needed


def _strip_is(words: str) -> str:
    return words.replace("is ", "").replace("not: ", "not ")


def _impossible_words(test: Test, questionnaire: Questionnaire, space: AnswerSpace) -> str:
    question = space.questions.get(test.ref)
    bounds = question.bounds() if question is not None else None
    words = _strip_is(describe_test(test, questionnaire))
    if bounds is not None:
        return (
            f"no answer to '{test.ref}' is {words} (answers go from {bounds[0]:g} to {bounds[1]:g})"
        )
    return f"no answer to '{test.ref}' is {words}"
