"""quizgen's tests: a package, so helper modules are imported by name (`tests.helpers`, `tests.hostile`, ...)."""
