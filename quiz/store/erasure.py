"""Deleted means gone from the disk too: after a student or a class is deleted, nothing of them lingers in SQLite's
files. PostgreSQL keeps no such copy that a later write would not reuse, so there it does nothing."""

from __future__ import annotations

import logging

from quiz.models import db

log = logging.getLogger(__name__)


def forget_on_disk() -> None:
    """Call after committing a deletion: on SQLite, write the deletion into the database file and empty the WAL."""
    if db.engine.dialect.name != "sqlite":
        return
    # AUTOCOMMIT: a checkpoint or VACUUM cannot run inside a transaction.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # Builds with secure_delete (Debian's among them) overwrite deleted rows with zeros as they delete them;
        # elsewhere the rows stay in free pages until VACUUM rebuilds the file from the rows that remain.
        if not connection.exec_driver_sql("PRAGMA secure_delete").scalar():
            connection.exec_driver_sql("VACUUM")
        # Until this, the WAL holds the pages as they were before the deletion, deleted text and all.
        busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
    if busy:
        log.warning(
            "After a deletion the WAL could not be emptied, as a reader held it: deleted text may stay in the -wal "
            "file until the next deletion or purge empties it."
        )
