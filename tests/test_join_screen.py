"""The join screen a teacher projects: the code, an address students can reach, a QR code of the join link, who has
joined, and a warning when students cannot reach this computer; and the same address on the class's pages."""

from __future__ import annotations

import re

import pytest
import segno
from test_public_address import ANOTHER_ADDRESS_OF_THIS_COMPUTER, listening

from helpers import Student, Teacher, config, make_teacher, text_of
from quiz import ConfigurationError, create_app
from quiz.classroom.codes import shown
from quiz.models import Classroom, db, utcnow
from quiz.web import public_address

SCHOOL = "lens.school.test"
QR_LINK = re.compile(r'role="img" aria-label="QR code of the link ([^"]+)"')


def signed_in_teacher(app, username: str = "teacher") -> Teacher:
    make_teacher(app, username)
    teacher = Teacher(app.test_client())
    teacher.sign_in(username)
    return teacher


def set_class(app, class_id: int, **values) -> None:
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        for name, value in values.items():
            setattr(classroom, name, value)
        db.session.commit()


def words(page: str) -> str:
    """The page's visible text, without the space text_of leaves where a tag meets a full stop."""
    return re.sub(r" ([.,:])(?=\s|$)", r"\1", text_of(page))


def qr_link(page: str) -> str:
    return QR_LINK.search(page).group(1)


def drawn_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) a segno SVG draws: each row is a line of "h" strokes along its middle."""
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, arguments in re.findall(r"([MmHh])([^MmHh]*)", path):
        numbers = [float(number) for number in arguments.split()]
        if command in "Mm":
            x, y = numbers if command == "M" else (x + numbers[0], y + numbers[1])
            continue
        end = numbers[0] if command == "H" else x + numbers[0]
        dark |= {(int(y), column) for column in range(round(x), round(end))}
        x = end
    return dark


def modules_of(link: str) -> set[tuple[int, int]]:
    """The dark modules of the link's QR code, with segno's quiet zone of 4 modules."""
    rows = segno.make_qr(link, error="m").matrix_iter(border=4)
    return {(row, column) for row, bits in enumerate(rows) for column, bit in enumerate(bits) if bit}


def test_the_class_page_opens_a_join_screen_with_the_address_the_code_and_a_qr_code(app_at):
    app = app_at(SCHOOL)
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class("8C English")
    dashboard = teacher.page(f"/teacher/classes/{class_id}")
    assert f'<a href="/teacher/classes/{class_id}/join-screen">Show join screen</a>' in dashboard
    screen = teacher.page(f"/teacher/classes/{class_id}/join-screen")
    assert (
        f"Join 8C English Go to http://{SCHOOL}/join and type the class code {shown(code)} with your name. "
        "Or scan this: it opens the join page with the code filled in. Who has joined Nobody has joined yet."
    ) in words(screen)
    assert qr_link(screen) == f"http://{SCHOOL}/join?code={shown(code)}"
    assert "Students cannot reach this computer" not in screen
    # The Content-Security-Policy blocks style attributes, and would leave the QR code undrawn.
    assert "<svg" in screen and "style=" not in screen


def test_the_qr_code_draws_the_join_link_with_the_code(app_at):
    app = app_at(SCHOOL)
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class()
    screen = teacher.page(f"/teacher/classes/{class_id}/join-screen")
    link = qr_link(screen)
    assert drawn_modules(screen) == modules_of(link)
    code_field = re.search(r'<input[^>]* name="code"[^>]*>', Student(app.test_client()).page(link)).group(0)
    assert f'value="{shown(code)}"' in code_field


def test_the_list_of_who_has_joined_grows_in_the_order_they_joined(app_at):
    app = app_at(SCHOOL)
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class()
    members = f"/teacher/classes/{class_id}/join-screen/members.json"
    assert teacher.client.get(members).get_json() == {"joined": "Nobody has joined yet.", "names": []}
    Student(app.test_client()).join(code, "Ben")
    assert teacher.client.get(members).get_json() == {"joined": "1 student has joined.", "names": ["Ben"]}
    Student(app.test_client()).join(code, "Amira <b>K</b>")
    assert teacher.client.get(members).get_json() == {
        "joined": "2 students have joined.",
        "names": ["Ben", "Amira <b>K</b>"],
    }
    screen = teacher.page(f"/teacher/classes/{class_id}/join-screen")
    assert "2 students have joined.</p>" in screen
    assert "<li>Ben</li><li>Amira &lt;b&gt;K&lt;/b&gt;</li>" in screen
    note = "This list shows who had joined when the page opened: reload the page to see who has joined since."
    assert note in words(screen)


def test_only_the_classs_teacher_sees_its_join_screen(app_at):
    app = app_at(SCHOOL)
    class_id, _ = signed_in_teacher(app).create_class()
    other = signed_in_teacher(app, "other")
    nobody = app.test_client()
    for url in (f"/teacher/classes/{class_id}/join-screen", f"/teacher/classes/{class_id}/join-screen/members.json"):
        assert nobody.get(url).headers["Location"].startswith("/teacher/sign-in")
        assert other.client.get(url).status_code == 404


def test_the_screen_says_when_students_cannot_join(app_at):
    app = app_at(SCHOOL)
    teacher = signed_in_teacher(app)
    class_id, _ = teacher.create_class()
    screen = f"/teacher/classes/{class_id}/join-screen"
    set_class(app, class_id, joining_open=False)
    closed = "Joining is closed, so students cannot join this class now. Open it again in the class settings."
    assert closed in words(teacher.page(screen))
    set_class(app, class_id, archived_at=utcnow())
    assert (
        "This class is archived, so students cannot join it. To let them join, make it active again in the class "
        "settings."
    ) in words(teacher.page(screen))


def test_class_pages_send_students_to_the_network_address_not_the_teachers_loopback(app_at, monkeypatch):
    """Finding 12: the class page said http://127.0.0.1:5101/join, which no student's device can reach."""
    monkeypatch.setattr(public_address, "network_address", lambda: "192.168.1.20")
    app = app_at("127.0.0.1:5101")
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class()
    dashboard = words(teacher.page(f"/teacher/classes/{class_id}"))
    assert "students join at http://192.168.1.20:5101/join." in dashboard
    assert f"Give your students the code {shown(code)}: they type it at http://192.168.1.20:5101/join " in dashboard
    settings = words(teacher.page(f"/teacher/classes/{class_id}/settings"))
    assert f"Students join at http://192.168.1.20:5101/join with the code {shown(code)}." in settings
    screen = teacher.page(f"/teacher/classes/{class_id}/join-screen")
    assert "Go to http://192.168.1.20:5101/join and" in words(screen)
    assert qr_link(screen) == f"http://192.168.1.20:5101/join?code={shown(code)}"
    assert "127.0.0.1" not in dashboard + settings + screen


def test_the_public_url_setting_is_the_address_students_are_given(app_at):
    app = app_at("127.0.0.1:5101", PUBLIC_URL="https://lens.example-school.org")
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class()
    dashboard = words(teacher.page(f"/teacher/classes/{class_id}"))
    assert "students join at https://lens.example-school.org/join." in dashboard
    screen = teacher.page(f"/teacher/classes/{class_id}/join-screen")
    assert qr_link(screen) == f"https://lens.example-school.org/join?code={shown(code)}"
    assert "Students cannot reach this computer" not in screen


def test_lens_listening_on_this_computer_only_is_told_with_the_command_that_fixes_it(app_at, monkeypatch):
    # This computer's network address is 127.0.0.2 here: a server bound to 127.0.0.1 refuses it, as it would refuse
    # the real one.
    monkeypatch.setattr(public_address, "network_address", lambda: ANOTHER_ADDRESS_OF_THIS_COMPUTER)
    with listening("127.0.0.1") as port:
        teacher = signed_in_teacher(app_at(f"127.0.0.1:{port}"))
        class_id, _ = teacher.create_class()
        screen = words(teacher.page(f"/teacher/classes/{class_id}/join-screen"))
        dashboard = words(teacher.page(f"/teacher/classes/{class_id}"))
    assert "students cannot reach it yet: the join screen says what to do" in dashboard
    assert (
        "Students cannot reach this computer: Lens is listening on this computer only. Stop it and start it with "
        f".venv/bin/flask --app quiz run --host 0.0.0.0 --port {port}, then reload this page."
    ) in screen


def test_lens_listening_on_the_network_gets_no_warning(app_at, monkeypatch):
    monkeypatch.setattr(public_address, "network_address", lambda: ANOTHER_ADDRESS_OF_THIS_COMPUTER)
    with listening(ANOTHER_ADDRESS_OF_THIS_COMPUTER) as port:
        teacher = signed_in_teacher(app_at(f"127.0.0.1:{port}"))
        class_id, _ = teacher.create_class()
        screen = words(teacher.page(f"/teacher/classes/{class_id}/join-screen"))
    assert f"Go to http://{ANOTHER_ADDRESS_OF_THIS_COMPUTER}:{port}/join and" in screen
    assert "Students cannot reach this computer" not in screen


def test_a_computer_on_no_network_is_told_so(app_at, monkeypatch):
    monkeypatch.setattr(public_address, "network_address", lambda: None)
    teacher = signed_in_teacher(app_at("127.0.0.1:5000"))
    class_id, _ = teacher.create_class()
    assert (
        "Students cannot reach this computer: it is not on a network. Connect it to the school's network, then "
        "reload this page."
    ) in words(teacher.page(f"/teacher/classes/{class_id}/join-screen"))


def test_a_public_url_that_is_not_a_whole_address_stops_the_app_with_a_message(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        create_app(config(tmp_path, PUBLIC_URL="lens.example-school.org"))
    assert refused.value.message == (
        "FLASK_PUBLIC_URL 'lens.example-school.org' is not a whole web address. Give the address students type to "
        "reach Lens, like https://lens.example-school.org/ or http://192.168.1.20:5000/."
    )
