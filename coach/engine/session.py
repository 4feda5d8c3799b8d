"""durable_rules rulesets and their sessions: the only code that calls the engine.

We drive durable_rules' C extension (`durable_rules_engine`) with the same calls
`durable.engine.Ruleset` makes (`create_ruleset`, `assert_fact`, `start_action_for_state`,
`complete_and_start_action`, `retract_fact`), but read which rules fired from the engine's action
queue instead of running a Python action per rule. Measured on a 40-rule pack, the Python action
path of `durable.engine.Host` costs about 30 us per fired rule (a JSON round trip of the whole fact
per action, two clock reads, closures) and ran 5-7x slower than the reference evaluator; this path
runs faster than it. No `Host` is created, so no timer threads run, and since no Python code runs
inside the engine no exception can be swallowed into a session's state.

One lock serialises every call into the engine (it is not safe to enter twice at once).

Each ruleset keeps ONE session and reuses it: the assessment fact is asserted, the fired rules are
read, and the fact is retracted, which leaves the session as it was. We never call `delete_state`:
in 2.0.28 it frees uninitialised pointers of unused message slots (`deleteStateNode`, `state.c`)
and crashes the process whenever nothing had matched in the session. A session per assessment
would also be slow: the engine allocates state for every rule of the ruleset each time (measured:
0.1-0.3 ms more per assessment at 40 rules, 0.4-1 ms at 200-400 rules).
A session whose state is in doubt (any error) is abandoned for a fresh session id, never reused.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Mapping
from typing import Any

from durable.engine import durable_rules_engine as engine

from coach.errors import EngineError

FACT_ID = "assessment"
MAX_ABANDONED = 32
# Result codes of assert_fact / retract_fact that coach expects (durable_rules `rules.h`); any
# other code (OBSERVED 2, DEFERRED 3, the errors) fails the assessment with an EngineError.
HANDLED, NOT_HANDLED = 0, 1


class _Engine:
    """The process-wide lock and a counter for unique ruleset names."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.names = itertools.count()

    def after_fork(self) -> None:
        self.lock = threading.Lock()  # a lock held by another thread at fork would never open


_ENGINE = _Engine()
os.register_at_fork(after_in_child=_ENGINE.after_fork)


class EngineRuleset:
    """One durable ruleset created in the engine, with its reusable session."""

    def __init__(self, label: str, rules: Mapping[str, Any], owners: Mapping[str, str]) -> None:
        self._owners = dict(owners)
        self._sessions = itertools.count(1)
        self._sid = str(next(self._sessions))
        self._abandoned = 0
        definition = json.dumps(rules, ensure_ascii=False)
        with _ENGINE.lock:
            self.name = f"{label}-{next(_ENGINE.names)}"
            try:
                self._handle: int = engine.create_ruleset(self.name, definition)
            except Exception as error:
                raise EngineError(f"durable_rules refused a ruleset: {error}") from error

    def run(self, members: str) -> frozenset[str]:
        """Assert one encoded fact; return the ids of the rules that fired; leave no trace.

        `members`: the fact's fields as JSON object members (`symbols.FactText`), without the
        session and fact ids, which are added here.
        """
        with _ENGINE.lock:
            if self._abandoned > MAX_ABANDONED:
                raise EngineError("the rules engine failed too often in this process")
            sid = self._sid
            ids = f'"sid":"{sid}","id":"{FACT_ID}"'
            message = f"{{{members},{ids}}}" if members else f"{{{ids}}}"
            try:
                code, state = engine.assert_fact(self._handle, message)
                if code == NOT_HANDLED:
                    return frozenset()  # no rule matched and nothing was stored
                if code != HANDLED:
                    raise EngineError(f"the rules engine answered {code} for a fresh fact")
                fired = self._read(state)
                self._clear(sid)
            except BaseException as error:
                # Touch that session no more: retracting a fact whose actions were not all
                # taken crashes the engine.
                self._abandon(sid)
                if isinstance(error, EngineError) or not isinstance(error, Exception):
                    raise
                raise EngineError(f"the rules engine failed: {error}") from error
            return fired

    def _read(self, state: int) -> frozenset[str]:
        """Take every queued action of the session: one per fired rule (or per true `or`)."""
        fired: set[str] = set()
        started = engine.start_action_for_state(self._handle, state)
        if started is None:
            return frozenset()
        messages: str | None = started[1]
        while messages is not None:
            # '{"r12": {"m": {...}}}': our rule names are plain, so no JSON parse is needed;
            # the name is what stands between the first two quotes.
            fired.add(self._owners[messages.partition('"')[2].partition('"')[0]])
            messages = engine.complete_and_start_action(self._handle, state)
        return frozenset(fired)

    def _clear(self, sid: str) -> None:
        code, state = engine.retract_fact(self._handle, json.dumps({"sid": sid, "id": FACT_ID}))
        if code != HANDLED or engine.start_action_for_state(self._handle, state) is not None:
            raise EngineError("the rules engine could not clear a session")

    def _abandon(self, sid: str) -> None:
        """Never reuse session `sid` again: its state is unknown. Move on to a fresh one."""
        if self._sid == sid:
            self._abandoned += 1
            self._sid = str(next(self._sessions))

    def live_sessions(self) -> int:
        """How many sessions this ruleset has used (one, unless the engine failed)."""
        return self._abandoned + 1

    def stored_facts(self) -> list[Any]:
        """The facts the current session holds (none between two assessments)."""
        with _ENGINE.lock:
            facts: list[Any] = json.loads(engine.get_facts(self._handle, self._sid))
            return facts
