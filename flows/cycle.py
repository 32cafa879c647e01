"""The other steps of the year's cycle as flows: fill-in forms, refresh, finalize and template lint."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.runtime import FLOW_OPTIONS, run_namer
from nianbao import pipeline
from nianbao.core.paths import office_path, profile_dir, project_root, run_paths
from nianbao.draft.lint import lint_template
from nianbao.draft.lint_rules import LintProblem
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.finalize import FinalizeResult, finalize_draft
from nianbao.season import digest
from nianbao.season.forms import previous_unit_values, write_forms


@task(cache_policy=NO_CACHE)
def load_named_profile(profile: str) -> Catalogue:
    """Load the catalogue and roster of `profile`."""
    return load_catalogue(profile_dir(profile))


@flow(name="fill-in-forms", flow_run_name=run_namer(digest.FORMS_RUN), **FLOW_OPTIONS)
def forms_flow(year: int, profile: str = "default", out: str | None = None) -> list[str]:
    """Write one fill-in workbook per roster unit for `year`; return their paths."""
    cat = load_named_profile(profile)
    folder = Path(out) if out else project_root() / "outputs" / str(year) / "forms"
    previous = previous_unit_values(project_root() / "inputs" / str(year - 1), cat, year - 1)
    paths = write_forms(cat, year, folder, previous)
    create_markdown_artifact(
        key=f"forms-{year}", markdown=f"已生成{len(paths)}份填报表：`{office_path(folder)}`"
    )
    return [str(p) for p in paths]


@flow(name="refresh-draft", flow_run_name=run_namer(digest.REFRESH_RUN), **FLOW_OPTIONS)
def refresh_flow(draft: str, year: int, inputs: str | None = None, profile: str = "default") -> str:
    """Refresh a reviewed draft with the current inputs into a new file; return its path."""
    paths = run_paths(year, Path(inputs) if inputs else None, profile)
    cat = load_named_profile(profile)
    result = pipeline.refresh_draft(Path(draft), cat, year, paths.inputs)
    create_markdown_artifact(key=f"refresh-{year}", markdown="\n\n".join(result.report()))
    return str(result.path)


@flow(name="finalize-draft", **FLOW_OPTIONS)
def finalize_flow(draft: str, force: bool = False) -> str:
    """Write the publication copy of a reviewed draft; return its path."""
    result: FinalizeResult = finalize_draft(Path(draft), None, force=force)
    return str(result.path)


@task(cache_policy=NO_CACHE)
def check_template(cat: Catalogue, template: str | None) -> list[LintProblem]:
    """Return every problem of the template (the profile's own by default)."""
    return lint_template(Path(template) if template else cat.template_path, cat)


@flow(name="lint-template", **FLOW_OPTIONS)
def lint_flow(template: str | None = None, profile: str = "default") -> int:
    """Check a Word template and publish its problems; return the number of errors."""
    cat = load_named_profile(profile)
    problems = check_template(cat, template)
    lines = [f"- {p}" for p in problems] or ["模板未发现问题"]
    create_markdown_artifact(key="template-lint", markdown="\n".join(lines))
    return sum(p.level == "错误" for p in problems)
