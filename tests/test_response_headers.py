"""Caching and transport headers: exports and pages are never stored by a cache, static files may be, and HSTS is
sent over HTTPS only."""

from __future__ import annotations

import pytest

from helpers import LEOPARD_IDIOM, Student

HSTS = "max-age=31536000"


@pytest.mark.parametrize("download", ["responses.csv", "gradebook.csv", "workbook.xlsx"])
def test_every_export_forbids_caching(app, teacher, download):
    """An export of a class's marks must not stay in a browser's or a proxy's cache on a shared school computer."""
    class_id, code = teacher.create_class("7B")
    student = Student(app.test_client())
    student.join(code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    with teacher.client.get(f"/teacher/classes/{class_id}/export/{download}") as response:
        assert response.status_code == 200 and response.get_data()
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/", "/sets/demo", "/no-such-page"])
def test_pages_forbid_caching(client, url):
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(client):
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_is_sent_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_hsts_is_never_sent_over_plain_http(client):
    """A browser must not learn "HTTPS only" from a page that did not come over HTTPS (RFC 6797)."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
