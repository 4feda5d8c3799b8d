"""Quarters, trends and comparisons over saved assessments: pure functions, no database."""
