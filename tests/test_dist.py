"""dist/ is committed: it must match a fresh build of the bundled bank (run `make build`)."""

from __future__ import annotations

import pytest

from quizgen.bank.loader import load
from quizgen.bank.locate import bundled_path
from quizgen.writers import DEFAULT_SEED, WRITERS, Writer
from quizgen.writers.options import RenderOptions
from tests.helpers import ROOT


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_committed_dist_matches_a_fresh_build(writer: Writer) -> None:
    bank = load(bundled_path())
    for artifact in writer.render(bank, RenderOptions(seed=DEFAULT_SEED)):
        committed = ROOT / "dist" / artifact.name
        assert committed.is_file(), f"dist/{artifact.name} is missing: run `make build` and commit dist/"
        fresh = writer.same_content(committed.read_bytes(), artifact.data)
        assert fresh, f"dist/{artifact.name} is stale: run `make build` and commit dist/"


def test_schema_json_is_current() -> None:
    import json

    from quizgen.bank.schema import json_schemas

    committed = json.loads((ROOT / "facts" / "schema.json").read_text(encoding="utf-8"))
    assert committed == json_schemas(), "facts/schema.json is stale: run `make build`"


def test_the_spreadsheet_is_the_same_bytes_with_or_without_lxml() -> None:
    """`make build` installs no lxml, `make test` does: openpyxl writes its XML with whichever it
    finds, so the Kahoot writer puts every part in canonical form."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from quizgen.bank.locate import bundled_path; from quizgen.bank.loader import load; "
        "from quizgen.writers import get; "
        "sys.stdout.buffer.write(get('kahoot').render(load(bundled_path()))[0].data)"
    )
    made = {
        flag: subprocess.run(
            [sys.executable, "-c", code], capture_output=True, check=True, env=os.environ | {"OPENPYXL_LXML": flag}
        ).stdout
        for flag in ("True", "False")
    }
    assert made["True"] == made["False"]
