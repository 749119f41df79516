"""A student who reads the page source before answering learns nothing of the key, in any shipped set."""

import re

from helpers import SHIPPED_EXERCISES, Student, config
from quiz import create_app


def secrets_of(item) -> list[str]:
    """Everything only the feedback may show: explanations, which label goes with which claim, right options."""
    # Each type lists its own: a new type that forgets to is caught here, not passed over.
    found = item.explanations()
    assert found, (item.id, "an item with nothing to explain")
    return found


def test_no_item_page_carries_its_key(shipped, tmp_path):
    student = Student(create_app(config(tmp_path, EXERCISES_DIR=str(SHIPPED_EXERCISES))).test_client())
    checked = 0
    for exercise_set in shipped.sets.values():
        for item in exercise_set.items:
            url = f"/sets/{exercise_set.id}/items/{item.id}"
            refused = student.answer(exercise_set.id, item.id)  # nothing chosen: the form comes back with a message
            assert refused.status_code == 400
            pages = [student.page(url), refused.get_data(as_text=True)]
            pages.append(student.page(f"/sources/{exercise_set.source}?set={exercise_set.id}&item={item.id}"))
            for html in pages:
                # No box ticked in advance and no attribute naming the right answer; prompts may use the words.
                assert not re.search(r"<input[^>]*\schecked", html)
                assert not re.search(r"<[^>]+(class|data-[a-z-]+)=\"[^\"]*correct", html)
                for secret in secrets_of(item):
                    assert secret[:60] not in html, (exercise_set.id, item.id)
            checked += 1
    assert checked >= 18
