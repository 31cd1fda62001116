"""The README's sample sessions are what quizgen really prints (tests/readme_sessions.py)."""

from __future__ import annotations

import difflib

from tests.readme_sessions import README, run, sessions


def test_the_readme_has_a_sample_session() -> None:
    found = sessions(README.read_text(encoding="utf-8"))
    assert found and found[0].args[0] == "quiz" and found[0].replies


def test_every_sample_session_is_what_quizgen_prints() -> None:
    for session in sessions(README.read_text(encoding="utf-8")):
        printed = run(session)
        diff = "".join(
            difflib.unified_diff(
                session.shown.splitlines(True),
                printed.splitlines(True),
                "README.md",
                "quizgen " + " ".join(session.args),
            )
        )
        assert printed == session.shown, f"the README's session is out of date (make expected rewrites it):\n{diff}"
