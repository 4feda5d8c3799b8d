"""The export file: one person's whole history as JSON, stable enough to diff and to re-import.

Rows are named by `uid`, never by local id, so a file imports the same into any database, and
re-importing it changes nothing. Keys are sorted and lists kept in a fixed order, so exporting
the same history twice gives the same bytes.

An export to import is untrusted: it may come from anyone. `parse` checks the whole text before
anything is written: nesting depth on the text itself (before `json.loads` could recurse), then
every value (no lone surrogate, no number too large, no text or list too long), then the strict
schema below (JSON types as they are: no "5" for 5, no 1 for true; dates with a time zone; ids,
uids and quarters in their patterns; a cited work's address the same checked web address as in
sources.yaml). Every problem is reported at once, each at its JSON path (`$.assessments[3]...`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, ValidationError

from coach.content import limits
from coach.content.pydantic_errors import plain_words
from coach.errors import ContentError, Problem, suggest
from coach.located import Located
from coach.model.base import HASH, KEBAB, ContentId, Record
from coach.model.history_facts import BragKind, ImpactKind, JobTestKind, TestOutcome
from coach.model.plan import ItemStatus, Owner, ReviewStatus, Verdict
from coach.model.results import ContentRef, Result
from coach.model.rules import Severity
from coach.store.records import AssessmentStatus

FORMAT = "coach-history"
FORMAT_VERSION = 1

UID = r"^[0-9a-f]{32}$"
REF = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
QUARTER = r"^\d{4}-Q[1-4]$"
WEEK = r"^\d{4}-W\d{2}$"
PATTERN_WORDS = {
    UID: "a uid: 32 lowercase hexadecimal digits",
    KEBAB: "an id: lowercase letters, digits, '_' and '-', starting with a letter",
    REF: "a question reference: section.question in lowercase letters, digits and '_'",
    QUARTER: "a quarter like 2026-Q1",
    WEEK: "an ISO week like 2026-W05",
    HASH: "a content hash: letters, digits, '_', '.', ':' and '-'",
}

Uid = Annotated[str, StringConstraints(pattern=UID)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ZonedTime = AwareDatetime  # an import's times must say their zone: 2026-01-31T09:30:00+00:00

# Every model of the file is a `Record`: an unknown key in an export file is an error, not
# silently dropped. A questionnaire or rule pack is named by the results' own `ContentRef`.


class AnswerOut(Record):
    """One answer and when it was given."""

    ref: Annotated[str, StringConstraints(max_length=200, pattern=REF)]
    value: int | float | bool | str | list[str]
    answered_at: ZonedTime


class AssessmentOut(Record):
    """One assessment, draft or complete."""

    uid: Uid
    status: AssessmentStatus
    quarter: str = Field(pattern=QUARTER)
    created_at: ZonedTime
    updated_at: ZonedTime
    completed_at: ZonedTime | None = None
    questionnaire: ContentRef
    pack: ContentRef | None = None
    answers: list[AnswerOut] = []
    result: Result | None = None  # the same model a saved result is read back with
    session: dict[str, Any] | None = None


class FollowupOut(Record):
    """What became of a committed action, as answered during an assessment or a review."""

    uid: Uid
    assessment: Uid | None = None
    review: Uid | None = None
    status: ItemStatus
    note: str | None = None
    recorded_at: ZonedTime


class ItemOut(Record):
    """One committed action."""

    uid: Uid
    position: int = Field(ge=0, le=limits.MAX_EXPORT_ITEMS)
    action_id: ContentId | None = None
    title: str = Field(min_length=1)
    first_step: str | None = None
    owner: Owner
    owner_name: Name | None = None
    due: date
    success_check: str
    status: ItemStatus
    note: str | None = None
    created_at: ZonedTime
    updated_at: ZonedTime
    followups: list[FollowupOut] = []


class DecisionOut(Record):
    """A coach's decision on one diagnosis."""

    mistake: ContentId
    verdict: Verdict
    severity: Severity | None = None
    reason: str | None = None
    note: str | None = None
    decided_at: ZonedTime


class ReviewOut(Record):
    """A coach-led review of one assessment, with its plan."""

    uid: Uid
    assessment: Uid
    coach: Name | None = None
    status: ReviewStatus
    notes: str | None = None
    created_at: ZonedTime
    updated_at: ZonedTime
    decisions: list[DecisionOut] = []
    items: list[ItemOut] = []


class BragEntryOut(Record):
    """One bullet of a weekly brag-document snapshot."""

    uid: Uid
    week: str = Field(pattern=WEEK)
    kind: BragKind
    text: str = Field(min_length=1)
    impact_kind: ImpactKind | None = None
    impact: str | None = None
    entry_date: date
    created_at: ZonedTime


class BragShareOut(Record):
    """A day the brag document was shared."""

    uid: Uid
    shared_on: date
    shared_with: Name | None = None
    created_at: ZonedTime


class JobTestOut(Record):
    """One test of months 4-6 and its outcome."""

    uid: Uid
    test: JobTestKind
    outcome: TestOutcome
    note: str | None = None
    tested_on: date
    created_at: ZonedTime


class JobOut(Record):
    """A role and the tests recorded in it."""

    uid: Uid
    company: Name | None = None
    started_on: date
    created_at: ZonedTime
    tests: list[JobTestOut] = []


class PersonOut(Record):
    """Whose history this is."""

    name: Name
    created_at: ZonedTime


class HistoryExport(Record):
    """The whole file."""

    format: Literal["coach-history"]
    version: Literal[1]
    person: PersonOut
    assessments: list[AssessmentOut] = []
    reviews: list[ReviewOut] = []
    brag: list[BragEntryOut] = []
    brag_shares: list[BragShareOut] = []
    jobs: list[JobOut] = []


def dump(document: HistoryExport) -> str:
    """The file's text: sorted keys, two-space indent, UTF-8 as is, one final newline."""
    data = document.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# Reading an export to import: the whole text is checked before anything is written. ---------

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_NESTING = str.maketrans("[{]}", "(())")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TAG_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "str": "text",
    "list[str]": "a list of texts",
}


class _Unreadable:
    """A number json.loads was told not to build: too many digits, or NaN/Infinity."""

    def __init__(self, text: str) -> None:
        self.text = text


def _integer(text: str) -> int | _Unreadable:
    return int(text) if len(text) <= 20 else _Unreadable(text)  # no 4,300-digit ValueError


def too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where lists and objects nest deeper than MAX_DEPTH, or None.

    Runs on the text before json.loads (which recurses once per level): strings are dropped,
    brackets kept, then matched pairs are removed MAX_DEPTH times (each pass removes one level,
    in C). Only a too-deep text is scanned again, in Python, to find where.
    """
    nesting = _NOT_BRACKET.sub("", _STRING.sub("", text)).translate(_NESTING)
    for _ in range(limits.MAX_DEPTH):
        if "()" not in nesting:
            break
        nesting = nesting.replace("()", "")
    if "()" not in nesting and nesting.count("(") <= limits.MAX_DEPTH:
        return None
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        depth += 1 if token in "[{" else -1 if token in "]}" else 0
        if depth > limits.MAX_DEPTH:
            start = match.start()
            return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return None


def json_path(parts: tuple[str | int, ...]) -> str:
    """('assessments', 3, 'result') -> $.assessments[3].result."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(part):
            out += f".{part}"
        else:
            out += f"[{shown(part)}]"
    return out


def shown(text: str, limit: int = 60) -> str:
    """Text quoted for a message, cut short, invisible characters written as escapes."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return '"' + _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", cut) + '"'


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    return "a list" if isinstance(value, list) else "an object"


class _Walk:
    """Every value of the parsed file: what no schema can see (surrogates, sizes, huge numbers).

    Returns a copy with each bad value replaced, so the schema still reports the other problems.
    """

    def __init__(self) -> None:
        self.problems: list[tuple[tuple[str | int, ...], str]] = []

    def text(self, value: str, path: tuple[str | int, ...]) -> str:
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                code = ord(value[error.start])
                self.problems.append(
                    (path, f"holds a lone surrogate (U+{code:04X}), which is not a character")
                )
                value = value.encode("utf-8", "replace").decode("utf-8")
        if len(value) > limits.MAX_EXPORT_TEXT_CHARS:
            self.problems.append(
                (
                    path,
                    f"text of {len(value)} characters; at most "
                    f"{limits.MAX_EXPORT_TEXT_CHARS} (MAX_EXPORT_TEXT_CHARS)",
                )
            )
            value = value[: limits.MAX_EXPORT_TEXT_CHARS]
        return value

    def value(self, value: Any, path: tuple[str | int, ...]) -> Any:  # noqa: C901 - one per JSON type
        if isinstance(value, str):
            if len(value) <= limits.MAX_EXPORT_TEXT_CHARS and value.isascii():
                return value  # the common case, quickly
            return self.text(value, path)
        if isinstance(value, _Unreadable):
            digits = value.text.lstrip("-")
            self.problems.append(
                (
                    path,
                    f"the number {value.text[:12]}… ({len(digits)} digits) is out of range: "
                    f"whole numbers go up to ±{limits.MAX_EXPORT_INTEGER}",
                )
            )
            return 0
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            if abs(value) > limits.MAX_EXPORT_INTEGER:
                self.problems.append(
                    (
                        path,
                        f"the number {value} is out of range: whole numbers go up to "
                        f"±{limits.MAX_EXPORT_INTEGER}",
                    )
                )
                return 0
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                self.problems.append((path, "a number too large to hold"))
                return 0.0
            return value
        if len(value) > limits.MAX_EXPORT_ITEMS:
            self.problems.append(
                (
                    path,
                    f"{len(value)} entries; at most {limits.MAX_EXPORT_ITEMS} (MAX_EXPORT_ITEMS)",
                )
            )
            return [] if isinstance(value, list) else {}
        if isinstance(value, list):
            return [self.value(item, (*path, index)) for index, item in enumerate(value)]
        return {self.text(k, (*path, k)): self.value(v, (*path, k)) for k, v in value.items()}


def _located(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[str | int, ...], list[str]]:
    """The part of a pydantic loc that names places in the data, and the union tags in it."""
    path: list[str | int] = []
    tags: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        else:
            tags.append(str(part))
    return tuple(path), tags


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _schema_message(err: Any, owner_fields: list[str]) -> tuple[str, str | None]:  # noqa: C901, PLR0911
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return f"missing required key '{err['loc'][-1]}'", None
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        return f"unknown key {shown(key)}", suggest(key, owner_fields)
    if kind == "literal_error":
        found = re.findall(r"'([^']*)'|(\d+)", err.get("ctx", {}).get("expected", ""))
        words = [a or b for a, b in found]
        return f"{_kind(value)} is not one of: {', '.join(words)}", suggest(str(value), words)
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return f"{_kind(value)} is not {PATTERN_WORDS.get(pattern, 'in the expected form')}", None
    if kind == "timezone_aware":
        return (
            f"{_kind(value)} has no time zone: write it like 2026-01-31T09:30:00+00:00",
            None,
        )
    if kind.startswith("datetime"):
        return f"expected a date and time like 2026-01-31T09:30:00+00:00, got {_kind(value)}", None
    if kind.startswith("date"):
        return f"expected a date like 2026-01-31, got {_kind(value)}", None
    wanted = {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
        "list_type": "a list",
        "tuple_type": "a list",
        "model_type": "an object",
        "dict_type": "an object",
    }
    if kind in wanted:
        return f"expected {wanted[kind]}, got {_kind(value)}", None
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), None
    plain = plain_words(kind, value, err.get("ctx", {}), _kind)  # the content files' words
    if plain is not None:
        return plain, None
    message = str(err["msg"])
    return message[0].lower() + message[1:], None


def _owner_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the object holding an unknown key may have (for 'did you mean')."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(str(part))
        current = _inner_model(field.annotation) if field is not None else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _schema_problems(
    error: ValidationError, data: Any
) -> Iterator[tuple[tuple[str | int, ...], str, str | None]]:
    unions: dict[tuple[str | int, ...], list[str]] = {}
    for err in error.errors():
        loc = tuple(err["loc"])
        path, tags = _located(data, loc)
        if err["type"] == "missing":
            tags = tags[:-1]
        if err["type"] == "extra_forbidden" and tags:
            path, tags = (*path, loc[-1]), tags[:-1]
        if tags and all(tag in TAG_WORDS for tag in tags[:1]):
            unions.setdefault(path[: len(path)], []).append(tags[0])
            continue
        message, suggestion = _schema_message(err, _owner_fields(HistoryExport, loc))
        yield path, message, suggestion
    for path, tags in unions.items():
        kinds = list(dict.fromkeys(TAG_WORDS[t] for t in tags))
        expected = f"{', '.join(kinds[:-1])} or {kinds[-1]}" if len(kinds) > 1 else kinds[0]
        yield (
            path,
            f"expected {expected}, got {_kind(_at(data, path))}",
            None,
        )


def _reference_problems(document: HistoryExport) -> Iterator[tuple[tuple[str | int, ...], str]]:
    held = {a.uid for a in document.assessments}
    reviewed = {r.uid for r in document.reviews}
    for index, review in enumerate(document.reviews):
        if review.assessment not in held:
            yield (
                ("reviews", index, "assessment"),
                f"refers to assessment {review.assessment}, which the file does not hold",
            )
        for number, item in enumerate(review.items):
            for which, done in enumerate(item.followups):
                at = ("reviews", index, "items", number, "followups", which)
                if done.assessment and done.assessment not in held:
                    yield (
                        (*at, "assessment"),
                        f"refers to assessment {done.assessment}, which the file does not hold",
                    )
                if done.review and done.review not in reviewed:
                    yield (
                        (*at, "review"),
                        f"refers to review {done.review}, which the file does not hold",
                    )


def parse(text: str, where: str) -> HistoryExport:
    """The export in `text`, checked whole; `where` names the file in messages.

    Raises:
        ContentError: every problem found, each at its JSON path (or line and column for
            broken JSON and too-deep nesting); nothing has been written.
    """
    deep = too_deep(text)
    if deep is not None:
        raise ContentError.single(
            where,
            f"is not a JSON export: lists and objects nest more than {limits.MAX_DEPTH} deep here "
            "(MAX_DEPTH)",
            line=deep[0],
            column=deep[1],
        )
    try:
        data = json.loads(text, parse_int=_integer, parse_constant=_Unreadable)
    except json.JSONDecodeError as error:
        raise ContentError.single(
            where, f"is not a JSON export: {error.msg}", line=error.lineno, column=error.colno
        ) from None
    walk = _Walk()
    clean = walk.value(data, ())
    found: list[tuple[tuple[str | int, ...], str, str | None]]
    found = [(path, message, None) for path, message in walk.problems]
    document = None
    try:
        document = HistoryExport.model_validate_json(json.dumps(clean), strict=True)
    except ValidationError as error:
        reported = {path for path, _, _ in found}
        found += [p for p in _schema_problems(error, clean) if p[0] not in reported]
    if document is not None:
        found += [(path, message, None) for path, message in _reference_problems(document)]
    if found or document is None:
        marks = _marks(text, where)
        raise ContentError(
            [
                Problem(where, *marks.where(path), json_path(path), message, suggestion)
                for path, message, suggestion in found
            ]
        )
    return document


def _marks(text: str, where: str) -> Located:
    """Where each value of the file was written, for messages only (JSON is YAML to its parser).

    Read on failure alone; a file its parser refuses (over a YAML limit, tabs) gives no marks,
    and its problems keep their JSON paths.
    """
    from coach.content.yamlio import loads

    located, problems = loads(text, where)
    return Located(where, None) if problems else located
