"""Zip archives that are the same bytes for the same content (QTI packages, Kahoot's .xlsx)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no build time in the file


def archive(entries: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> bytes:
    """A zip of (name, data) in the given order, with fixed dates and modes; a name ending in
    '/' is a directory entry. Data may come in chunks (an iterable of bytes), so a large entry is
    compressed as it is made and never held whole; the zip is the same bytes either way."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.create_system = 3  # Unix, so the modes below mean what they say
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
            if isinstance(data, bytes):
                out.writestr(info, data)
                continue
            with out.open(info, "w") as entry:  # seekable buffer: sizes and CRC go into the header after
                for chunk in data:
                    entry.write(chunk)
    return buffer.getvalue()


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]


def same_entries(a: bytes, b: bytes) -> bool:
    """Same files in the same order? Another zlib may compress the same content to other bytes."""
    if a == b:
        return True
    try:
        return entries(a) == entries(b)
    except zipfile.BadZipFile:
        return False
