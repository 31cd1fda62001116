"""Pausing the cyclic garbage collector around work that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic GC off, restoring whatever state it had.

    Parsing a bank or rendering a writer builds hundreds of thousands of objects and no
    cycles; the collector's repeated passes over all of them made large banks superlinear.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def collector_running() -> Iterator[None]:
    """Run the block with the cyclic GC on, restoring whatever state it had: for work inside a
    paused block that does make cycles (ReportLab's layout)."""
    collecting = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not collecting:
            gc.disable()
