"""Writing rows safely when requests race, whatever the database: a row inserted once, or inserted or updated."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from quiz.models import db

INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def insert_once(model, **values) -> bool:
    """Insert a row unless one with the same unique key exists; one statement, safe under races."""
    # RETURNING tells whether the row went in; rowcount does not on every driver (psycopg's is -1 here).
    statement = dialect_insert(model).values(**values).on_conflict_do_nothing().returning(db.literal(1))
    return db.session.execute(statement).first() is not None


def dialect_insert(model):
    """An INSERT with ON CONFLICT clauses, in the dialect of the database in use."""
    return INSERTS[db.session.get_bind().dialect.name](model)
