"""News that a student's counted score on a set may have changed, or that a class's results on a set were released,
for whatever passes scores on (the LMS grade passback). Sent after the change is committed, so that a listener reads
what is stored."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with learner_id and set_id: after an answer is stored, and after a teacher overrides a score or clears it.
score_changed = _signals.signal("score-changed")
# Sent with classroom_id and set_id: after a teacher releases the class's results on a set, so that scores withheld
# until then go out at once.
results_released = _signals.signal("results-released")


def announce(learner_id: int, set_id: str) -> None:
    score_changed.send(None, learner_id=learner_id, set_id=set_id)


def announce_release(classroom_id: int, set_id: str) -> None:
    results_released.send(None, classroom_id=classroom_id, set_id=set_id)
