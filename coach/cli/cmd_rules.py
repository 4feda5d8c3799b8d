"""`coach rules ...`: tools for people who write and tune rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coach.cli.options import ANSWERS_FILE, InputFile, Percent, SafePath, content_options


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
    from coach.ui.authoring import init_lines

    for line in init_lines(folder, init_pack(folder, minimal=minimal), minimal):
        click.echo(line)


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

    PATHS are test files or folders, or a pack folder (with pack.yaml: its tests/, against that
    pack, as --rules would); without them, the pack's tests/ folder is run. After the
    cases, coverage: which rules no case fires and, with --coverage, which tests of a rule no
    case made true or false. Exits 0 when every case passes (and coverage is at least
    --min-coverage), 1 otherwise.
    """
    from coach.authoring.suite import run_suite
    from coach.errors import ExitCode
    from coach.ui.authoring import suite_lines

    run = run_suite(list(paths), rules_dir, questionnaires_dir)
    for line in suite_lines(run, verbose, show_coverage, min_coverage):
        click.echo(line)
    if run.failed or run.below(min_coverage):
        raise click.exceptions.Exit(int(ExitCode.FAILED))


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

    from coach.authoring.lint import lint_path
    from coach.errors import ExitCode
    from coach.ui.authoring import lint_lines

    report = lint_path(path, rules_dir, questionnaires_dir, base_dir)
    for line in [json.dumps(report.to_dict(), indent=2)] if as_json else lint_lines(report):
        click.echo(line)
    if report.errors or (strict and report.warnings):
        raise click.exceptions.Exit(int(ExitCode.FAILED))


@rules.command("explain")
@click.option(
    "--answers",
    "answers_path",
    required=True,
    type=InputFile(ANSWERS_FILE),
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

    from coach.authoring.explain import explain_file
    from coach.content.pack import display_path

    result = explain_file(answers_path, list(rule_ids), rules_dir, questionnaires_dir)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    from coach.ui.console import make_console
    from coach.ui.explain import render_explanation

    render_explanation(make_console(), result, display_path(answers_path))


def _schema_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """NAME: one of the schemas coach generates."""
    del ctx, param
    from coach.authoring.schema import SCHEMAS

    if value is not None and value not in SCHEMAS:
        raise click.BadParameter(
            f"'{value}' is not one of: {', '.join(SCHEMAS)}", param_hint="NAME"
        )
    return value


@rules.command("schema")
@click.argument("name", required=False, callback=_schema_name)
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
    from coach.authoring.schema import SCHEMAS, installed_folder, schema_text, write_schemas
    from coach.ui.authoring import schema_places

    if output is not None:
        try:
            for path in write_schemas(output, [name] if name else []):
                click.echo(f"wrote {path}")
        except OSError as error:
            raise click.BadParameter(
                f"cannot write into '{output}': {error.strerror}", param_hint="--output"
            ) from None
    elif name is not None:
        click.echo(schema_text(name), nl=False)
    else:
        for line in schema_places(installed_folder(), SCHEMAS):
            click.echo(line)


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


def _replay_items(answers_dir: Path | None, history_home: Path | str | None) -> list[Any]:
    """The answer sets to replay: from --answers or --against (exactly one), never none.

    From a team database, only for at least its minimum group size of people.
    """
    from coach.authoring.impact import answers_items, group_minimum, history_items

    if answers_dir is not None and history_home is None:
        items = answers_items(answers_dir)
    elif history_home is not None and answers_dir is None:
        items = history_items(history_home)
    else:
        raise click.UsageError("give either --answers DIR or --against HISTORY (a coach home)")
    if not items:
        raise click.UsageError("there are no answers to replay")
    if isinstance(history_home, str):
        people, minimum = len({item.person for item in items}), group_minimum(history_home)
        if people < minimum:
            raise click.UsageError(
                f"the team database holds assessments of {people} people; its reports need at "
                f"least {minimum} (min_group_size), so nothing is shown"
            )
    return items


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

    from coach.errors import ExitCode
    from coach.ui.console import make_console
    from coach.ui.impact import render_impact, replay_shown

    report = replay_shown(
        base_dir,
        _replay_items(answers_dir, history_home),
        rules=rules_dir,
        questionnaires=questionnaires_dir,
        workers=workers or os.cpu_count() or 1,
        examples=0 if isinstance(history_home, str) else examples,  # a team: counts only
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        render_impact(make_console(), report)
    if report.failed:
        raise click.exceptions.Exit(int(ExitCode.FAILED))


def _refuse_shipped(rules_dir: Path | None, file: Path | None) -> None:
    """Writers never change the installed shipped pack: an upgrade would overwrite it."""
    from coach.authoring.scaffold import writes_into_shipped

    if writes_into_shipped(rules_dir, file):
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
    from coach.authoring.scaffold import add_rule
    from coach.content.bundle import SHIPPED_RULES, load_content
    from coach.content.pack import display_path
    from coach.ui.rule_prompts import confirm_rule

    _refuse_shipped(rules_dir, file)
    interactive = _may_ask(yes)
    content = load_content(rules_dir, questionnaires_dir)
    draft = _draft(content, options, interactive)
    pack = rules_dir or SHIPPED_RULES
    target = file or pack / f"{draft.mistake}.yaml"
    if interactive and not yes and not confirm_rule(content, draft, display_path(target)):
        click.echo("Nothing was added.")
        return
    block = add_rule(target, draft, content, pack, questionnaires_dir)
    click.echo(f"Added rule '{draft.id}' to {display_path(target)}:\n")
    click.echo(block)
    click.echo("Next: `coach rules lint`, and a case in rules/tests/ for `coach rules test`.")


def _may_ask(yes: bool) -> bool:
    """Whether there is a terminal to ask in; without one, --yes must say not to confirm."""
    import sys

    from coach.errors import NoTerminalError

    interactive = sys.stdin.isatty()
    if not interactive and not yes:
        raise NoTerminalError(
            "`coach rules new` asks you to confirm before it writes, and there is no terminal "
            "to ask: add --yes to write the rule without asking"
        )
    return interactive


def _draft(content: Any, options: dict[str, Any], interactive: bool) -> Any:
    """The rule from the options, asking for the parts not given (on a terminal)."""
    from coach.authoring.scaffold import defaults, given_parts, missing, unknown_parts
    from coach.errors import NoTerminalError
    from coach.ui.rule_prompts import ask_rule

    unknown = unknown_parts(content, options)
    if unknown:
        raise click.UsageError("\n".join(unknown))
    given = given_parts(content, options)
    if not interactive:
        if missing(given):
            names = ", ".join(f"--{name}" for name in missing(given))
            raise NoTerminalError(f"`coach rules new` needs a terminal to ask, or: {names}")
        given = defaults(content, given)
    return ask_rule(content, given)
