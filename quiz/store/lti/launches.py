"""Who a launch is in Lens: a platform's course is a Lens class, its link an exercise set, its instructor a Lens
teacher and its student a learner in the class, made on first launch and found again on every later one."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from werkzeug.security import generate_password_hash

from quiz.classroom.lti_feedback import username_base
from quiz.models import (
    Classroom,
    Learner,
    LtiContext,
    LtiLearner,
    LtiPlatform,
    LtiResourceLink,
    LtiTeacher,
    Membership,
    Teacher,
    db,
)
from quiz.store import bank_owners, classes, progress
from quiz.store.rows import insert_once

NAME_TRIES = 50
# What a student with no name from the platform is called in the class (numbered when taken).
NO_NAME = "Student"


def teacher_for(found: LtiPlatform, sub: str, name: str) -> Teacher:
    """The Lens teacher this platform user is, made on their first launch: a username from their name (numbered
    when taken) and a password nobody knows, so they sign in only through the platform."""
    linked = db.session.get(LtiTeacher, (found.id, sub))
    if linked is not None:
        return db.session.get(Teacher, linked.teacher_id)
    base = username_base(name, sub)
    for number in range(1, NAME_TRIES + 1):
        username = base if number == 1 else f"{base}.{number}"
        unusable = generate_password_hash(secrets.token_urlsafe(32))
        if insert_once(Teacher, username=username, password_hash=unusable):
            break
    else:
        username = f"lti.{secrets.token_hex(6)}"
        insert_once(Teacher, username=username, password_hash=generate_password_hash(secrets.token_urlsafe(32)))
    teacher = db.session.execute(db.select(Teacher).filter_by(username=username)).scalar_one()
    if not insert_once(LtiTeacher, platform_id=found.id, sub=sub, teacher_id=teacher.id):
        # Another launch of the same instructor made the link first: theirs stands, this account goes.
        db.session.delete(teacher)
        return db.session.get(Teacher, db.session.get(LtiTeacher, (found.id, sub)).teacher_id)
    return teacher


def course(found: LtiPlatform, context_id: str) -> LtiContext | None:
    query = db.select(LtiContext).filter_by(platform_id=found.id, context_id=context_id)
    return db.session.execute(query).scalar_one_or_none()


def course_for_teacher(found: LtiPlatform, context_id: str, title: str, teacher: Teacher) -> LtiContext:
    """The course's Lens class, made for this teacher when the course has none yet."""
    present = course(found, context_id)
    if present is not None:
        return present
    name = " ".join(title.split())[:80] or f"Course {context_id}"[:80]
    classroom = classes.create_class(teacher, name=name)
    if not insert_once(
        LtiContext, platform_id=found.id, context_id=context_id, title=title[:255], classroom_id=classroom.id
    ):
        db.session.delete(classroom)
    return course(found, context_id)


NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def record_services(context: LtiContext, claims: dict) -> None:
    """Remember the course's class list and gradebook addresses from the launch, for later use without one. An
    address on a host the platform is not registered with is ignored (Lens would send its tokens and students'
    scores there), and the class's dashboard says so."""
    nrps, ags = _object(claims, NRPS), _object(claims, AGS)
    offered = {
        "class list": nrps.get("context_memberships_url"),
        "gradebook": ags.get("lineitems"),
        "gradebook column": ags.get("lineitem"),
    }
    ignored = [f"{label} ({url})" for label, url in offered.items() if url and not on_platform(context.platform, url)]
    context.ignored_services = "; ".join(ignored)[:2000] or None
    if offered["class list"] and on_platform(context.platform, offered["class list"]):
        context.memberships_url = offered["class list"]
    if offered["gradebook"] and on_platform(context.platform, offered["gradebook"]):
        context.lineitems_url = offered["gradebook"]
    if isinstance(ags.get("scope"), list):
        context.ags_scopes = [str(scope) for scope in ags["scope"]]
    title = _object(claims, "https://purl.imsglobal.org/spec/lti/claim/context").get("title")
    if title:
        context.title = str(title)[:255]


def on_platform(found: LtiPlatform, url) -> bool:
    """Whether a service address is on a host the platform is registered with (its issuer, sign-in, token or key
    set address)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    addresses = (found.issuer, found.auth_login_url, found.token_url, found.key_set_url)
    hosts = {urlsplit(address).netloc.lower() for address in addresses}
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.netloc.lower() in hosts


def line_item_of(context: LtiContext, claims: dict) -> str | None:
    """The link's gradebook column, when the platform names one on its own host."""
    found = _object(claims, AGS).get("lineitem")
    return found if isinstance(found, str) and found and on_platform(context.platform, found) else None


def owns(found: LtiPlatform, sub: str, context: LtiContext) -> bool:
    """Whether this platform user is the Lens teacher whose class the course is."""
    linked = db.session.get(LtiTeacher, (found.id, sub))
    classroom = db.session.get(Classroom, context.classroom_id)
    return linked is not None and classroom is not None and classroom.teacher_id == linked.teacher_id


def _object(claims: dict, name: str) -> dict:
    value = claims.get(name)
    return value if isinstance(value, dict) else {}


def link_for(context: LtiContext, resource_link_id: str, set_id: str | None, line_item_url: str | None):
    """The link's row: the set it opens (the first launch's custom set_id, or the one given now), and its
    gradebook column when the launch names one."""
    query = db.select(LtiResourceLink).filter_by(lti_context_id=context.id, resource_link_id=resource_link_id)
    link = db.session.execute(query).scalar_one_or_none()
    if link is None:
        if not set_id:
            return None
        insert_once(
            LtiResourceLink,
            lti_context_id=context.id,
            resource_link_id=resource_link_id,
            exercise_id=set_id,
            line_item_url=line_item_url,
        )
        link = db.session.execute(query).scalar_one()
    elif set_id and set_id != link.exercise_id:
        link.exercise_id = set_id
    if line_item_url and link.line_item_url != line_item_url:
        link.line_item_url = line_item_url
    return link


def links_of(learner_id: int, set_id: str) -> list[LtiResourceLink]:
    """The links to this set in the courses the learner came from."""
    query = (
        db.select(LtiResourceLink)
        .join(LtiLearner, LtiLearner.lti_context_id == LtiResourceLink.lti_context_id)
        .filter(LtiLearner.learner_id == learner_id, LtiResourceLink.exercise_id == set_id)
    )
    return list(db.session.execute(query).scalars())


def show_set(classroom: Classroom, set_id: str) -> None:
    """Make the class show the set its link points to, if it does not already."""
    if classroom.shows(set_id, bank_owners.private_sets()):
        return
    if classroom.set_ids is not None:
        classroom.set_ids = [*classroom.set_ids, set_id]
    else:
        classroom.added_set_ids = [*(classroom.added_set_ids or []), set_id]


def learner_for(context: LtiContext, sub: str, name: str, external_id: str | None) -> Learner:
    """The learner this student is in the course's class, made with a membership on their first launch: the name
    the platform gives (numbered if another student has it), and the school's ID for them."""
    found = db.session.get(LtiLearner, (context.id, sub))
    if found is not None:
        learner = db.session.get(Learner, found.learner_id)
        membership = learner.membership
        if membership is not None and external_id and membership.external_id != external_id[:100]:
            membership.external_id = external_id[:100]
        return learner
    classroom = db.session.get(Classroom, context.classroom_id)
    learner = progress.ensure_learner(progress.new_token())
    membership = _join(classroom, learner, name)
    membership.external_id = (external_id or sub)[:100]
    if not insert_once(LtiLearner, lti_context_id=context.id, sub=sub, learner_id=learner.id):
        # The same student's other launch got there first: that learner is them.
        db.session.delete(learner)
        return db.session.get(Learner, db.session.get(LtiLearner, (context.id, sub)).learner_id)
    return learner


def _join(classroom: Classroom, learner: Learner, name: str) -> Membership:
    """Join under the name, trimmed to 30 characters, or the name with a number when it is taken or looks so."""
    base = classes.clean_name(name)[:30].strip() or NO_NAME
    for number in range(1, NAME_TRIES + 1):
        suffix = "" if number == 1 else f" {number}"
        try:
            return classes.join(classroom, learner, base[: 30 - len(suffix)].rstrip() + suffix)
        except classes.ClassError:
            continue
    return classes.join(classroom, learner, f"{NO_NAME} {secrets.token_hex(3)}")


def member_names(context: LtiContext) -> dict[str, int]:
    """The course's students Lens knows already: platform id to learner id."""
    query = db.select(LtiLearner.sub, LtiLearner.learner_id).filter_by(lti_context_id=context.id)
    return dict(db.session.execute(query).all())


def courses_of(classroom: Classroom) -> list[LtiContext]:
    return list(db.session.execute(db.select(LtiContext).filter_by(classroom_id=classroom.id)).scalars())
