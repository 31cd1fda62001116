"""Files quizgen ships beside its code: card and page templates.

Same pattern as quizgen.bank.locate.bundled_path(): the wheel puts the top-level templates/ inside
the package as quizgen/templates; a source checkout keeps it one level up.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.errors import QuizgenError

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


def template_text(*parts: str) -> str:
    """The text of one shipped template, e.g. template_text("anki", "cards.css")."""
    path = templates_dir().joinpath(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuizgenError(
            f"{path}: cannot read a shipped template ({exc.strerror or exc}); is quizgen installed completely?"
        ) from None
