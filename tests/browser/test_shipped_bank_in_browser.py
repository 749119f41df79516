"""Every shipped set played through in Chromium with the key: each item's key can be given on the page, and scores 100%.

bench/play_through.py plays the same sets a second time as a careful but imperfect student and prints the figures
that docs/bank-review.md records.
"""

from __future__ import annotations

import pytest

from bench.play_through import key_answer, play_set
from helpers import ROOT
from quiz.bank.loading import load_bank

from .conftest import LiveServer

BANK = load_bank(ROOT / "exercises", ROOT / "seeds")


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory, live_server):
    """The app serving the shipped exercises (live_server first, so that a missing browser skips as it does)."""
    server = LiveServer(tmp_path_factory.mktemp("shipped"))
    server.env = server.env | {"FLASK_EXERCISES_DIR": str(ROOT / "exercises")}
    server.start()
    yield server
    server.stop()
    server.log.close()


@pytest.mark.parametrize("set_id", sorted(BANK.sets))
def test_every_item_of_a_shipped_set_scores_100_percent_when_answered_with_its_key(page, shipped_server, set_id):
    exercise_set = BANK.sets[set_id]
    scores = play_set(page, shipped_server.url, exercise_set, key_answer)
    assert dict(zip([item.id for item in exercise_set.items], scores, strict=True)) == {
        item.id: 100 for item in exercise_set.items
    }
