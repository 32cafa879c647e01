"""The command's entry point: which command lines start a draft's Prefect API before the rest."""

from __future__ import annotations

import pytest

from nianbao.entry import drafts


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["draft", "--year", "2022"], True),
        (["draft"], True),  # the command line then says what is missing; the API is stopped at exit
        (["draft", "--year", "2022", "--help"], False),
        (["draft", "--help"], False),
        (["refresh", "草稿.docx", "--year", "2022"], False),
        (["status", "--year", "2022"], False),
        (["server", "start"], False),
        (["--help"], False),
        ([], False),
        (["forms", "--year", "draft"], False),
    ],
)
def test_only_a_draft_starts_its_api_first(args: list[str], expected: bool) -> None:
    assert drafts(args) is expected
