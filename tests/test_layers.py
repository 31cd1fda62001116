"""The folders are the pipeline, and imports only go down it: bank -> questions -> writers and
study -> grading -> cli. Checked on every import statement, at the top of a module or inside a
function, so a lazy import cannot climb unseen."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest

from tests.helpers import ROOT

# Each part of quizgen and its layer: a module may import its own layer's and lower ones, not
# higher. writers and study stand side by side and never import each other.
LAYERS = {
    "errors": 0,
    "plural": 0,
    "resources": 0,
    "gcpause": 0,
    "userdirs": 0,
    "output": 0,
    "bank": 1,
    "questions": 2,
    "writers": 3,
    "study": 3,
    "grading": 4,
    "cli": 5,
    "__main__": 6,
}
# What only the loading of a bank needs: the question engine and everything that works on a
# loaded bank reach the model through quizgen.bank.model and the fact helpers, not these.
LOADING = (
    "quizgen.bank.loader",
    "quizgen.bank.build",
    "quizgen.bank.yamlfile",
    "quizgen.bank.schema",
    "quizgen.bank.checks",
)


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((ROOT / "quizgen").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def imports(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:  # `from quizgen.bank import loader` imports a module too
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def part(module: str) -> str | None:
    pieces = module.split(".")
    return (pieces[1] if len(pieces) > 1 else "__init__") if pieces[0] == "quizgen" else None


def test_every_part_of_quizgen_has_a_layer() -> None:
    parts = {part(name) for name, _ in modules()} - {"__init__"}
    assert parts <= set(LAYERS), f"place {sorted(parts - set(LAYERS))} in LAYERS"


def test_imports_only_go_down_the_pipeline() -> None:
    wrong = []
    for name, tree in modules():
        mine = part(name)
        for line, target in imports(tree):
            theirs = part(target)
            if mine in (None, "__init__") or theirs in (None, "__init__") or theirs not in LAYERS:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (mine != theirs and {mine, theirs} == {"writers", "study"}):
                wrong.append(f"{name}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", ["questions", "writers", "study", "grading"])
def test_what_works_on_a_loaded_bank_does_not_load_banks(package: str) -> None:
    wrong = [
        f"{name}:{line} imports {target}"
        for name, tree in modules()
        if part(name) == package
        for line, target in imports(tree)
        if target.startswith(LOADING)
    ]
    assert not wrong, "\n".join(wrong)
