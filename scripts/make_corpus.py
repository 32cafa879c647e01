"""Generate tests/corpus: messy and hostile submissions for 2022, each with its expected outcome.

Run `python scripts/make_corpus.py` after changing the cases in scripts/corpus/cases_*.py (or the
catalogue's indicator order); it rewrites tests/corpus/files/ and tests/corpus/expected.toml. The output
is byte-for-byte reproducible (for one LibreOffice version: the files saved with `suite=True` are
re-saved by LibreOffice Calc, so that shared strings, styles and number formats are read as an office
suite writes them). The expectations are written by hand in each case (kind and cell of every finding,
values counted); only the cell names are resolved from the rows the case itself writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus.make import main

if __name__ == "__main__":
    main()
