"""README's production command keeps answering while clients send their headers slowly (issue 14, finding M3).

The test runs the command exactly as README's "Running it for a school or a district" gives it, but for the address:
gunicorn's sync workers, the command before, answered no probe at all while six such connections were held.
bench/slow_clients.py measures the same with more connections and prints every probe's latency.
"""

from __future__ import annotations

import http.client
import os
import shlex
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from helpers import ROOT, SEEDS, SHIPPED_EXERCISES, free_port, wait_until_serving

README_ADDRESS = "0.0.0.0:8000"
SLOW_CONNECTIONS = 8
PROBE_SECONDS = 3.0


def readme_production_command() -> str:
    """The one line of README that starts the production server, the one that serves quiz.wsgi:app."""
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line.startswith(".venv/bin/") and line.endswith("quiz.wsgi:app")]
    assert len(commands) == 1, f"README should give one command that serves quiz.wsgi:app, not {commands}"
    return commands[0]


def runnable(command: str, port: int) -> list[str]:
    """README's command on a local free port, its program taken from the virtual environment running the tests."""
    assert README_ADDRESS in command, f"README's command should listen on {README_ADDRESS}: {command}"
    program, *arguments = shlex.split(command.replace(README_ADDRESS, f"127.0.0.1:{port}"))
    return [str(Path(sys.executable).parent / program.removeprefix(".venv/bin/")), *arguments]


@pytest.fixture
def production_server(tmp_path):
    """README's production command on SQLite in tmp_path with the shipped bank; yields its port."""
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("FLASK_")}
    environment.pop("DATABASE_URL", None)
    environment |= {
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lens.sqlite'}",
        "FLASK_SECRET_KEY": "slow-clients",
        "FLASK_EXERCISES_DIR": str(SHIPPED_EXERCISES),
        "FLASK_SEEDS_DIR": str(SEEDS),
        "FLASK_EXERCISE_HISTORY_DIR": str(tmp_path / "history"),
        "FLASK_PENDING_UPLOADS_DIR": str(tmp_path / "pending"),
    }
    log = tmp_path / "server.log"
    with open(log, "w") as output:
        command = runnable(readme_production_command(), port)
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(f"http://127.0.0.1:{port}/", log)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=20)


def open_slow_connection(stack: ExitStack, port: int) -> socket.socket:
    """A connection that has sent the start of a request and one header, and will not finish it."""
    held = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
    held.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    return held


def trickle_one_header_each(held: list[socket.socket], number: int) -> None:
    for connection in held:
        connection.sendall(f"X-Slow-{number}: b\r\n".encode())


def get_home_page(port: int) -> tuple[int, float]:
    """GET / on a fresh connection: the status, and the seconds it took."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_SECONDS)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        connection.close()


def test_the_production_command_answers_while_eight_clients_send_headers_slowly(production_server):
    port = production_server
    with ExitStack() as stack:
        held = [open_slow_connection(stack, port) for _ in range(SLOW_CONNECTIONS)]
        for number in range(3):
            # Each round, the slow clients send one more header, as a slowloris does to look alive.
            trickle_one_header_each(held, number)
            try:
                status, seconds = get_home_page(port)
            except TimeoutError:
                pytest.fail(
                    f"GET / got no answer within {PROBE_SECONDS:g} s while {SLOW_CONNECTIONS} clients were slow"
                )
            assert status == 200
            assert seconds < PROBE_SECONDS
            time.sleep(0.5)
