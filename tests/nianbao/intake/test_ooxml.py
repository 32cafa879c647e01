"""What the package says that calamine does not: percent formats of cells (more in test_readers)."""

from __future__ import annotations

import pytest

from nianbao.intake.formats.ooxml import percent_styles, scan_sheet

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _styles(numfmts: bytes, xfs: bytes) -> bytes:
    return (
        b"<styleSheet " + MAIN + b"><numFmts>" + numfmts + b"</numFmts>"
        b'<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs>'
        b"<cellXfs>" + xfs + b"</cellXfs></styleSheet>"
    )


@pytest.mark.parametrize(
    ("numfmts", "xfs", "percent"),
    [
        (b"", b'<xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="9"/>', {b"1", b"2"}),
        (
            b'<numFmt numFmtId="164" formatCode="0.0%"/>',
            b'<xf numFmtId="0"/><xf numFmtId="164"/>',
            {b"1"},
        ),
        (b'<numFmt numFmtId="164" formatCode="[Red]0.0%"/>', b'<xf numFmtId="164"/>', {b"0"}),
        (b'<numFmt numFmtId="165" formatCode="0.0&quot;%&quot;"/>', b'<xf numFmtId="165"/>', set()),
        (b'<numFmt numFmtId="166" formatCode="0.0\\%"/>', b'<xf numFmtId="166"/>', set()),
        (b'<numFmt numFmtId="167" formatCode="0;0%"/>', b'<xf numFmtId="167"/>', set()),
        (b"", b'<xf numFmtId="4"><alignment wrapText="1"/></xf><xf numFmtId="10"/>', {b"1"}),
        (b"", b"", set()),
    ],
    ids=[
        "built-in",
        "custom",
        "colour",
        "quoted-sign",
        "escaped-sign",
        "negatives-only",
        "nested",
        "none",
    ],
)
def test_percent_formats_are_the_built_in_and_custom_ones_that_scale(
    numfmts: bytes, xfs: bytes, percent: set[bytes]
) -> None:
    """0% and 0.00% and custom codes with a bare % in the first section show ×100; others do not."""
    assert percent_styles(_styles(numfmts, xfs)) == percent


def test_conditional_format_number_formats_do_not_count() -> None:
    """A percent code defined only for a conditional format (dxfs) leaves cell formats alone."""
    styles = _styles(b"", b'<xf numFmtId="165"/>').replace(
        b"</styleSheet>",
        b'<dxfs><dxf><numFmt numFmtId="165" formatCode="0.0%"/></dxf></dxfs></styleSheet>',
    )
    assert percent_styles(styles) == set()


@pytest.mark.parametrize(
    ("cells", "found"),
    [
        (b'<c r="D5" s="2"><v>0.9916</v></c>', {(4, 3)}),
        (b'<c s="2" r="D5" t="n"><v>0.9916</v></c>', {(4, 3)}),
        (b'<c r="D5" s="1"><v>0.9916</v></c>', set()),
        (b'<c r="D5" s="2" t="s"><v>3</v></c>', set()),
        (b'<c r="D5" s="22"><v>0.9916</v></c>', set()),
        (b'<c r="D5" s="02"><v>0.9916</v></c>', set()),
        (b'<x:c r="AB7" s="2"><x:v>1</x:v></x:c>', {(6, 27)}),
    ],
    ids=[
        "percent",
        "attribute-order",
        "other-format",
        "text-cell",
        "style-22",
        "style-02",
        "prefixed",
    ],
)
def test_number_cells_with_a_percent_format_are_listed(
    cells: bytes, found: set[tuple[int, int]]
) -> None:
    """Only number cells whose format index is a percent one (index 2 here) are listed."""
    xml = b"<worksheet " + MAIN + b"><sheetData><row>" + cells + b"</row></sheetData></worksheet>"
    assert scan_sheet(xml, frozenset({b"2"})).percent == found
    assert scan_sheet(xml).percent == set()
