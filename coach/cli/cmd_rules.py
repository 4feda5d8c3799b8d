"""`coach rules ...`: tools for people who write and tune rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coach.cli.options import InputFile, Percent, SafePath, content_options


@click.group()
def rules() -> None:
    """Write, check, test and preview rule packs (for rule authors)."""


@rules.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--minimal/--from-shipped",
    default=False,
    help="--from-shipped (the default): a copy of the shipped pack with its questionnaire, "
    "instruments, personas and tests. --minimal: an empty pack that reuses the shipped sources, "
    "mistakes, actions and notices (`extends: shipped` in pack.yaml).",
)
def init_command(folder: Path, minimal: bool) -> None:
    """Start a rule pack of your own in FOLDER (a new or empty folder).

    FOLDER gets rules/ (the pack: pack.yaml, sources, mistakes, actions, rules files and
    tests/), questionnaires/ and instruments/ (read by every command pointed at rules/),
    examples/ (the answers files the tests use) and schemas/ (for your editor; every file names
    its schema in its first line). Then point the other commands at it with
    `--rules FOLDER/rules`.
    """
    from coach.authoring.starter import init_pack
    from coach.content.pack import display_path

    written = init_pack(folder, minimal=minimal)
    kind = "an empty pack extending the shipped one" if minimal else "a copy of the shipped pack"
    click.echo(f"Wrote {display_path(folder)}/ with {kind} ({len(written)} files):")
    for name in ("rules", "questionnaires", "instruments", "examples", "schemas"):
        count = sum(1 for path in written if path.is_relative_to(folder / name))
        click.echo(f"  {display_path(folder / name)}/  ({count} file{'s' if count != 1 else ''})")
    rules_dir = display_path(folder / "rules")
    click.echo(
        "Next: edit the files, then\n"
        f"  coach rules lint --rules {rules_dir}\n"
        f"  coach rules test --rules {rules_dir}\n"
        f"  coach rules explain --rules {rules_dir} --answers ANSWERS.yaml\n"
        "The guide: `coach docs authoring`."
    )


@rules.command("test")
@click.argument("paths", nargs=-1, type=SafePath(exists=True, path_type=Path))
@content_options
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
@click.option(
    "--coverage",
    "show_coverage",
    is_flag=True,
    help="Also list each test of a rule that no case made true, or none made false.",
)
@click.option(
    "--min-coverage",
    type=Percent(),
    metavar="N",
    help="Fail (exit 1) when cases fire fewer than N percent of the rules.",
)
def test_command(
    paths: tuple[Path, ...],
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    verbose: bool,
    show_coverage: bool,
    min_coverage: float | None,
) -> None:
    """Run rule test cases (answers -> expected diagnoses) and show what differs.

    PATHS are test files or folders; without them, the pack's tests/ folder is run. After the
    cases, coverage: which rules no case fires and, with --coverage, which tests of a rule no
    case made true or false. Exits 0 when every case passes (and coverage is at least
    --min-coverage), 1 otherwise.
    """
    from coach.authoring.coverage import measure
    from coach.authoring.ruletests import find_test_files, read_cases, run_cases, shown_score
    from coach.content.bundle import load_content
    from coach.errors import ContentError, ExitCode

    content = load_content(rules_dir, questionnaires_dir)
    cases, problems = [], []
    for path in find_test_files(list(paths), content):
        found, found_problems = read_cases(path, content)
        cases += found
        problems += found_problems
    if problems:
        raise ContentError(problems)
    outcomes = run_cases(cases, content)
    failed = [o for o in outcomes if not o.passed]
    for outcome in outcomes:
        where = f"{outcome.case.path}:{outcome.case.line}"
        if outcome.passed:
            if verbose:
                click.echo(f"PASS  {where}: {outcome.case.name}")
            continue
        click.echo(f"FAIL  {where}: {outcome.case.name}")
        for failure in outcome.failures:
            click.echo(f"      - {failure}")
        if outcome.result is not None:
            diagnoses = outcome.result.diagnoses
            got = ", ".join(f"{d.mistake} {d.severity}" for d in diagnoses) or "nothing"
            click.echo(f"      diagnosed: {got}")
        scores = outcome.scores
        if scores:
            shown = ", ".join(f"{k} {shown_score(v)}" for k, v in scores.items())
            click.echo(f"      scores: {shown}")
    click.echo(
        f"{len(outcomes) - len(failed)} passed, {len(failed)} failed, {len(outcomes)} cases."
    )
    coverage = measure(cases, content)
    for line in _coverage_lines(coverage, show_coverage):
        click.echo(line)
    too_low = min_coverage is not None and coverage.rule_percent < min_coverage
    if too_low:
        click.echo(
            f"Rule coverage {coverage.rule_percent:.0f}% is below --min-coverage {min_coverage:g}%."
        )
    if failed or too_low:
        raise click.exceptions.Exit(int(ExitCode.FAILED))


def _coverage_lines(coverage: Any, details: bool) -> list[str]:
    fired = len(coverage.rules) - len(coverage.unfired())
    seen = sum(bool(leaf.true) + bool(leaf.false) for leaf in coverage.leaves)
    lines = [
        f"Coverage: cases fire {fired} of {len(coverage.rules)} rules "
        f"({coverage.rule_percent:.0f}%); they make {seen} of {2 * len(coverage.leaves)} "
        f"test outcomes true or false ({coverage.condition_percent:.0f}%)."
    ]
    if coverage.unfired():
        lines.append("Rules no case fires:")
        for rule_id in coverage.unfired():
            origin = coverage.where[rule_id]
            lines.append(f"  {origin.path}:{origin.line}: {rule_id}")
    if details:
        for title, leaves in (
            ("Tests no case makes true:", coverage.never_true()),
            ("Tests no case makes false:", coverage.never_false()),
        ):
            if leaves:
                lines.append(title)
            for leaf in leaves:
                o = leaf.origin
                lines.append(f"  {o.path}:{o.line}:{o.column}: {leaf.words} (rule {leaf.rule_id})")
    return lines


def _pack_and_extra(path: Path | None, rules_dir: Path | None) -> tuple[Path | None, list[Path]]:
    """PATH may be a pack folder, a file in one, or a rules file to add to the pack in use."""
    if path is None:
        return rules_dir, []
    if path.is_dir():
        return path, []
    if (path.parent / "pack.yaml").is_file():
        return path.parent, []
    return rules_dir, [path]


@rules.command("lint")
@click.argument("path", required=False, type=SafePath(exists=True, path_type=Path))
@content_options
@click.option(
    "--base",
    "base_dir",
    type=SafePath(exists=True, file_okay=False, path_type=Path),
    help="An earlier copy of the pack: warn if the rules changed but the version did not.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def lint_command(
    path: Path | None,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    base_dir: Path | None,
    strict: bool,
    as_json: bool,
) -> None:
    """Check a rule pack for mistakes that load cleanly but give wrong results.

    Everything `coach validate` finds, plus: conditions that can never be true, duplicate and
    shadowed rules, actions no rule suggests, mistakes no rule diagnoses, questions no rule
    reads, equal priorities that leave the order of actions to chance, decision-table gaps
    and overlaps, and packs too large for the engine. PATH is a pack folder or a file, told by
    its content: a rules file (checked as part of its pack, or added to the pack in use), a
    questionnaire or instrument (checked, and the pack that reads it linted with it), rule tests
    or answers (checked against the pack in use); default: the pack in use. Exits 1 when there
    are errors (with --strict, warnings too).
    """
    import json

    from coach.authoring.lint import lint_file, lint_pack
    from coach.errors import ExitCode

    report = lint_file(path, rules_dir, questionnaires_dir) if path and path.is_file() else None
    if report is None:
        pack, extra = _pack_and_extra(path, rules_dir)
        report = lint_pack(pack, questionnaires_dir, extra=extra, base=base_dir)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(_lint_summary(report.errors, report.warnings))
    if report.errors or (strict and report.warnings):
        raise click.exceptions.Exit(int(ExitCode.FAILED))


def _lint_summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "No problems found."
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(parts) + "."


@rules.command("explain")
@click.option(
    "--answers",
    "answers_path",
    required=True,
    type=InputFile(),
    help="The answers file to explain (section.question: value).",
)
@click.option(
    "--rule",
    "rule_ids",
    multiple=True,
    metavar="ID",
    help="Explain only this rule (repeat for several).",
)
@content_options
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain_command(
    answers_path: Path,
    rule_ids: tuple[str, ...],
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    as_json: bool,
) -> None:
    """Explain, for one answers file, why each rule fired or did not.

    For every rule: its conditions as a tree, each answer next to what the rule wanted, and
    for a rule that did not fire, the smallest change of answers that would make it fire
    ("would fire if workload.hours_per_week were 56 or more hours").
    """
    import json

    from coach.authoring.explain import explain
    from coach.content.answers_file import load_answers
    from coach.content.bundle import load_content
    from coach.content.pack import display_path

    content = load_content(rules_dir, questionnaires_dir)
    answers = load_answers(answers_path, content.questionnaire)
    result = explain(content, answers.answers, list(rule_ids), person=answers.person)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    from coach.ui.console import make_console
    from coach.ui.explain import render_explanation

    render_explanation(make_console(), result, display_path(answers_path))


@rules.command("schema")
@click.argument("name", required=False)
@click.option(
    "-o",
    "--output",
    type=SafePath(file_okay=False, path_type=Path),
    help="Write every schema into this folder as NAME.json.",
)
def schema_command(name: str | None, output: Path | None) -> None:
    """Print or write JSON Schemas of the content files, for editors that validate YAML.

    NAME is one of: questionnaire, rules, actions, mistakes, sources, pack, rule-tests; it
    prints that schema. With -o DIR every schema is written into DIR. Without either, it says
    where the installed schemas are (the shipped files' first lines point there). A YAML file
    whose first line is `# yaml-language-server: $schema=PATH/rules.json` is then checked and
    completed as you type, in editors with the YAML language server (VS Code's YAML extension).
    """
    from coach.authoring.schema import SCHEMAS, schema_text

    if name is not None and name not in SCHEMAS:
        raise click.BadParameter(f"'{name}' is not one of: {', '.join(SCHEMAS)}", param_hint="NAME")
    if output is not None:
        try:
            output.mkdir(parents=True, exist_ok=True)
            for each in [name] if name else list(SCHEMAS):
                (output / f"{each}.json").write_text(schema_text(each), encoding="utf-8")
                click.echo(f"wrote {output / f'{each}.json'}")
        except OSError as error:
            raise click.BadParameter(
                f"cannot write into '{output}': {error.strerror}", param_hint="--output"
            ) from None
        return
    if name is not None:
        click.echo(schema_text(name), nl=False)
        return
    from coach.content.bundle import SHIPPED

    folder = (SHIPPED / "schemas").resolve()
    click.echo(f"The schemas are installed in {folder}:")
    for each, (about, _) in SCHEMAS.items():
        click.echo(f"  {each + '.json':<20} {about}")
    click.echo(
        "Name one in the first line of a YAML file, e.g.\n"
        f"  # yaml-language-server: $schema={folder / 'rules.json'}\n"
        "or copy them beside your files with `coach rules schema -o DIR` "
        "(`coach rules init` does that for a new pack)."
    )


def _history_source(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> Path | str | None:
    """--against: a team database URL as given, else a coach home folder that must exist."""
    if value is None or "://" in value:
        return value
    converted: Path = SafePath(exists=True, file_okay=False, path_type=Path).convert(
        value, param, ctx
    )
    return converted


def _require_group(url: str, people: int) -> None:
    """Refuse to report on fewer people than the team database's minimum group size."""
    from coach.store import open_store
    from coach.store.team import min_group_size

    with open_store(Path(), url) as store:
        minimum = min_group_size(store)
    if people < minimum:
        raise click.UsageError(
            f"the team database holds assessments of {people} people; its reports need at "
            f"least {minimum} (min_group_size), so nothing is shown"
        )


@rules.command("impact")
@click.option(
    "--base",
    "base_dir",
    required=True,
    type=SafePath(exists=True, file_okay=False, path_type=Path),
    help="The pack as it was before your change (a copy of the rules folder).",
)
@click.option(
    "--answers",
    "answers_dir",
    type=SafePath(exists=True, file_okay=False, path_type=Path),
    help="A folder of answers files to replay.",
)
@click.option(
    "--against",
    "history_home",
    metavar="HOME|URL",
    callback=lambda ctx, param, value: _history_source(ctx, param, value),
    help="A coach home folder, or a team database URL, whose history to replay (every "
    "complete assessment; from a team database, counts only, for at least 5 people).",
)
@content_options
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    help="Worker processes (default: one per core).",
)
@click.option(
    "--examples", default=5, show_default=True, type=click.IntRange(0, 1000), help="People to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def impact_command(
    base_dir: Path,
    answers_dir: Path | None,
    history_home: Path | str | None,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    workers: int | None,
    examples: int,
    as_json: bool,
) -> None:
    """Preview what a rule change does: replay assessments under the old and the new pack.

    Every answer set is assessed with the pack in --base (before your change) and with the
    pack in use (the shipped one, or --rules); the report counts per mistake how many people
    are diagnosed before and after, who is newly or no longer diagnosed or at another
    severity, which actions are suggested to more or fewer people, and gives examples.
    Replays run in worker processes on every core; a worker that crashes is replaced and its
    items are run again. Exits 1 if any answer set could not be replayed.
    """
    import json
    import os

    from coach.authoring.impact import answers_items, history_items, load_packs, replay
    from coach.errors import ExitCode

    if (answers_dir is None) == (history_home is None):
        raise click.UsageError("give either --answers DIR or --against HISTORY (a coach home)")
    items = answers_items(answers_dir) if answers_dir else history_items(history_home)  # type: ignore[arg-type]
    if not items:
        raise click.UsageError("there are no answers to replay")
    if isinstance(history_home, str):  # a team database: counts only, for a large enough group
        examples = 0
        _require_group(history_home, len({item.person for item in items}))
    count = workers or os.cpu_count() or 1
    packs = load_packs(base_dir, rules_dir, questionnaires_dir)
    from coach.ui.console import make_console
    from coach.ui.impact import progress_bar, render_impact

    console = make_console(stderr=as_json)
    with progress_bar(make_console(stderr=True), len(items), count) as advance:
        report = replay(
            base_dir,
            items,
            rules=rules_dir,
            questionnaires=questionnaires_dir,
            workers=count,
            examples=examples,
            on_progress=advance,
            packs=packs,
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        render_impact(console, report)
    if report.failed:
        raise click.exceptions.Exit(int(ExitCode.FAILED))


def _refuse_shipped(rules_dir: Path | None, file: Path | None, shipped: Path) -> None:
    """Writers never change the installed shipped pack: an upgrade would overwrite it."""

    def inside(path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(shipped.resolve())
        except (OSError, RuntimeError):
            return False

    if rules_dir is None or inside(rules_dir) or (file is not None and inside(file)):
        raise click.UsageError(
            "the shipped rule pack is part of the installed coach and is replaced when coach "
            "is upgraded, so `coach rules new` does not write into it: copy it to a folder of "
            "your own and pass --rules DIR"
        )


def _sources(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--sources: numbers separated by commas or spaces."""
    del ctx, param
    if value is not None and not all(n.isdigit() for n in value.replace(",", " ").split()):
        raise click.BadParameter(f"'{value}': give source numbers, e.g. 4 or 3, 4")
    return value


@rules.command("new")
@click.argument("file", required=False, type=SafePath(dir_okay=False, path_type=Path))
@content_options
@click.option("--mistake", help="The mistake the rule diagnoses (an id from mistakes.yaml).")
@click.option("--question", help="The answer it reads: section.question or scores.<id>.")
@click.option("--op", help="How it compares: gte, lt, eq, in, contains, between, ...")
@click.option("--value", help="What it compares with: 55, yes, an option, or a list: a, b.")
@click.option("--severity", type=click.Choice(["low", "medium", "high", "critical"]))
@click.option("--actions", help="Action ids, separated by commas.")
@click.option("--id", "rule_id", help="The rule's id (default: <mistake>-<question>).")
@click.option("--title", help="The title the person reads.")
@click.option("--because", help="Why it matters, citing the research as [n].")
@click.option(
    "--sources",
    callback=_sources,
    help="Source numbers, separated by commas (default: the mistake's).",
)
@click.option("--priority", type=click.IntRange(0, 1000), help="Lower ranks its actions first.")
@click.option("-y", "--yes", is_flag=True, help="Add the rule without asking to confirm.")
def new_command(
    file: Path | None,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    yes: bool,
    **options: Any,
) -> None:
    """Add a rule to a rules file of your pack (--rules DIR), asking for each part of it.

    Pick the mistake, the answer the rule reads, how it is compared and with what, the
    severity and the actions; coach writes a commented rule at the end of the file's rules
    (FILE, default: <pack>/<mistake>.yaml) and changes nothing else in it. The pack is loaded
    with the new rule first: a rule that would not load is refused. Options given on the
    command line are not asked; without a terminal, every required one must be given, with
    --yes. The shipped pack is never written to: copy it and pass --rules DIR.
    """
    import sys

    from coach.authoring.scaffold import add_rule, defaults, missing
    from coach.content.bundle import SHIPPED_RULES, load_content
    from coach.content.pack import display_path
    from coach.errors import NoTerminalError

    _refuse_shipped(rules_dir, file, SHIPPED_RULES)
    interactive = sys.stdin.isatty()
    if not interactive and not yes:
        raise NoTerminalError(
            "`coach rules new` asks you to confirm before it writes, and there is no terminal "
            "to ask: add --yes to write the rule without asking"
        )
    content = load_content(rules_dir, questionnaires_dir)
    given = _given(content, options)
    if not interactive:
        if missing(given):
            names = ", ".join(f"--{name}" for name in missing(given))
            raise NoTerminalError(f"`coach rules new` needs a terminal to ask, or: {names}")
        given = defaults(content, given)
    from coach.ui.rule_prompts import ask_rule

    draft = ask_rule(content, given)
    pack = rules_dir or SHIPPED_RULES
    target = file or pack / f"{draft.mistake}.yaml"
    if interactive and not yes and not _confirm(content, draft, display_path(target)):
        click.echo("Nothing was added.")
        return
    block = add_rule(target, draft, content, pack, questionnaires_dir)
    click.echo(f"Added rule '{draft.id}' to {display_path(target)}:\n")
    click.echo(block)
    click.echo("Next: `coach rules lint`, and a case in rules/tests/ for `coach rules test`.")


def _given(content: Any, options: dict[str, Any]) -> dict[str, Any]:
    """The rule parts given as options, typed."""
    from coach.authoring.scaffold import parse_value

    given = {k: v for k, v in options.items() if v is not None}
    if "rule_id" in given:
        given["id"] = given.pop("rule_id")
    if "actions" in given:
        given["actions"] = [a.strip() for a in given["actions"].split(",") if a.strip()]
    if "sources" in given:
        given["sources"] = [int(n) for n in given["sources"].replace(",", " ").split()]
    question, op = given.get("question"), given.get("op")
    if "value" in given and question and op:
        given["value"] = parse_value(content, question, op, given["value"])
    if op in ("answered", "unanswered"):
        given["value"] = True
    return given


def _confirm(content: Any, draft: Any, shown: str) -> bool:
    import questionary

    from coach.authoring.scaffold import render_rule

    click.echo("\n" + render_rule(draft, content))
    answer: bool = questionary.confirm(f"Add this rule to {shown}?", default=True).unsafe_ask()
    return answer
