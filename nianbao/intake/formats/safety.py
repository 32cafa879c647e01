"""Checks on an input file before any parser sees it: size, package kind, zip bombs, XML entities."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Literal, TypeVar, cast

from nianbao.core.errors import InputError
from nianbao.intake.formats.cfb import CompoundFileError, stream_names, workbook_extent

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # a file on disk (a workbook may hold large pictures)
MAX_PART_BYTES = 60 * MB  # one decompressed XML part, one csv, one .xls
MAX_TOTAL_BYTES = 200 * MB  # everything a workbook decompresses to
MAX_RATIO = 200  # real sheets compress 5–20×; zeros 1000× and more
_RATIO_FLOOR = MB  # parts smaller than this are never called bombs
MAX_ENTRIES = 10_000
MAX_IN_MEMORY = 16 * MB  # packages up to this size are checked from memory (faster)
MAX_CELLS = 10_000_000  # rows × columns of one sheet (the reader allocates the whole rectangle)
MEMO_BYTES = 64 * 1024  # parts up to this size may be kept in the content caches (≤ 16 MiB in all)
_CHUNK = MB
T = TypeVar("T")
PackageKind = Literal["xlsx", "xlsb", "ods"]

_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
XML_PARTS = (".xml", ".rels", ".vml")
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NOT_A_FORM = "请报送下发的Excel填报表；Word、PowerPoint等其他文件不作为报表读取"
_ODS = (
    b"application/vnd.oasis.opendocument.spreadsheet"  # the mimetype part (templates add -template)
)
_OTHER_PACKAGES = (  # part that gives a package away → what it is, what to do
    ("mimetype", "OpenDocument文档（.odt/.odp）", _NOT_A_FORM),
    ("word/document.xml", "Word文档（.docx）", _NOT_A_FORM),
    ("ppt/presentation.xml", "PowerPoint演示文稿（.pptx）", _NOT_A_FORM),
)
_RESAVE = "请在Excel或WPS中打开，另存为“Excel工作簿（.xlsx）”后重新报送"


class RejectedFileError(InputError):
    """Raised when an input file must not or cannot be parsed; carries the finding's kind and advice."""

    def __init__(
        self, kind: str, message: str, advice: str = _RESAVE, *, warn: bool = False
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.advice = advice
        self.warn = warn  # a warning only: the file is not a form, nothing in it was meant as data


def check_size(size: int, limit: int | None = None) -> None:
    """Raise RejectedFileError when a file of `size` bytes is over `limit` (default MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if size > limit:
        raise RejectedFileError(
            "file.too_large",
            f"文件大小约{size / MB:.0f} MB，超过{limit // MB} MB上限，未读取",
            "请删除报表中的图片、附件和无关工作表，只保留填报内容后重新报送",
        )


def check_ole(data: bytes) -> None:
    """Raise RejectedFileError for an encrypted OLE workbook or one whose cells reach too far.

    A structure this check cannot follow is left to the parser (it reports its own error).
    """
    try:
        names = set(stream_names(data))
        extent = workbook_extent(data)
    except (CompoundFileError, struct.error):
        if any(marker in data for marker in _ENCRYPTED):
            raise encrypted() from None
        return
    if names & {"EncryptedPackage", "EncryptionInfo"} or extent.encrypted:
        raise encrypted()
    check_extent("（全部工作表）", extent.rows, extent.columns)


def encrypted() -> RejectedFileError:
    """Return the rejection of a password-protected workbook."""
    return RejectedFileError(
        "file.encrypted",
        "文件已加密（设置了打开密码），无法读取",
        "请取消密码后重新报送：在Excel中“文件—信息—保护工作簿—用密码进行加密”，清空密码并保存",
    )


@dataclass(frozen=True)
class Package:
    """An opened workbook package; `blob` holds the whole file when it was small enough to load."""

    zip: zipfile.ZipFile
    blob: bytes | None = None
    kind: PackageKind = "xlsx"


def open_package(source: IO[bytes] | bytes) -> Package:
    """Return the zip package of a workbook after checking entry counts, sizes and ratios."""
    blob = source if isinstance(source, bytes) else None
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob) if blob is not None else source)  # type: ignore[arg-type]
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise RejectedFileError("file.corrupt", f"文件已损坏，无法打开（{exc}）") from exc
    check_entries(infos)
    return Package(zf, blob, _kind(zf, {info.filename for info in infos}))


def check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Raise RejectedFileError when a package's entries are too many, encrypted, inconsistent or too big."""
    if len(infos) > MAX_ENTRIES:
        raise _bomb(f"压缩包内有{len(infos)}个部件，远超正常文件")
    if any(info.flag_bits & 0x1 for info in infos):
        raise encrypted()  # zip-level encryption (WPS, 7-Zip): same finding, same advice
    total = 0
    for info in infos:
        if info.compress_size > info.file_size + info.file_size // 100 + 1024:
            raise RejectedFileError(
                "file.corrupt", f"文件已损坏：部件{info.filename}的压缩包头部信息不一致"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise _bomb(
                f"部件{info.filename}压缩比约{ratio:.0f}倍，解压后约{info.file_size / MB:.0f} MB"
            )
        if info.filename.lower().endswith(XML_PARTS) and info.file_size > MAX_PART_BYTES:
            raise _too_big(
                f"部件{info.filename}解压后约{info.file_size / MB:.0f} MB", MAX_PART_BYTES
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _too_big(f"解压后共约{total / MB:.0f} MB", MAX_TOTAL_BYTES)


def _kind(zf: zipfile.ZipFile, names: set[str]) -> PackageKind:
    """Return the spreadsheet format a package's parts show; refuse any other package."""
    if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
        return "xlsb"
    mimetype = (
        zf.read("mimetype")
        if "mimetype" in names and zf.getinfo("mimetype").file_size < 256
        else b""
    )
    if mimetype.strip().startswith(_ODS):
        return "ods"
    what, advice = next(((w, a) for part, w, a in _OTHER_PACKAGES if part in names), ("", None))
    if "[Content_Types].xml" not in names or (what and "xl/workbook.xml" not in names):
        raise RejectedFileError(
            "file.unknown_format",
            f"文件内容是{what or '普通压缩包'}，不是Excel工作簿",
            advice or _RESAVE,
        )
    return "xlsx"


def check_extent(sheet: str, rows: int, columns: int) -> None:
    """Raise RejectedFileError when a sheet's cells span more than MAX_CELLS (rows × columns)."""
    if rows * columns > MAX_CELLS:
        raise RejectedFileError(
            "file.too_large",
            f"工作表“{sheet}”的数据区域达{rows}行×{columns}列，超过{MAX_CELLS // 10_000}万个单元格上限，未读取",
            "请删除表格右侧和下方的无关内容（含远处单元格中的空格）后重新报送",
        )


class Budget:
    """The decompressed bytes one workbook may still spend, checked while reading, not trusted from headers."""

    def __init__(self, total: int = MAX_TOTAL_BYTES) -> None:
        self.left = total

    def spend(self, size: int) -> None:
        """Take `size` bytes from the budget; raise RejectedFileError when it runs out."""
        self.left -= size
        if self.left < 0:
            raise _bomb(f"解压后超过{MAX_TOTAL_BYTES // MB} MB")


def read_xml(package: Package, name: str, budget: Budget) -> bytes:
    """Return the decompressed XML part `name`, refusing parts over the limits or declaring entities."""
    data = read_part(package, name, budget)
    check_xml(name, data)
    return data


def read_part(package: Package, name: str, budget: Budget) -> bytes:
    """Return the decompressed part `name` (XML or binary), refusing parts over the limits."""
    try:
        info = package.zip.getinfo(name)
        data = _inflate(package.blob, info) if package.blob is not None else None
        if data is None:
            data = _stream(package.zip, info, budget)
        else:
            budget.spend(len(data))
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise RejectedFileError("file.corrupt", f"文件已损坏，部件{name}无法解压（{exc}）") from exc
    if len(data) > MAX_PART_BYTES:
        raise _too_big(f"部件{name}解压后约{len(data) / MB:.0f} MB", MAX_PART_BYTES)
    return data


def _inflate(blob: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """Return a deflated or stored part of an in-memory package, never more than its declared size."""
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        return None
    at = info.header_offset
    if blob[at : at + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("部件头无效")
    names, extra = struct.unpack_from("<HH", blob, at + 26)
    start = at + 30 + names + extra
    raw = blob[start : start + info.compress_size]
    return memo(_verified, raw, info.compress_type, info.file_size, info.CRC, size=info.file_size)


def memo(cached: Callable[..., T], *args: object, size: int) -> T:
    """Return `cached(*args)` through its content cache only when what it keeps is ≤ MEMO_BYTES.

    `cached` is an lru_cache-wrapped function of part contents; larger data bypasses the cache, so a
    long batch never holds large parts it will not see again.
    """
    if size <= MEMO_BYTES:
        return cached(*args)
    return cast(Callable[..., T], getattr(cached, "__wrapped__", cached))(*args)


@lru_cache(maxsize=256)
def _verified(raw: bytes, method: int, size: int, crc: int) -> bytes:
    """Return the part stored as `raw` with `method`, checked against its declared size and CRC.

    Cached by content: the parts every copy of a form shares ([Content_Types].xml, styles, theme,
    workbook) are inflated and checked once per batch; a differing byte is a different key. Parts
    over MEMO_BYTES bypass the cache, so it never holds more than 256 small parts.
    """
    if method == zipfile.ZIP_STORED:
        data = raw
    else:
        data = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, size + 1)
    if len(data) != size or zlib.crc32(data) != crc:
        raise zipfile.BadZipFile("大小或校验和与头部不符")
    return data


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """Return a part read in chunks from a package on disk, counting the bytes really produced."""
    chunks, size = [], 0
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            budget.spend(len(chunk))
            if size > MAX_PART_BYTES:
                raise _too_big(
                    f"部件{info.filename}解压后超过{MAX_PART_BYTES // MB} MB", MAX_PART_BYTES
                )
            chunks.append(chunk)
    return b"".join(chunks)


def check_xml(name: str, data: bytes) -> None:
    """Raise RejectedFileError when the XML `data` holds a DOCTYPE or ENTITY declaration (any encoding)."""
    text = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2].count(b"\x00") == 1:
        text = data.decode("utf-16", errors="ignore").encode("utf-8")
    if b"!" in text and _DECLARATION.search(text):  # one byte: a fast first pass
        raise RejectedFileError(
            "file.xml_entity",
            f"部件{name}含有DOCTYPE/ENTITY声明（可能引用外部文件），出于安全考虑未读取",
            _RESAVE,
        )


def check_parts(package: Package, done: set[str], budget: Budget) -> None:
    """Check every XML part of the package not in `done` (read and discarded)."""
    for info in package.zip.infolist():
        if info.filename not in done and info.filename.lower().endswith(XML_PARTS):
            read_xml(package, info.filename, budget)


def _bomb(detail: str) -> RejectedFileError:
    return RejectedFileError(
        "file.zip_bomb",
        f"文件疑似“压缩炸弹”：{detail}，出于安全考虑未读取",
        "请确认文件来源；如是正常报表，请在Excel中另存为新文件后重新报送",
    )


def _too_big(detail: str, limit: int) -> RejectedFileError:
    return RejectedFileError(
        "file.too_large",
        f"{detail}，超过{limit // MB} MB上限，未读取",
        "请删除报表中的图片、附件和无关工作表，只保留填报内容后重新报送",
    )
