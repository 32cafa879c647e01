"""The temporary API's process: it exits by itself when asked, and migrates its database whenever needed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from flows import api_schema
from flows.embedded import EmbeddedApi

pytestmark = pytest.mark.slow


def _started(home: Path, monkeypatch: pytest.MonkeyPatch) -> EmbeddedApi:
    monkeypatch.setenv("PREFECT_HOME", str(home))
    api = EmbeddedApi()
    api.wait()
    return api


def test_an_api_stopped_while_a_client_keeps_its_connection_exits_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idle kept-alive connection is closed by the API's shutdown, not waited for (killed, the
    process would end with -9 after STOP_SECONDS)."""
    api = _started(tmp_path / "ph", monkeypatch)
    with httpx.Client() as client:
        assert client.get(f"{api.url}/health").json() is True
        api.stop()
    assert api.process.returncode == 0


def test_a_database_changed_since_the_note_is_migrated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start migrates and notes the schema; a later one on the noted database serves as
    well; a deleted database is made again in full (its runs can be written) and noted anew."""
    home = tmp_path / "ph"
    database = home / "prefect.db"
    for deleted in (False, False, True):
        if deleted:
            database.unlink()
        api = _started(home, monkeypatch)
        try:
            with httpx.Client() as client:
                answer = client.post(f"{api.url}/flows/", json={"name": "nianbao-check"})
            assert answer.status_code in (200, 201), answer.text
        finally:
            api.stop()
        assert api.process.returncode == 0
        assert api_schema.is_noted(home, database)
    with closing(sqlite3.connect(database)) as con:
        assert con.execute("SELECT name FROM flow").fetchall() == [("nianbao-check",)]
