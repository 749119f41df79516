"""The address students are sent to: the setting, else the teacher's own address unless it is a loopback one, else
this computer's address on the network; and whether Lens listens on this computer only."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from helpers import ROOT
from quiz.web import public_address
from quiz.web.public_address import (
    FROM_BROWSER,
    FROM_NETWORK,
    FROM_SETTING,
    LISTENING_HERE_ONLY,
    NOT_ON_A_NETWORK,
    THIS_COMPUTER_ONLY,
    StudentAddress,
    is_loopback,
    reach_problem,
    refuses,
    setting_problem,
    start_command,
    student_address,
)

# Linux routes all of 127.0.0.0/8 to this computer: a server bound to 127.0.0.1 refuses connections to 127.0.0.2, as it
# refuses them on the network address, while one bound to 127.0.0.2 (or to 0.0.0.0) accepts them there.
ANOTHER_ADDRESS_OF_THIS_COMPUTER = "127.0.0.2"


@contextmanager
def listening(host: str) -> Iterator[int]:
    """A tiny server listening on host, on a free port, which it gives."""
    with socket.socket() as server:
        server.bind((host, 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def on_a_network(monkeypatch):
    """This computer's network address, as the UDP socket would find it."""
    monkeypatch.setattr(public_address, "network_address", lambda: "192.168.1.20")


def test_the_setting_wins_over_every_other_address(on_a_network):
    found = student_address("https://lens.example-school.org", "http://127.0.0.1:5000/")
    assert found == StudentAddress("https://lens.example-school.org/", FROM_SETTING)
    assert student_address("https://lens.example-school.org/", "http://10.0.0.5:5000/").base == (
        "https://lens.example-school.org/"
    )


@pytest.mark.parametrize(
    "used", ["http://192.168.1.31:5000/", "https://lens.example-school.org/", "http://teacher-pc.local:5101/lens/"]
)
def test_an_address_the_teachers_browser_reached_over_the_network_is_used_as_it_is(on_a_network, used):
    assert student_address(None, used) == StudentAddress(used, FROM_BROWSER)


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        ("http://127.0.0.1:5101/", "http://192.168.1.20:5101/"),
        ("http://localhost:5000/", "http://192.168.1.20:5000/"),
        ("http://[::1]:5000/", "http://192.168.1.20:5000/"),
        ("http://0.0.0.0:8000/lens/", "http://192.168.1.20:8000/lens/"),
        ("https://localhost/", "https://192.168.1.20/"),
    ],
)
def test_a_loopback_address_becomes_this_computers_address_on_the_network(on_a_network, used, expected):
    assert student_address(None, used) == StudentAddress(expected, FROM_NETWORK)


def test_a_computer_on_no_network_keeps_its_own_address_and_the_screen_says_so(monkeypatch):
    def no_route(self, address):
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", no_route)
    assert public_address.network_address() is None
    found = student_address(None, "http://127.0.0.1:5000/")
    assert found == StudentAddress("http://127.0.0.1:5000/", THIS_COMPUTER_ONLY)
    assert reach_problem(found) == NOT_ON_A_NETWORK


def test_the_network_address_is_this_computers_own_and_no_loopback_one():
    found = public_address.network_address()
    if found is None:
        pytest.skip("this computer is on no network")
    address = ipaddress.ip_address(found)
    assert address.version == 4 and not address.is_loopback
    with listening(found) as port:
        assert not refuses(found, port)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("lens.localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", True),
        ("", True),
        (None, True),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("fe80::1", False),
        ("lens.example-school.org", False),
        ("localhost-pc", False),
    ],
)
def test_loopback_names_and_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_a_server_bound_to_127_0_0_1_refuses_other_addresses_of_this_computer():
    with listening("127.0.0.1") as port:
        assert not refuses("127.0.0.1", port)
        assert refuses(ANOTHER_ADDRESS_OF_THIS_COMPUTER, port)
        address = StudentAddress(f"http://{ANOTHER_ADDRESS_OF_THIS_COMPUTER}:{port}/", FROM_NETWORK)
        assert reach_problem(address) == LISTENING_HERE_ONLY


def test_a_server_listening_on_the_network_address_is_no_problem():
    with listening(ANOTHER_ADDRESS_OF_THIS_COMPUTER) as port:
        assert not refuses(ANOTHER_ADDRESS_OF_THIS_COMPUTER, port)
        address = StudentAddress(f"http://{ANOTHER_ADDRESS_OF_THIS_COMPUTER}:{port}/", FROM_NETWORK)
        assert reach_problem(address) is None


def test_addresses_given_or_used_by_the_teacher_are_not_probed():
    with listening("127.0.0.1") as port:
        for source in (FROM_SETTING, FROM_BROWSER):
            assert reach_problem(StudentAddress(f"http://127.0.0.2:{port}/", source)) is None


def test_the_command_is_the_readmes_with_the_port_in_use():
    assert start_command(StudentAddress("http://192.168.1.20:5000/", FROM_NETWORK)) == (
        ".venv/bin/flask --app quiz run --host 0.0.0.0"
    )
    assert start_command(StudentAddress("http://192.168.1.20:5101/", FROM_NETWORK)) == (
        ".venv/bin/flask --app quiz run --host 0.0.0.0 --port 5101"
    )
    assert "`.venv/bin/flask --app quiz run --host 0.0.0.0`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_under_waitress_the_command_is_the_readmes_production_one_on_all_addresses():
    command = start_command(StudentAddress("http://192.168.1.20:8000/", FROM_NETWORK), "waitress")
    assert command.startswith(".venv/bin/waitress-serve --listen=0.0.0.0:8000 ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert command in readme


NOT_WHOLE_ADDRESSES = ["lens.example-school.org", "ftp://lens.example-school.org/", "http://", "http://x:99999/"]


@pytest.mark.parametrize("given", NOT_WHOLE_ADDRESSES)
def test_a_public_url_that_is_not_a_whole_address_is_refused(given):
    assert setting_problem(given) == (
        f"FLASK_PUBLIC_URL {given!r} is not a whole web address. Give the address students type to reach Lens, "
        "like https://lens.example-school.org/ or http://192.168.1.20:5000/."
    )


@pytest.mark.parametrize("given", [None, "", "https://lens.example-school.org", "http://192.168.1.20:5000/lens/"])
def test_whole_public_urls_are_accepted(given):
    assert setting_problem(given) is None
