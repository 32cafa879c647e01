"""The schema the temporary Prefect API last left its SQLite database at, noted so that it need not check it again.

At each start Prefect's server makes sure its database is migrated to the newest schema: alembic
reads all of Prefect's ~120 revision scripts to learn which is newest, 0.1 s of every draft though
the answer changes only with Prefect itself. The API notes in PREFECT_HOME what it left: Prefect's
version, the database file and that file's revision. While all three still hold (read from the
database itself, not trusted from the note), the next start skips the check; a new Prefect, a
deleted or replaced database, or any other database (PostgreSQL) is migrated as Prefect always does.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from nianbao.core.errors import NianbaoError
from nianbao.core.storage import replace_file

NOTE = "nianbao-api-schema.json"
SQLITE = "sqlite+aiosqlite:///"


def database_of(settings: Any) -> Path | None:
    """Return the SQLite file of Prefect's `settings`; None for any other database (or in memory)."""
    secret = settings.server.database.connection_url
    url = secret.get_secret_value() if secret is not None else ""
    if not url.startswith(SQLITE) or "?" in url or ":memory:" in url:
        return None
    return Path(url.removeprefix(SQLITE))


def is_noted(home: Path, database: Path | None) -> bool:
    """Return whether `database` is still at the schema noted in `home` by this Prefect."""
    if database is None:
        return False
    try:
        noted = json.loads((home / NOTE).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(noted == _schema(database))


def note(home: Path, database: Path | None) -> None:
    """Note the schema `database` is at now (after Prefect migrated it) in `home`."""
    schema = _schema(database) if database is not None else None
    if schema is None:
        return
    text = json.dumps(schema, ensure_ascii=False)
    with suppress(OSError, NianbaoError):  # not noted: the next start checks the migrations
        replace_file(home / NOTE, lambda path: Path(path).write_text(text, "utf-8"))


def _schema(database: Path) -> dict[str, Any] | None:
    """Return Prefect's version, `database` and its revisions; None where it has none (or no file)."""
    from prefect import __version__

    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as con:
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except (sqlite3.Error, ValueError):
        return None
    if not rows:
        return None
    return {
        "prefect": __version__,
        "database": str(database),
        "revisions": sorted(row[0] for row in rows),
    }
