"""The pinned requirements: what the site needs apart from what the tests need, every package
pinned with hashes, and the publish path installing only the site's packages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import PROJECT

REQUIREMENTS = PROJECT / "requirements"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+) \\$")


def pins(lock: Path) -> dict[str, str]:
    """Package name (normalised) -> version, checking that each one carries at least one hash."""
    found: dict[str, str] = {}
    lines = lock.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if not line or line.startswith((" ", "#")):
            continue
        match = PIN.match(line)
        assert match, f"{lock.name}:{number + 1}: not an exact pin followed by hashes: {line!r}"
        assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{lock.name}:{number + 1}: no hash"
        found[re.sub(r"[-_.]+", "-", match["name"]).lower()] = match["version"]
    return found


def test_every_package_is_pinned_with_hashes_and_the_tests_use_the_sites_versions() -> None:
    site, test = pins(REQUIREMENTS / "site.txt"), pins(REQUIREMENTS / "test.txt")

    assert {"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "gitpython"} <= site.keys()
    assert {name: test.get(name) for name in site} == site
    # The site build does without the test tools: the publish job never installs them.
    assert not {"pytest", "playwright", "hypothesis", "ruff", "mypy"} & site.keys()
    assert {"pytest", "playwright", "hypothesis", "ruff", "mypy"} <= test.keys()


def test_each_top_level_package_of_the_in_files_is_in_its_lock() -> None:
    for name in ("site", "test"):
        locked = pins(REQUIREMENTS / f"{name}.txt")
        for line in (REQUIREMENTS / f"{name}.in").read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith("-"):
                continue
            package, _, version = line.partition("==")
            assert locked.get(re.sub(r"[-_.]+", "-", package).lower()) == version, f"{name}.in: {line}"


def test_building_the_site_installs_only_the_site_requirements(tmp_path: Path) -> None:
    """`make site` in a fresh checkout (dry run): a venv from requirements/site.txt, hash-checked."""
    commands = subprocess.run(
        ["make", "--dry-run", "site", "lint", f"VENV={tmp_path / 'venv'}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "--require-hashes -r requirements/site.txt" in commands
    assert "--editable ." in commands
    assert "requirements/test.txt" not in commands


def test_the_tests_install_both() -> None:
    commands = subprocess.run(
        ["make", "--dry-run", "test", "VENV=/nonexistent/venv"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout

    assert commands.index("requirements/site.txt") < commands.index("requirements/test.txt")
