"""The yardstick for bench/load.py: a bare Flask app whose one page says hello.

bench/load.py serves it with exactly the gunicorn flags it gives Lens, so each of Lens's figures can be read as a
share of what Flask and gunicorn manage on this machine with no work to do. Served alone:
`.venv/bin/gunicorn bench.hello_app:app` from the repository root.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello() -> str:
    return "Hello"
