"""What the compiler relies on about durable_rules 2.0.28 itself, checked in child processes.

These pin the engine's behaviour (and its crashes) that `coach.engine` works around, so that an
upgrade of durable_rules that changes any of them fails here first. Each check runs in its own
process: several of them hang or crash the interpreter by design.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PRELUDE = """
import durable.engine as de

class Quiet(de.Host):
    def _run(self):
        pass

host = Quiet()
fired = []

def run(conditions, fact, name="t"):
    rules = {
        f"r{i}": {"all": [{"m": c}], "run": (lambda i: lambda c: fired.append(i))(i)}
        for i, c in enumerate(conditions)
    }
    host.register_rulesets({name: rules})
    try:
        host.assert_fact(name, {**fact, "sid": "1", "id": "a"})
    except de.MessageNotHandledException:
        pass
    print(sorted(fired))
"""


def _child(code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    script = PRELUDE + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout
    )


def test_neq_is_false_on_a_missing_field() -> None:
    done = _child("run([{'$and': [{'g': 1}, {'$neq': {'x': 5}}]}], {'g': 1})")
    assert done.stdout.strip() == "[]"


def test_mixed_types_compare_as_strings() -> None:
    done = _child("run([{'$and': [{'g': 1}, {'$gt': {'x': '10'}}]}], {'g': 1, 'x': 5})")
    assert done.stdout.strip() == "[0]"  # 5 > "10": why every value is encoded as an integer


def test_numbers_with_an_exponent_and_no_point_are_a_parse_error() -> None:
    done = _child("run([{'$and': [{'g': 1}, {'x': 1e-07}]}], {'g': 1})")
    assert "error code: 204" in done.stderr  # Python writes 1e-07; why values are rank codes


def test_an_or_with_two_true_branches_fires_twice() -> None:
    done = _child(
        "run([{'$and': [{'g': 1}, {'$or': [{'x': 1}, {'y': 1}]}]}], {'g': 1, 'x': 1, 'y': 1})"
    )
    assert done.stdout.strip() == "[0, 0]"


@pytest.mark.parametrize(("levels", "ok"), [(14, True), (15, False)])
def test_a_rule_holds_at_most_15_and_or_nodes(levels: int, ok: bool) -> None:
    done = _child(
        f"""
        c = {{'x': 1}}
        for i in range({levels}):
            c = {{'$and' if i % 2 == 0 else '$or': [c, {{f'y{{i}}': 1}}]}}
        run([{{'$and': [{{'g': 1}}, c]}}], {{'g': 1}})
        """
    )
    assert ("error code: 113" not in done.stderr) is ok


def test_more_than_64_matching_siblings_overflow_the_matching_stack() -> None:
    code = "run([{{'$and': [{{'g': 1}}, {{'$gt': {{'x': i}}}}]}} for i in range({n})], {{'g': 1, 'x': 1000}})"
    assert _child(code.format(n=60)).stdout.strip() == str(list(range(60)))
    overflow = _child(code.format(n=100))
    assert overflow.returncode != 0
    assert "error code: 303" in overflow.stderr


def test_512_children_of_one_node_hang_create_ruleset() -> None:
    code = "run([{{'$and': [{{'g': 1}}, {{'x': i}}]}} for i in range({n})], {{'g': 1, 'x': 3}})"
    assert _child(code.format(n=511)).stdout.strip() == "[3]"
    with pytest.raises(subprocess.TimeoutExpired):
        _child(code.format(n=512), timeout=4)


def test_deleting_a_session_in_which_nothing_matched_crashes_the_process() -> None:
    done = _child(
        """
        run([{'$and': [{'g': 1}, {'x': 5}]}], {'g': 1, 'x': 4})
        host.delete_state('t', '1')
        print('survived')
        """
    )
    assert done.returncode < 0  # SIGSEGV: why sessions are reused and never deleted
    assert "survived" not in done.stdout


def test_a_retracted_fact_can_be_asserted_again_in_the_same_session() -> None:
    done = _child(
        """
        run([{'$and': [{'g': 1}, {'x': 5}]}], {'g': 1, 'x': 5})
        for _ in range(3):
            host.retract_fact('t', {'sid': '1', 'id': 'a'})
            host.assert_fact('t', {'g': 1, 'x': 5, 'sid': '1', 'id': 'a'})
        print(sorted(fired), host.get_facts('t', '1') != [])
        """
    )
    assert done.stdout.splitlines()[-1] == "[0, 0, 0, 0] True"
