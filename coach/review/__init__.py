"""Coach decisions on an assessment, and the plan they lead to (pure: no prompts, no I/O)."""
