"""A build killed while it writes leaves the previous dist/ files intact (or wholly new), no half files.

Real processes and real signals. Two ways to hit the write without guessing delays:
tests/pause_in_write.py holds the real CLI inside its Nth atomic write (after the temporary
file is complete, before the rename) until the signal; and the unmodified `quizgen build`
is killed as soon as its own output says it reached a stage (rendering, first file written).
Whatever point the signal lands on, the invariant is the same and is checked every time.

Temporary files are decided as follows, and tested: SIGTERM, SIGHUP and Ctrl-C remove the
file being written (exit 130); after SIGKILL (or a power cut) a hidden `.<name>.<random>.tmp`
may remain beside the output, which no reader takes for output and the next build ignores.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizgen.bank.loader import load
from quizgen.output import emit as write
from quizgen.writers import render_all
from quizgen.writers.options import RenderOptions
from tests.bench.synth import make_bank
from tests.helpers import ROOT, TESTS

FACTS = 400  # a big bank: rendering takes most of a second, so signals land mid-build
HARNESS = TESTS / "pause_in_write.py"
UNRELATED = "notes.txt"  # a file of the user's in the output directory


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two banks with the same name and different facts, a reference build of each, the write order."""
    root = tmp_path_factory.mktemp("builds")
    paths: dict[str, Any] = {}
    for label, seed in (("old", 1), ("new", 2)):
        bank_dir = make_bank(root / f"bank-{label}", FACTS, seed=seed)
        artifacts = render_all(load(bank_dir), RenderOptions(seed=1))
        write(artifacts, root / f"dist-{label}")
        paths[label], paths[f"{label}-bank"] = root / f"dist-{label}", bank_dir
        paths["order"] = [artifact.name for artifact in artifacts]
    assert sorted(p.name for p in paths["old"].iterdir()) == sorted(p.name for p in paths["new"].iterdir())
    assert all((paths["old"] / n).read_bytes() != (paths["new"] / n).read_bytes() for n in paths["order"])
    return paths


def previous_build(builds: dict[str, Any], tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    shutil.copytree(builds["old"], out)
    (out / UNRELATED).write_text("mine\n")
    return out


def command(builds: dict[str, Any], out: Path) -> list[str]:
    return ["build", "--bank", str(builds["new-bank"]), "--out", str(out), "--seed", "1"]


def check_invariant(builds: dict[str, Any], out: Path) -> tuple[list[str], list[str], list[Path]]:
    """Every output is the previous file or the whole new one; returns (old, new, hidden temporaries)."""
    names = builds["order"]
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == sorted([*names, UNRELATED]), "a file appeared or vanished"
    assert (out / UNRELATED).read_text() == "mine\n"
    old, new = [], []
    for name in names:
        data = (out / name).read_bytes()
        if data == (builds["old"] / name).read_bytes():
            old.append(name)
        else:
            assert data == (builds["new"] / name).read_bytes(), f"{name} is neither the previous nor the new file"
            new.append(name)
    # Files are written one after another in writer order, so the new ones come first.
    assert new == builds["order"][: len(new)], new
    hidden = sorted(p for p in out.iterdir() if p.name.startswith("."))
    for temp in hidden:
        assert any(re.fullmatch(rf"\.{re.escape(name)}\.\w+\.tmp", temp.name) for name in names), temp
    return old, new, hidden


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_for(stream: object, pattern: str, proc: subprocess.Popen[str]) -> str:
    seen = []
    for line in stream:  # type: ignore[attr-defined]
        seen.append(line)
        if re.search(pattern, line):
            return str(line)
    proc.wait(timeout=60)
    raise AssertionError(f"never saw /{pattern}/; exit {proc.returncode}; output: {''.join(seen)}")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "nth"),
    [
        (signal.SIGKILL, 1),
        (signal.SIGKILL, 2),
        (signal.SIGTERM, 1),
        (signal.SIGTERM, 2),
        (signal.SIGHUP, 2),
        (signal.SIGINT, 1),
    ],
    ids=lambda value: value.name if isinstance(value, signal.Signals) else f"file{value}",
)
def test_signal_inside_an_atomic_write(builds: dict[str, Any], tmp_path: Path, sig: signal.Signals, nth: int) -> None:
    out = previous_build(builds, tmp_path)
    proc = start([str(HARNESS), str(nth), *command(builds, out)], tmp_path)
    paused = wait_for(proc.stderr, r"^paused ", proc)
    temp = Path(paused.split()[1])
    assert temp.parent == out and temp.name.startswith(".") and temp.exists()
    proc.send_signal(sig)
    status, err = finish(proc)

    old, new, hidden = check_invariant(builds, out)
    assert new == builds["order"][: nth - 1], "exactly the files before the paused one are new"
    if sig == signal.SIGKILL:
        assert status == -signal.SIGKILL
        # The temporary file may stay, complete but hidden; it never took the real name.
        assert hidden == [temp]
    else:
        assert status == 130 and "Interrupted." in err and "Traceback" not in err, err
        assert hidden == [], "an interrupted write must remove its temporary file"

    # The next build succeeds and replaces every output; a leftover temporary file is no obstacle.
    rebuilt = subprocess.run(
        [sys.executable, "-m", "quizgen", *command(builds, out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    old, new, _ = check_invariant(builds, out)
    assert old == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage",
    [("stderr", r"rendering json"), ("stderr", r"rendering anki"), ("stdout", r"^wrote ")],
    ids=["render-json", "render-anki", "first-written"],
)
def test_kill_the_real_build_at_each_stage(builds: dict[str, Any], tmp_path: Path, stage: tuple[str, str]) -> None:
    out = previous_build(builds, tmp_path)
    proc = start(["-m", "quizgen", *command(builds, out)], tmp_path)
    stream, pattern = stage
    wait_for(getattr(proc, stream), pattern, proc)
    proc.kill()  # wherever it has got to by now: the invariant holds at every point
    finish(proc)
    check_invariant(builds, out)


def test_sigterm_during_rendering_exits_130_and_writes_nothing(builds: dict[str, Any], tmp_path: Path) -> None:
    out = previous_build(builds, tmp_path)
    proc = start(["-m", "quizgen", *command(builds, out)], tmp_path)
    wait_for(proc.stderr, r"rendering json", proc)
    proc.terminate()
    status, err = finish(proc)
    # Rendering takes most of a second, so it is almost surely still rendering; should the signal
    # come later, the files written by then are whole and the rest are the previous ones.
    old, _new, hidden = check_invariant(builds, out)
    assert hidden == [] and "Traceback" not in err
    assert (status == 130 and "Interrupted." in err) or (status == 0 and old == []), (status, err)


_WRITES_ALLOWED = {
    # stdout pointed at /dev/null once the terminal or reader has gone: nothing is written
    ("quizgen/cli/app.py", "drop"),
    # a damaged progress database renamed aside, within the data directory
    ("quizgen/study/progress/connect.py", "move_aside"),
    # an entry of a zip built in memory (io.BytesIO), written as its data comes: no file
    ("quizgen/writers/zipped.py", "archive"),
}


def _writing_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    """Calls that write or rename a file, each with the function it stands in."""
    flags = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            call = node.func
            name = call.attr if isinstance(call, ast.Attribute) else call.id if isinstance(call, ast.Name) else ""
            owner = call.value.id if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) else ""
            mode = next((arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant)), None)
            mode = next(
                (kw.value.value for kw in node.keywords if kw.arg == "mode" and isinstance(kw.value, ast.Constant)),
                mode,
            )
            writes = (
                name in ("write_bytes", "write_text")
                or (name == "open" and owner != "os" and isinstance(mode, str) and set(mode) & set("wax+"))
                or (owner == "os" and name in ("rename", "replace"))
                or (
                    owner == "os"
                    and name == "open"
                    and any(isinstance(n, ast.Attribute) and n.attr in flags for n in ast.walk(node))
                )
                or (owner == "shutil" and name.startswith(("copy", "move")))
            )
            if writes:
                yield node, function.name


def test_only_output_writes_files() -> None:
    """Every file quizgen writes goes through quizgen/output.py (write_atomic); writers return
    bytes. Found by what the code calls (write_bytes, open for writing, os.rename, ...), wherever
    it stands, so reformatting cannot hide one; the exceptions are named by their function."""
    offenders = []
    for path in sorted((ROOT / "quizgen").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        if where == "quizgen/output.py":
            continue
        for call, function in _writing_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if (where, function) not in _WRITES_ALLOWED:
                offenders.append(f"{where}:{call.lineno} in {function}(): {ast.unparse(call)}")
    assert not offenders, "write through quizgen.output.write_atomic instead:\n" + "\n".join(offenders)


def test_commands_write_their_files_only_through_output(tmp_path: Path) -> None:
    """What the commands really do: every file opened for writing, and every rename, inside the
    folders they were given, comes from quizgen/output.py (Python's audit hook sees each)."""
    from click.testing import CliRunner

    from quizgen.cli import cli

    bank = tmp_path / "bank"
    shutil.copytree(TESTS / "banks" / "small", bank)
    seen: list[tuple[str, str]] = []

    def watch(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            target, mode, flags = args
            writing = (isinstance(mode, str) and bool(set(mode) & set("wax+"))) or bool(
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
        else:
            target, writing = args[1], True  # os.rename(src, dst): the destination is written
        if writing and isinstance(target, str | bytes | os.PathLike) and str(tmp_path) in os.fsdecode(target):
            frames = [frame.f_code.co_filename for frame in _stack()]
            ours = next(
                (
                    name
                    for name in frames
                    if f"{os.sep}quizgen{os.sep}" in name and f"{os.sep}tests{os.sep}" not in name
                ),
                "",
            )
            seen.append((os.fsdecode(target), ours))

    global _WATCH
    _WATCH = watch
    try:
        runner = CliRunner()
        for args in (
            ["build", "--out", str(tmp_path / "dist")],
            ["anki", "--out", str(tmp_path / "deck")],
            ["export", "--format", "csv", "--out", str(tmp_path / "q.csv")],
            ["worksheet", "--out", str(tmp_path / "sheets"), "--answer-sheet"],
            ["schema", "--out", str(tmp_path / "schema.json")],
            ["bump", "--version", "9.0"],
        ):
            result = runner.invoke(cli, [*args, "--bank", str(bank)] if args[0] != "schema" else args)
            assert result.exit_code == 0, (args, result.output)
    finally:
        _WATCH = None
    written = [(target, code) for target, code in seen if not os.path.basename(target).startswith(".")]
    assert written, "the watch saw nothing: it would pass anything"
    assert all(code.endswith(f"quizgen{os.sep}output.py") for _, code in seen), [
        (target, code) for target, code in seen if not code.endswith(f"quizgen{os.sep}output.py")
    ]


_WATCH: Any = None


def _stack() -> Iterator[Any]:
    frame = sys._getframe(2)
    while frame is not None:
        yield frame
        frame = frame.f_back


# ---- the rules of one atomic write, in this process (what the killed builds above rely on) ----

_AUDITED: list[tuple[str, tuple[Any, ...]]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _AUDITED is not None and event in ("open", "os.rename"):
        _AUDITED.append((event, args))
    if _WATCH is not None and event in ("open", "os.rename"):
        _WATCH(event, args)


sys.addaudithook(_audit)  # Python's own record of every file opened and renamed (it cannot be removed)


def audited_write(path: Path, data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    from quizgen.output import write_atomic

    global _AUDITED
    _AUDITED = []
    try:
        write_atomic(path, data)
    finally:
        seen, _AUDITED = _AUDITED, None
    return seen


@pytest.mark.parametrize("relative", [False, True])
def test_a_file_is_written_beside_its_target_under_a_hidden_name_then_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    target = Path("deck.apkg") if relative else tmp_path / "out" / "deck.apkg"
    target.parent.mkdir(exist_ok=True)
    seen = audited_write(target, b"data")
    (opened,) = [Path(args[0]) for event, args in seen if event == "open" and isinstance(args[0], str | Path)]
    assert opened.parent.resolve() == target.parent.resolve()  # one file system: the rename is atomic
    assert re.fullmatch(r"\.deck\.apkg\.[^.]+\.tmp", opened.name), opened.name
    assert [(Path(args[0]).name, Path(args[1])) for event, args in seen if event == "os.rename"] == [
        (opened.name, target)
    ]
    assert target.read_bytes() == b"data" and sorted(p.name for p in target.parent.iterdir()) == ["deck.apkg"]


def test_a_write_that_fails_halfway_leaves_no_file_and_surfaces(tmp_path: Path) -> None:
    from quizgen.output import write_atomic

    with pytest.raises(TypeError):
        write_atomic(tmp_path / "x.json", "text, not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_made_is_one_clear_error(tmp_path: Path) -> None:
    from quizgen.errors import OutputError
    from quizgen.output import check_file_target, write_atomic

    long = tmp_path / ("n" * 250)  # fits as a name, but not with the hidden temporary's prefix and suffix
    with pytest.raises(OutputError) as refused:
        write_atomic(long, b"x")
    assert str(refused.value) == f"{long}: cannot write (File name too long)"
    with pytest.raises(OutputError) as directory:
        check_file_target(tmp_path)
    assert str(directory.value) == f"{tmp_path}: is a directory; --out wants a file name here"
    assert list(tmp_path.iterdir()) == []


def test_a_write_the_file_system_refuses_midway_is_one_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    """The kernel refuses to let a file grow past the process's size limit (EFBIG), a real
    failure after the temporary file exists: the error names the file, the temporary goes."""
    import resource

    from quizgen.errors import OutputError
    from quizgen.output import write_atomic

    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of the signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, limits[1]))
    try:
        with pytest.raises(OutputError) as refused:
            write_atomic(tmp_path / "big.json", b"x" * 1000)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
    assert str(refused.value) == f"{tmp_path / 'big.json'}: cannot write (File too large)"
    assert list(tmp_path.iterdir()) == []


def test_out_takes_only_a_regular_file_or_a_new_name(tmp_path: Path) -> None:
    """A pipe (like a device) is refused; so is a name that is no file name. (A FIFO of the
    test's own, never the real /dev/null: see docs/mutation.md.)"""
    import os

    from quizgen.errors import OutputError
    from quizgen.output import check_file_target

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as pipe:
        check_file_target(fifo)
    assert str(pipe.value) == f"{fifo}: is not a regular file; choose another --out"
    with pytest.raises(OutputError) as nameless:
        check_file_target(tmp_path / "gone" / "..")
    assert str(nameless.value) == f"{tmp_path / 'gone' / '..'}: not a file name"
    assert check_file_target(tmp_path / "new.json") == tmp_path / "new.json"
    (tmp_path / "old.json").write_text("{}")
    assert check_file_target(tmp_path / "old.json") == tmp_path / "old.json"


def test_one_file_is_written_only_from_one_artifact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """emit_file puts a format's single artifact where the user said, even a bare name in the
    working directory; a format of several files is refused before anything is written."""
    from quizgen.errors import OutputError
    from quizgen.output import Artifact, emit_file

    monkeypatch.chdir(tmp_path)
    assert emit_file([Artifact("a.txt", b"one")], Path("named.txt"), "text") == (Path("named.txt"), 3)
    assert (tmp_path / "named.txt").read_bytes() == b"one"
    two = [Artifact("a.txt", b"1"), Artifact("b.txt", b"2")]
    with pytest.raises(OutputError, match=r"^format 'pair' writes 2 files, not one; give it a folder instead$"):
        emit_file(two, tmp_path / "out" / "pair.txt", "pair")
    assert not (tmp_path / "out").exists()
