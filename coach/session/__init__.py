"""One sitting over the history store: drafts, follow-through, the interview state, reviews.

Below ui/ (which only shows and asks) and above store/, review/ and engine/: the code that opens
or reads the store for a session lives here, so ui/ and review/ stay free of it.
"""
