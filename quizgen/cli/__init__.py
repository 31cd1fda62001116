"""The command line: parses options and calls the library, nothing more.

- app.py: the command group, help layout, error messages and exit statuses, bank loading;
- bank.py: check, lint, facts, bump, schema;
- material.py: build, formats, anki, export, worksheet;
- study.py: quiz, review, stats;
- marking.py: grade;
- options.py: options shared by several commands; signals.py: every signal handler.

Library errors derive from QuizgenError; only app.py turns them into messages and exit
statuses. Heavy modules are imported inside the commands that need them.
"""

from quizgen.cli.app import cli  # each command's module is imported when it runs (app.HOMES)


def main() -> None:
    from quizgen.cli.signals import end_like_ctrl_c

    end_like_ctrl_c()
    cli(prog_name="quizgen")


__all__ = ["cli", "main"]
