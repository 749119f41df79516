"""A class answering at once is mostly database work: each student page sends a few statements, whatever the class."""

from __future__ import annotations

from helpers import Student, statements_sent

ITEM = "/sets/demo/items/leopard"


def test_a_class_member_opens_answers_and_reads_feedback_in_a_few_statements(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    token = student.token(ITEM)

    with statements_sent(app) as question:
        student.page(ITEM)
    with statements_sent(app) as answer:
        student.client.post(ITEM, data={"csrf_token": token, "attempt": 1, "marked": ["0", "1"]})
    with statements_sent(app) as feedback:
        student.page(ITEM)

    # The learner and their class in one query and the class's assignments in another (joined with the class's
    # releases, the rows would multiply), then the attempt; the answer adds its writes and the check whether the
    # set is finished.
    assert len(question) == 3, question
    assert len(answer) <= 7, answer
    assert len(feedback) == 4, feedback
    assert [statement.split()[0] for statement in answer].count("INSERT") <= 2, "no learner is inserted again"
