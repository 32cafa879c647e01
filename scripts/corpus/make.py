"""Entry of the corpus generator: run every case, check the file names, write expected.toml."""

from __future__ import annotations

import shutil
from collections.abc import Callable

from office import require_soffice

from .books import FILES, ROOT
from .cases_broken import broken_files, hostile_packages
from .cases_formats import csv_encodings, disguised_formats, foreign_files
from .cases_structure import duplicates, sheet_structure, table_layout, unusable_identity
from .cases_values import formula_text, odd_cells, ranges_and_units, typed_numbers, vague_values
from .expected import Expected, write_expected

# Every case writes its files and returns their expectations (in the order they were written).
CASES: tuple[Callable[[], list[Expected]], ...] = (
    csv_encodings,
    typed_numbers,
    vague_values,
    ranges_and_units,
    sheet_structure,
    table_layout,
    duplicates,
    formula_text,
    disguised_formats,
    odd_cells,
    unusable_identity,
    broken_files,
    hostile_packages,
    foreign_files,
)


def main() -> None:
    """Rebuild tests/corpus/files and expected.toml."""
    require_soffice()
    shutil.rmtree(FILES, ignore_errors=True)
    FILES.mkdir(parents=True)
    expected = [e for build in CASES for e in build()]
    names = {p.name for p in FILES.iterdir()}
    assert names == {e.name for e in expected}, names ^ {e.name for e in expected}
    write_expected(expected)
    size = sum(p.stat().st_size for p in FILES.iterdir())
    print(f"{len(expected)} files, {size / 1024:.0f} KiB → {FILES.relative_to(ROOT)}")
