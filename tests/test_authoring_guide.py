"""The guide's step-by-step file is what the guide says it is: sound, and with nothing for the gaming checks."""

import re

from helpers import ROOT

GUIDE = ROOT / "docs" / "authoring.md"


def test_the_file_the_guide_builds_step_by_step_validates_with_no_warning(runner, tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    steps = [block for block in blocks if block.startswith(("# yaml-language-server", "\nitems:", "\n  - id:"))]
    assert len(steps) == 4, "steps 1, 2, 4 and 5 each add one block"
    path = tmp_path / "meps-and-money.yaml"
    path.write_text("".join(steps), encoding="utf-8")
    result = runner.invoke(args=["validate", "--strict", str(path)])
    assert result.output == "OK: 1 file(s), 3 item(s) (loaded_wording 1, missing_context 1, unsourced_claims 1).\n"
    assert result.exit_code == 0
