"""The guides of docs/, installed with coach so `coach docs TOPIC` can print them.

The files here are copies that `python -m coach.docs_gen` writes from docs/ (the one source);
`--check` fails when they differ.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent

# topic -> (file in docs/, what it is for)
GUIDES: dict[str, tuple[str, str]] = {
    "authoring": ("authoring.md", "writing and tuning rules, tests and instruments, step by step"),
    "yaml-contract": (
        "yaml-contract.md",
        "every content file and key: packs, questionnaires, ...",
    ),
    "coaching-model": ("coaching-model.md", "how coach turns answers into diagnoses and a plan"),
    "cli": ("cli.md", "every command and option (generated from the commands' help)"),
}


def guide_path(topic: str) -> Path:
    """Where the installed copy of a guide is."""
    return FOLDER / GUIDES[topic][0]
