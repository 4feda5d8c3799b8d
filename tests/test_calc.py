"""`coach calc ltv-cac`: the pure LTV/CAC functions and the click command."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from coach.calc import (
    BANDS,
    CalcInputError,
    band_for,
    customer_acquisition_cost,
    evaluate,
    lifetime_value,
    parse_gross_margin,
)
from coach.cli import cmd_calc
from coach.cli.cmd_calc import calc
from coach.ui import calc as calc_ui

# The research's LTV:CAC table (career-strategy report, source 7), row by row.
RESEARCH_TABLE = {
    0.8: (
        "< 1:1",
        "Negative ROI; unsustainable",
        "Immediate pivot required; fix churn or product-market fit",
    ),
    1.0: ("1:1", "Break-even", "Minimal profit; high risk of failure if CAC increases"),
    3.0: ("3:1", "Healthy, sustainable growth", "Standard benchmark for SaaS and tech firms"),
    6.0: (
        "> 5:1",
        "Potential underinvestment",
        "High efficiency; firm should increase marketing spend to capture market",
    ),
}


def run(*args: str):
    runner = CliRunner()
    return runner.invoke(calc, ["ltv-cac", *args], env={"COLUMNS": "200", "NO_COLOR": "1"})


# --- pure functions -------------------------------------------------------------------------


def test_lifetime_value_is_arpu_times_lifespan_times_margin():
    result = lifetime_value(arpu=100, lifespan_months=36, gross_margin=0.8)
    assert result.value == pytest.approx(2880)
    assert (result.arpu, result.lifespan_months, result.gross_margin) == (100, 36, 0.8)


def test_lifetime_value_with_yearly_arpu_counts_lifespan_in_years():
    result = lifetime_value(arpu=1200, lifespan_months=36, gross_margin=0.5, arpu_period="year")
    assert result.value == pytest.approx(1800)


def test_customer_acquisition_cost_divides_total_spend_by_new_customers():
    result = customer_acquisition_cost(
        marketing=50_000, sales_salaries=30_000, onboarding=5_000, new_customers=100
    )
    assert result.total_spend == 85_000
    assert result.value == pytest.approx(850)


@pytest.mark.parametrize(
    ("given", "fraction"),
    [
        ("80%", 0.8),
        ("80", 0.8),
        (" 80 % ", 0.8),
        ("0.8", 0.8),
        (0.8, 0.8),
        (80, 0.8),
        ("1", 1.0),
        ("1%", 0.01),
        ("0", 0.0),
        ("100%", 1.0),
    ],
)
def test_parse_gross_margin_reads_percent_or_fraction(given, fraction):
    assert parse_gross_margin(given) == pytest.approx(fraction)


@pytest.mark.parametrize("given", ["150", "150%", "-5", "lots", ""])
def test_parse_gross_margin_rejects_nonsense(given):
    with pytest.raises(CalcInputError) as info:
        parse_gross_margin(given)
    assert info.value.field == "gross_margin"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: customer_acquisition_cost(1, 1, 1, 0), "new_customers"),
        (lambda: customer_acquisition_cost(-1, 1, 1, 1), "marketing"),
        (lambda: lifetime_value(-1, 12, 0.5), "arpu"),
        (lambda: lifetime_value(10, math.inf, 0.5), "lifespan"),
        (lambda: lifetime_value(10, 12, 1.5), "gross_margin"),
        (lambda: evaluate(10, 0), "cac"),
    ],
)
def test_out_of_range_inputs_are_named(call, field):
    with pytest.raises(CalcInputError) as info:
        call()
    assert info.value.field == field


@pytest.mark.parametrize("ratio", sorted(RESEARCH_TABLE))
def test_bands_reproduce_the_research_table(ratio):
    row, status, implication = RESEARCH_TABLE[ratio]
    band = band_for(ratio)
    assert (band.table_row, band.status, band.implication, band.source) == (
        row,
        status,
        implication,
        7,
    )


@pytest.mark.parametrize(
    ("ratio", "band_id"),
    [
        (0.0, "below-break-even"),
        (0.999, "below-break-even"),
        (1.0, "break-even"),
        (2.99, "break-even"),
        (3.0, "healthy"),
        (5.0, "healthy"),
        (5.01, "underinvestment"),
        (1e9, "underinvestment"),
    ],
)
def test_band_edges(ratio, band_id):
    assert band_for(ratio).id == band_id


def test_bands_cover_every_ratio_once():
    for ratio in [x / 100 for x in range(0, 1000)]:
        assert sum(band.contains(ratio) for band in BANDS) == 1


def test_floating_point_noise_does_not_move_a_ratio_out_of_its_band():
    result = evaluate(2.4, 0.8)  # 2.9999999999999996 in floating point
    assert result.band.id == "healthy"
    assert result.ratio_text == "3.0:1"


def test_evaluate_keeps_the_breakdowns():
    ltv = lifetime_value(100, 36, 0.8)
    cac = customer_acquisition_cost(50_000, 30_000, 5_000, 100)
    result = evaluate(ltv, cac)
    assert result.ratio == pytest.approx(2880 / 850)
    assert result.ltv_breakdown == ltv
    assert result.cac_breakdown == cac
    data = result.to_dict()
    json.dumps(data)  # JSON-ready
    assert data["band"]["id"] == "healthy"
    assert data["source"]["id"] == 7


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize("ratio", sorted(RESEARCH_TABLE))
def test_command_reproduces_the_research_table_as_json(ratio):
    row, status, implication = RESEARCH_TABLE[ratio]
    result = run("--ltv", str(ratio * 1000), "--cac", "1000", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ratio"] == pytest.approx(ratio)
    assert data["band"]["table_row"] == row
    assert data["band"]["status"] == status
    assert data["band"]["implication"] == implication
    assert data["band"]["source"] == 7


@pytest.mark.parametrize("ratio", sorted(RESEARCH_TABLE))
def test_command_reproduces_the_research_table_as_text(ratio):
    _row, status, implication = RESEARCH_TABLE[ratio]
    result = run("--ltv", str(ratio), "--cac", "1")
    assert result.exit_code == 0, result.output
    assert f"{ratio:.1f}:1" in result.output
    assert status in result.output
    assert implication in result.output
    assert "[7] LTV vs. CAC: Key Metrics for ROI | Data-Mania, LLC" in result.output


def test_command_computes_from_parts():
    result = run(
        "--arpu", "100", "--lifespan-years", "3", "--gross-margin", "80%",
        "--marketing", "50000", "--sales-salaries", "30000", "--onboarding", "5000",
        "--new-customers", "100", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ltv"] == pytest.approx(2880)
    assert data["cac"] == pytest.approx(850)
    assert data["ltv_breakdown"]["lifespan_months"] == 36
    assert data["cac_breakdown"]["total_spend"] == 85_000
    assert data["band"]["id"] == "healthy"


def test_command_text_shows_the_formulas():
    result = run(
        "--arpu", "100", "--lifespan-months", "36", "--gross-margin", "0.8", "--cac", "850",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2,880.00 = ARPU 100.00/month x 36 months x 80% gross margin" in result.output


def test_missing_values_without_a_terminal_is_a_usage_error():
    result = run("--arpu", "100")
    assert result.exit_code == 2
    assert "missing --lifespan-months/--lifespan-years, --gross-margin" in result.output
    assert "--cac (or --marketing --sales-salaries --onboarding --new-customers)" in result.output
    assert "run in a terminal to be asked" in result.output


def test_nothing_given_without_a_terminal_names_both_ways():
    result = run()
    assert result.exit_code == 2
    assert "--ltv (or --arpu --lifespan-months/--lifespan-years --gross-margin)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ltv", "5", "--arpu", "3", "--cac", "1"], "give either --ltv or its parts"),
        (["--ltv", "5", "--cac", "1", "--marketing", "3"], "give either --cac or its parts"),
        (
            ["--ltv", "5", "--cac", "1", "--lifespan-months", "3", "--lifespan-years", "1"],
            "--lifespan-months or --lifespan-years, not both",
        ),
        (["--ltv", "5", "--cac", "0"], "Invalid value for --cac: must be greater than zero"),
        (
            ["--arpu", "5", "--lifespan-months", "3", "--gross-margin", "lots", "--cac", "1"],
            "Invalid value for --gross-margin",
        ),
        (
            [
                "--ltv",
                "5",
                "--marketing",
                "1",
                "--sales-salaries",
                "1",
                "--onboarding",
                "1",
                "--new-customers",
                "0",
            ],
            "Invalid value for --new-customers: must be greater than zero",
        ),
    ],
)
def test_bad_input_is_a_usage_error(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_prompts_for_missing_values_on_a_terminal(monkeypatch):
    asked: list[str] = []
    answers = iter(["36", "80%", "50000", "30000", "5000", "100"])

    def ask_text(message: str, check) -> str:
        assert check("12") is True
        asked.append(message)
        return next(answers)

    def ask_way(what: str, ways: list[str]) -> str:
        asked.append(f"way:{what}")
        return ways[0]  # work it out from its parts

    monkeypatch.setattr(cmd_calc, "_stdin_is_interactive", lambda: True)
    monkeypatch.setattr(calc_ui, "ask_text", ask_text)
    monkeypatch.setattr(calc_ui, "ask_way", ask_way)
    result = run("--arpu", "100", "--json")
    assert result.exit_code == 0, result.output
    # ARPU was given, so only the rest of LTV is asked; CAC was not, so the way is asked first.
    assert asked == [
        "Average customer lifespan, in months",
        "Gross margin (80% or 0.8)",
        "way:CAC",
        "Marketing expenses over the period",
        "Sales salaries over the period",
        "Onboarding costs over the period",
        "New customers acquired in the period",
    ]
    assert json.loads(result.output)["ratio"] == pytest.approx(2880 / 850)


def test_prompts_for_a_known_value_directly(monkeypatch):
    monkeypatch.setattr(cmd_calc, "_stdin_is_interactive", lambda: True)
    monkeypatch.setattr(calc_ui, "ask_way", lambda what, ways: ways[1])
    known = {
        "Lifetime value (LTV) of one customer": "600",
        "Customer acquisition cost (CAC)": "100",
    }
    monkeypatch.setattr(calc_ui, "ask_text", lambda message, check: known[message])
    result = run("--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["band"]["id"] == "underinvestment"


def test_a_prompted_value_that_is_not_a_number_is_a_usage_error(monkeypatch):
    monkeypatch.setattr(cmd_calc, "_stdin_is_interactive", lambda: True)
    monkeypatch.setattr(calc_ui, "ask_way", lambda what, ways: ways[0])
    monkeypatch.setattr(calc_ui, "ask_text", lambda message, check: "many")
    result = run("--ltv", "5")
    assert result.exit_code == 2
    assert "Invalid value for --marketing: expected a number, got 'many'" in result.output


def test_the_command_module_does_not_import_heavy_libraries():
    code = (
        "import sys, coach.cli.cmd_calc; "
        "print(sorted(m for m in ('rich', 'questionary', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("name", "text", "ok"),
    [
        ("arpu", "120.5", True),
        ("arpu", "lots", False),
        ("marketing", "-3", False),
        ("gross_margin", "80%", True),
        ("gross_margin", "0.8", True),
        ("gross_margin", "150", False),
    ],
)
def test_prompt_validators_accept_numbers_and_explain_the_rest(name, text, ok):
    result = calc_ui.check_answer(name)(text)
    assert (result is True) == ok
    if not ok:
        assert isinstance(result, str)


def test_prompts_in_a_real_terminal():
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "120", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "coach", "calc", "ltv-cac", "--ltv", "3000", "--json"],
        encoding="utf-8",
        timeout=20,
        env=env,
        dimensions=(40, 120),
    )
    child.expect("How do you want to give CAC")
    child.send("\r")  # the first choice: work it out from its parts
    for prompt, value in [
        ("Marketing", "50000"),
        ("Sales salaries", "30000"),
        ("Onboarding", "5000"),
        ("New customers", "100"),
    ]:
        child.expect(prompt)
        child.sendline(value)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert '"cac": 850.0' in child.before
    assert '"id": "healthy"' in child.before
