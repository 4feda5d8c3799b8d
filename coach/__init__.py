"""coach: a rules-engine career coaching assistant for software engineers."""

__version__ = "0.1.0"
