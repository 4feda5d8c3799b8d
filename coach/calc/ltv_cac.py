"""LTV, CAC and the LTV:CAC ratio, read against the research's bands.

An exercise in business framing: the career-strategy research asks engineers who want to lead
to speak the language of Customer Acquisition Cost and Lifetime Value. The formulas and the
bands come from the research's table, which cites source 7 (Data-Mania, "LTV vs. CAC: Key
Metrics for ROI")::

    LTV = ARPU x customer lifespan x gross margin
    CAC = (marketing expenses + sales salaries + onboarding costs) / new customers acquired

The table names four points: below 1:1, 1:1, 3:1 and above 5:1. A real ratio is rarely
exactly one of them, so each row is read as covering everything up to the next row:

======================  =================  ==================================================
ratio                   band               the table's row
======================  =================  ==================================================
``ratio < 1``           below-break-even   < 1:1  Negative ROI; unsustainable
``1 <= ratio < 3``      break-even         1:1    Break-even; minimal profit
``3 <= ratio <= 5``     healthy            3:1    Healthy, sustainable growth
``ratio > 5``           underinvestment    > 5:1  Potential underinvestment
======================  =================  ==================================================

Why these edges: 1:1 and 3:1 are where the table's statuses begin (break-even at 1, the standard
benchmark at 3), so each point belongs to the band it names. Between 1 and 3 a business earns back
its acquisition cost but stays below the benchmark, which is what the break-even row describes
("minimal profit; high risk of failure if CAC increases"). The last row is strictly "> 5:1", so 5
itself still counts as healthy. Ratios are compared after rounding to nine decimal places, so that
2.4 / 0.8 (2.9999999999999996 in floating point) is read as 3.

Everything here is pure: functions take numbers and return frozen dataclasses; nothing prints,
prompts or exits.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

SOURCE_ID = 7
SOURCE_TITLE = "LTV vs. CAC: Key Metrics for ROI | Data-Mania, LLC"
SOURCE_URL = "https://www.data-mania.com/blog/ltv-vs-cac-key-metrics-for-roi/"

ArpuPeriod = Literal["month", "year"]

_RATIO_DIGITS = 9


class CalcInputError(ValueError):
    """An input to a calculator is out of range (negative, zero where it divides, not a number)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Band:
    """One row of the research's LTV:CAC table, with the range of ratios it covers."""

    id: str
    table_row: str
    range_text: str
    status: str
    implication: str
    lower: float
    upper: float | None
    upper_inclusive: bool
    lower_inclusive: bool = True
    source: int = SOURCE_ID

    def contains(self, ratio: float) -> bool:
        """Whether ``ratio`` falls in this band (each bound included or not, as declared)."""
        value = round(ratio, _RATIO_DIGITS)
        if value < self.lower or (value == self.lower and not self.lower_inclusive):
            return False
        if self.upper is None:
            return True
        return value <= self.upper if self.upper_inclusive else value < self.upper


BANDS: tuple[Band, ...] = (
    Band(
        id="below-break-even",
        table_row="< 1:1",
        range_text="below 1:1",
        status="Negative ROI; unsustainable",
        implication="Immediate pivot required; fix churn or product-market fit",
        lower=-math.inf,
        upper=1.0,
        upper_inclusive=False,
    ),
    Band(
        id="break-even",
        table_row="1:1",
        range_text="from 1:1 up to (not including) 3:1",
        status="Break-even",
        implication="Minimal profit; high risk of failure if CAC increases",
        lower=1.0,
        upper=3.0,
        upper_inclusive=False,
    ),
    Band(
        id="healthy",
        table_row="3:1",
        range_text="from 3:1 up to and including 5:1",
        status="Healthy, sustainable growth",
        implication="Standard benchmark for SaaS and tech firms",
        lower=3.0,
        upper=5.0,
        upper_inclusive=True,
    ),
    Band(
        id="underinvestment",
        table_row="> 5:1",
        range_text="above 5:1",
        status="Potential underinvestment",
        implication="High efficiency; firm should increase marketing spend to capture market",
        lower=5.0,
        lower_inclusive=False,
        upper=None,
        upper_inclusive=False,
    ),
)


@dataclass(frozen=True)
class LtvBreakdown:
    """How a lifetime value was computed: ARPU x lifespan x gross margin."""

    arpu: float
    arpu_period: ArpuPeriod
    lifespan_months: float
    gross_margin: float
    value: float


@dataclass(frozen=True)
class CacBreakdown:
    """How an acquisition cost was computed: total acquisition spend / new customers."""

    marketing: float
    sales_salaries: float
    onboarding: float
    new_customers: float
    total_spend: float
    value: float


@dataclass(frozen=True)
class LtvCacResult:
    """LTV, CAC, their ratio and the band the ratio falls in."""

    ltv: float
    cac: float
    ratio: float
    band: Band
    ltv_breakdown: LtvBreakdown | None = None
    cac_breakdown: CacBreakdown | None = None

    @property
    def ratio_text(self) -> str:
        """The ratio as the research writes it, e.g. ``3.0:1``."""
        return f"{self.ratio:.1f}:1"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` output of ``coach calc ltv-cac``)."""
        band = asdict(self.band)
        band["lower"] = None if math.isinf(self.band.lower) else self.band.lower
        return {
            "ltv": self.ltv,
            "cac": self.cac,
            "ratio": self.ratio,
            "ratio_text": self.ratio_text,
            "band": band,
            "ltv_breakdown": asdict(self.ltv_breakdown) if self.ltv_breakdown else None,
            "cac_breakdown": asdict(self.cac_breakdown) if self.cac_breakdown else None,
            "source": {"id": SOURCE_ID, "title": SOURCE_TITLE, "url": SOURCE_URL},
        }


def _non_negative(field: str, value: float) -> float:
    if not math.isfinite(value):
        raise CalcInputError(field, f"must be a finite number, got {value!r}")
    if value < 0:
        raise CalcInputError(field, f"must not be negative, got {value:g}")
    return float(value)


def parse_gross_margin(value: str | float) -> float:
    """Read a gross margin given as a percent or a fraction; return a fraction in [0, 1].

    ``"80%"``, ``80`` and ``0.8`` all mean 80%. A bare number above 1 is a percent; a bare number
    from 0 to 1 is a fraction, so ``1`` means 100% (write ``"1%"`` for one percent).
    """
    if isinstance(value, str):
        text = value.strip()
        is_percent = text.endswith("%")
        number_text = text.removesuffix("%").strip()
        try:
            number = float(number_text)
        except ValueError:
            raise CalcInputError(
                "gross_margin", f"expected a percent (80%, 80) or a fraction (0.8), got {value!r}"
            ) from None
    else:
        number = float(value)
        is_percent = False
    number = _non_negative("gross_margin", number)
    fraction = number / 100 if is_percent or number > 1 else number
    if fraction > 1:
        raise CalcInputError("gross_margin", f"cannot exceed 100%, got {value!r}")
    return fraction


def lifetime_value(
    arpu: float,
    lifespan_months: float,
    gross_margin: float,
    arpu_period: ArpuPeriod = "month",
) -> LtvBreakdown:
    """LTV = ARPU x customer lifespan x gross margin (research source 7).

    Args:
        arpu: average revenue per customer, per ``arpu_period``.
        lifespan_months: how long a customer stays, in months.
        gross_margin: a fraction in [0, 1] (see :func:`parse_gross_margin`).
        arpu_period: whether ``arpu`` is per month or per year.
    """
    arpu = _non_negative("arpu", arpu)
    lifespan_months = _non_negative("lifespan", lifespan_months)
    gross_margin = _non_negative("gross_margin", gross_margin)
    if gross_margin > 1:
        raise CalcInputError(
            "gross_margin", f"must be a fraction from 0 to 1, got {gross_margin:g}"
        )
    periods = lifespan_months if arpu_period == "month" else lifespan_months / 12
    return LtvBreakdown(
        arpu=arpu,
        arpu_period=arpu_period,
        lifespan_months=lifespan_months,
        gross_margin=gross_margin,
        value=arpu * periods * gross_margin,
    )


def customer_acquisition_cost(
    marketing: float,
    sales_salaries: float,
    onboarding: float,
    new_customers: float,
) -> CacBreakdown:
    """CAC = (marketing + sales salaries + onboarding) / new customers acquired (source 7)."""
    marketing = _non_negative("marketing", marketing)
    sales_salaries = _non_negative("sales_salaries", sales_salaries)
    onboarding = _non_negative("onboarding", onboarding)
    new_customers = _non_negative("new_customers", new_customers)
    if new_customers == 0:
        raise CalcInputError("new_customers", "must be greater than zero")
    total = marketing + sales_salaries + onboarding
    return CacBreakdown(
        marketing=marketing,
        sales_salaries=sales_salaries,
        onboarding=onboarding,
        new_customers=new_customers,
        total_spend=total,
        value=total / new_customers,
    )


def band_for(ratio: float) -> Band:
    """The research's band for an LTV:CAC ratio (edges in the module docstring)."""
    if math.isnan(ratio):
        raise CalcInputError("ratio", "is not a number")
    for band in BANDS:
        if band.contains(ratio):
            return band
    raise AssertionError(f"no band for ratio {ratio!r}")  # pragma: no cover - bands cover all reals


def evaluate(ltv: float | LtvBreakdown, cac: float | CacBreakdown) -> LtvCacResult:
    """Form the LTV:CAC ratio and read it against the research's bands."""
    ltv_breakdown = ltv if isinstance(ltv, LtvBreakdown) else None
    cac_breakdown = cac if isinstance(cac, CacBreakdown) else None
    ltv_value = _non_negative("ltv", ltv.value if isinstance(ltv, LtvBreakdown) else float(ltv))
    cac_value = _non_negative("cac", cac.value if isinstance(cac, CacBreakdown) else float(cac))
    if cac_value == 0:
        raise CalcInputError(
            "cac", "must be greater than zero: with no acquisition cost the ratio is undefined"
        )
    ratio = ltv_value / cac_value
    return LtvCacResult(
        ltv=ltv_value,
        cac=cac_value,
        ratio=ratio,
        band=band_for(ratio),
        ltv_breakdown=ltv_breakdown,
        cac_breakdown=cac_breakdown,
    )
