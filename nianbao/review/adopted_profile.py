"""A new profile made from a finished report: its template, the base profile's catalogue and roster,
and 采用报告.xlsx, in a folder that did not exist before (an existing profile is never touched).

采用报告.xlsx lives in the new profile's folder: it tells how that profile's template was made, and
travels with it. A .doc or .wps report is first converted to .docx by LibreOffice.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.checks.accepted import Text
from nianbao.core.errors import InputError
from nianbao.core.paths import project_root
from nianbao.draft.lint import lint_template
from nianbao.draft.lint_rules import LintProblem
from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import CATALOGUE_FILE, ROSTER_FILE, TEMPLATE_FILE, Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.adopted_template import TemplateResult, write_template
from nianbao.review.adoption_book import ADOPTION_FILE, write_adoption_book
from nianbao.review.aliases import Key, propose_aliases
from nianbao.review.pdf import convert

CONVERTED = (".doc", ".wps", ".rtf", ".odt")


@dataclass(frozen=True)
class Adopted:
    """The new profile: its folder, how its template was made, 采用报告.xlsx and the template's lint."""

    folder: Path
    template: TemplateResult
    book: Path
    problems: list[LintProblem]
    aliases: dict[Key, str] = field(default_factory=dict)  # proposed, never written (`aliases`)

    @property
    def lint_errors(self) -> int:
        """Return how many lint problems of the new template are errors."""
        return sum(p.level == "错误" for p in self.problems)


def adopt_profile(
    report: Path,
    year: int,
    figures: Mapping[str, Figure],
    texts: Sequence[Text],
    base: Catalogue,
    folder: Path,
) -> Adopted:
    """Make the profile `folder` (which must not exist) from `report`, read against `year`'s figures."""
    check_request(report, folder)
    suffix = report.suffix.lower()
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        raise InputError(
            f"配置文件夹已存在，不会覆盖：{folder}；请用 --profile 换一个新名称"
        ) from None
    try:
        for name in (CATALOGUE_FILE, ROSTER_FILE):
            shutil.copyfile(base.root / name, folder / name)
        with tempfile.TemporaryDirectory(prefix="nianbao-adopt-") as tmp:
            source = convert(report, "docx", Path(tmp)) if suffix in CONVERTED else report
            made = write_template(source, year, figures, texts, base, folder / TEMPLATE_FILE)
        aliases = _proposals(made, year, figures, base)
        book = write_adoption_book(made, base, folder / ADOPTION_FILE, aliases)
        problems = lint_template(made.path, load_catalogue(folder))
    except BaseException:
        shutil.rmtree(
            folder, ignore_errors=True
        )  # made by this call a moment ago: nothing else in it
        raise
    return Adopted(folder, made, book, problems, aliases)


def _proposals(
    made: TemplateResult, year: int, figures: Mapping[str, Figure], cat: Catalogue
) -> dict[Key, str]:
    """Return the aliases proposed for the body's numbers the template still leaves ambiguous."""
    body = made.texts[: len(made.texts) - len(made.places)]
    left = {
        (w.record.paragraph, w.record.start) for w in made.written if w.record.kind == "ambiguous"
    }
    return {k: a for k, a in propose_aliases(body, year, figures, cat).items() if k in left}


def check_request(report: Path, folder: Path) -> None:
    """Raise InputError, before any work, when `report` cannot be read or `folder` exists."""
    if not report.is_file():
        raise InputError(f"找不到报告：{report}")
    if report.suffix.lower() not in (".docx", *CONVERTED):
        raise InputError(f"不支持的报告格式“{report.suffix}”（可用 .docx、.doc、.wps）：{report}")
    if folder.exists():
        raise InputError(f"配置文件夹已存在，不会覆盖：{folder}；请用 --profile 换一个新名称")


def new_folder(name: str) -> Path:
    """Return the folder of new profile `name`: templates_docx/<name>, or `name` itself as a path."""
    return Path(name) if Path(name).parent != Path() else project_root() / "templates_docx" / name


def profile_name(cat: Catalogue, year: int) -> str:
    """Return the default name of a profile adopted from the `year` report: 平桥区2022 (for next year)."""
    name = f"{cat.profile.district}{year + 1}"
    if any(c in name for c in '/\\:*?"<>|'):
        raise InputError(f"区县名称“{cat.profile.district}”不能用作文件夹名，请用 --profile 指定")
    return name
