"""Lens: a media-literacy quiz app. This module holds the application factory only."""

from __future__ import annotations

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import sqlalchemy
from flask import Flask
from flask_migrate import Migrate

from quiz import database

ROOT = Path(__file__).resolve().parent.parent
migrate = Migrate()


class ConfigurationError(click.ClickException):
    """A setting the app cannot start with; the message says which and what to do. Being a ClickException,
    `flask` commands print it as one line instead of a stack trace."""


def create_app(test_config: dict | None = None, *, production: bool = False) -> Flask:
    """Create and configure the app; test_config replaces the instance config.

    In production (the gunicorn entry point, quiz.wsgi) the secret key must come from the environment, so that
    every app server signs cookies with the same key.
    """
    app = Flask(__name__, instance_relative_config=True, template_folder=str(ROOT / "templates"))
    _configure(app, test_config, production)
    _connect_the_database(app)
    _register(app)
    return app


def _configure(app: Flask, test_config: dict | None, production: bool) -> None:
    """Defaults, then the instance config or test_config, then FLASK_* settings from the environment."""
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'lens.sqlite'}",
        EXERCISES_DIR=str(ROOT / "exercises"),
        SEEDS_DIR=str(ROOT / "seeds"),
        # A quiz page left open for a whole lesson must still submit.
        WTF_CSRF_TIME_LIMIT=None,
        # An anonymous learner's progress is found again through this cookie.
        PERMANENT_SESSION_LIFETIME=timedelta(days=365),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The largest source (bank/uploads.py: 1 MiB) and room for the form around it, so that a teacher sending a
        # slightly larger one reads the upload's own message, which names the limit, not the page for too much.
        MAX_CONTENT_LENGTH=1024 * 1024 + 64 * 1024,
        # How many proxies (a load balancer, nginx) stand in front of the app: their headers give the client's
        # address for throttling and tell whether the page came over HTTPS. 0 trusts no such header.
        PROXY_HOPS=0,
        # The addresses (or networks) those proxies connect from: a forwarded header from any other peer is ignored,
        # or a client reaching the app directly could claim any address. Unset: this machine only (nginx beside it).
        TRUSTED_PROXIES=None,
        # How often the app looks for changed exercise files and sources; they are loaded again when changed.
        BANK_CHECK_SECONDS=2,
        # The time zone teachers read times in on their pages (this computer's own); exports always give UTC.
        DISPLAY_TIMEZONE=server_time_zone(),
        # Bring the database's tables up to date at start-up; set to false to run `flask db upgrade` yourself.
        MIGRATE_ON_START=True,
        # The address students type to reach Lens, like https://lens.example-school.org/ behind a proxy. Unset: the
        # address the teacher's browser used, or this computer's address on the network (quiz/web/public_address.py).
        PUBLIC_URL=None,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    _settle(app, production)


def _settle(app: Flask, production: bool) -> None:
    """Check the settings that can be wrong, and fill in those that follow from the instance folder."""
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Replaced exercise files are kept here, and uploads wait here for a teacher's confirmation.
    app.config.setdefault("EXERCISE_HISTORY_DIR", str(Path(app.instance_path) / "exercise-history"))
    app.config.setdefault("PENDING_UPLOADS_DIR", str(Path(app.instance_path) / "pending-uploads"))
    _check_time_zone(app.config["DISPLAY_TIMEZONE"])
    app.config["TRUSTED_PROXIES"] = _trusted_networks(app.config["TRUSTED_PROXIES"])
    _check_public_url(app.config["PUBLIC_URL"])
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigurationError(
                "FLASK_SECRET_KEY is not set. Every app server needs the same secret key: generate one with "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'` and set it in the environment."
            )
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _connect_the_database(app: Flask) -> None:
    from quiz.models import db, tune_sqlite

    db.init_app(app)
    migrate.init_app(app, db, directory=str(database.MIGRATIONS))
    with app.app_context():
        tune_sqlite(db.engine)
    if app.config["MIGRATE_ON_START"]:
        _upgrade_database(app)


def _register(app: Flask) -> None:
    """The extensions, commands and blueprints, each registered from its own module."""
    from quiz import cli
    from quiz.web import (
        assignments,
        auth,
        authoring,
        builder,
        dashboard,
        errors,
        extensions,
        guide,
        input_guard,
        join_screen,
        joining,
        live_bank,
        live_dashboard,
        lti,
        ownership,
        privacy,
        roster,
        security,
        student,
        student_data,
        teacher,
        templating,
    )
    from quiz.web.forms import csrf

    app.url_map.converters["id"] = ownership.RowId
    csrf.init_app(app)
    live_bank.init_app(app)
    security.init_app(app)
    input_guard.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    auth.init_app(app)
    blueprints = (
        student,
        joining,
        teacher,
        dashboard,
        live_dashboard,
        assignments,
        extensions,
        join_screen,
        authoring,
        builder,
        guide,
        privacy,
        student_data,
        roster,
        lti,
    )
    for module in blueprints:
        app.register_blueprint(module.bp)


LOOPBACK = ("127.0.0.0/8", "::1")


def _trusted_networks(given: str | list | tuple | None) -> tuple:
    """The proxies' networks from a comma-separated string (an environment variable) or a list."""
    names = given.split(",") if isinstance(given, str) else list(given or ())
    names = [str(name).strip() for name in names if str(name).strip()] or list(LOOPBACK)
    try:
        return tuple(ipaddress.ip_network(name, strict=False) for name in names)
    except ValueError as error:
        raise ConfigurationError(
            f"FLASK_TRUSTED_PROXIES: {error}. Give the addresses your proxies connect from, separated by commas, "
            "as addresses or networks: 127.0.0.1,10.0.0.0/8."
        ) from None


def _check_public_url(configured: str | None) -> None:
    from quiz.web.public_address import setting_problem

    problem = setting_problem(configured)
    if problem:
        raise ConfigurationError(problem)


def _database_url(given: str) -> str:
    url = database.url_from_environment(given)
    try:
        backend = sqlalchemy.make_url(url).get_backend_name()
    except sqlalchemy.exc.ArgumentError:
        backend = None
    if backend not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"The database address {given!r} is not one Lens can use. Give a SQLite or PostgreSQL address, "
            "like sqlite:////srv/lens/lens.sqlite or postgresql://user:password@host/lens."
        )
    return url


def _upgrade_database(app: Flask) -> None:
    try:
        database.upgrade(app)
    except sqlalchemy.exc.OperationalError as error:
        address = sqlalchemy.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)
        raise ConfigurationError(
            f"Cannot open the database {address}: {str(error.orig).strip()}. "
            "Check DATABASE_URL (or FLASK_SQLALCHEMY_DATABASE_URI) and that the database server is running."
        ) from None


def server_time_zone(environ=os.environ, localtime: Path = Path("/etc/localtime")) -> str:
    """This computer's time zone: the TZ setting, else the zone /etc/localtime links to, else UTC."""
    linked = os.readlink(localtime) if localtime.is_symlink() else ""
    # The link points into the zone files, as /usr/share/zoneinfo/Europe/Paris: the name is what follows.
    _, found, linked_name = linked.rpartition("zoneinfo/")
    for name in (environ.get("TZ", "").removeprefix(":"), linked_name if found else ""):
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return "UTC" if name == "Etc/UTC" else name
    return "UTC"


def _check_time_zone(name: str) -> None:
    """Refuse to start with a time zone that every teacher page would fail on."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            f"DISPLAY_TIMEZONE {name!r} is not a time zone name like Europe/London or UTC"
        ) from None


def _instance_secret(instance: Path) -> str:
    """A secret kept in the instance folder, so that sessions survive a restart on the default set-up."""
    path = instance / "secret_key"
    try:
        # Exclusive create: two workers starting together cannot write two different keys.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
