"""The production entry point: `waitress-serve … quiz.wsgi:app` (README gives the whole command). It refuses to
start without FLASK_SECRET_KEY."""

from __future__ import annotations

import sys

from quiz import ConfigurationError, create_app

try:
    app = create_app(production=True)
except ConfigurationError as error:
    # A sentence for whoever starts the servers, not a stack trace.
    sys.exit(f"Lens cannot start: {error}")
