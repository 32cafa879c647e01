"""Generate the sample unit submissions in inputs/2020, inputs/2021 and inputs/2022 (dev tool).

The data lives in scripts/samples/*.toml (values per unit, typed cell spellings, free texts, file
names); the generator in scripts/sampling/ only lays it out in the workbook format of docs/design.md,
as .xlsx (openpyxl), .xls (xlwt) or .csv (UTF-8 with BOM / GB18030). A filing marked
`suite = "LibreOffice"` is the unit's form (nianbao.season.forms) filled in and saved by LibreOffice Calc
(headless), so that some samples hold shared strings, styles and number formats as an office suite
writes them; a percent typed with “%” is then a number in a percent-formatted cell. Numbers are stored
as typed (74.6, never 74.59999999999999). It deletes and recreates the three year folders, writes
byte-for-byte reproducible files (for one LibreOffice version), then re-reads everything it wrote and
checks that the 2021 sums reproduce the figures of the 2021 report.

Usage: .venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import sys

from sampling.make import main

if __name__ == "__main__":
    sys.exit(main())
