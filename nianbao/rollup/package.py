"""A district's package: its checked figures, units' texts and findings, written whole as a new revision.

Layout at the location: `<year>/<district>/<revision>/` holding figures.json, texts.json,
findings.json and manifest.json (sha256 of each, written last). The package's own hash is the
sha256 of its manifest. A revision is never rewritten: publishing again makes the next one.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from nianbao.checks.accepted import Intake
from nianbao.core.clock import office_now
from nianbao.core.findings import Finding, count_errors
from nianbao.core.storage import safe_name
from nianbao.core.version import VERSION
from nianbao.draft.context import view_figure
from nianbao.draft.gaps import incomplete_figures
from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import CATALOGUE_FILE, ROSTER_FILE, Catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.records import (
    FIGURES_FILE,
    FINDINGS_FILE,
    MANIFEST_FILE,
    PACKAGE_FORMAT,
    TEXTS_FILE,
    FigureRecord,
    FiguresFile,
    FindingsFile,
    Manifest,
    SourceRecord,
    TextRecord,
    TextsFile,
    dump,
)
from nianbao.season.manifest import file_sha256


@dataclass(frozen=True)
class Content:
    """What a district publishes, before it has a revision."""

    year: int
    district: str
    issuer: str
    profile: str
    catalogue_sha256: str
    roster_sha256: str
    figures: FiguresFile
    texts: TextsFile
    findings: FindingsFile


@dataclass(frozen=True)
class Published:
    """A package as written or read: where it is, its revision, manifest hash and content."""

    ref: str  # <year>/<district folder>/<revision>, relative to the location
    revision: int
    sha256: str
    manifest: Manifest
    figures: FiguresFile
    texts: TextsFile
    findings: FindingsFile

    @property
    def district(self) -> str:
        """Return the district's name as its manifest gives it."""
        return self.manifest.district


def district_folder(district: str) -> str:
    """Return the folder name of a district at the location (its name, usable as a file name)."""
    return safe_name(district)


def package_content(
    cat: Catalogue,
    intake: Intake,
    figures: Mapping[str, Figure],
    findings: Sequence[Finding],
) -> Content:
    """Return the package of a district's checked year: figures as phrased, texts, findings counted."""
    records = {code: _figure_record(fig, cat) for code, fig in figures.items()}
    submitted, missing = intake.roll_call(cat)
    errors = count_errors(findings)
    return Content(
        year=intake.year,
        district=cat.profile.district,
        issuer=cat.profile.issuer,
        profile=cat.root.name,
        catalogue_sha256=file_sha256(cat.root / CATALOGUE_FILE),
        roster_sha256=file_sha256(cat.root / ROSTER_FILE),
        figures=FiguresFile(year=intake.year, district=cat.profile.district, figures=records),
        texts=TextsFile(
            texts=[
                TextRecord(
                    unit_id=t.unit_id,
                    unit=t.unit,
                    part=t.part,
                    category=t.category,
                    text=t.text,
                    file=t.ref.file,
                    sheet=t.ref.sheet,
                    cell=t.ref.cell,
                )
                for t in intake.texts
            ]
        ),
        findings=FindingsFile(
            errors=errors,
            warnings=len(findings) - errors,
            kinds=dict(Counter(f.kind or "other" for f in findings)),
            submitted=submitted,
            missing=missing,
            incomplete=list(incomplete_figures(figures, cat)),
        ),
    )


def _figure_record(fig: Figure, cat: Catalogue) -> FigureRecord:
    ind = cat.indicators[fig.code]
    view = view_figure(fig, ind)
    return FigureRecord(
        code=fig.code,
        name=ind.name,
        kind=ind.kind,
        unit=ind.unit,
        precision=ind.precision,
        approx=fig.approx or ind.approx,
        value=fig.value,
        status=fig.status,
        text=view.phrase.text if view.phrase else "",
        previous=fig.previous,
        note=fig.note,
        missing_units=list(fig.missing_units),
        inputs=list(fig.inputs),
        sources=[
            SourceRecord(s.unit_id, s.unit, s.file, s.sheet, s.cell, s.value) for s in fig.sources
        ],
    )


def revisions(location: Location, year: int, folder: str) -> list[int]:
    """Return the revision numbers present for a district folder, oldest first."""
    return sorted(int(n) for n in location.names(str(year), folder) if n.isdigit())


def publish_content(
    content: Content, location: Location, when: datetime | None = None
) -> Published:
    """Write `content` as the district's next revision (atomically; nothing is overwritten)."""
    folder = district_folder(content.district)
    year = str(content.year)
    first = max(revisions(location, content.year, folder), default=0) + 1
    body = {
        FIGURES_FILE: dump(content.figures),
        TEXTS_FILE: dump(content.texts),
        FINDINGS_FILE: dump(content.findings),
    }
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in body.items()}
    stamp = when or office_now()
    manifests: dict[str, bytes] = {}

    def files_for(name: str) -> dict[str, bytes]:  # the manifest names the revision it is in
        manifests[name] = dump(_manifest(content, int(name), hashes, stamp))
        return {**body, MANIFEST_FILE: manifests[name]}

    names = (str(rev) for rev in itertools.count(first))
    written = location.publish(files_for, names, year, folder)
    manifest = manifests[written]
    return Published(
        ref=f"{year}/{folder}/{written}",
        revision=int(written),
        sha256=hashlib.sha256(manifest).hexdigest(),
        manifest=Manifest.model_validate_json(manifest),
        figures=content.figures,
        texts=content.texts,
        findings=content.findings,
    )


def _manifest(content: Content, revision: int, hashes: dict[str, str], when: datetime) -> Manifest:
    return Manifest(
        format=PACKAGE_FORMAT,
        year=content.year,
        district=content.district,
        issuer=content.issuer,
        revision=revision,
        published=when,
        nianbao=VERSION,
        profile=content.profile,
        catalogue_sha256=content.catalogue_sha256,
        roster_sha256=content.roster_sha256,
        files=hashes,
    )
