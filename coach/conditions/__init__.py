"""The one condition language: tree, parser from YAML, and reference evaluator."""
