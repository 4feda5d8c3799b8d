"""`coach calc`: small business-framing calculators.

Thin on purpose: options become numbers (checked here, named by their options), the terminal
asks for what is missing (`coach.ui.calc`), one pure function in ``coach.calc`` does the work,
and the result is printed. rich and questionary are imported only when used, so
``coach --help`` stays light.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from coach.calc.inputs import LtvCacInputs
    from coach.calc.ltv_cac import LtvCacResult

_OPTION_NAMES = {
    "ltv": "--ltv",
    "cac": "--cac",
    "arpu": "--arpu",
    "lifespan": "--lifespan-months/--lifespan-years",
    "gross_margin": "--gross-margin",
    "marketing": "--marketing",
    "sales_salaries": "--sales-salaries",
    "onboarding": "--onboarding",
    "new_customers": "--new-customers",
}


def _stdin_is_interactive() -> bool:
    """Whether we may prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def _inputs(options: dict[str, Any]) -> LtvCacInputs:
    """The options as calculator inputs; a usage error when they say the same thing twice."""
    from coach.calc.inputs import LtvCacInputs

    values = dict(options)
    months, years = values.pop("lifespan_months"), values.pop("lifespan_years")
    if months is not None and years is not None:
        raise click.UsageError("give --lifespan-months or --lifespan-years, not both")
    values["lifespan"] = years * 12 if years is not None else months
    period = values.pop("arpu_period")
    inputs = LtvCacInputs(values, period)
    clashes = inputs.clashes()
    if clashes:
        direct, parts = clashes[0]
        names = ", ".join(_OPTION_NAMES[name] for name in parts)
        raise click.UsageError(
            f"give either {_OPTION_NAMES[direct]} or its parts, not both (also got {names})"
        )
    return inputs


def _complete(inputs: LtvCacInputs) -> LtvCacInputs:
    """Ask for what is missing on a terminal; without one, a usage error names it (exit 2)."""
    if _stdin_is_interactive():
        from coach.ui.calc import ask_missing

        return ask_missing(inputs)
    _require_all(inputs)
    return inputs


def _require_all(inputs: LtvCacInputs) -> None:
    """Without a terminal to ask, every value must be given: a usage error names the missing."""
    from coach.calc.inputs import GROUPS

    problems = []
    for direct, parts in GROUPS:
        needed = inputs.needed(direct, parts)
        if direct in needed:
            options = " ".join(_OPTION_NAMES[name] for name in parts)
            problems.append(f"{_OPTION_NAMES[direct]} (or {options})")
        elif needed:
            problems.append(", ".join(_OPTION_NAMES[name] for name in needed))
    if problems:
        raise click.UsageError(
            "missing " + "; ".join(problems) + ". Give them as options, or run in a terminal "
            "to be asked."
        )


def _calculate(inputs: LtvCacInputs) -> LtvCacResult:
    """The result; a value out of range is a bad value of its option."""
    from coach.calc.inputs import calculate
    from coach.calc.ltv_cac import CalcInputError

    try:
        return calculate(inputs)
    except CalcInputError as error:
        hint = _OPTION_NAMES.get(error.field, error.field)
        raise click.BadParameter(error.message, param_hint=hint) from None


@click.group(name="calc")
def calc_group() -> None:
    """Business-framing calculators (LTV:CAC)."""


@calc_group.command(name="ltv-cac")
@click.option("--ltv", type=float, help="Lifetime value of one customer, if you know it.")
@click.option("--cac", type=float, help="Customer acquisition cost, if you know it.")
@click.option("--arpu", type=float, help="Average revenue per customer, per --arpu-period.")
@click.option(
    "--arpu-period",
    type=click.Choice(["month", "year"]),
    default="month",
    show_default=True,
    help="The period --arpu is given for.",
)
@click.option("--lifespan-months", type=float, help="Average customer lifespan in months.")
@click.option("--lifespan-years", type=float, help="Average customer lifespan in years.")
@click.option(
    "--gross-margin",
    help="Gross margin as a percent (80%, 80) or a fraction (0.8); a bare 1 means 100%.",
)
@click.option("--marketing", type=float, help="Marketing expenses over the period.")
@click.option("--sales-salaries", type=float, help="Sales salaries over the period.")
@click.option("--onboarding", type=float, help="Onboarding costs over the period.")
@click.option("--new-customers", type=float, help="New customers acquired in the period.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def ltv_cac_command(as_json: bool, **options: Any) -> None:
    """Work out LTV, CAC and their ratio, and read it against the research's bands.

    LTV = ARPU x customer lifespan x gross margin; CAC = (marketing + sales salaries +
    onboarding) / new customers. Bands (source 7): below 1:1 negative ROI, 1:1 break-even,
    3:1 healthy, above 5:1 potential underinvestment. Missing values are asked for on a
    terminal; without one they must be given as options.
    """
    result = _calculate(_complete(_inputs(options)))
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    from coach.ui.calc import show_ltv_cac
    from coach.ui.console import make_console

    show_ltv_cac(make_console(), result)


calc = calc_group
"""The group registered as ``coach calc``."""
