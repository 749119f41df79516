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
# axe leaves two elements with one id that a label or an ARIA attribute points to as "needs review" (it cannot tell
# which was meant), but the browser then names the first of them only: the other input has no name. That fails here.
FAIL_WHEN_UNSURE = ["duplicate-id-aria"]
RUN_AXE = """async ({tags, failWhenUnsure}) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.concat(results.incomplete.filter(found => failWhenUnsure.includes(found.id)));
}"""


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
    found = page.evaluate(RUN_AXE, {"tags": TAGS, "failWhenUnsure": FAIL_WHEN_UNSURE})
    violations = [violation for violation in found if violation["impact"] in BLOCKING]
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
