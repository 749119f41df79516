"""The database each test runs on: a SQLite file by default, or PostgreSQL when LENS_TEST_DATABASE_URL names a server.

Either way the tables come from the migrations, run once per test run: SQLite tests copy a migrated file, and on
PostgreSQL the run gets a database of its own, emptied after every test and dropped at the end.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from quiz.database import url_from_environment

# A PostgreSQL server to run the suite against, such as postgresql://postgres@127.0.0.1:5432/test. Its database
# is only used to create (and at the end drop) the run's own databases.
SERVER_URL = os.environ.get("LENS_TEST_DATABASE_URL", "")
ON_POSTGRESQL = bool(SERVER_URL)


def database_config(tmp_path: Path) -> dict:
    """The config keys that put an app on this test's database, with its tables already made."""
    if ON_POSTGRESQL:
        return {"SQLALCHEMY_DATABASE_URI": run_database()}
    path = tmp_path / "test.sqlite"
    if not path.exists():
        shutil.copyfile(_migrated_sqlite_file(), path)
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}


@cache
def run_database() -> str:
    """This run's PostgreSQL database, migrated to the newest schema."""
    url = fresh_postgresql_database("lens_test")
    _migrate(url)
    return url


def fresh_postgresql_database(prefix: str) -> str:
    """An empty database on the test server, dropped when the test run ends."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    server = sa.make_url(url_from_environment(SERVER_URL))
    _run_outside_transaction(server, f'CREATE DATABASE "{name}"')
    atexit.register(_run_outside_transaction, server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return server.set(database=name).render_as_string(hide_password=False)


def empty_run_database() -> None:
    """Close the connections of the test's apps and delete every row the test left, keeping the tables."""
    from quiz.models import db

    # Apps that tests make are not all disposed of; their pools would hold connections until garbage collection.
    for engines in list(db._app_engines.values()):
        for engine in engines.values():
            engine.dispose()
    engine = _cleaner()
    with engine.begin() as connection:
        # DELETE, not TRUNCATE: on a few rows it is ten times faster.
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@cache
def _cleaner() -> sa.Engine:
    return sa.create_engine(run_database(), pool_size=1)


def _run_outside_transaction(server: sa.URL, statement: str) -> None:
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@cache
def _migrated_sqlite_file() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lens-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "migrated.sqlite"
    _migrate(f"sqlite:///{path}")
    return path


def _migrate(url: str) -> None:
    from helpers import FIXTURE_EXERCISES, SEEDS
    from quiz import create_app
    from quiz.models import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "migrations",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
            "EXERCISES_DIR": str(FIXTURE_EXERCISES),
            "SEEDS_DIR": str(SEEDS),
        }
    )
    with app.app_context():
        db.engine.dispose()
