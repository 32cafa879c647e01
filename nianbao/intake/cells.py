"""What one cell holds, read as text: its A1 name, whether it is blank, its trimmed text, its header key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ANNOTATION = re.compile(r"\(.*?\)|\[.*?\]")


@lru_cache(maxsize=65536)
def cell_name(row: int, col: int) -> str:
    """Return the A1 name of the zero-based (`row`, `col`); one shared string per cell (memory)."""
    return f"{column_name(col)}{row + 1}"


@lru_cache(maxsize=1024)
def column_name(col: int) -> str:
    """Return the letters of the zero-based column `col` (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_blank(value: object) -> bool:
    """Return whether a cell holds nothing (None, empty or white space only)."""
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """Return a cell as trimmed text (whole floats without “.0”)."""
    if value is None:
        return ""
    if type(value) is str:
        return value.strip().replace("\u3000", "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().replace("\u3000", "")


def header_key(value: object) -> str:
    """Return a header or label cell normalised for matching: NFKC, no spaces, colons or notes."""
    text = unicodedata.normalize("NFKC", text_of(value))
    return _ANNOTATION.sub("", "".join(text.split())).strip("*:")
