"""The `nianbao` command's entry point: a draft's Prefect API starts before the command line is imported."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main() -> None:
    """Run the command line; for a draft, first start the Prefect API it will record its run on."""
    if drafts(sys.argv[1:]):
        from flows.embedded import start_early

        start_early()
    from nianbao.cli import main as run

    run()


def drafts(args: Sequence[str]) -> bool:
    """Return whether the command-line arguments `args` ask for a draft (not for its help)."""
    return list(args[:1]) == ["draft"] and "--help" not in args
