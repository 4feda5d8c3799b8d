"""The durable_rules backend under the name the assessment pipeline imports it by."""

from coach.engine.rule import EngineRule
from coach.engine.ruleset import CompiledRules, Ruleset, compile_rules

__all__ = ["CompiledRules", "EngineRule", "Ruleset", "compile_rules"]
