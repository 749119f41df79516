"""Lens as an LTI 1.3 tool: a platform's sign-in (OIDC login) and launches. A student lands in the set the link opens,
as a member of the course's class; an instructor on the class's dashboard, or in the set picker when adding Lens to a
course. Every token is checked by pylti1p3 (lti_launch.py): state and nonce once, audience, issuer, deployment,
signature against the platform's key set, expiry. Deep linking, the admin page and commands, and the grade passback
are in lti_deep_linking.py, lti_admin.py and lti_scores.py, attached to this blueprint."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, current_app, make_response, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from pylti1p3.contrib.flask import FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException

from quiz.classroom.throttle import Ceiling
from quiz.models import Classroom, Learner, db
from quiz.store import accounts, failures
from quiz.store.lti import launches, registry
from quiz.web import learners, lti_admin, lti_deep_linking, lti_scores
from quiz.web.auth import SignedIn
from quiz.web.forms import csrf
from quiz.web.live_bank import bank
from quiz.web.lti_claims import Refusal, role_of
from quiz.web.lti_launch import Launch, Nonces, tool_conf
from quiz.web.lti_protocol import (
    CLAIM,
    LtiSessionCookies,
    frame_headers,
    frame_origins,
    framed_by_anyone,
    https_problem,
    refusal,
    refused,
)

log = logging.getLogger(__name__)
bp = Blueprint("lti", __name__, cli_group=None)
lti_deep_linking.attach(bp)
lti_admin.attach(bp)

DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DISABLED = "Your Lens teacher account is disabled. Ask whoever runs Lens (flask --app quiz enable-teacher USERNAME)."


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """The platform's third-party initiated login: Lens answers with a redirect to the platform's sign-in."""
    problem = https_problem()
    if problem:
        return refused(problem, 403)
    params = request.values
    if request.is_secure and not params.get("lti1p3_new_window") and not params.get("lens_cookies_checked"):
        # Inside the LMS's frame a browser may block Lens's cookies: a page checks first and offers a new window.
        names = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id")
        framed_by_anyone()
        kept = {name: params[name] for name in names if params.get(name)}
        return render_template("lti/check_cookies.html", params=kept)
    if _too_many_logins():
        return refused("Too many launches from your network just now. Wait a minute, then follow the link again.", 429)
    try:
        oidc = FlaskOIDCLogin(FlaskRequest(), tool_conf(), session_service=Nonces(FlaskRequest()))
        # A parameter for the launch makes pylti1p3 hand the state to Nonces, which keeps it with the nonce.
        oidc.pass_params_to_launch({"lens": "1"})
        response = oidc.redirect(url_for(".launch", _external=True))
        db.session.commit()
        return response
    except (OIDCException, LtiException) as error:
        db.session.rollback()
        return refused(
            "Lens could not start this launch: the platform's sign-in request is incomplete, or Lens is not "
            "registered with it. Tell whoever runs Lens (the LTI page for admins lists the platforms it knows).",
            400,
            str(error)[:300],
        )


def _too_many_logins() -> bool:
    """Count this sign-in against its address: at most LTI_LOGINS_PER_MINUTE a minute (each writes a nonce)."""
    ceiling = Ceiling(limit=int(current_app.config["LTI_LOGINS_PER_MINUTE"]), window=timedelta(minutes=1))
    key = failures.keyed("lti-login", request.remote_addr or "", secret=current_app.secret_key)
    return failures.count_against(key, ceiling) is not None


@bp.post("/lti/launch")
@csrf.exempt
def launch():
    """A resource-link launch (a student or an instructor following a link) or a deep-linking request."""
    problem = https_problem()
    if problem:
        return refused(problem, 403)
    if not request.form.get("id_token"):
        return refused("This address is for launches from a learning platform: open Lens from your course.", 400)
    message = Launch(FlaskRequest(), tool_conf())
    try:
        claims = message.get_launch_data()
        response = _launched(message, claims)
    except Exception as error:  # a token Lens cannot use is refused with a sentence, never a stack trace
        db.session.rollback()
        return refusal(error)
    if response.status_code == 302:
        # The launch is done: its state cookie has served (pylti1p3 names it lti1p3-STATE).
        secure = request.is_secure
        response.delete_cookie(
            "lti1p3-" + request.form.get("state", ""),
            path="/",
            secure=secure,
            httponly=True,
            samesite="None" if secure else None,
        )
    return response


def _launched(message: Launch, claims: dict):
    found = registry.platform(claims["iss"], message.get_client_id())
    if found is None:
        raise LtiException("Registration not found")
    context_claim = _claim(claims, "context")
    if not context_claim.get("id"):
        raise Refusal("The launch does not say which course it comes from. Add Lens to a course and use it there.")
    sub = claims.get("sub") or ""
    if not sub:
        raise Refusal("The launch does not say who you are (no user id). Sign in to the platform and try again.")
    frame = frame_origins(found, claims)
    lti_scores.in_use.set()
    role = role_of(claims)
    if message.is_deep_link_launch():
        if role != "instructor":
            raise Refusal("Only the course's instructors can add Lens's exercise sets to it.", 403)
        return make_response(_deep_linking(found, claims, context_claim, sub, frame))
    if role == "instructor":
        return make_response(_instructor(found, claims, context_claim, sub, frame))
    if role == "learner":
        return make_response(_student(found, claims, context_claim, sub, frame))
    raise Refusal(
        "Lens opens for the course's students and instructors only; your role in this course is neither.", 403
    )


def _claim(claims: dict, name: str) -> dict:
    """An object claim of the token (by its full name, or its name under the LTI claim prefix), or {}."""
    value = claims.get(name if name.startswith("https://") else CLAIM + name)
    return value if isinstance(value, dict) else {}


def _name(claims: dict) -> str:
    given = " ".join(str(claims.get(key) or "") for key in ("given_name", "family_name")).strip()
    return str(claims.get("name") or given or "")


def _set_of_link(claims: dict) -> str | None:
    custom = _claim(claims, "custom")
    set_id = str(custom.get("set_id") or "").strip()
    return set_id or None


def _not_the_owner(found, context_claim, sub) -> None:
    """Refuse an instructor whose course's class another instructor owns: checked before anything is made or
    changed, so their launch leaves the class as it was."""
    present = launches.course(found, context_claim["id"])
    if present is not None and not launches.owns(found, sub, present):
        classroom = db.session.get(Classroom, present.classroom_id)
        raise Refusal(
            f"This course's Lens class, {classroom.name}, belongs to the instructor who first opened Lens in it. "
            "Ask them to share its results, or whoever runs Lens to give you access.",
            403,
        )


def _instructor(found, claims, context_claim, sub, frame):
    _not_the_owner(found, context_claim, sub)
    teacher = launches.teacher_for(found, sub, _name(claims))
    if teacher.disabled:
        db.session.commit()
        return refused(DISABLED, 403)
    context = launches.course_for_teacher(found, context_claim["id"], str(context_claim.get("title") or ""), teacher)
    launches.record_services(context, claims)
    link_claim = _claim(claims, "resource_link")
    set_id = _set_of_link(claims)
    if link_claim.get("id") and (set_id is None or set_id in bank().sets):
        link = launches.link_for(context, link_claim["id"], set_id, launches.line_item_of(context, claims))
        if link is not None:
            launches.show_set(db.session.get(Classroom, context.classroom_id), link.exercise_id)
    classroom = db.session.get(Classroom, context.classroom_id)
    _sign_in_teacher(teacher, frame)
    return redirect(url_for("dashboard.class_page", class_id=classroom.id))


def _sign_in_teacher(teacher, frame) -> None:
    token = accounts.start_session(teacher)
    db.session.commit()
    logout_user()
    session.clear()
    login_user(SignedIn(teacher, token))
    session["lti_frame"] = frame


def _student(found, claims, context_claim, sub, frame):
    context = launches.course(found, context_claim["id"])
    if context is None:
        return refused(
            "Your teacher has not opened Lens in this course yet, so it has no class. Ask them to open the link once; "
            "then follow it again.",
            403,
        )
    launches.record_services(context, claims)
    link_claim = _claim(claims, "resource_link")
    set_id = _set_of_link(claims)
    if not link_claim.get("id"):
        return refused("The launch does not name the link it came from. Follow the link in your course again.")
    if set_id is not None and set_id not in bank().sets:
        return refused(f"The exercise set this link opens ({set_id}) is not in Lens any more. Tell your teacher.", 404)
    link = launches.link_for(context, link_claim["id"], set_id, launches.line_item_of(context, claims))
    if link is not None and link.exercise_id not in bank().sets:
        return refused(f"The exercise set this link opens ({link.exercise_id}) is not in Lens any more.", 404)
    lis = _claim(claims, "lis")
    learner = launches.learner_for(context, sub, _name(claims), lis.get("person_sourcedid"))
    classroom = db.session.get(Classroom, context.classroom_id)
    if link is not None:
        launches.show_set(classroom, link.exercise_id)
    learner = db.session.get(Learner, learner.id)
    token, key, class_name, learner_id = learner.token, learner.session_key, classroom.name, learner.id
    set_id = link.exercise_id if link is not None else None
    db.session.commit()
    logout_user()
    session.clear()
    learners.become(token, key)
    session["class_name"] = class_name
    session["lti_frame"] = frame
    if set_id is None:
        # A link that names no set (added by hand, without deep linking) opens the class's list of sets.
        return redirect(url_for("student.home"))
    # A score changed while the student worked outside the platform's link (say on another device) is caught up.
    lti_scores.score_changed(None, learner_id=learner_id, set_id=set_id)
    return redirect(url_for("student.exercise_set", set_id=set_id))


def _deep_linking(found, claims, context_claim, sub, frame):
    _not_the_owner(found, context_claim, sub)
    teacher = launches.teacher_for(found, sub, _name(claims))
    if teacher.disabled:
        db.session.commit()
        return refused(DISABLED, 403)
    context = launches.course_for_teacher(
        found, str(context_claim["id"]), str(context_claim.get("title") or ""), teacher
    )
    launches.record_services(context, claims)
    settings = _claim(claims, DEEP_LINKING)
    deployment_id = str(claims.get(CLAIM + "deployment_id") or "")
    _sign_in_teacher(teacher, frame)
    session["lti_deep_link"] = {"platform": found.id, "deployment": deployment_id, "settings": dict(settings)}
    return redirect(url_for(".pick_sets"))


@bp.record_once
def _set_up(state) -> None:
    app = state.app
    app.session_interface = LtiSessionCookies()
    # First in the list, so it runs last (Flask runs them in reverse): after the security headers are set.
    app.after_request_funcs.setdefault(None, []).insert(0, frame_headers)
    lti_scores.init_app(app)
    # A school behind one address launches a class at once: 120 a minute is far above that, far below a flood.
    app.config.setdefault("LTI_LOGINS_PER_MINUTE", 120)


@bp.app_errorhandler(LtiException)
def _lti_error(error):
    db.session.rollback()
    return refusal(error)
