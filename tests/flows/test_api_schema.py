"""The schema note of the temporary API: migrations are skipped only while nothing they depend on changed."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import SecretStr

from flows import api_schema


def _settings(url: str | None) -> Any:
    """Stand-in for Prefect's settings: only the database URL is read."""
    secret = SecretStr(url) if url is not None else None
    return SimpleNamespace(server=SimpleNamespace(database=SimpleNamespace(connection_url=secret)))


def _database(path: Path, revision: str = "aaa111") -> Path:
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num TEXT)")
        con.execute("DELETE FROM alembic_version")
        con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    return path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "sqlite+aiosqlite:////home/office/.prefect/prefect.db",
            "/home/office/.prefect/prefect.db",
        ),
        ("sqlite+aiosqlite:///:memory:", None),
        ("sqlite+aiosqlite:////tmp/prefect.db?mode=memory", None),
        ("postgresql+asyncpg://u:p@127.0.0.1:5432/prefect", None),
        (None, None),
    ],
    ids=["home-file", "in-memory", "with-options", "postgresql", "unset"],
)
def test_only_a_plain_sqlite_file_is_noted(url: str | None, expected: str | None) -> None:
    found = api_schema.database_of(_settings(url))
    assert found == (Path(expected) if expected else None)


def test_a_noted_database_is_known_until_something_changes(tmp_path: Path) -> None:
    """Noted after its migration, the database is known; then each change below makes it unknown."""
    database = _database(tmp_path / "prefect.db")
    assert not api_schema.is_noted(tmp_path, database)  # never noted
    api_schema.note(tmp_path, database)
    assert api_schema.is_noted(tmp_path, database)
    assert not api_schema.is_noted(tmp_path, None)  # not a SQLite file
    assert not api_schema.is_noted(tmp_path, _database(tmp_path / "other.db"))  # another file


@pytest.mark.parametrize(
    "change",
    ["new-revision", "database-deleted", "database-emptied", "other-prefect", "note-damaged"],
)
def test_any_change_since_the_note_means_migrating_again(tmp_path: Path, change: str) -> None:
    database = _database(tmp_path / "prefect.db")
    api_schema.note(tmp_path, database)
    note = tmp_path / api_schema.NOTE
    if change == "new-revision":
        _database(database, "bbb222")
    elif change == "database-deleted":
        database.unlink()
    elif change == "database-emptied":
        database.write_bytes(b"")
    elif change == "other-prefect":
        note.write_text(json.dumps(json.loads(note.read_text("utf-8")) | {"prefect": "3.0.0"}))
    else:
        note.write_text("{", "utf-8")
    assert not api_schema.is_noted(tmp_path, database)


def test_a_database_without_revision_is_not_noted(tmp_path: Path) -> None:
    """A file that is not (yet) a migrated database leaves no note: the next start migrates."""
    empty = tmp_path / "prefect.db"
    with closing(sqlite3.connect(empty)) as con, con:
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    api_schema.note(tmp_path, empty)
    api_schema.note(tmp_path, tmp_path / "missing.db")
    assert not (tmp_path / api_schema.NOTE).exists()
    assert not (tmp_path / "missing.db").exists()  # read only: never created by looking


def test_a_home_that_cannot_be_written_is_left_unnoted(tmp_path: Path) -> None:
    database = _database(tmp_path / "prefect.db")
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    api_schema.note(home, database)  # no error: the next start simply checks the migrations
    assert not api_schema.is_noted(home, database)
