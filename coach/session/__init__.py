"""One sitting over the history store: drafts, follow-through, the interview state, reviews.

Also an answers file assessed and saved (assess.py), and the saved assessments that `coach
history`, `compare` and `show` look at (saved.py). Below ui/ (which only shows and asks) and
above store/, review/ and engine/: the code that opens or reads the store for a session lives
here, so ui/ and review/ stay free of it.
"""
