"""Rules judged against each other: duplicates, rules another rule shadows, priority ties."""

from __future__ import annotations

import itertools

from coach.authoring.findings import Finding, Sites
from coach.authoring.space import AnswerSpace, refs_of
from coach.conditions.ast import All
from coach.content.bundle import Content
from coach.model.rules import Rule, severity_rank


def lint_relations(content: Content, space: AnswerSpace, sites: Sites) -> list[Finding]:
    """Duplicate and shadowed rules, and equal priorities that leave action order to chance."""
    rules = list(content.pack.rules)
    refs = {rule.id: set(refs_of(rule.when)) for rule in rules}
    findings: list[Finding] = []
    duplicates: set[tuple[str, str]] = set()
    for first, second in itertools.combinations(rules, 2):
        if refs[first.id] == refs[second.id] and _equivalent(space, first, second):
            duplicates.add((first.id, second.id))
            findings.append(_duplicate(first, second, sites))
            continue
        for wide, narrow in ((first, second), (second, first)):
            if refs[wide.id] <= refs[narrow.id] and _shadows(space, wide, narrow):
                findings.append(_shadowed(narrow, wide, sites))
    findings += _ties(rules, space, sites)
    return findings


def _equivalent(space: AnswerSpace, first: Rule, second: Rule) -> bool:
    return bool(space.implies(first.when, second.when)) and bool(
        space.implies(second.when, first.when)
    )


def _shadows(space: AnswerSpace, wide: Rule, narrow: Rule) -> bool:
    """Whether `wide` fires whenever `narrow` does, for the same mistake, at least as severe."""
    if wide.mistake != narrow.mistake or severity_rank(wide.severity) < severity_rank(
        narrow.severity
    ):
        return False
    return space.implies(narrow.when, wide.when) is True and space.satisfiable(narrow.when) is True


def _line(sites: Sites, rule: Rule) -> str:
    """Where another rule is written, as ` (file:line)`: it may be in another file."""
    located, loc = sites.rules.get(rule.id, (None, ()))
    if located is None:
        return ""
    line = located.where((*loc, "id"))[0]
    return f" ({located.path}:{line})" if line else f" ({located.path})"


def _duplicate(first: Rule, second: Rule, sites: Sites) -> Finding:
    where = _line(sites, first)
    if first.mistake == second.mistake:
        return sites.rule(
            "duplicate-rule",
            second.id,
            "id",
            f"rule '{second.id}' has the same condition as rule '{first.id}'{where} "
            f"and diagnoses the same mistake '{first.mistake}'",
            severity="error",
            hint=f"keep one rule: merge the actions of '{second.id}' into '{first.id}' "
            "and delete it, or change its condition",
        )
    return sites.rule(
        "duplicate-rule",
        second.id,
        "id",
        f"rule '{second.id}' has the same condition as rule '{first.id}'{where} "
        f"(which diagnoses '{first.mistake}')",
        hint="if the same answers really point to two mistakes, this is fine; "
        "otherwise one of the conditions is a copy-paste slip",
    )


def _shadowed(narrow: Rule, wide: Rule, sites: Sites) -> Finding:
    extra = [a for a in narrow.actions if a not in wide.actions]
    message = (
        f"rule '{narrow.id}' never changes the diagnosis: whenever it fires, rule '{wide.id}'"
        f"{_line(sites, wide)} fires too, for the same mistake at severity {wide.severity}"
    )
    if extra:
        message += f"; it only adds the actions {', '.join(extra)}"
    return sites.rule(
        "shadowed-rule",
        narrow.id,
        "id",
        message,
        hint=f"give '{narrow.id}' a higher severity than '{wide.id}', merge the two, or delete it",
    )


def _ties(rules: list[Rule], space: AnswerSpace, sites: Sites) -> list[Finding]:
    findings: list[Finding] = []
    for i, rule in enumerate(rules):
        tied = [
            other
            for other in rules[:i]
            if other.priority == rule.priority
            and other.severity == rule.severity
            and rule.actions
            and other.actions
            and list(other.actions) != list(rule.actions)
            and space.satisfiable(All((other.when, rule.when))) is True
        ]
        if not tied:
            continue
        names = ", ".join(f"'{other.id}'{_line(sites, other)}" for other in tied)
        findings.append(
            sites.rule(
                "priority-tie",
                rule.id,
                "priority",
                f"rule '{rule.id}' has the same priority ({rule.priority}) and severity "
                f"({rule.severity}) as {names}, and they can fire together: their actions "
                "are then ordered by where the rules are written, not by what matters most",
                hint="give the rule whose actions should come first a lower priority number",
            )
        )
    return findings
