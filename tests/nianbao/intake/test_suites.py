"""Workbooks as office suites write them: numbers read as shown, files saved by LibreOffice Calc."""

from __future__ import annotations

import tomllib
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook

from nianbao.checks.accepted import Intake
from nianbao.core.findings import show_raw
from nianbao.intake.readers import read_submission
from nianbao.intake.values import parse_value, percent_typed
from nianbao.pipeline import gather
from nianbao.profile.catalogue import Catalogue
from nianbao.review.pdf import convert
from nianbao.season.forms import CATEGORIES, DATA_SHEET, HEADER_ROW, build_form, form_name

from ...conftest import HEADER, INPUTS, ROOT
from .test_safety import repack

SAMPLES = ROOT / "scripts" / "samples"
CORPUS = ROOT / "tests" / "corpus" / "files"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SUBMISSIONS: dict[str, Any] = tomllib.loads((SAMPLES / "submissions.toml").read_text("utf-8"))
FILINGS = [(int(year), unit, f) for year, units in SUBMISSIONS.items() for unit, f in units.items()]
SUITE_SAMPLES = [f"{year}/{f['file']}" for year, _, f in FILINGS if f.get("suite")]
# The corpus files make_corpus.py has LibreOffice Calc save (the rest are openpyxl's or hand-made).
SUITE_CORPUS = [
    "12_percent.xlsx",
    "16_hidden_rows.xlsx",
    "18_formula_cached.xlsx",
    "24_formula_like_text.xlsx",
    "28_codes_and_rows.xlsx",
]


# ------------------------------------------------------------------ numbers as the cell shows them


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (74.59999999999999, "74.6"),  # the typed 74.6 as openpyxl writes it (16 digits)
        (82.34999999999999, "82.35"),
        (978.1900000000001, "978.19"),
        (0.1 + 0.2, "0.3"),  # a formula's result
        (1 / 3, "0.333333333333333"),  # Calc keeps 15 digits, openpyxl 16: both read alike
        (123456789012345.6, "123456789012346"),
        (1e15, "1000000000000000"),
        (2.0**53, "9007199254740992"),  # whole numbers stay exact beyond 15 digits
        (0.5, "0.5"),
        (1426.0, "1426"),
    ],
)
def test_a_number_cell_reads_as_the_cell_shows_it(number: float, shown: str) -> None:
    """A float from the reader keeps 15 significant digits, as Excel and Calc show it."""
    quantity = parse_value(number)
    assert quantity is not None
    assert str(quantity.value) == shown


@pytest.mark.parametrize(
    ("number", "shown"),
    [(0.9916, "99.16%"), (0.746, "74.6%"), (0.1 + 0.2, "30%"), (0.7459999999999999, "74.6%")],
)
def test_a_percent_cell_reads_as_the_percent_it_shows(number: float, shown: str) -> None:
    """A number in a percent-formatted cell reads as the percent the cell shows."""
    assert percent_typed(number) == shown
    quantity = parse_value(percent_typed(number))
    assert quantity is not None
    assert (quantity.value, quantity.suffix) == (Decimal(shown[:-1]), "%")


@pytest.mark.parametrize(
    ("number", "shown"), [(0.1 + 0.2, "0.3"), (2.1000000000000001, "2.1"), (2022.0, "2022")]
)
def test_a_finding_quotes_the_number_as_the_cell_shows_it(number: float, shown: str) -> None:
    """The 原值 of a finding is the number as the cell shows it, not its binary tail."""
    assert show_raw(number) == shown


def _with_stored(path: Path, cell: str, stored: str) -> None:
    """Rewrite the first sheet of `path` so that `cell` stores the text `stored` (as Excel writes it)."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(sheet)
    v = xml.index(b"<v>", xml.index(f'<c r="{cell}"'.encode())) + 3
    xml = xml[:v] + stored.encode() + xml[xml.index(b"</v>", v) :]
    path.write_bytes(repack(path.read_bytes(), {sheet: xml}))


@pytest.mark.parametrize(
    ("code", "stored", "number_format", "value"),
    [
        ("fw.wage_amount", "74.599999999999994", "General", "74.6"),
        ("fw.wage_amount", "0.30000000000000004", "General", "0.3"),
        ("fw.wage_amount", "1000000000000000", "General", "1000000000000000"),
        ("ys.appearance_rate", "0.99999999999999989", "0%", "100"),
        ("ys.appearance_rate", "0.74599999999999995", "0.0%", "74.6"),
    ],
)
def test_a_workbook_number_is_read_as_shown(
    tmp_path: Path, code: str, stored: str, number_format: str, value: str
) -> None:
    """A value cell stored with 17 digits (Excel) reads as the 15-digit number it shows."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = DATA_SHEET
    for row in (["单位名称", "区司法局"], ["填报年度", 2022], [], HEADER, [code, "", "", 1.5]):
        ws.append(row)
    ws["D5"].number_format = number_format
    path = tmp_path / "司法局.xlsx"
    book.save(path)
    _with_stored(path, "D5", stored)
    (raw,) = read_submission(path, tmp_path).values
    quantity = parse_value(raw.raw)
    assert quantity is not None
    assert quantity.value == Decimal(value)


# ------------------------------------------------------------------ committed files


def _zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize(
    "path",
    [INPUTS / name for name in SUITE_SAMPLES] + [CORPUS / name for name in SUITE_CORPUS],
    ids=lambda p: p.name,
)
def test_suite_files_hold_shared_strings_and_suite_styles(path: Path) -> None:
    """The committed suite files are LibreOffice's: shared strings, its styles, no inline text."""
    parts = _zip(path)
    assert b"<Application>LibreOffice/" in parts["docProps/app.xml"]
    strings = ElementTree.fromstring(parts["xl/sharedStrings.xml"])
    assert len(strings.findall(f"{MAIN}si")) > 10
    sheets = [xml for name, xml in parts.items() if name.startswith("xl/worksheets/")]
    assert sheets
    assert all(b't="s"' in xml and b"inlineStr" not in xml for xml in sheets)
    assert b"<cellStyleXfs" in parts["xl/styles.xml"]
    assert b'formatCode="General"' in parts["xl/styles.xml"]  # Calc names its General format


def test_suite_formula_file_keeps_the_calculation_chain_excel_adds() -> None:
    """The formula file carries a calculation chain naming its formula cells, and reads as before."""
    parts = _zip(CORPUS / "18_formula_cached.xlsx")
    chain = ElementTree.fromstring(parts["xl/calcChain.xml"])
    cells = [c.get("r") for c in chain.iter(f"{MAIN}c")]
    sheet = ElementTree.fromstring(parts["xl/worksheets/sheet1.xml"])
    formulas = [c.get("r") for c in sheet.iter(f"{MAIN}c") if c.find(f"{MAIN}f") is not None]
    assert cells == formulas == ["D13", "D22"]
    assert b"calcChain.xml" in parts["xl/_rels/workbook.xml.rels"]
    assert b"/xl/calcChain.xml" in parts["[Content_Types].xml"]


def test_suite_sample_keeps_percents_typed_with_a_percent_sign_as_percent_cells() -> None:
    """“92.36%” typed in Calc is 0.9236 in a percent-formatted cell and is read as 92.36%."""
    (scjg,) = [f["file"] for year, unit, f in FILINGS if (year, unit) == (2022, "scjg")]
    path = INPUTS / "2022" / scjg
    assert b'formatCode="0.00%"' in _zip(path)["xl/styles.xml"]
    stored = _stored_numbers(path)
    values = {raw.code: raw for raw in read_submission(path, path.parent).values}
    for code, shown in (
        ("scjg.supervision_main_rate", "92.36%"),
        ("scjg.supervision_sub_rate", "71.48%"),
    ):
        ref = values[code].ref
        assert stored[ref.sheet, ref.cell] == str(Decimal(shown[:-1]) / 100)
        assert values[code].raw == shown


def _stored_numbers(path: Path) -> dict[tuple[str, str], str]:
    """Return the text each number cell of an .xlsx stores: (sheet, cell) → the <v> text."""
    parts = _zip(path)
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    }
    stored = {}
    for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{REL}id")]
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        for cell in ElementTree.fromstring(parts[part]).iter(f"{MAIN}c"):
            v = cell.find(f"{MAIN}v")
            if cell.get("t", "n") == "n" and v is not None and v.text:
                stored[sheet.get("name", ""), cell.get("r", "")] = v.text
    return stored


def _typed_values(year: int, spelled: bool = True) -> dict[str, dict[str, Decimal | str]]:
    """Return each unit's values of `year` as typed in values_<year>.toml (decimals kept exact).

    `spelled`: a cell's own spelling ([typed]) replaces the clean value, as in the unit's file.
    """
    path = SAMPLES / f"values_{year}.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        raw = tomllib.load(fh, parse_float=Decimal)
    values: dict[str, dict[str, Any]] = {u: dict(v) for u, v in raw.get("unit", {}).items()}
    towns = raw.get("towns", {})
    for unit, row in towns.get("rows", {}).items():
        values[unit] = dict(zip(towns["columns"], row, strict=True))
    for unit, typed in raw.get("typed", {}).items() if spelled else ():
        values[unit] |= typed
    return {
        u: {c: v if isinstance(v, str) else Decimal(v) for c, v in vs.items()}
        for u, vs in values.items()
    }


@pytest.mark.parametrize(
    ("year", "unit", "filing"), [pytest.param(*f, id=f"{f[0]}-{f[1]}") for f in FILINGS]
)
def test_every_sample_value_is_stored_as_typed(
    year: int, unit: str, filing: Mapping[str, str]
) -> None:
    """Every number in a committed sample is stored as its typed decimal (74.6, not 74.59999999999999)."""
    path = INPUTS / str(year) / filing["file"]
    typed = _typed_values(year)[unit]
    last = _typed_values(year - 1, spelled=False).get(unit, {})  # the pre-filled 上年数值
    stored = _stored_numbers(path) if path.suffix == ".xlsx" else {}
    checked = 0
    for raw in read_submission(path, path.parent).values:
        # A text cell, and any cell of a .csv or an .xls (binary numbers), as the reader gives it.
        cells = [
            (raw.ref.cell, typed[raw.code], raw.raw if isinstance(raw.raw, str) else repr(raw.raw))
        ]
        if stored and raw.code in last:
            row = raw.ref.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            cells.append((f"E{row}", last[raw.code], None))
        for cell, value, read in cells:
            text = stored.get((raw.ref.sheet, cell), read)
            assert text is not None, cell
            if isinstance(value, str) and value.endswith("%") and text != value:
                assert Decimal(text) * 100 == Decimal(value[:-1]), (cell, text, value)
            elif isinstance(value, str):
                assert text == value, (cell, text, value)
            else:
                assert Decimal(text.strip()) == value, (cell, text, value)
            checked += 1
    assert checked >= len(typed)


# ------------------------------------------------------------------ LibreOffice at test time

# kind → values a unit types, in turn: decimals openpyxl writes with 16 digits, a percent cell,
# numbers as text, an estimate.
TYPED: dict[str, list[object]] = {
    "count": [1426, "118,903", " 42 ", "约二十", 3],
    "amount": [74.6, 82.35, 978.19, 0.1 + 0.2, 1e15],
    "percent": ["92.36%", 88.01, 100],
    "days": [0.5, 1 / 3],
}
PREVIOUS: dict[str, Decimal] = {
    "count": Decimal(1400),
    "amount": Decimal("947.32"),
    "percent": Decimal("62.93"),
    "days": Decimal("1.5"),
}


def _fill_form(cat: Catalogue, unit_id: str, folder: Path) -> Path:
    """Write `unit_id`'s 2023 form filled in with TYPED values and texts, as openpyxl saves it."""
    codes = cat.codes_for(unit_id)
    previous = {code: PREVIOUS[cat.indicators[code].kind] for code in codes}
    book = build_form(cat, cat.unit(unit_id), 2023, previous)
    ws = book[DATA_SHEET]
    for n, code in enumerate(codes):
        choices = TYPED[cat.indicators[code].kind]
        value = choices[n % len(choices)]
        cell = ws.cell(HEADER_ROW + 1 + n, 4)
        if isinstance(value, str) and value.endswith("%"):
            cell.value, cell.number_format = float(Decimal(value[:-1]) / 100), "0.00%"
        else:
            cell.value = value
    parts = [p.name for p in cat.parts]
    for i, category in enumerate(CATEGORIES):
        book[category].append([parts[i], f"建成“枫桥式”调解室{i + 2}个，《条例》宣讲 & <培训>。"])
    path = folder / form_name(cat.unit(unit_id), 2023)
    folder.mkdir(exist_ok=True)
    book.save(path)
    return path


def _seen(intake: Intake) -> tuple[Any, ...]:
    return (intake.entries, intake.texts, intake.findings)


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.parametrize("unit_id", ["sfj", "scjg", "zwfw", "changtaiguan"])
def test_form_saved_by_libreoffice_reads_as_the_openpyxl_original(
    catalogue: Catalogue, calc: str, tmp_path: Path, unit_id: str
) -> None:
    """A filled-in form re-saved by LibreOffice Calc gives the same values, texts and findings."""
    original = _fill_form(catalogue, unit_id, tmp_path / "openpyxl")
    copy = convert(original, "xlsx", tmp_path / "calc", soffice=calc)
    assert copy.name == original.name
    assert "xl/sharedStrings.xml" in _zip(copy)
    before = gather(original.parent, catalogue, 2023)
    after = gather(copy.parent, catalogue, 2023)
    assert before.entries
    assert _seen(after) == _seen(before)
    calc = load_workbook(copy)[DATA_SHEET]
    assert calc.protection.sheet  # the form's protection and fills survive the round trip
    assert calc.cell(HEADER_ROW + 1, 4).fill.fgColor.rgb.endswith("FFF2CC")
