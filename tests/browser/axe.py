"""axe-core, injected into the page under test, with a failure message that says what to fix and where."""

from __future__ import annotations

import os
from functools import cache

import pytest

from helpers import ROOT

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}
RUN_AXE = "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"


@cache
def axe_source() -> str:
    """axe.min.js as `npm ci` installs it; without it the test is skipped, except under CI where it fails."""
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT.read_text(encoding="utf-8")
    missing = f"axe-core is not installed ({AXE_SCRIPT} is missing): run `npm ci --no-audit --no-fund`"
    if os.environ.get("CI"):
        pytest.fail(f"accessibility checks cannot run in CI: {missing}")
    pytest.skip(f"browser tests skipped: {missing}")


def assert_accessible(page, state: str) -> None:
    """axe-core finds no serious or critical violation on the page as it stands."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated rather than added as a <script>: the app's CSP lets only its own scripts run.
        page.evaluate(axe_source() + "\n;undefined")
    violations = [found for found in page.evaluate(RUN_AXE, TAGS) if found["impact"] in BLOCKING]
    assert not violations, describe(violations, f"{state} ({page.url})")


def describe(violations: list[dict], where: str) -> str:
    """One line per rule broken (its id, impact and help), then the first few elements that break it."""
    lines = [f"axe-core found {len(violations)} serious or critical problem(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            advice = node["failureSummary"].splitlines()[1].strip()  # the first way to fix it, under "Fix any/all"
            lines.append(f"    {target}: {advice}")
    return "\n".join(lines)
