"""The garbage collector of a coach process: quiet while coach starts, settled once it asks.

A command is mostly start-up: 130,000-170,000 objects (modules, classes, the content) that live
until exit. By the first question of `coach assess`, 125,000 of them are new. With Python's
default thresholds (a young collection every 700 new objects) each is scanned over and over as
it ages; with a young collection every 50,000, start-up still paid three, 29 ms of the first
question's 390 (measured with `gc.callbacks`, regular install).

So a process that `start()`s collects only every START_UP_OBJECTS new objects: none before the
first question. At the first prompt, `settle()` freezes what start-up built (the collector never
looks at it again) and goes back to a young collection every YOUNG_OBJECTS: the prompts'
garbage (each question builds its prompt_toolkit application) mostly dies before a collection,
and a long interview peaks at about 10 MiB more than with the defaults. `finish()` freezes
everything at exit: the interpreter's last collection over every object still alive cost 80-115
ms after `coach plan`.

Only the process entry point starts: frozen objects are never freed, which a long-lived process
(tests calling `coach.cli.main`) must not do; there `settle()` and `finish()` do nothing.
"""

from __future__ import annotations

import gc

# New objects between two young collections while coach starts (above the 125,000 of the first
# question), and after it settles.
START_UP_OBJECTS = 200_000
YOUNG_OBJECTS = 50_000

# "off" (not a coach process: nothing is frozen), "starting", then "settled".
_phase = "off"


def start() -> None:
    """Collect only every START_UP_OBJECTS new objects until `settle()` or `finish()`."""
    global _phase
    _, middle, old = gc.get_threshold()
    gc.set_threshold(START_UP_OBJECTS, middle, old)
    _phase = "starting"


def settle() -> None:
    """Start-up is over (the first prompt): freeze what it built, collect every YOUNG_OBJECTS."""
    global _phase
    if _phase != "starting":
        return
    _phase = "settled"
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, middle, old)


def finish() -> None:
    """At exit: freeze every object, so the interpreter's last collection skips them."""
    if _phase != "off":
        gc.freeze()
