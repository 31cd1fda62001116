"""quizgen: turn a curated, source-cited fact bank into study material."""

__version__ = "0.1.0"
