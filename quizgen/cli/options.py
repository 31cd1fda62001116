"""Options shared by several commands, declared once.

Paths stay strings here: importing pathlib costs the start-up time of every command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def bank_option(func: F) -> F:
    return click.option(
        "--bank",
        "bank_path",
        type=click.Path(),
        default=None,
        metavar="PATH",
        help="Fact bank directory (or its bank.yaml). Default: the bundled Kazakhstan-Singapore bank.",
    )(func)


def seed_option(default: int | None) -> Callable[[F], F]:
    text = "Random seed: the same seed gives the same questions." + (
        f"  [default: {default}]" if default is not None else "  [default: a new one each time]"
    )
    return click.option("--seed", type=int, default=default, help=text)


def out_dir_option(default: str = "dist") -> Callable[[F], F]:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False),
        default=default,
        show_default=True,
        metavar="DIR",
        help="Directory to write into.",
    )


def kinds_option(func: F) -> F:
    # Spaces after the commas, so help wraps between kind names, never inside one.
    return click.option(
        "--kinds",
        default=None,
        metavar="KINDS",
        help="Question kinds, separated by commas: mcq, tf, cloze, short, numeric, matching, ordering. Default: all.",
    )(func)


def topic_option(func: F) -> F:
    return click.option("--topic", default=None, metavar="TOPIC", help="Only facts of this topic id.")(func)


def out_file_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--out", "out_file", type=click.Path(dir_okay=False), default=None, metavar="FILE", help=help_text
    )


def data_dir_option(func: F) -> F:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False),
        default=None,
        metavar="DIR",
        envvar="QUIZGEN_DATA_DIR",
        show_envvar=True,
        help="Where progress is kept. Default: your user data directory.",
    )(func)


def no_color_option(func: F) -> F:
    return click.option(
        "--no-color",
        is_flag=True,
        default=False,
        help="No colour (also when NO_COLOR is set or output is not a terminal).",
    )(func)
