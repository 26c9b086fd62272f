"""Fixtures: throwaway git repositories in our layout, with scripted, dated commits.

`policy_repo` gives a `PolicyRepo` whose `commit()` writes files and commits them at a date
(committer and author dates set explicitly, no git identity needed), and whose `build()` runs
`mkdocs build --strict` on it in a subprocess, exactly as `make site` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SITE_FILES = ("mkdocs.yml", "hooks", "overrides", "docs/assets")


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    return subprocess.run(["git", *args], cwd=cwd, env=full_env, check=True, capture_output=True, text=True).stdout


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def json(self, path: str) -> dict:
        return json.loads((self.site / path).read_text(encoding="utf-8"))


class PolicyRepo:
    """A git repository laid out like this project, for scripted policy histories."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        for name in SITE_FILES:
            source = PROJECT / name
            target = root / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        for lang, title in (("ja", "ホーム"), ("en", "Home")):
            self.write(f"docs/{lang}/index.md", f"---\ntitle: {title}\n---\n\n[policy](privacy.md)\n")
        self.commit("Site skeleton", "2017-05-01T10:00:00+09:00", add_all=True)

    def write(self, path: str, text: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, files: dict[str, str | bytes] | None = None, add_all: bool = True) -> str:
        """Write `files`, then commit everything at `date` (ISO 8601 with offset). Returns the sha."""
        for path, text in (files or {}).items():
            self.write(path, text)
        if add_all:
            git(self.root, "add", "-A")
        env = {
            "GIT_AUTHOR_NAME": "Legal Team",
            "GIT_AUTHOR_EMAIL": "legal@example.com",
            "GIT_COMMITTER_NAME": "Legal Team",
            "GIT_COMMITTER_EMAIL": "legal@example.com",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return git(self.root, "rev-parse", "HEAD").strip()

    def build(self, as_of: str = "2026-11-29", env: dict[str, str] | None = None, site: str = "site") -> BuildResult:
        """`mkdocs build --strict`, with the status date fixed so tests do not depend on today."""
        full_env = {
            **os.environ,
            "POLICY_AS_OF": as_of,
            "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            **(env or {}),
        }
        process = subprocess.run(
            [str(VENV_BIN / "mkdocs"), "build", "--strict", "--site-dir", site],
            cwd=self.root,
            env=full_env,
            capture_output=True,
            text=True,
        )
        if process.returncode == 0:
            check_api_documents(self.root / site)
        return BuildResult(process.returncode, process.stdout + process.stderr, self.root / site)


def check_api_documents(site: Path) -> int:
    """Every JSON document a build published under api/ matches its JSON Schema (the published
    contract, `policy_engine.api`) and reads back through its record type to the same bytes: the
    reader and the writer agree. Run on every site a test builds. Returns how many it checked."""
    from policy_engine.api import ChangesDocument, RevisionsDocument, SiteIndex

    checked = 0
    for file in sorted(site.glob("api/**/*.json")):
        name = file.relative_to(site).as_posix()
        if name.startswith("api/schema/"):
            continue
        kind = SiteIndex if name == "api/index.json" else ChangesDocument if "/changes/" in name else RevisionsDocument
        raw = file.read_bytes()
        assert kind.loads(raw, where=name).dumps().encode("utf-8") == raw, f"{name} does not read back the same"
        checked += 1
    return checked


def policy_text(
    effective: str,
    body: str,
    *,
    title: str = "Privacy Policy",
    summary: str = "Established",
    consent_required: bool | None = None,
    extra: str = "",
) -> str:
    """A policy file: front matter and body."""
    lines = ["---", f"title: {title}", f"effective: {effective}", f"summary: {summary}"]
    if consent_required is not None:
        lines.append(f"consent_required: {'true' if consent_required else 'false'}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n---\n\n" + body.strip("\n") + "\n"


@pytest.fixture
def policy_repo(tmp_path: Path) -> PolicyRepo:
    return PolicyRepo(tmp_path / "repo")


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real project built from a clone of its own git history (committed state)."""
    clone = tmp_path_factory.mktemp("project") / "clone"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    full_env = {**os.environ, "POLICY_AS_OF": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.run(
        [str(VENV_BIN / "mkdocs"), "build", "--strict", "--site-dir", "site"],
        cwd=clone,
        env=full_env,
        capture_output=True,
        text=True,
    )
    return BuildResult(process.returncode, process.stdout + process.stderr, clone / "site")
