"""Refresh and finalize read a given .docx under the input-workbook limits: size, zip bombs, XML entities."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from nianbao.core.errors import DocumentError
from nianbao.review import refresh
from nianbao.review.finalize import finalize_draft

from ...conftest import draft_year

MB = 1024 * 1024
DOCUMENT = "word/document.xml"
Parts = dict[str, bytes]


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a complete 2021 draft to tamper with."""
    return draft_year(2021, tmp_path_factory.mktemp("draft"))


def _padded(parts: Parts) -> Parts:
    """The document part padded with 16 MB of blanks: it compresses over 300 times (a zip bomb in small)."""
    body = parts[DOCUMENT].replace(b"</w:body>", b" " * (16 * MB) + b"</w:body>")
    return {**parts, DOCUMENT: body}


def _entity(part: str) -> Callable[[Parts], Parts]:
    """An internal DTD after the XML declaration of `part`, declaring an entity the text uses."""

    def edit(parts: Parts) -> Parts:
        head, rest = parts[part].split(b"?>", 1)
        dtd = b'<!DOCTYPE w:document [<!ENTITY lol "lollollollol">]>'
        return {**parts, part: head + b"?>" + dtd + rest.replace(b"</w:t>", b"&lol;</w:t>", 1)}

    return edit


def _many(parts: Parts) -> Parts:
    """Ten thousand extra parts: more than any real document has."""
    return {**parts, **{f"word/media/x{n}.bin": b"" for n in range(10_001)}}


def _rebuild(draft: Path, target: Path, edit: Callable[[Parts], Parts]) -> Path:
    with zipfile.ZipFile(draft) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in edit(parts).items():
            dst.writestr(name, data)
    return target


def _huge(draft: Path, target: Path) -> Path:
    """The draft followed by a sparse tail: 101 MB on disk, nothing read."""
    target.write_bytes(draft.read_bytes())
    with target.open("r+b") as fh:
        fh.truncate(101 * MB)
    return target


Make = Callable[[Path, Path], Path]
HOSTILE: list[tuple[str, Make, str]] = [
    ("zip-bomb", lambda d, t: _rebuild(d, t, _padded), "压缩炸弹.*word/document.xml"),
    (
        "entity-in-body",
        lambda d, t: _rebuild(d, t, _entity(DOCUMENT)),
        "word/document.xml含有DOCTYPE/ENTITY",
    ),
    (
        "entity-in-styles",
        lambda d, t: _rebuild(d, t, _entity("word/styles.xml")),
        "word/styles.xml含有DOCTYPE/ENTITY",
    ),
    ("too-many-parts", lambda d, t: _rebuild(d, t, _many), "压缩炸弹.*个部件"),
    ("too-large-file", _huge, "超过100 MB上限"),
]
COMMANDS: list[tuple[str, Callable[[Path], object]]] = [
    ("finalize", lambda path: finalize_draft(path, force=True)),  # review marks are not the point
    ("refresh", lambda path: refresh.refresh_draft(path, {})),
]


@pytest.mark.parametrize(("kind", "make", "detail"), HOSTILE, ids=[h[0] for h in HOSTILE])
@pytest.mark.parametrize(("command_name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_hostile_docx_is_refused_before_parsing_naming_the_file(
    draft: Path,
    tmp_path: Path,
    kind: str,
    make: Make,
    detail: str,
    command_name: str,
    command: Callable[[Path], object],
) -> None:
    """A zip bomb, an XML entity, too many parts or too large a file stop with a Chinese line naming the file."""
    path = make(draft, tmp_path / "审阅稿_草稿.docx")
    with pytest.raises(DocumentError, match=rf"^无法打开草稿 审阅稿_草稿\.docx：.*{detail}"):
        command(path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == [path.name]


@pytest.mark.parametrize(("command_name", "command"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_the_same_draft_repacked_untampered_is_accepted(
    draft: Path, tmp_path: Path, command_name: str, command: Callable[[Path], object]
) -> None:
    """The repacking itself is harmless: without the hostile edit, both commands write their new file."""
    path = _rebuild(draft, tmp_path / "审阅稿_草稿.docx", lambda parts: parts)
    command(path)
    assert len([p for p in tmp_path.glob("*.docx") if p != path]) == 1
