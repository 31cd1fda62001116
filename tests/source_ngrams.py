"""Fingerprints of the source article, so the bank's tests need no copy of it.

The article the bundled bank is drawn from lives outside the repository
(`../shared/source/kazinform-2023-03-31.txt`): a news report is not ours to copy. What the
tests check against it is kept here as hashes of its word n-grams (normalised as
`quizgen.bank.compare.normalise` folds text), which say whether a phrase stands in a paragraph
without holding the text: trigrams per paragraph (a quote is in its paragraph when all its
trigrams are) and 8-grams of the whole (a field copies the article when it shares one).

    python -m tests.source_ngrams ../shared/source/kazinform-2023-03-31.txt \
        > tests/data/kazinform-2023-03-31.ngrams.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from quizgen.bank.compare import normalise
from quizgen.bank.sources import paragraphs

QUOTE_N = 3
COPY_N = 8
DATA = Path(__file__).resolve().parent / "data"


def digest(words: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    words = normalise(text).split()
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def fingerprint(text: str) -> dict[str, object]:
    blocks = paragraphs(text)
    return {
        "paragraphs": len(blocks),
        "quote_n": QUOTE_N,
        "copy_n": COPY_N,
        "trigrams": [sorted({digest(g) for g in ngrams(block, QUOTE_N)}) for block in blocks],
        "copy": sorted({digest(g) for block in blocks for g in ngrams(block, COPY_N)}),
    }


def load(source_id: str) -> dict[str, object]:
    return json.loads((DATA / f"{source_id}.ngrams.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


if __name__ == "__main__":
    print(json.dumps(fingerprint(Path(sys.argv[1]).read_text(encoding="utf-8")), indent=0))
