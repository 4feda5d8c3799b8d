"""Business-framing calculators (pure functions that return data)."""

from coach.calc.ltv_cac import (
    BANDS,
    Band,
    CacBreakdown,
    CalcInputError,
    LtvBreakdown,
    LtvCacResult,
    band_for,
    customer_acquisition_cost,
    evaluate,
    lifetime_value,
    parse_gross_margin,
)

__all__ = [
    "BANDS",
    "Band",
    "CacBreakdown",
    "CalcInputError",
    "LtvBreakdown",
    "LtvCacResult",
    "band_for",
    "customer_acquisition_cost",
    "evaluate",
    "lifetime_value",
    "parse_gross_margin",
]
