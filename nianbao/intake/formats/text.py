"""CSV text as departments export it: UTF-16, UTF-8 or GB18030, comma, tab or semicolon separated."""

from __future__ import annotations

import csv
import io

_DELIMITERS = (",", "\t", ";")


def csv_rows(data: bytes) -> list[list[str]]:
    """Return the rows of the csv `data`, split at the delimiter its first lines use most."""
    text = decode(data)
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    delimiter = max(_DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def decode(data: bytes) -> str:
    """Return `data` decoded as UTF-16 (with BOM), UTF-8 (BOM optional) or, failing that, GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")
