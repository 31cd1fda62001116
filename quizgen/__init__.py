"""quizgen: turn a curated, source-cited fact bank into study material."""

__version__ = "0.1.0"

# The seed `quizgen build` and the committed dist/ use unless told otherwise.
DEFAULT_SEED = 1

# Facts never answered that one `quizgen review` brings in, unless told otherwise (--new).
NEW_PER_REVIEW = 5
