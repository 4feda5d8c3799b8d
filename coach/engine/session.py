"""The durable_rules host and its sessions: the only code that calls the engine.

One Host per process, without the two timer threads `Host.__init__` starts (with them the engine
crashed under load), and one lock around every assert -> read -> retract, because the engine is
not safe to enter twice at once.

Each registered ruleset keeps ONE session and reuses it: the assessment fact is asserted, the
rules that fired are read, and the fact is retracted again, which leaves the session as it was.
We never call `delete_state`: in 2.0.28 it frees uninitialised pointers of unused message slots
(`deleteStateNode` in `state.c`) and crashed the process in about half of our runs, always when
nothing had matched. Creating a session per assessment is also slow (the engine allocates state
for every rule: 0.3 ms at 40 rules, 3 ms at 400). A session whose state is in doubt (an error,
an action that raised) is abandoned for a fresh session id, never reused.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

import durable.engine as durable_engine

from coach.errors import EngineError

FACT_ID = "assessment"
MAX_ABANDONED = 32


class QuietHost(durable_engine.Host):  # type: ignore[misc]
    """A durable_rules Host that starts no timer threads (we use no timers)."""

    def _run(self) -> None:
        """Start nothing; `Host._run` would start two timer threads."""


class _HostState:
    """The process's Host, its lock, and a counter for unique ruleset names."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.host: QuietHost | None = None
        self.names = itertools.count(1)

    def get(self) -> QuietHost:
        if self.host is None:
            self.host = QuietHost()
        return self.host

    def after_fork(self) -> None:
        self.lock = threading.Lock()  # a lock held by another thread at fork would never open


_STATE = _HostState()
os.register_at_fork(after_in_child=_STATE.after_fork)


class EngineRuleset:
    """One durable ruleset registered in the Host, with its reusable session."""

    def __init__(self, label: str, rules: Mapping[str, dict[str, Any]], owners: Mapping[str, str]):
        self._fired: list[str] = []
        self._sessions = itertools.count(1)
        self._sid = str(next(self._sessions))
        self._abandoned = 0
        definition = {
            name: {**rule, "run": _recorder(self._fired, owners[name])}
            for name, rule in rules.items()
        }
        with _STATE.lock:
            self.name = f"{label}-{next(_STATE.names)}"
            try:
                _STATE.get().register_rulesets({self.name: definition})
            except Exception as error:
                raise EngineError(f"durable_rules refused a ruleset: {error}") from error

    def run(self, fact: Mapping[str, int]) -> frozenset[str]:
        """Assert one encoded fact; return the ids of the rules that fired; leave no trace."""
        with _STATE.lock:
            if self._abandoned > MAX_ABANDONED:
                raise EngineError("the rules engine failed too often in this process")
            sid = self._sid
            self._fired.clear()
            try:
                state = _STATE.get().assert_fact(self.name, {**fact, "sid": sid, "id": FACT_ID})
            except durable_engine.MessageNotHandledException:
                return frozenset()  # no rule matched; the engine stored nothing
            except BaseException as error:
                self._abandon(sid)
                if isinstance(error, Exception):
                    raise EngineError(f"the rules engine failed: {error}") from error
                raise
            try:
                _check(state)
            except EngineError:
                self._abandon(sid)
                raise
            finally:
                self._retract(sid)
            return frozenset(self._fired)

    def _retract(self, sid: str) -> None:
        try:
            _STATE.get().retract_fact(self.name, {"sid": sid, "id": FACT_ID})
        except Exception as error:
            self._abandon(sid)
            raise EngineError(f"the rules engine could not clear a session: {error}") from error

    def _abandon(self, sid: str) -> None:
        """Never reuse session `sid` again: its state is unknown. Move on to a fresh one."""
        if self._sid == sid:
            self._abandoned += 1
            self._sid = str(next(self._sessions))

    def live_sessions(self) -> int:
        """How many sessions this ruleset has used (one, unless the engine failed)."""
        return self._abandoned + 1


def _recorder(sink: list[str], owner: str) -> Callable[[Any], None]:
    def record(closure: Any) -> None:  # noqa: ARG001 - durable passes the match context
        sink.append(owner)

    return record


def _check(state: Any) -> None:
    """Raise when an action's exception was swallowed into the session state."""
    if isinstance(state, dict) and "exception" in state:
        raise EngineError(f"a rule action failed inside the rules engine: {state['exception']}")
