"""Deep linking: an instructor adding Lens to a course picks sets in Lens's own picker, and the platform gets a
signed answer with a link per set, each with a gradebook column (line item) of 100 points."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem
from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.bank.exercises import grouped_by_skill
from quiz.store import bank_owners
from quiz.store.lti import registry
from quiz.web.live_bank import bank
from quiz.web.lti_protocol import refused


class PickSetsForm(FlaskForm):
    set_ids = SelectMultipleField("Exercise sets", option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))


def _pickable() -> list[tuple[str, list]]:
    """The sets this teacher may link: the shared bank's and their own, grouped by skill."""
    private = bank_owners.private_sets()
    me = current_user.teacher.id
    sets = {set_id: s for set_id, s in bank().sets.items() if private.get(set_id) in (None, me)}
    return grouped_by_skill(sets)


def pick_sets():
    pending = session.get("lti_deep_link")
    if not current_user.is_authenticated or not pending:
        return refused("Open this page from your course: add Lens as an activity there, then choose the sets.", 400)
    groups = _pickable()
    form = PickSetsForm()
    form.set_ids.choices = [SelectChoice(s.id, s.title, optgroup=skill) for skill, sets in groups for s in sets]
    errors = []
    if form.validate_on_submit():
        chosen = [bank().sets[set_id] for set_id in form.set_ids.data if set_id in bank().sets]
        if chosen:
            return _response(pending, chosen)
        errors = ["Tick at least one exercise set."]
    elif request.method == "POST":
        errors = [message for messages in form.errors.values() for message in messages] or ["Tick at least one set."]
    multiple = accepts_multiple(pending["settings"])
    return render_template("lti/pick_sets.html", form=form, groups=groups, errors=errors, multiple=multiple), (
        400 if errors else 200
    )


def accepts_multiple(settings: dict) -> bool:
    """Whether the platform takes several links at once: true unless it says false (some send "false" as text)."""
    value = settings.get("accept_multiple", True)
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "")
    return bool(value)


def _response(pending: dict, chosen: list):
    found = registry.platform_by_id(pending["platform"])
    if found is None:
        return refused("The platform was removed from Lens meanwhile. Tell whoever runs Lens.", 400)
    resources = [
        DeepLinkResource()
        .set_url(url_for("lti.launch", _external=True))
        .set_title(exercise_set.title)
        .set_custom_params({"set_id": exercise_set.id})
        .set_lineitem(LineItem().set_score_maximum(100).set_label(exercise_set.title).set_resource_id(exercise_set.id))
        for exercise_set in chosen
    ]
    settings = pending["settings"]
    if not accepts_multiple(settings):
        resources = resources[:1]
    token = DeepLink(registry.registration_of(found), pending["deployment"], settings).get_response_jwt(resources)
    session.pop("lti_deep_link", None)
    return_url = settings.get("deep_link_return_url", "")
    parts = urlsplit(return_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return refused("The platform gave no address to send the chosen sets back to. Tell whoever runs it.", 400)
    g.lti_form_action = f"{parts.scheme}://{parts.netloc}"
    return render_template("lti/deep_link_return.html", return_url=return_url, token=token, chosen=chosen)


def attach(bp: Blueprint) -> None:
    bp.add_url_rule("/lti/deep-link", "pick_sets", pick_sets, methods=["GET", "POST"])
