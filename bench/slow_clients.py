"""Slow-client benchmark (issue 14, finding M3): does README's production command keep serving during a slowloris?

Run from the repository root:

    .venv/bin/python bench/slow_clients.py                      # README's command, 6 slow connections
    .venv/bin/python bench/slow_clients.py --slow 50
    .venv/bin/python bench/slow_clients.py --slow 200 --command ".venv/bin/gunicorn --workers 4 quiz.wsgi:app"

It starts the server command (by default the one README's "Running it for a school or a district" gives) on a free
local port, with a SQLite database in a temporary folder and a copy of the shipped exercises, as bench/load.py
does. Then it opens --slow connections that each send `GET / HTTP/1.1` and a Host header, and after that one more
header line every 2 s without ever finishing the request, as a slowloris attack does. Meanwhile it asks for `GET /`
on a fresh connection every 0.5 s for --duration seconds and prints each probe's latency, the slowest, and the
probes that failed (no answer within --probe-timeout seconds, or a status other than 200).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import free_port, fresh_database, machine_load, server_environment  # noqa: E402

# README writes the production command with this address; the benchmark serves on a free local port instead.
README_ADDRESS = "0.0.0.0:8000"
REQUEST_START = b"GET / HTTP/1.1\r\nHost: x\r\n"
HEADER_EVERY_SECONDS = 2.0


def readme_command() -> str:
    """The line of README that starts the production server: the one that serves quiz.wsgi:app."""
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line.startswith(".venv/bin/") and line.endswith("quiz.wsgi:app")]
    if len(commands) != 1:
        sys.exit(f"README should give one command that serves quiz.wsgi:app; found {commands}")
    return commands[0]


def local_command(command: str, port: int) -> list[str]:
    """The command as README gives it, listening on this machine's port instead of every address's 8000."""
    if README_ADDRESS not in command:
        sys.exit(f"the command should listen on {README_ADDRESS}: {command}")
    return shlex.split(command.replace(README_ADDRESS, f"127.0.0.1:{port}"))


@contextmanager
def serving(command: str, env: dict, log: Path) -> Iterator[int]:
    """Start the command and yield its port once it answers `GET /`; stop it after."""
    port = free_port()
    with log.open("ab") as output:
        server = subprocess.Popen(local_command(command, port), cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        wait_until_answering(port, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_answering(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped at start-up; the end of its log:\n{log.read_text()[-3000:]}")
        if probe(port, timeout=5).status == 200:
            return
        time.sleep(0.2)
    sys.exit(f"the server did not answer within a minute; the end of its log:\n{log.read_text()[-3000:]}")


# ------------------------------------------------------------------------------------------------ the attack


class Slowloris:
    """Connections that start a request and trickle its headers, one line every 2 s, never ending it."""

    def __init__(self, port: int, count: int):
        self.port, self.count = port, count
        self.sockets: list[socket.socket] = []
        self.refused = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle)

    def __enter__(self) -> Slowloris:
        for _ in range(self.count):
            self._open_one()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for held in self.sockets:
            held.close()

    def _open_one(self) -> None:
        try:
            held = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            held.sendall(REQUEST_START)
        except OSError:
            self.refused += 1
            return
        self.sockets.append(held)

    def _trickle(self) -> None:
        while not self.stop.wait(HEADER_EVERY_SECONDS):
            for number, held in enumerate(self.sockets):
                try:
                    held.sendall(f"X-a{number}: b\r\n".encode())
                except OSError:
                    pass  # The server closed it: one held connection fewer, which is the server's right.

    @property
    def still_open(self) -> int:
        """How many connections the server has not closed (a closed one reads as end of file)."""
        open_count = 0
        for held in self.sockets:
            held.setblocking(False)
            try:
                open_count += held.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                open_count += 1
            except OSError:
                pass
            held.setblocking(True)
        return open_count


# ------------------------------------------------------------------------------------------------- probing


@dataclass
class Probe:
    started: float
    seconds: float
    status: int | None
    error: str = ""


def probe(port: int, timeout: float) -> Probe:
    """One `GET /` on a fresh connection, as a student's browser opening the home page."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        return Probe(started, time.perf_counter() - started, response.status)
    except (OSError, http.client.HTTPException) as error:
        return Probe(started, time.perf_counter() - started, None, type(error).__name__)
    finally:
        connection.close()


def probe_for(port: int, duration: float, interval: float, timeout: float) -> list[Probe]:
    """Probe every interval for the duration; a probe that is late starts the next one at once."""
    probes: list[Probe] = []
    began = time.perf_counter()
    while time.perf_counter() - began < duration:
        due = began + len(probes) * interval
        time.sleep(max(0.0, due - time.perf_counter()))
        result = probe(port, timeout)
        result.started -= began
        probes.append(result)
    return probes


# ---------------------------------------------------------------------------------------------------- main


def report(command: str, slow: int, attack: Slowloris, probes: list[Probe], timeout: float) -> None:
    print(f"server: {command}")
    print(f"slow connections: {slow} asked, {len(attack.sockets)} opened, {attack.refused} refused or timed out")
    print(f"still open at the end: {attack.still_open}")
    for number, result in enumerate(probes, 1):
        outcome = str(result.status) if result.error == "" else f"FAILED ({result.error})"
        print(f"  probe {number:2d} at {result.started:5.1f} s: {1000 * result.seconds:7.0f} ms  {outcome}")
    failures = [result for result in probes if result.status != 200]
    slowest = max(result.seconds for result in probes)
    print(
        f"probes: {len(probes)}, failed: {len(failures)} (no 200 within {timeout:g} s), "
        f"slowest: {1000 * slowest:.0f} ms, over 1 s: {sum(result.seconds > 1 for result in probes)}"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--command", default=None, help="the server command, listening on 0.0.0.0:8000 (README's)")
    parser.add_argument("--slow", type=int, default=6, help="slow connections held open (default 6)")
    parser.add_argument("--duration", type=float, default=12, help="seconds of probing (default 12)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between probes (default 0.5)")
    parser.add_argument("--probe-timeout", type=float, default=5, help="seconds a probe waits (default 5)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_arguments(argv)
    command = args.command or readme_command()
    print(f"machine load before the run: {machine_load()}")
    with tempfile.TemporaryDirectory(prefix="lens-slow-") as temporary:
        folder = Path(temporary)
        log = folder / "server.log"
        with fresh_database("sqlite", folder, maintenance_url="") as (database_env, _):
            env = server_environment(folder, database_env)
            with serving(command, env, log) as port, Slowloris(port, args.slow) as attack:
                probes = probe_for(port, args.duration, args.interval, args.probe_timeout)
                report(command, args.slow, attack, probes, args.probe_timeout)
        complaints = [line for line in log.read_text().splitlines() if re.search(r"WARNING|ERROR|CRITICAL", line)]
        print(f"server log: {len(complaints)} warnings or errors" + "".join(f"\n  {c}" for c in complaints[-10:]))


if __name__ == "__main__":
    main()
