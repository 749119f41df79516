"""News that a student's counted score on a set may have changed, for whatever passes scores on (the LMS grade
passback). Sent after the change is committed, so that a listener reads what is stored."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with learner_id and set_id: after an answer is stored, and after a teacher overrides a score or clears it.
score_changed = _signals.signal("score-changed")


def announce(learner_id: int, set_id: str) -> None:
    score_changed.send(None, learner_id=learner_id, set_id=set_id)
