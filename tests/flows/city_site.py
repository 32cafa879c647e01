"""The city server of the server test: started on the sample share as `nianbao city-server start` does."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from flows.pool import register
from nianbao.profile.loading import load_catalogue
from nianbao.season.cityserver import Site, free_port, open_site, start_site, stop_site
from nianbao.season.hosting import hosting

from ..conftest import INPUTS, PROFILE, ROOT
from ..nianbao.rollup.districts import sample_content, sample_share

TUNING = {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "5"}


@dataclass
class City:
    """The running city server, the project its worker drafts in, and the client's own home."""

    site: Site
    root: Path
    project: Path
    client_home: Path
    started_s: float

    def settings(self, auth: str | None = "site") -> dict[Any, Any]:
        """Return the Prefect settings of a client on this machine (`auth` None: no auth string)."""
        from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, PREFECT_HOME

        chosen = self.site.auth if auth == "site" else auth
        found: dict[Any, Any] = {PREFECT_API_URL: self.site.where.local_api_url}
        return found | {PREFECT_HOME: self.client_home, PREFECT_API_AUTH_STRING: chosen}

    def family(self) -> list[psutil.Process]:
        """Return every running process of the site: its daemons and all their descendants."""
        found = []
        for daemon in self.site.daemons.values():
            if proc := daemon.process():
                found += [proc, *proc.children(recursive=True)]
        return found


def listening(port: int) -> bool:
    """Return whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running_city(root: Path) -> Iterator[City]:
    """Start the city server in `root`, its packages the sample share; stop it at the end."""
    project = root / "project"
    shutil.copytree(ROOT / "templates_docx" / "city", project / "templates_docx" / "city")
    share = sample_share(root / "share", sample_content(INPUTS / "2022", load_catalogue(PROFILE)))
    site = open_site(root / "site", hosting("127.0.0.1", free_port()), share.url)
    t0 = time.perf_counter()
    start_site(site, project, register, TUNING)
    started_s = time.perf_counter() - t0
    print(f"\n[city server test] database, server and worker up in {started_s:.1f}s")
    try:
        yield City(site, root, project, root / "client-home", started_s)
    finally:
        stop_site(site)  # a no-op when the last test has stopped it
