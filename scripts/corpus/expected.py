"""What each corpus file must produce, and tests/corpus/expected.toml written from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .books import OUT, YEAR


@dataclass
class Expected:
    """What the validator must say about one corpus file."""

    name: str
    about: str
    unit: str = ""
    used: bool = False
    counted: int = 0
    findings: list[str] = field(default_factory=list)


def write_expected(expected: list[Expected]) -> None:
    """Write tests/corpus/expected.toml (hand-written expectations as data)."""
    lines = [
        "# 测试语料：每个文件的预期结果（由 scripts/make_corpus.py 生成，预期在脚本各用例中手写）。",
        "# findings：“类型 工作表!单元格”（无位置时只写类型）；unit：归属单位代码；used：是否采用；counted：计入汇总的数值个数。",
        f"year = {YEAR}",
        "",
    ]
    for e in sorted(expected, key=lambda e: e.name):
        lines += [
            "[[file]]",
            f'name = "{e.name}"',
            f'about = "{e.about}"',
            f'unit = "{e.unit}"',
            f"used = {'true' if e.used else 'false'}",
            f"counted = {e.counted}",
            "findings = [" + ", ".join(f'"{f}"' for f in sorted(e.findings)) + "]",
            "",
        ]
    (OUT / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
