"""The values `coach calc ltv-cac` works from: which are given, which are still needed.

LTV and CAC can each be given directly or worked out from their parts. This module says which
values are still needed, which were given twice over (a value and its parts), and computes the
result once everything is known. Pure: it raises `CalcInputError` naming the value (the field),
and the command turns that into a message about its option.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.calc import ltv_cac
from coach.calc.ltv_cac import ArpuPeriod, CacBreakdown, CalcInputError, LtvBreakdown, LtvCacResult

LTV_PARTS = ("arpu", "lifespan", "gross_margin")
CAC_PARTS = ("marketing", "sales_salaries", "onboarding", "new_customers")
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (("ltv", LTV_PARTS), ("cac", CAC_PARTS))
"""Each value that can be given directly, with the parts it is otherwise worked out from."""

Value = float | str | None
"""A number, text still to be read as one (a prompted answer, a gross margin), or not given."""


@dataclass(frozen=True)
class LtvCacInputs:
    """The values given so far, by name (``lifespan`` in months); ``None`` means not given."""

    values: dict[str, Value] = field(default_factory=dict)
    arpu_period: ArpuPeriod = "month"

    def given(self, names: tuple[str, ...]) -> list[str]:
        """Which of ``names`` have a value."""
        return [name for name in names if self.values.get(name) is not None]

    def needed(self, direct: str, parts: tuple[str, ...]) -> tuple[str, ...]:
        """Which values are still needed to know ``direct`` (LTV or CAC).

        Nothing when it was given; the missing parts when some parts were; otherwise the value
        itself followed by all its parts (either way will do).
        """
        if self.values.get(direct) is not None:
            return ()
        if self.given(parts):
            return tuple(name for name in parts if self.values.get(name) is None)
        return (direct, *parts)

    def clashes(self) -> list[tuple[str, list[str]]]:
        """Each value given together with some of its parts, with those parts."""
        return [
            (direct, self.given(parts))
            for direct, parts in GROUPS
            if self.values.get(direct) is not None and self.given(parts)
        ]

    def with_values(self, values: dict[str, Value]) -> LtvCacInputs:
        """These inputs with ``values`` added."""
        return LtvCacInputs({**self.values, **values}, self.arpu_period)


def _number(inputs: LtvCacInputs, name: str) -> float:
    value = inputs.values.get(name)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CalcInputError(name, f"expected a number, got {value!r}") from None


def calculate(inputs: LtvCacInputs) -> LtvCacResult:
    """LTV, CAC and their ratio from complete inputs (see `LtvCacInputs.needed`).

    Raises:
        CalcInputError: a value is not a number or out of range; its field names the value.
    """
    ltv: float | LtvBreakdown
    cac: float | CacBreakdown
    if inputs.values.get("ltv") is not None:
        ltv = _number(inputs, "ltv")
    else:
        ltv = ltv_cac.lifetime_value(
            arpu=_number(inputs, "arpu"),
            lifespan_months=_number(inputs, "lifespan"),
            gross_margin=ltv_cac.parse_gross_margin(str(inputs.values["gross_margin"])),
            arpu_period=inputs.arpu_period,
        )
    if inputs.values.get("cac") is not None:
        cac = _number(inputs, "cac")
    else:
        cac = ltv_cac.customer_acquisition_cost(*(_number(inputs, name) for name in CAC_PARTS))
    return ltv_cac.evaluate(ltv, cac)
