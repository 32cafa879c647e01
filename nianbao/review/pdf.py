"""PDF (and round-trip .docx/.xlsx) copies through LibreOffice headless: the only place that runs soffice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from nianbao.core.errors import DocumentError
from nianbao.core.storage import save_new

TIMEOUT = 180.0
_FILTERS = {
    "pdf": "pdf:writer_pdf_Export",
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
}
_CANDIDATES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice/program/soffice.exe",
    Path(r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def find_soffice() -> str | None:
    """Return the LibreOffice program: $NIANBAO_SOFFICE, soffice/libreoffice on PATH, usual folders."""
    if env := os.environ.get("NIANBAO_SOFFICE"):
        return env
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in _CANDIDATES if p.is_file()), None)


def to_pdf(
    docx: Path, out_dir: Path | None = None, timeout: float = TIMEOUT, soffice: str | None = None
) -> Path:
    """Convert `docx` to `<stem>.pdf` in `out_dir` (default: beside it, never overwriting); return it."""
    return convert(docx, "pdf", out_dir, timeout, soffice)


def convert(
    doc: Path,
    fmt: str,
    out_dir: Path | None = None,
    timeout: float = TIMEOUT,
    soffice: str | None = None,
) -> Path:
    """Convert `doc` with LibreOffice to `fmt` ("pdf"; "docx" or "xlsx": an open-and-save round trip).

    The result `<stem>.<fmt>` goes to `out_dir` (default: beside `doc`), never over an existing
    file. LibreOffice runs headless with a private profile, so an open LibreOffice does not interfere.
    """
    program = soffice or find_soffice()
    if program is None:
        raise DocumentError(
            "未找到 LibreOffice（soffice），无法转换；请安装 LibreOffice，或在 Word/WPS 中另存为 PDF"
        )
    if not doc.is_file():
        raise DocumentError(f"找不到要转换的文件：{doc}")
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        work = Path(tmp)
        cmd = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            _FILTERS.get(fmt, fmt),
            "--outdir",
            str(work / "out"),
            str(doc.resolve()),
        ]
        code, output = _run(cmd, timeout)
        produced = work / "out" / f"{doc.stem}.{fmt}"
        if code != 0 or not produced.is_file():
            raise DocumentError(
                f"LibreOffice 转换{fmt.upper()}失败（退出码{code}）：{output or '没有输出'}"
            )
        target = (out_dir or doc.parent) / produced.name
        return save_new(target, lambda path: shutil.copyfile(produced, path))


def _run(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run `cmd`; return its exit code and last lines of output. Kill its process group on timeout."""
    posix = sys.platform != "win32"
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=posix,
        )
    except OSError as exc:
        raise DocumentError(f"无法启动 LibreOffice（{cmd[0]}）：{exc}") from exc
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise DocumentError(
            f"LibreOffice 转换超时（{timeout:.0f}秒），已中止；请关闭 LibreOffice 后重试"
        ) from None
    lines = [
        line
        for line in out.decode("utf-8", "replace").splitlines()
        if line.strip() and "javaldx" not in line
    ]
    return proc.returncode, " ".join(lines[-3:])
