"""The address students type to reach Lens: one their own devices can reach, never the teacher's loopback address."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask import current_app, request, url_for

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# Connecting a UDP socket sends nothing: it only picks the way out, and so this computer's address on the network.
# Any address outside this computer will do; a private one never leaves the school's network anyway.
SOMEWHERE_ON_THE_NETWORK = ("10.255.255.255", 1)
# Asking this computer about itself answers at once; a short wait keeps a firewalled port from holding up the page.
PROBE_SECONDS = 0.2
DEFAULT_PORTS = {"http": 80, "https": 443}
FLASKS_PORT = 5000
START_COMMAND = ".venv/bin/flask --app quiz run --host 0.0.0.0"
# README's production command, for a Lens served by waitress (which names itself in SERVER_SOFTWARE).
PRODUCTION_COMMAND = (
    ".venv/bin/waitress-serve --listen=0.0.0.0:{port} --threads=8 --connection-limit=500 "
    "--no-clear-untrusted-proxy-headers quiz.wsgi:app"
)

# Where the address came from, and so what can be wrong with it.
FROM_SETTING = "setting"  # FLASK_PUBLIC_URL: trusted as given (a proxy, a school's domain name)
FROM_BROWSER = "browser"  # the teacher's browser reached Lens there, so the network can
FROM_NETWORK = "network"  # this computer's address on the network, found by Lens
THIS_COMPUTER_ONLY = "loopback"  # no network address found: only this computer can reach it

# What the join screen warns about.
LISTENING_HERE_ONLY = "listening here only"
NOT_ON_A_NETWORK = "not on a network"


@dataclass(frozen=True)
class StudentAddress:
    """Lens's home as students reach it (ending in "/"), and where that address came from."""

    base: str
    source: str

    @property
    def port(self) -> int:
        parts = urlsplit(self.base)
        return parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def is_loopback(host: str | None) -> bool:
    """Whether the host name or address means this computer only (no host at all counts as this computer)."""
    name = (host or "").lower().rstrip(".").strip("[]")
    if not name or name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def network_address() -> str | None:
    """This computer's IPv4 address on its network, or None when it is on none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(SOMEWHERE_ON_THE_NETWORK)
            found = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback(found) else found


def student_address(configured: str | None, url_root: str) -> StudentAddress:
    """The setting when given; else the address the teacher's browser used unless it is a loopback one; else the
    same scheme, port and path on this computer's network address."""
    if configured:
        return StudentAddress(configured.rstrip("/") + "/", FROM_SETTING)
    parts = urlsplit(url_root)
    if not is_loopback(parts.hostname):
        return StudentAddress(url_root, FROM_BROWSER)
    found = network_address()
    if found is None:
        return StudentAddress(url_root, THIS_COMPUTER_ONLY)
    host = found if parts.port is None else f"{found}:{parts.port}"
    return StudentAddress(urlunsplit((parts.scheme, host, parts.path, "", "")), FROM_NETWORK)


def refuses(host: str, port: int, seconds: float = PROBE_SECONDS) -> bool:
    """Whether this computer refuses a connection to host:port: Lens listens on 127.0.0.1 only. A timeout proves
    nothing (a firewall, a slow network), so it is no refusal."""
    try:
        socket.create_connection((host, port), timeout=seconds).close()
    except ConnectionRefusedError:
        return True
    except OSError:
        return False
    return False


def reach_problem(address: StudentAddress) -> str | None:
    """Why students' devices cannot reach the address, or None when they can, as far as this computer can tell."""
    if address.source == THIS_COMPUTER_ONLY:
        return NOT_ON_A_NETWORK
    if address.source == FROM_NETWORK and refuses(urlsplit(address.base).hostname, address.port):
        return LISTENING_HERE_ONLY
    return None


def start_command(address: StudentAddress, server: str = "") -> str:
    """The README's command that makes Lens listen on the network, on the port it uses now: the production one
    when the server answering is waitress, else the quick start's."""
    if server.startswith("waitress"):
        return PRODUCTION_COMMAND.format(port=address.port)
    return START_COMMAND if address.port == FLASKS_PORT else f"{START_COMMAND} --port {address.port}"


def for_students() -> StudentAddress:
    """The address students reach for the request being answered."""
    return student_address(current_app.config["PUBLIC_URL"], request.url_root)


def join_link(address: StudentAddress | None = None, code: str | None = None) -> str:
    """The join page at the address students reach, with the class code filled in when given."""
    address = address or for_students()
    path = url_for("joining.join", code=code) if code else url_for("joining.join")
    return address.base + path.removeprefix(request.script_root).lstrip("/")


def setting_problem(configured: str | None) -> str | None:
    """What is wrong with a FLASK_PUBLIC_URL, or None: it must be a whole http or https address."""
    if not configured or _whole_address(configured):
        return None
    return (
        f"FLASK_PUBLIC_URL {configured!r} is not a whole web address. Give the address students type to reach Lens, "
        "like https://lens.example-school.org/ or http://192.168.1.20:5000/."
    )


def _whole_address(text: str) -> bool:
    parts = urlsplit(text)
    try:
        port_is_a_number = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return parts.scheme in DEFAULT_PORTS and bool(parts.hostname) and port_is_a_number and not parts.query
