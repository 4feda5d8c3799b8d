"""`coach calc`: small business-framing calculators.

Thin on purpose: options (or prompts, on a terminal) become numbers, one pure function in
``coach.calc`` does the work, and the result is rendered. rich and questionary are imported inside
the functions that use them, so ``coach --help`` stays light.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from coach.calc import ltv_cac

if TYPE_CHECKING:
    from coach.calc.ltv_cac import ArpuPeriod, CacBreakdown, LtvBreakdown, LtvCacResult

_LTV_PARTS = ("arpu", "lifespan", "gross_margin")
_CAC_PARTS = ("marketing", "sales_salaries", "onboarding", "new_customers")

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

_PROMPTS = {
    "ltv": "Lifetime value (LTV) of one customer",
    "cac": "Customer acquisition cost (CAC)",
    "arpu": "Average revenue per customer (ARPU), per {period}",
    "lifespan": "Average customer lifespan, in months",
    "gross_margin": "Gross margin (80% or 0.8)",
    "marketing": "Marketing expenses over the period",
    "sales_salaries": "Sales salaries over the period",
    "onboarding": "Onboarding costs over the period",
    "new_customers": "New customers acquired in the period",
}


@dataclass
class _Inputs:
    """The values given so far; ``None`` means not given yet."""

    values: dict[str, float | str | None]
    arpu_period: ArpuPeriod

    def missing(self, names: tuple[str, ...]) -> list[str]:
        return [name for name in names if self.values.get(name) is None]

    def given(self, names: tuple[str, ...]) -> list[str]:
        return [name for name in names if self.values.get(name) is not None]


def _stdin_is_interactive() -> bool:
    """Whether we may prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def _ask_text(message: str, check: Callable[[str], bool | str]) -> str:
    """Ask for one value in the terminal (the only caller of questionary.text here).

    ``check`` returns True for an acceptable answer, or the message to show and ask again.
    """
    import questionary

    answer: str = questionary.text(message, validate=check).unsafe_ask()
    return answer


def _check_answer(name: str) -> Callable[[str], bool | str]:
    """The validator for a prompted value: a number (gross margin: a percent or a fraction)."""

    def check(text: str) -> bool | str:
        try:
            if name == "gross_margin":
                ltv_cac.parse_gross_margin(text)
            else:
                value = float(text)
                if value < 0:
                    return "Give a number of zero or more"
        except ValueError:
            if name == "gross_margin":
                return "Give a percent (80%, 80) or a fraction (0.8), at most 100%"
            return "Give a number, e.g. 1200 or 0.5"
        return True

    return check


def _ask_way(what: str, ways: list[str]) -> str:
    """Ask how the user wants to give LTV or CAC."""
    import questionary

    answer: str = questionary.select(f"How do you want to give {what}?", choices=ways).unsafe_ask()
    return answer


def _parse_number(name: str, text: str | float) -> float:
    try:
        return float(text)
    except ValueError:
        raise click.BadParameter(
            f"expected a number, got {text!r}", param_hint=_OPTION_NAMES[name]
        ) from None


def _check_exclusive(inputs: _Inputs) -> None:
    for direct, parts in (("ltv", _LTV_PARTS), ("cac", _CAC_PARTS)):
        clash = inputs.given(parts)
        if inputs.values.get(direct) is not None and clash:
            names = ", ".join(_OPTION_NAMES[name] for name in clash)
            raise click.UsageError(
                f"give either {_OPTION_NAMES[direct]} or its parts, not both (also got {names})"
            )


def _needed(inputs: _Inputs, direct: str, parts: tuple[str, ...]) -> tuple[str, ...]:
    """Which values are still needed to know ``direct`` (LTV or CAC)."""
    if inputs.values.get(direct) is not None:
        return ()
    if inputs.given(parts):
        return tuple(inputs.missing(parts))
    return (direct, *parts)


def _fill_by_prompt(inputs: _Inputs, direct: str, parts: tuple[str, ...]) -> None:
    needed = _needed(inputs, direct, parts)
    if not needed:
        return
    if direct in needed:
        label = direct.upper()
        from_parts = f"Work out {label} from its parts"
        known = f"I know the {label}"
        needed = (direct,) if _ask_way(label, [from_parts, known]) == known else parts
    for name in needed:
        message = _PROMPTS[name].format(period=inputs.arpu_period)
        inputs.values[name] = _ask_text(message, _check_answer(name))


def _complete(inputs: _Inputs, interactive: bool) -> None:
    """Prompt for what is missing on a terminal; otherwise fail with a usage error (exit 2)."""
    _check_exclusive(inputs)
    groups = (("ltv", _LTV_PARTS), ("cac", _CAC_PARTS))
    if interactive:
        for direct, parts in groups:
            _fill_by_prompt(inputs, direct, parts)
        return
    problems = []
    for direct, parts in groups:
        needed = _needed(inputs, direct, parts)
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


def _compute(inputs: _Inputs) -> LtvCacResult:
    values = inputs.values

    def number(name: str) -> float:
        value = values[name]
        assert value is not None  # _complete filled it
        return _parse_number(name, value)

    try:
        ltv: float | LtvBreakdown
        cac: float | CacBreakdown
        if values.get("ltv") is not None:
            ltv = number("ltv")
        else:
            ltv = ltv_cac.lifetime_value(
                arpu=number("arpu"),
                lifespan_months=number("lifespan"),
                gross_margin=ltv_cac.parse_gross_margin(str(values["gross_margin"])),
                arpu_period=inputs.arpu_period,
            )
        if values.get("cac") is not None:
            cac = number("cac")
        else:
            cac = ltv_cac.customer_acquisition_cost(*(number(name) for name in _CAC_PARTS))
        return ltv_cac.evaluate(ltv, cac)
    except ltv_cac.CalcInputError as error:
        hint = _OPTION_NAMES.get(error.field, error.field)
        raise click.BadParameter(error.message, param_hint=hint) from None


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _render(result: LtvCacResult) -> None:
    """Print the result as a rich table, then the research's bands with this ratio marked."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    summary = Table(title="LTV:CAC", show_header=False)
    summary.add_column("what", style="bold")
    summary.add_column("value")
    if result.ltv_breakdown:
        b = result.ltv_breakdown
        summary.add_row(
            "LTV",
            f"{_money(b.value)} = ARPU {_money(b.arpu)}/{b.arpu_period} x "
            f"{b.lifespan_months:g} months x {b.gross_margin:.0%} gross margin",
        )
    else:
        summary.add_row("LTV", _money(result.ltv))
    if result.cac_breakdown:
        c = result.cac_breakdown
        summary.add_row(
            "CAC",
            f"{_money(c.value)} = ({_money(c.marketing)} marketing + {_money(c.sales_salaries)} "
            f"sales salaries + {_money(c.onboarding)} onboarding) / {c.new_customers:g} "
            "new customers",
        )
    else:
        summary.add_row("CAC", _money(result.cac))
    summary.add_row("Ratio", result.ratio_text)
    summary.add_row("Band", f"{result.band.table_row} ({result.band.range_text})")
    summary.add_row("Status", result.band.status)
    summary.add_row("Implication", result.band.implication)
    console.print(summary)

    bands = Table(title="The research's LTV:CAC bands")
    for column in ("", "LTV:CAC", "status", "strategic implication", "source"):
        bands.add_column(column)
    for band in ltv_cac.BANDS:
        mark = ">" if band == result.band else ""
        bands.add_row(
            mark, band.table_row, band.status, band.implication, escape(f"[{band.source}]")
        )
    console.print(bands)
    console.print(escape(f"[{ltv_cac.SOURCE_ID}] {ltv_cac.SOURCE_TITLE}, {ltv_cac.SOURCE_URL}"))


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
def ltv_cac_command(
    ltv: float | None,
    cac: float | None,
    arpu: float | None,
    arpu_period: ArpuPeriod,
    lifespan_months: float | None,
    lifespan_years: float | None,
    gross_margin: str | None,
    marketing: float | None,
    sales_salaries: float | None,
    onboarding: float | None,
    new_customers: float | None,
    as_json: bool,
) -> None:
    """Work out LTV, CAC and their ratio, and read it against the research's bands.

    LTV = ARPU x customer lifespan x gross margin; CAC = (marketing + sales salaries +
    onboarding) / new customers. Bands (source 7): below 1:1 negative ROI, 1:1 break-even,
    3:1 healthy, above 5:1 potential underinvestment. Missing values are asked for on a
    terminal; without one they must be given as options.
    """
    if lifespan_months is not None and lifespan_years is not None:
        raise click.UsageError("give --lifespan-months or --lifespan-years, not both")
    lifespan = lifespan_years * 12 if lifespan_years is not None else lifespan_months
    inputs = _Inputs(
        values={
            "ltv": ltv,
            "cac": cac,
            "arpu": arpu,
            "lifespan": lifespan,
            "gross_margin": gross_margin,
            "marketing": marketing,
            "sales_salaries": sales_salaries,
            "onboarding": onboarding,
            "new_customers": new_customers,
        },
        arpu_period=arpu_period,
    )
    _complete(inputs, interactive=_stdin_is_interactive())
    result = _compute(inputs)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _render(result)


calc = calc_group
"""The group registered as ``coach calc``."""
