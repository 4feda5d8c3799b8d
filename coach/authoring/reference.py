"""The operator reference of docs/authoring.md, generated from the condition language itself.

Which question types each operator applies to comes from the type checks the loader runs
(`coach.content.check.OPS_BY_TYPE`), and how a test reads in a report from the function the
report uses (`describe_test`), so the reference cannot drift from the code.
"""

from __future__ import annotations

from coach.conditions.ast import Op, Test
from coach.content.check import OPS_BY_TYPE
from coach.engine.evidence import describe_test
from coach.model.questionnaire import Questionnaire

BEGIN = "<!-- generated: operators (python -m coach.docs_gen); do not edit by hand -->"
END = "<!-- end of generated operators -->"

# operator -> (what it takes, when it is true, an example written in a rules file)
OPERATORS: dict[Op, tuple[str, str, str]] = {
    Op.EQ: ("a value", "the answer equals the value", "workload.on_call: {eq: true}"),
    Op.NE: (
        "a value",
        "the answer is given and differs from the value",
        "workload.time_off: {ne: fine}",
    ),
    Op.IN: (
        "a list",
        "the answer is one of the values",
        "workload.time_off: {in: [waited, contacted]}",
    ),
    Op.NOT_IN: (
        "a list",
        "the answer is given and is none of the values",
        "workload.time_off: {not_in: [fine]}",
    ),
    Op.GT: ("a number", "the answer is more than the number", "workload.hours_per_week: {gt: 55}"),
    Op.GTE: ("a number", "the answer is the number or more", "workload.hours_per_week: {gte: 55}"),
    Op.LT: ("a number", "the answer is less than the number", "workload.hours_per_week: {lt: 40}"),
    Op.LTE: ("a number", "the answer is the number or less", "workload.hours_per_week: {lte: 40}"),
    Op.BETWEEN: (
        "`[low, high]`",
        "low <= answer <= high (both ends included)",
        "workload.hours_per_week: {between: [40, 55]}",
    ),
    Op.CONTAINS: (
        "an option or a list of options",
        "a multi-choice answer includes the option (every option, for a list)",
        "recognition.glue_work: {contains: mentoring}",
    ),
    Op.ANSWERED: ("`true`", "the question was answered", "workload.out_of_hours: {answered: true}"),
    Op.UNANSWERED: (
        "`true`",
        "the question was not answered (skipped, or prefer not to say)",
        "workload.out_of_hours: {unanswered: true}",
    ),
}

_EXAMPLE_QUESTIONNAIRE = {
    "id": "reference",
    "version": "1",
    "title": "Operator reference",
    "sections": [
        {
            "id": "workload",
            "title": "Workload",
            "questions": [
                {"id": "hours_per_week", "type": "number", "text": "h", "help": "h"},
                {"id": "on_call", "type": "boolean", "text": "o", "help": "o"},
                {"id": "out_of_hours", "type": "scale", "text": "s", "help": "s", "scale": {}},
                {
                    "id": "time_off",
                    "type": "single",
                    "text": "t",
                    "help": "t",
                    "options": [
                        {"value": "fine", "label": "Work carried on"},
                        {"value": "waited", "label": "Work waited"},
                        {"value": "contacted", "label": "I was contacted"},
                    ],
                },
            ],
        },
        {
            "id": "recognition",
            "title": "Recognition",
            "questions": [
                {
                    "id": "glue_work",
                    "type": "multi",
                    "text": "g",
                    "help": "g",
                    "options": [{"value": "mentoring", "label": "Mentoring"}],
                }
            ],
        },
    ],
}


def _example_test(example: str) -> Test:
    ref, _, rest = example.partition(": {")
    op_name, _, raw = rest.rstrip("}").partition(": ")
    value: object
    if raw.startswith("["):
        items = [item.strip() for item in raw.strip("[]").split(",")]
        value = tuple(int(i) if i.isdigit() else i for i in items)
    elif raw == "true":
        value = True
    else:
        value = int(raw) if raw.isdigit() else raw
    op = Op(op_name)
    if op is Op.CONTAINS and not isinstance(value, tuple):
        value = (value,)
    return Test(ref, op, value)


def operator_table() -> str:
    """The operator reference as a Markdown table."""
    questionnaire = Questionnaire.model_validate(_EXAMPLE_QUESTIONNAIRE)
    lines = [
        "| operator | takes | true when | question types | example | in a report |",
        "|---|---|---|---|---|---|",
    ]
    for op in Op:
        takes, when, example = OPERATORS[op]
        kinds = ", ".join(kind for kind, ops in OPS_BY_TYPE.items() if op in ops)
        reads = describe_test(_example_test(example), questionnaire)
        lines.append(f"| `{op.value}` | {takes} | {when} | {kinds} | `{example}` | {reads} |")
    return "\n".join(lines)


def with_operator_table(text: str) -> str:
    """A document with its generated operator block brought up to date."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"the document has no {BEGIN} ... {END} block")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{operator_table()}\n{END}{tail}"
