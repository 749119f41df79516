"""Starting the app: the database and the secret key it is given, and one clear line when a setting is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT
from quiz.database import url_from_environment


def start(command: list[str], tmp_path, **settings) -> subprocess.CompletedProcess:
    """Run a command as an administrator would, with only these settings in the environment."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    environment.pop("DATABASE_URL", None)
    if "DATABASE_URL" not in settings:
        environment["FLASK_SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'lens.sqlite'}"
    return subprocess.run(command, cwd=ROOT, env=environment | settings, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://lens:pw@db/lens", "postgresql+psycopg://lens:pw@db/lens"),
        ("postgresql://lens@db:5433/lens", "postgresql+psycopg://lens@db:5433/lens"),
        ("postgresql+psycopg://lens@db/lens", "postgresql+psycopg://lens@db/lens"),
        ("sqlite:////srv/lens.sqlite", "sqlite:////srv/lens.sqlite"),
    ],
)
def test_a_database_url_as_hosting_platforms_write_it_is_used_with_psycopg_3(given, used):
    assert url_from_environment(given) == used


def test_in_production_the_app_refuses_to_start_without_a_secret_key(tmp_path):
    load = [sys.executable, "-c", "import quiz.wsgi"]

    refused = start(load, tmp_path)
    started = start(load, tmp_path, FLASK_SECRET_KEY="x" * 48)

    assert refused.returncode == 1
    assert "Lens cannot start: FLASK_SECRET_KEY is not set." in refused.stderr
    assert "Traceback" not in refused.stderr
    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/lens"}, "Cannot open the database postgresql+psycopg://"),
        ({"DATABASE_URL": "mysql://lens@db/lens"}, "'mysql://lens@db/lens' is not one Lens can use"),
        ({"DATABASE_URL": "lens.sqlite"}, "'lens.sqlite' is not one Lens can use"),
        ({"FLASK_DISPLAY_TIMEZONE": "Mars/Olympus"}, "'Mars/Olympus' is not a time zone name"),
    ],
)
def test_a_setting_the_app_cannot_start_with_is_named_in_one_line(tmp_path, setting, message):
    result = start([sys.executable, "-m", "flask", "--app", "quiz", "routes"], tmp_path, **setting)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
