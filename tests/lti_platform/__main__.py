"""Serve the test platform by hand: `python tests/lti_platform --tool http://127.0.0.1:5000 [--port 9001]`."""

import shlex
import sys
import threading
from pathlib import Path

import click

TOOL_PATHS = {"login": "/lti/login", "launch": "/lti/launch", "jwks": "/lti/jwks"}


def registration_command(platform) -> str:
    """The command that tells Lens about this platform, ready to paste into a shell."""
    return shlex.join(["flask", "--app", "quiz", "lti-register", *platform.registration_options()])


@click.command()
@click.option("--tool", required=True, help="The base URL of the Lens server, e.g. http://127.0.0.1:5000")
@click.option("--port", default=9001, show_default=True, help="The port the platform listens on, on 127.0.0.1.")
def main(tool: str, port: int):
    """Run an LTI 1.3 test platform (an imitation LMS) for a Lens server, until Ctrl+C."""
    from lti_platform import Member, TestPlatform
    from lti_platform.pages import COURSE, STUDENT, TEACHER

    base = tool.rstrip("/")
    urls = {name: base + path for name, path in TOOL_PATHS.items()}
    platform = TestPlatform(urls["login"], urls["launch"], urls["jwks"], urls["launch"], port=port)
    # A small class, so that the course roster (Names and Role Provisioning) has more than whoever launched.
    classmate = Member(
        user_id="stu-2", name="Rui Lopes", given_name="Rui", family_name="Lopes", email="rui@example.org"
    )
    platform.members[COURSE["context_id"]] = [STUDENT, TEACHER, classmate]
    platform.start()
    click.echo(f"Lens is expected at {urls['login']} (login), {urls['launch']} (launch), {urls['jwks']} (keys).")
    click.echo("Register this platform with Lens:\n")
    click.echo("  " + registration_command(platform) + "\n")
    click.echo(f"Then open {platform.issuer}/ to launch Lens as a student or a teacher. Ctrl+C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        platform.stop()


if __name__ == "__main__":
    # Run as a folder (python tests/lti_platform), Python puts this folder first on the path, not tests/.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
