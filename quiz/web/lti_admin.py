"""Registering Lens with learning platforms: the admins' LTI page, the `flask` commands that do the same, Lens's key
set and Canvas configuration, and the teacher's button that pulls a course's class list from its platform (Names
and Role Provisioning)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import click
import requests
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_login import login_required
from flask_wtf import FlaskForm
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from quiz.models import LtiContext, db
from quiz.store.lti import launches, outbox, registry
from quiz.web import public_address
from quiz.web.auth import signed_in_teacher
from quiz.web.forms import form_errors
from quiz.web.lti_protocol import https_problem
from quiz.web.ownership import owned_class

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


class PlatformForm(FlaskForm):
    name = StringField("Name (for you)", validators=[Optional(), Length(max=80)])
    issuer = StringField("Issuer (iss)", validators=[InputRequired("Give the platform's issuer."), Length(max=255)])
    client_id = StringField("Client id", validators=[InputRequired("Give the client id."), Length(max=255)])
    deployment_ids = TextAreaField(
        "Deployment ids, one a line", validators=[InputRequired("Give at least one deployment id.")]
    )
    auth_login_url = StringField("Authentication (OIDC) URL", validators=[InputRequired("Give the OIDC URL.")])
    token_url = StringField("Access token URL", validators=[InputRequired("Give the access token URL.")])
    key_set_url = StringField("Key set (JWKS) URL", validators=[InputRequired("Give the key set URL.")])


def _admin_only():
    if not signed_in_teacher().is_admin:
        abort(403, "Only an admin teacher may register learning platforms (flask --app quiz set-teacher-admin).")


def admin_page():
    _admin_only()
    form = PlatformForm()
    errors = []
    if form.validate_on_submit():
        try:
            found = registry.register(
                form.issuer.data,
                form.client_id.data,
                form.deployment_ids.data.split(),
                form.auth_login_url.data,
                form.token_url.data,
                form.key_set_url.data,
                form.name.data or "",
            )
        except registry.RegistrationError as problem:
            db.session.rollback()
            errors = [str(problem)]
        else:
            db.session.commit()
            flash(f"{found.name} is registered.")
            return redirect(url_for("lti.admin_page"))
    elif request.method == "POST":
        errors = form_errors(form)
    registry.signing_key()
    urls = tool_urls()
    return render_template(
        "lti/admin.html",
        form=form,
        errors=errors,
        platforms=registry.platforms(),
        urls=urls,
        address_problems=address_problems(urls["launch"]),
        keys=registry.active_keys(),
        remove_form=FlaskForm(),
    ), (400 if errors else 200)


def remove_platform(platform_id: int):
    _admin_only()
    if not FlaskForm().validate_on_submit():
        abort(400, "The form has expired; go back and try again.")
    found = registry.platform_by_id(platform_id)
    if found is None:
        abort(404, "There is no such platform.")
    unsent = outbox.unsent_to(found)
    if unsent and request.form.get("confirm") != str(unsent):
        # Removing it drops the scores still on their way: the admin says so knowingly, for this many.
        return render_template("lti/confirm_remove.html", platform=found, unsent=unsent, form=FlaskForm())
    name = found.name
    registry.remove(found)
    db.session.commit()
    flash(f"{name} is no longer registered: its launches are refused. Its classes and students stay in Lens.")
    return redirect(url_for("lti.admin_page"))


def pull_roster(class_id: int):
    """Add the course's students from the platform's class list, as learners a launch later finds again."""
    classroom = owned_class(class_id)
    if not FlaskForm().validate_on_submit():
        abort(400, "The form has expired; go back and try again.")
    added = known = 0
    problems = []
    for context in launches.courses_of(classroom):
        if not context.memberships_url:
            problems.append(f"{context.platform.name} has not offered its class list for this course (yet).")
            continue
        try:
            members = _members(context)
        except (requests.RequestException, LtiException, ValueError, KeyError) as error:
            problems.append(f"{context.platform.name} did not give the class list: {str(error)[:200]}")
            continue
        already = launches.member_names(context)
        for member in members:
            roles = " ".join(member.get("roles") or [])
            if member.get("status", "Active") != "Active" or "Learner" not in roles or "Instructor" in roles:
                continue
            sub = str(member.get("user_id") or "")
            if not sub:
                continue
            if sub in already:
                known += 1
                continue
            name = member.get("name") or " ".join(
                part for part in (member.get("given_name"), member.get("family_name")) if part
            )
            launches.learner_for(context, sub, name or "", member.get("lis_person_sourcedid"))
            added += 1
        db.session.commit()
    for problem in problems:
        flash(problem)
    if added or known or not problems:
        flash(f"Class list pulled: {added} student{'' if added == 1 else 's'} added, {known} already here.")
    return redirect(url_for("dashboard.class_page", class_id=classroom.id))


def _members(context: LtiContext) -> list[dict]:
    registration = registry.registration_of(context.platform)
    service = NamesRolesProvisioningService(
        ServiceConnector(registration, outbox.ShortTimeoutSession()),
        {"context_memberships_url": context.memberships_url},
    )
    return service.get_members()


# --- Lens's public key set and configuration


def jwks():
    """Lens's public key set, at a stable address: every key not retired."""
    response = jsonify(registry.jwks())
    db.session.commit()
    return response


def tool_urls() -> dict[str, str]:
    """The addresses a platform's admin pastes in: login, launch, deep linking, key set, Canvas configuration."""
    return {
        "login": url_for("lti.login", _external=True),
        "launch": url_for("lti.launch", _external=True),
        "jwks": url_for("lti.jwks", _external=True),
        "deep_link": url_for("lti.launch", _external=True),
        "canvas": url_for("lti.canvas_json", _external=True),
    }


def address_problems(launch_url: str) -> list[str]:
    """Why a platform cannot use Lens's values as this page shows them, each in a sentence; none when it can."""
    host = urlsplit(launch_url).hostname or ""
    problems = []
    if public_address.is_loopback(host):
        problems.append(
            f"{host} is this computer's own address: only a platform running on this computer (like the tests' own) "
            "can reach it."
        )
    elif _on_a_private_network(host):
        problems.append(
            f"{host} is an address on a private network: a platform on the same network (a school's own Moodle) "
            "can reach it, but a hosted one (Canvas, Schoology, Brightspace) cannot."
        )
    if https_problem():
        problems.append("They start with http://, and outside development Lens refuses launches over plain HTTP.")
    return problems


def _on_a_private_network(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return False  # a name: only the network's own name servers know where it leads


def canvas_json():
    """Canvas's "Paste JSON" developer key configuration."""
    urls = tool_urls()
    deep_link = {"message_type": "LtiDeepLinkingRequest", "target_link_uri": urls["deep_link"]}
    return jsonify(
        {
            "title": "Lens",
            "description": "Media-literacy exercises on real texts, with scores sent to the gradebook.",
            "oidc_initiation_url": urls["login"],
            "target_link_uri": urls["launch"],
            "public_jwk_url": urls["jwks"],
            "scopes": [
                outbox.SCORE,
                outbox.LINE_ITEM,
                outbox.LINE_ITEM_READ,
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
            ],
            "extensions": [
                {
                    "platform": "canvas.instructure.com",
                    "privacy_level": "public",
                    "domain": urlsplit(urls["launch"]).netloc,
                    "settings": {
                        "text": "Lens",
                        "placements": [
                            {"placement": "assignment_selection", **deep_link},
                            {"placement": "link_selection", **deep_link},
                        ],
                    },
                }
            ],
            "custom_fields": {},
        }
    )


def attach(bp: Blueprint) -> None:
    bp.add_url_rule("/lti/jwks", "jwks", jwks)
    bp.add_url_rule("/lti/canvas.json", "canvas_json", canvas_json)
    bp.add_url_rule("/teacher/lti", "admin_page", login_required(admin_page), methods=["GET", "POST"])
    bp.add_url_rule(
        "/teacher/lti/<id:platform_id>/remove", "remove_platform", login_required(remove_platform), methods=["POST"]
    )
    bp.add_url_rule(
        "/teacher/classes/<id:class_id>/lti/roster", "pull_roster", login_required(pull_roster), methods=["POST"]
    )
    for command in (lti_register, lti_keys, lti_send_scores):
        bp.cli.add_command(command)


# --- Commands


@click.command("lti-register")
@click.option("--issuer", required=True, help="The platform's issuer (iss), e.g. https://canvas.instructure.com.")
@click.option("--client-id", required=True, help="The client id the platform gave Lens.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True, help="A deployment id (repeatable).")
@click.option("--auth-login-url", required=True, help="The platform's OIDC authentication URL.")
@click.option("--token-url", required=True, help="The platform's OAuth2 access token URL.")
@click.option("--key-set-url", required=True, help="The platform's public key set (JWKS) URL.")
@click.option("--name", default="", help="A name for the platform, for the admin page.")
@with_appcontext
def lti_register(issuer, client_id, deployment_ids, auth_login_url, token_url, key_set_url, name) -> None:
    """Register a learning platform (LTI 1.3), or add deployments to one registered before."""
    try:
        found = registry.register(issuer, client_id, list(deployment_ids), auth_login_url, token_url, key_set_url, name)
    except registry.RegistrationError as problem:
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    registry.signing_key()
    deployments = ", ".join(d.deployment_id for d in found.deployments)
    click.echo(f"Registered {found.name} ({found.issuer}, client id {found.client_id}; deployments {deployments}).")


@click.command("lti-keys")
@click.option("--rotate", is_flag=True, help="Make a new key pair that signs from now on.")
@click.option("--retire-old", is_flag=True, help="Take every key but the newest out of the key set.")
@with_appcontext
def lti_keys(rotate: bool, retire_old: bool) -> None:
    """List Lens's LTI key pairs; rotate them (the old key stays in /lti/jwks until retired)."""
    if rotate:
        key = registry.rotate()
        db.session.commit()
        click.echo(f"New key {key.kid} signs from now on; the old ones stay in the key set until --retire-old.")
    if retire_old:
        retired = registry.retire_old()
        db.session.commit()
        click.echo(f"Retired {len(retired)} key(s): {', '.join(retired) or 'none'}.")
    registry.signing_key()
    for number, key in enumerate(registry.active_keys()):
        role = "signs" if number == 0 else "in the key set"
        click.echo(f"{key.kid}  made {key.created_at:%Y-%m-%d %H:%M}  {role}")


@click.command("lti-send-scores")
@with_appcontext
def lti_send_scores() -> None:
    """Send the scores waiting for a platform now (the app also retries them as requests come in)."""
    sent, failed = outbox.send_due(ignore_wait=True)
    click.echo(f"{sent} score(s) sent, {failed} still waiting.")
    if failed:
        raise click.ClickException("Some scores could not be sent; the class's dashboard says why. They are kept.")
