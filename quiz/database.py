"""Which database the app uses, and bringing its tables up to date through the migrations in migrations/."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from quiz.models import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# The first migration holds the schema that releases before migrations made with create_all.
FIRST_REVISION = "0001"
# Any fixed number: PostgreSQL's lock that lets one app server at a time run the migrations.
MIGRATION_LOCK = 7_254_310
# Defaults for SQLAlchemy's engine, under any SQLALCHEMY_ENGINE_OPTIONS the configuration gives.
ENGINE_OPTIONS = {
    # Test each pooled connection before use: after the database server restarts, a dead one is replaced
    # instead of failing the first request that draws it.
    "pool_pre_ping": True,
    # Error messages and logs name a failed statement without its values (learner tokens, codes, names).
    "hide_parameters": True,
}


def url_from_environment(url: str) -> str:
    """DATABASE_URL as hosting platforms give it (postgres://…), for SQLAlchemy with psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def engine_options(given: dict) -> dict:
    """The engine options Lens runs with: its defaults, overridden by those the configuration gives."""
    return ENGINE_OPTIONS | given


def unreachable(error: BaseException) -> bool:
    """Whether error means the database cannot be reached (down, restarting, refusing connections), which calls for
    "try again in a minute", rather than a statement it refused, which is a bug of ours."""
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, sa.exc.OperationalError):
        return False
    # psycopg: no SQLSTATE when no server answered; class 08 is a lost connection, 57P a server shutting down.
    state = getattr(error.orig, "sqlstate", "")
    if state is None or str(state).startswith(("08", "57P")):
        return True
    # SQLite: the file cannot be opened (its folder is gone, unmounted or unreadable).
    return getattr(error.orig, "sqlite_errorname", None) == "SQLITE_CANTOPEN"


def upgrade(app: Flask) -> None:
    """Run the migrations the database has not had yet; safe when several app servers start at once."""
    with app.app_context():
        if _is_up_to_date():
            return
        with _one_at_a_time(app):
            if _made_before_migrations():
                flask_migrate.stamp(directory=str(MIGRATIONS), revision=FIRST_REVISION)
            flask_migrate.upgrade(directory=str(MIGRATIONS))


def _is_up_to_date() -> bool:
    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def _made_before_migrations() -> bool:
    tables = set(sa.inspect(db.engine).get_table_names())
    return "learner" in tables and "alembic_version" not in tables


@contextmanager
def _one_at_a_time(app: Flask):
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
    else:
        # SQLite serves one machine, so a lock file beside the instance folder's files is enough.
        with open(Path(app.instance_path) / "migrations.lock", "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            yield
