"""Safety: no unsafe YAML loading, no eval or shell anywhere; no file lands outside its directory.

(That a `!!python/object` tag never runs is tested with the malformed banks; that fact text
reaches Anki cards only escaped is a property test in test_properties.py.)
"""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizgen.bank.model import Bank
from quizgen.cli import cli
from quizgen.errors import OutputError
from quizgen.output import emit as write
from quizgen.writers import WRITERS, render_all
from quizgen.writers.options import RenderOptions
from tests.helpers import ROOT, SMALL_BANK, no_crash

UNSAFE_CALLS = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "os.system",
    "os.popen",
    "os.execv",
    "os.execvp",
    "os.execl",
    "os.execlp",
    "os.spawnl",
    "os.spawnv",
    "os.startfile",
    "pickle.load",
    "pickle.loads",
    "marshal.loads",
    "shelve.open",
    "yaml.load",
    "yaml.load_all",
    "yaml.unsafe_load",
    "yaml.unsafe_load_all",
    "yaml.full_load",
    "yaml.full_load_all",
}
UNSAFE_NAMES = {
    "yaml.Loader",
    "yaml.UnsafeLoader",
    "yaml.FullLoader",
    "yaml.CLoader",
    "yaml.CUnsafeLoader",
    "yaml.CFullLoader",
    "yaml.Unsafe",
    "yaml.constructor.UnsafeConstructor",
    "yaml.constructor.FullConstructor",
    "yaml.constructor.Constructor",
}


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def unsafe_uses(source: str) -> list[str]:
    """What in this source could run code from data or pass text to a shell."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in UNSAFE_CALLS:
                found.append(f"line {node.lineno}: {name}()")
            if (name.startswith(("subprocess.", "asyncio.create_subprocess"))) and (
                any(
                    k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                    for k in node.keywords
                )
                or name.endswith("_shell")
            ):
                found.append(f"line {node.lineno}: {name}(shell=...)")
        elif isinstance(node, ast.Attribute) and dotted(node) in UNSAFE_NAMES:
            found.append(f"line {node.lineno}: {dotted(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("yaml", "pickle", "marshal", "shelve", "os"):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in UNSAFE_CALLS | UNSAFE_NAMES:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "yaml.load(text)",
        "yaml.load(text, Loader=yaml.Loader)",
        "yaml.unsafe_load(t)",
        "yaml.full_load(t)",
        "yaml.load(t, Loader=yaml.FullLoader)",
        "from yaml import Loader",
        "from yaml import unsafe_load",
        "eval(answer)",
        "exec(code)",
        "os.system('echo ' + fact)",
        "os.popen(cmd)",
        "subprocess.run(cmd, shell=True)",
        "subprocess.Popen(cmd, shell=flag)",
        "pickle.loads(data)",
        "__import__(name)",
    ],
)
def test_the_scanner_catches_unsafe_code(snippet: str) -> None:
    assert unsafe_uses(snippet), snippet


def test_the_scanner_allows_safe_code() -> None:
    assert not unsafe_uses(
        "yaml.compose(text, Loader=yaml.CSafeLoader)\nyaml.safe_load(t)\n"
        "subprocess.run(['ls'], shell=False)\nimportlib.import_module(name)\n"
    )


def test_no_module_loads_yaml_unsafely_evals_or_uses_a_shell() -> None:
    modules = sorted((ROOT / "quizgen").rglob("*.py"))
    assert len(modules) > 10
    found = [
        f"{path.relative_to(ROOT)} {use}" for path in modules for use in unsafe_uses(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


HOSTILE_NAMES = [
    "../escaped",
    "../../etc/passwd",
    "/tmp/absolute",
    "sub/dir",
    "x\0y",
    "..",
    ".hidden",
    "C:\\windows",
    "name\n",
]


@pytest.mark.parametrize("field", ["name", "namespace", "fact id", "topic id"])
@pytest.mark.parametrize("value", HOSTILE_NAMES, ids=repr)
def test_hostile_names_in_a_bank_are_refused_and_nothing_is_written(field: str, value: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    bank = work / "bank"
    shutil.copytree(SMALL_BANK, bank)
    manifest = yaml.load((bank / "bank.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    # libyaml, as quizgen uses: the pure-Python parser rejects "river?]" in a flow list.
    facts = yaml.load((bank / "facts.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if field in ("name", "namespace"):
        manifest[field] = value
    elif field == "fact id":
        facts["facts"][0]["id"] = value
    else:
        manifest["topics"][0]["id"] = value
    (bank / "bank.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    (bank / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    (work / "out").mkdir()
    before = tree(tmp_path)
    cwd = os.getcwd()
    os.chdir(work)  # so the default dist/ and any '../' would land inside tmp_path, where we look
    try:
        for args in (["build", "--out", "out"], ["anki"]):
            result = CliRunner().invoke(cli, [*args, "--bank", "bank"])
            assert result.exit_code == 2, result.output
            no_crash(result)
    finally:
        os.chdir(cwd)
    assert tree(tmp_path) == before


@pytest.mark.parametrize("value", HOSTILE_NAMES, ids=repr)
def test_writers_cannot_escape_the_output_directory_even_past_validation(
    value: str, small: Bank, tmp_path: Path
) -> None:
    # A bank built in code skips the schema; file names are still checked when written.
    bank = small.replace(name=value)
    out = tmp_path / "sandbox" / "out"
    out.mkdir(parents=True)
    artifacts = render_all(bank, RenderOptions(seed=1))
    with pytest.raises(OutputError, match="refusing to write a file named"):
        write(artifacts, out)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["sandbox", "sandbox/out"]
    assert len(WRITERS) >= 2


@pytest.mark.parametrize("value", HOSTILE_NAMES, ids=repr)
def test_anki_default_path_stays_in_dist_even_past_validation(
    value: str, small: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.cli.material import _deck_path

    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    with pytest.raises(OutputError, match="refusing to write a file named"):
        _deck_path(small.replace(name=value).name, None)
    assert [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*"))] == ["a", "a/b"]
