"""An independent count of what was typed: every non-blank 本年数值 cell of an indicator table.

The row parser (nianbao.intake.sheets) decides what each row means; the census only looks at the value
column. A typed cell the parser did not turn into a value is kept as `unread`, and the accounting
reports it (accounting.unbalanced), so a parser bug can never drop a value without a word.
"""

from __future__ import annotations

from nianbao.intake.cells import cell_name, is_blank
from nianbao.intake.submission import CellRef, RawValue, Sheet


def unread_cells(
    file: str, sheet: Sheet, top: int, end: int, column: int, found: list[RawValue]
) -> list[CellRef]:
    """Return the typed cells of `column` (rows top+1..end-1) that no value of `found` came from."""
    typed = [
        r
        for r in range(top + 1, end)
        if column < len(sheet.grid[r])
        and (type(cell := sheet.grid[r][column]) is float or not is_blank(cell))
    ]
    read = {raw.ref.cell for raw in found}
    missed = [name for name in map(cell_name, typed, [column] * len(typed)) if name not in read]
    return [CellRef(file, sheet.name, name) for name in missed]
