"""On a real terminal (a pty), nothing from a bank, a file name or a reply arrives as a control.

A terminal obeys ESC sequences (window title, clipboard, hyperlinks, screen clears, cursor
moves that could forge "✓ Right."), rings at BEL and starts sequences at C1 controls. quizgen's
own colour is the only escape it writes, and none at all with --no-color.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect

from tests.helpers import ROOT, SMALL_BANK, TESTS

# ESC and BEL, and C1 controls as UTF-8 writes them (C2 80 - C2 9F).
OBEYED = re.compile(rb"[\x1b\x07]|\xc2[\x80-\x9f]")
OWN_COLOUR = re.compile(rb"\x1b\[[0-9;]*m")


def pty_run(args: list[str], cwd: Path, replies: list[str] = (), colour: bool = False) -> tuple[bytes, int]:
    """Run quizgen in a pty, typing `replies` at each prompt; every byte it wrote, and its status."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm" if colour else "dumb"}
    child = pexpect.spawn(
        sys.executable, ["-m", "quizgen", *args], cwd=str(cwd), env=env, timeout=30, dimensions=(40, 200)
    )
    seen = b""
    try:
        for reply in replies:
            child.expect(b"> ")
            seen += child.before + child.after
            child.sendline(reply)
        child.expect(pexpect.EOF)
        seen += child.before
    finally:
        child.close()
    return seen, child.exitstatus


def test_a_refused_bank_is_reported_without_a_control(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    for case in ("escape-sequence-in-prompt", "c1-control-in-statement"):
        shutil.copyfile(TESTS / "hostile" / case / "extra.yaml", bank / f"{case}.yaml")
    # A file name holding an OSC 8 hyperlink and a bell, and a fault inside, so the name is printed.
    (bank / "x\x1b]8;;evil.invalid\x07y.yaml").write_text("facts: [1]\n", encoding="utf-8")
    seen, status = pty_run(["check", "--bank", "bank"], tmp_path)
    assert status == 2, seen
    assert b"U+001B (ESC)" in seen and b"U+009B (CSI)" in seen and b"x\\x1b]8;;evil.invalid\\x07y.yaml" in seen
    assert not OBEYED.search(seen), OBEYED.findall(seen)


def test_a_quiz_shows_no_control_from_replies_or_text(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(SMALL_BANK, bank)
    replies = ["\x1b]0;pwned\x07", "\x1b[2J", "q"]
    args = ["quiz", "--bank", str(bank), "--data-dir", str(tmp_path / "data"), "--seed", "1", "--count", "3"]
    seen, status = pty_run([*args, "--no-color"], ROOT, replies)
    assert status == 0 and b"Summary" in seen, seen
    assert not OBEYED.search(seen), OBEYED.findall(seen)
    coloured, status = pty_run(args, ROOT, replies, colour=True)
    assert status == 0 and OWN_COLOUR.search(coloured)  # colour on a terminal, and nothing else
    assert not OBEYED.search(OWN_COLOUR.sub(b"", coloured)), OBEYED.findall(OWN_COLOUR.sub(b"", coloured))
