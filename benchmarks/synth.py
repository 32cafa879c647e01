"""Synthetic province-scale submissions: a profile with N units, their filled forms, and minimal workbooks.

Two kinds of input. *Filled forms* are what units return: the form `nianbao forms` writes from the
catalogue (cover, 指标数据 with last year's values, three free-text sheets, styles, validation),
with 本年数值 typed and one paragraph per text sheet. *Minimal workbooks* hold the same values in
one bare sheet; they cost the parser least and so show the per-row overhead at its largest.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

INDICATORS = 30
MESSY = ("1,{0:03d}", "{0}件", " {0} ", "{0}")
BAD = ("约二十", "若干", "-")
TEXTS = {  # one paragraph per free-text sheet, as a unit would write it
    "亮点做法": "推行“一件事一次办”，全年压减办事环节{0}个，群众办事平均少跑{1}次。",
    "存在问题": "基层执法人员{0}名中持证比例偏低，法律顾问参与重大决策不够深入。",
    "下一年打算": "制定重大行政决策事项目录，落实合法性审查，计划培训执法人员{0}人次。",
}

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="指标数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def codes() -> list[str]:
    """Return the synthetic indicator codes."""
    return [f"bench.i{i:02d}" for i in range(INDICATORS)]


def write_profile(base: Path, out: Path, units: int) -> Path:
    """Write a profile at `out`: the base template, 30 count indicators and a roster of `units` units."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(base / "report.docx", out / "report.docx")
    head = (base / "catalogue.toml").read_text(encoding="utf-8").split("# ----")[0]
    parts = "\n".join(
        block
        for block in (base / "catalogue.toml").read_text(encoding="utf-8").split("\n\n")
        if block.startswith("[[part]]")
    )
    indicators = "\n\n".join(
        f'[[indicator]]\ncode = "{code}"\nname = "基准指标{i}"\nunit = "件"\nkind = "count"\npart = "functions"\nreporters = ["unit"]'
        for i, code in enumerate(codes())
    )
    (out / "catalogue.toml").write_text(f"{head}\n{parts}\n\n{indicators}\n", encoding="utf-8")
    roster = "\n".join(
        f'[[unit]]\nid = "u{n:05d}"\nname = "第{n}号测试乡镇"\ngroup = "unit"\n'
        for n in range(units)
    )
    (out / "roster.toml").write_text(roster, encoding="utf-8")
    return out


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet(rows: list[list[object]]) -> str:
    body = "".join(
        f'<row r="{r + 1}">'
        + "".join(_cell(f"{chr(65 + c)}{r + 1}", v) for c, v in enumerate(row) if v != "")
        + "</row>"
        for r, row in enumerate(rows)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


def typed_value(rng: random.Random) -> object:
    """Return a 本年数值 as units type it: ~96.5% numbers, ~3% messy but readable, ~0.5% invalid."""
    value: object = rng.randint(0, 999)
    roll = rng.random()
    if roll < 0.005:
        return rng.choice(BAD)
    if roll < 0.035:
        return rng.choice(MESSY).format(value)
    return value


def write_forms(folder: Path, profile: Path, units: int, year: int, seed: int = 7) -> list[Path]:
    """Write the filled forms of the first `units` roster units of `profile` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [
        (folder, profile, range(start, min(start + 250, units)), year, seed)
        for start in range(0, units, 250)
    ]
    with ProcessPoolExecutor() as pool:  # openpyxl takes ~12 ms a form; test data only
        return [path for paths in pool.map(_write_forms, chunks) for path in paths]


def _write_forms(job: tuple[Path, Path, range, int, int]) -> list[Path]:
    from nianbao.profile.loading import load_catalogue
    from nianbao.season.forms import DATA_SHEET, HEADER_ROW, SECTIONS, build_form

    folder, profile, numbers, year, seed = job
    cat = load_catalogue(profile)
    paths = []
    for n in numbers:
        rng = random.Random(seed * 1_000_003 + n)
        unit = cat.units[n]
        codes = cat.codes_for(unit.id)
        book = build_form(cat, unit, year, {c: Decimal(rng.randint(0, 999)) for c in codes})
        data = book[DATA_SHEET]
        for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(codes)):
            data.cell(r, 4).value = typed_value(rng)
        for sheet, text in TEXTS.items():  # the first part of the sheet's section, row 2
            section = SECTIONS[sheet]
            book[sheet]["A2"] = next(p.name for p in cat.parts if p.section == section)
            book[sheet]["B2"] = text.format(rng.randint(2, 40), rng.randint(1, 5))
        path = folder / f"{n:05d}-{unit.name}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


def write_workbooks(folder: Path, units: int, year: int, seed: int = 7) -> list[Path]:
    """Write `units` minimal one-sheet workbooks (30 values, ~3% messy, ~0.5% invalid) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(units):
        rows: list[list[object]] = [
            ["单位名称", f"第{n}号测试乡镇"],
            ["填报年度", year],
            [],
            ["指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明"],
        ]
        for i, code in enumerate(codes()):
            value = typed_value(rng)
            rows.append([code, f"基准指标{i}（含中文说明）", "件", value, "", "按实际填写"])
        path = folder / f"{n:05d}-填报表.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
            zf.writestr("_rels/.rels", _RELS)
            zf.writestr("xl/workbook.xml", _WORKBOOK)
            zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            zf.writestr("xl/worksheets/sheet1.xml", _sheet(rows))
        paths.append(path)
    return paths
