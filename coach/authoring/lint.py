"""`coach rules lint`: everything `validate` finds, and the mistakes that load cleanly.

Loading catches what is wrong with one value (an unknown question, a number out of range). Lint
looks at the pack as a whole: conditions that can never be true, rules that duplicate or shadow
another, actions and mistakes nothing uses, questions nobody reads, ties in priority, tables
with gaps, and packs the engine cannot run. Every finding is located and says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.authoring.findings import Finding, Sites, find_sites
from coach.authoring.lint_catalog import lint_catalog, lint_engine
from coach.authoring.lint_conditions import lint_conditions
from coach.authoring.lint_relations import lint_relations
from coach.authoring.lint_tables import lint_tables
from coach.authoring.space import space_for
from coach.content.bundle import Content, read_content
from coach.content.files import holds_pack
from coach.content.pack import display_path, pack_hash
from coach.errors import Problem, problem_order
from coach.located import KeyPath


@dataclass
class LintReport:
    """Every finding, sorted by file and line."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data for --json."""
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_dict() for f in self.findings],
        }


def lint_pack(
    rules: Path | None = None,
    questionnaires: Path | None = None,
    *,
    extra: list[Path] | None = None,
    base: Path | None = None,
    with_tests: bool = False,
) -> LintReport:
    """Lint a rule pack (the shipped one by default); never raises for content problems.

    `with_tests`: also what `coach validate` finds in the pack's rule tests (tests/).
    """
    from coach.content.bundle import SHIPPED_RULES
    from coach.content.pack import read_pack

    content, problems = read_content(rules, questionnaires)
    if content is not None and extra:
        pack, more = read_pack(rules or SHIPPED_RULES, content.questionnaires, extra=extra)
        problems += more
        content = Content(content.questionnaires, pack) if pack is not None else None
    findings = [_loaded(p) for p in problems]
    if content is not None:
        if with_tests:
            findings += [_loaded(p) for p in _test_problems(content)]
        findings += lint_content(content, questionnaires, extra or [])
        if base is not None:
            findings += _version(content, base, questionnaires)
    elif not extra:
        findings += _lint_the_rest(rules, questionnaires, problems)
    return LintReport(_sorted(findings))


def lint_path(
    path: Path | None,
    rules: Path | None = None,
    questionnaires: Path | None = None,
    base: Path | None = None,
) -> LintReport:
    """Lint what `coach rules lint PATH` names: a file told by its content, or a pack.

    A questionnaire, rule tests or answers file goes to `lint_file`. A pack folder, a file in
    one (beside its pack.yaml) or nothing (the pack in use) is linted whole, against `base`; a
    rules file outside any pack is linted as part of the pack in use.
    """
    report = lint_file(path, rules, questionnaires) if path and path.is_file() else None
    if report is not None:
        return report
    if path is not None and holds_pack(path):
        path = path / "rules"  # the folder `coach rules init` made
    if path is None or path.is_dir():
        return lint_pack(path or rules, questionnaires, base=base, with_tests=True)
    if (path.parent / "pack.yaml").is_file():
        return lint_pack(path.parent, questionnaires, base=base, with_tests=True)
    return lint_pack(rules, questionnaires, extra=[path], base=base)


def lint_file(
    path: Path, rules: Path | None = None, questionnaires: Path | None = None
) -> LintReport | None:
    """Lint a file that is not a rules file, told by its content; None for a rules file.

    A questionnaire (or instrument) is checked on its own and, when it is the one the pack in
    use reads, the pack is linted with it. Rule tests and answers files are checked against the
    pack in use.
    """
    from coach.authoring.validate import kind_of, validate_paths
    from coach.content.bundle import read_questionnaires

    kind, unreadable = kind_of(path)
    if unreadable:
        return LintReport(_sorted([_loaded(p) for p in unreadable]))
    if kind not in ("questionnaire", "tests", "answers"):
        return None
    findings = [_loaded(p) for p in validate_paths([path], rules, questionnaires)]
    if kind == "tests":
        from coach.authoring.ruletests import case_warnings

        findings += [Finding("rule-tests", p) for p in case_warnings(path)]
    if kind == "questionnaire" and not findings:
        found, _ = read_questionnaires([path])
        content, _ = read_content(rules, questionnaires)
        reads = content.pack.manifest.questionnaire if content is not None else None
        if reads is not None and reads in found:
            findings += lint_pack(rules, path).findings
    return LintReport(_sorted(findings))


def _test_problems(content: Content) -> list[Problem]:
    """What `coach validate` finds in the pack's rule tests (tests/): lint promises it.

    Plus its warnings: a case that expects nothing, a case name used twice.
    """
    from coach.authoring.ruletests import case_warnings, find_test_files, read_cases

    return [
        p
        for path in find_test_files([], content)
        for p in [*read_cases(path, content)[1], *case_warnings(path)]
    ]


def _lint_the_rest(
    rules: Path | None, questionnaires: Path | None, problems: list[Problem]
) -> list[Finding]:
    """Lint what loads when some rules do not, reported at the original files."""
    from coach.authoring.lint_partial import reduced_pack

    with reduced_pack(rules, questionnaires, problems) as reduced:
        if reduced is None:
            return []
        found = lint_content(reduced.content, questionnaires)
        return [
            Finding(f.check, reduced.original(f.problem), f.hint)
            for f in found
            if f.subject is None or f.subject not in reduced.set_aside
        ]


def lint_content(
    content: Content, questionnaires: Path | None = None, extra: list[Path] | None = None
) -> list[Finding]:
    """The whole-pack checks on content that loaded cleanly."""
    sites = find_sites(content, questionnaires, extra or [])
    space = space_for(content)
    table_findings, explained = lint_tables(content, space, sites.tables)
    return [
        *lint_conditions(content, space, sites, explained),
        *lint_relations(content, space, sites),
        *lint_catalog(content, sites),
        *lint_engine(content, sites),
        *table_findings,
        *_changelog(content, sites),
    ]


def _loaded(problem: Problem) -> Finding:
    from coach.content.yamlio import TAB_HINT, YAML_HINTS

    for said in (*YAML_HINTS.values(), TAB_HINT):  # a YAML slip's advice: lint's hint line
        if problem.message.endswith(f" ({said})"):
            message = problem.message.removesuffix(f" ({said})")
            return Finding("invalid", replace(problem, message=message), said)
    check = {"error": "invalid", "note": "checked-later"}.get(problem.severity, "rule-tests")
    return Finding(check, problem)


def _changelog(content: Content, sites: Sites) -> list[Finding]:
    """The version against its changelog: listed there, above every earlier one, newest first."""
    version = content.pack.manifest.version
    versions = [entry.version for entry in content.pack.manifest.changelog]
    found = []
    for i in range(1, len(versions)):
        newer, older = _numbers(versions[i - 1]), _numbers(versions[i])
        if newer is not None and older is not None and newer <= older:
            message = (
                f"version {versions[i]} is listed below {versions[i - 1]}: the changelog goes "
                "newest first, each version higher than the one below it"
            )
            hint = "renumber the newer changes above the highest earlier version"
            found.append(_at_pack(sites, ("changelog", i, "version"), message, hint))
    mine = _numbers(version)
    earlier = [(n, v) for v in versions if (n := _numbers(v)) is not None]
    if mine is not None and earlier and mine < max(earlier)[0]:
        highest = max(earlier)[1]
        message = (
            f"version {version} is lower than {highest}, which the changelog already gave: "
            "results record the version, so an older number would read as an older pack"
        )
        found.append(_at_pack(sites, ("version",), message, f"give it a number above {highest}"))
    if versions and version not in versions:
        message = f"the changelog has no entry for version {version}"
        hint = "add `- version: " + version + "` with what changed to `changelog:`"
        found.append(_at_pack(sites, ("version",), message, hint))
    return found


def _at_pack(sites: Sites, loc: KeyPath, message: str, hint: str) -> Finding:
    """A `version` finding in pack.yaml."""
    return sites.find(
        "version", sites.files.get("pack.yaml"), loc, message, hint=hint, fallback="pack.yaml"
    )


def _numbers(version: str) -> tuple[int, ...] | None:
    """1.17.0 -> (1, 17, 0); None for a version that is not dotted numbers (compared by no one)."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _version(content: Content, base: Path, questionnaires: Path | None) -> list[Finding]:
    """The rules changed since `base` but the version did not."""
    sites = find_sites(content, questionnaires, [])
    old, _ = read_content(base, questionnaires)
    if old is None:
        message = f"cannot compare with {display_path(base)}: it does not load"
        return [Finding("version", Problem(display_path(base), None, None, "", message))]
    manifest = content.pack.manifest
    if old.pack.manifest.version != manifest.version:
        return []
    if pack_hash(base) == content.pack.content_hash:
        return []
    return [
        sites.find(
            "version",
            sites.files.get("pack.yaml"),
            ("version",),
            f"the rules differ from {display_path(base)} but the version is still "
            f"{manifest.version}: results from the two cannot be told apart",
            hint="raise `version` in pack.yaml and say what changed in `changelog`",
            fallback="pack.yaml",
        )
    ]


def _sorted(findings: list[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(
        unique,
        key=lambda f: (*problem_order(f.problem), f.check),
    )
