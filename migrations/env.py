"""Alembic's environment for Lens: the app's database and models, run through Flask-Migrate."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
# Keep the app's own loggers working when migrations run inside the app at start-up; and where logging is set up
# already (a test run capturing logs, a server's own set-up), leave it alone: fileConfig replaces the root's handlers.
if not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

database = current_app.extensions["migrate"].db


def run_migrations_offline():
    """Write the SQL to standard output (`flask db upgrade --sql`) for a database administrator to run."""
    context.configure(url=database.engine.url, target_metadata=database.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # Flask-Migrate's arguments include batch mode: SQLite cannot alter most of a table, so batch mode copies it.
    with database.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=database.metadata,
            **current_app.extensions["migrate"].configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
