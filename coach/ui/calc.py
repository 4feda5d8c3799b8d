"""The terminal side of `coach calc ltv-cac`: asking for missing values, and the result tables.

questionary and rich are imported inside the functions that use them, so the command module
that imports this one stays light for `coach --help`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.calc import ltv_cac
from coach.calc.inputs import GROUPS, LtvCacInputs, Value

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from coach.calc.ltv_cac import LtvCacResult

PROMPTS = {
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


def ask_text(message: str, check: Callable[[str], bool | str]) -> str:
    """Ask for one value in the terminal (the only caller of questionary.text here).

    ``check`` returns True for an acceptable answer, or the message to show and ask again.
    """
    import questionary

    answer: str = questionary.text(message, validate=check).unsafe_ask()
    return answer


def ask_way(what: str, ways: list[str]) -> str:
    """Ask how the user wants to give LTV or CAC."""
    import questionary

    answer: str = questionary.select(f"How do you want to give {what}?", choices=ways).unsafe_ask()
    return answer


def check_answer(name: str) -> Callable[[str], bool | str]:
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


def ask_missing(inputs: LtvCacInputs) -> LtvCacInputs:
    """Ask for every value still needed: for LTV and CAC, first whether to give it or its parts."""
    asked: dict[str, Value] = {}
    for direct, parts in GROUPS:
        needed = inputs.needed(direct, parts)
        if not needed:
            continue
        if direct in needed:
            label = direct.upper()
            from_parts = f"Work out {label} from its parts"
            known = f"I know the {label}"
            needed = (direct,) if ask_way(label, [from_parts, known]) == known else parts
        for name in needed:
            message = PROMPTS[name].format(period=inputs.arpu_period)
            asked[name] = ask_text(message, check_answer(name))
    return inputs.with_values(asked)


def _money(value: float) -> str:
    return f"{value:,.2f}"


def show_ltv_cac(console: Console, result: LtvCacResult) -> None:
    """Print the result as a table, then the research's bands with this ratio marked."""
    from rich.markup import escape

    console.print(_summary(result))
    console.print(_bands(result))
    console.print(escape(f"[{ltv_cac.SOURCE_ID}] {ltv_cac.SOURCE_TITLE}, {ltv_cac.SOURCE_URL}"))


def _summary(result: LtvCacResult) -> Table:
    from rich.table import Table

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
    return summary


def _bands(result: LtvCacResult) -> Table:
    from rich.markup import escape
    from rich.table import Table

    bands = Table(title="The research's LTV:CAC bands")
    for column in ("", "LTV:CAC", "status", "strategic implication", "source"):
        bands.add_column(column)
    for band in ltv_cac.BANDS:
        mark = ">" if band == result.band else ""
        bands.add_row(
            mark, band.table_row, band.status, band.implication, escape(f"[{band.source}]")
        )
    return bands
