"""The join screen a teacher projects at the start of a lesson: the class code, the address, a QR code of the join
link, and who has joined so far."""

from __future__ import annotations

import segno
from flask import Blueprint, render_template, request
from markupsafe import Markup

from quiz.classroom.codes import shown
from quiz.models import Classroom, Membership
from quiz.web import public_address
from quiz.web.ownership import for_teachers_only, owned_class

bp = Blueprint("join_screen", __name__, url_prefix="/teacher/classes")
for_teachers_only(bp)
# Every page that tells a teacher where students join uses the address students can reach.
bp.add_app_template_global(public_address.join_link, "student_join_link")


@bp.app_template_global("students_cannot_reach_lens")
def students_cannot_reach_lens() -> bool:
    """Whether the join address shown to a teacher is one students' devices cannot reach (the join screen says why)."""
    return public_address.reach_problem(public_address.for_students()) is not None


@bp.get("/<id:class_id>/join-screen")
def show(class_id: int):
    """The class code in large type, the address students type, a QR code of the join link, and who has joined."""
    classroom = owned_class(class_id)
    address = public_address.for_students()
    link = public_address.join_link(address, shown(classroom.join_code))
    names = joined_names(classroom)
    return render_template(
        "teacher/join_screen.html",
        classroom=classroom,
        join_address=public_address.join_link(address),
        link=link,
        qr_code=qr_code(link),
        problem=public_address.reach_problem(address),
        start_command=public_address.start_command(address, request.environ.get("SERVER_SOFTWARE", "")),
        names=names,
        joined=joined_in_words(len(names)),
    )


@bp.get("/<id:class_id>/join-screen/members.json")
def members(class_id: int):
    """Who has joined, for the join screen's script to redraw the list without reloading the page."""
    names = joined_names(owned_class(class_id))
    return {"joined": joined_in_words(len(names)), "names": names}


def joined_names(classroom: Classroom) -> list[str]:
    """The students' names in the order they joined, so that a projected list grows at the end and never jumps."""
    ordered: list[Membership] = sorted(classroom.members, key=lambda member: (member.joined_at, member.learner_id))
    return [member.display_name for member in ordered]


def joined_in_words(count: int) -> str:
    if count == 0:
        return "Nobody has joined yet."
    return "1 student has joined." if count == 1 else f"{count} students have joined."


def qr_code(link: str) -> Markup:
    """The link as a QR code in SVG markup, sized by the stylesheet. segno writes no style attribute, which the
    Content-Security-Policy would block; the white ground keeps the quiet zone light on any page."""
    drawing = segno.make_qr(link, error="m").svg_inline(omitsize=True, light="#fff", svgclass="qr-code")
    return Markup(drawing)
