"""Word wrap for the terminal quiz: between words, with the hanging indent of options and feedback."""

from __future__ import annotations

import io

from quizgen.study.terminal import Terminal
from quizgen.study.wrap import columns, wrap


def test_a_line_that_fits_is_left_as_it_is() -> None:
    row = "  Political dialogue and foreign policy      1      1  100%"
    assert wrap(row, len(row)) == row
    assert wrap("", 10) == ""


def test_long_lines_break_between_words_with_a_hanging_indent() -> None:
    option = "  b) The Agreement on Trade and Economic Cooperation between the two governments"
    assert wrap(option, 40).split("\n") == [
        "  b) The Agreement on Trade and Economic",
        "     Cooperation between the two",
        "     governments",
    ]
    assert wrap("  12. the first event and the second", 27).split("\n") == [
        "  12. the first event and",
        "      the second",
    ]
    assert wrap("  - one two three four five six", 24).split("\n") == ["  - one two three four", "    five six"]
    assert wrap("  a) " + "word " * 6, 22).split("\n")[1] == "word word word"  # too narrow to hang: from the left
    feedback = "  The report says Kazakhstan sees Singapore as an important partner."
    assert all(line.startswith("  ") and len(line) <= 30 for line in wrap(feedback, 30).split("\n"))


def test_a_short_label_before_two_spaces_hangs_its_text() -> None:
    figure = "Cards         5 of 40 facts (a fact gets its card when first answered)"
    assert wrap(figure, 60).split("\n") == [
        "Cards         5 of 40 facts (a fact gets its card when first",
        "              answered)",
    ]
    header = "3/10  Trade, investment and projects · Multiple choice"
    assert wrap(header, 40).split("\n") == ["3/10  Trade, investment and projects ·", "      Multiple choice"]
    prose = "A sentence with single spaces only, long enough to wrap."
    assert not any(line.startswith(" ") for line in wrap(prose, 30).split("\n"))  # no label: no hang


def test_spacing_inside_a_line_is_kept_and_each_line_is_wrapped_on_its_own() -> None:
    assert wrap("1/2  Trade · Numeric answer", 16) == "1/2  Trade ·\nNumeric answer"
    assert wrap("short\nand a longer line", 10) == "short\nand a\nlonger\nline"


def test_a_word_wider_than_the_line_is_never_cut() -> None:
    word = "x" * 30
    assert wrap(f"see {word} here", 20).split("\n") == ["see", word, "here"]
    assert wrap("a b c", 0) == "a b c"  # width 0: no wrapping


def test_columns_count_what_a_terminal_shows() -> None:
    assert columns("Қазақстан") == 9
    assert columns("中文") == 4 and columns("😀") == 2
    assert columns("e\u0301") == 1 and columns("\u200f") == 0
    assert columns("\x1b[32mgreen\x1b[0m") == 5
    assert wrap("中文 中文 中文", 9) == "中文 中文\n中文"


def test_terminal_wraps_at_80_when_not_a_terminal_and_at_a_fixed_width_when_given() -> None:
    text = " ".join(["word"] * 30)
    out = io.StringIO()
    Terminal(io.StringIO(), out).say(text)
    assert max(len(line) for line in out.getvalue().splitlines()) <= 80 < len(text)
    out = io.StringIO()
    Terminal(io.StringIO(), out, width=0).say(text)
    assert out.getvalue() == text + "\n"
