"""Rebuild a published site from its source and compare it file by file (for verify.py and ledger.py).

Builds are byte-reproducible: the same commit, status date (`as_of`) and SOURCE_DATE_EPOCH give
the same bytes. A site's `api/index.json` names all three, so the strongest check of a published
site is to build its source commit again, in a temporary git worktree of the clone, and compare:
any edited page, falsified date or status, removed revision or deleted file shows as a file
that differs, is missing, or should not be there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policy_engine.api import SiteIndex
from policy_engine.errors import PolicyError
from published import read_bytes

MKDOCS = Path(sys.executable).parent / "mkdocs"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, "GIT_NO_REPLACE_OBJECTS": "1"}
    )


def check_source_commit(root: Path, commit: str) -> str | None:
    """None when `commit` is on the first-parent history of HEAD in the clone at `root`, else why not."""
    if _git(root, "cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        return (
            f"the site was built from commit {commit[:7]}, which is not in this clone: fetch it, or the "
            "history it was published from was rewritten."
        )
    first_parent = _git(root, "rev-list", "--first-parent", "HEAD").stdout.split()
    if commit not in first_parent:
        return (
            f"the site was built from commit {commit[:7]}, which is not on the first-parent history of "
            "this clone's HEAD (main): it was built from another branch, or main was rewritten since."
        )
    return None


@contextmanager
def rebuilt_site(root: Path, index: SiteIndex) -> Iterator[Path]:
    """The site built again from the index's source commit, as-of date and SOURCE_DATE_EPOCH."""
    commit = index.source_commit or ""
    if not commit:
        raise PolicyError(
            "the site's api/index.json names no source commit, so it cannot be rebuilt.",
            hint="publish a site built by `make site` from a git clone.",
        )
    with tempfile.TemporaryDirectory(prefix="policy-rebuild-") as folder:
        source = Path(folder) / "source"
        added = _git(root, "worktree", "add", "--detach", "--force", str(source), commit)
        if added.returncode != 0:
            raise PolicyError(
                f"commit {commit[:7]} could not be checked out to rebuild the site ({added.stderr.strip()}).",
                hint="fetch the full history (git fetch --unshallow).",
            )
        try:
            epoch = index.source_date_epoch or _git(root, "log", "-1", "--format=%ct", commit).stdout.strip()
            env = {
                key: value
                for key, value in os.environ.items()
                if key not in ("POLICY_DRAFTS", "POLICY_NO_HISTORY", "SOURCE_DATE_EPOCH")
            }
            env.update(POLICY_AS_OF=index.as_of, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
            if (source / "hooks" / "policy_engine").is_dir():
                # The engine as the source commit has it, not this checkout's (installed) one: the
                # site is compared with what its own commit builds.
                env["PYTHONPATH"] = os.pathsep.join([str(source / "hooks"), str(source / "scripts")])
            site = Path(folder) / "site"
            build = subprocess.run(
                [str(MKDOCS), "build", "--strict", "--site-dir", str(site)],
                cwd=source,
                env=env,
                capture_output=True,
                text=True,
            )
            if build.returncode != 0:
                last = (build.stdout + build.stderr).strip().splitlines()[-3:]
                raise PolicyError(
                    f"rebuilding commit {commit[:7]} failed: {' / '.join(last)}",
                    hint="run `make site` in this clone to see why.",
                )
            yield site
        finally:
            _git(root, "worktree", "remove", "--force", str(source))


def site_files(site: Path) -> list[str]:
    """Every file of a built site, as site paths, sorted; dot-files (a deploy's .nojekyll) left out."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)
    )


def differing_files(source: str, rebuilt: Path) -> list[str]:
    """Each file of the rebuilt site the published `source` lacks or has different, and (for a folder)
    each file it has that the rebuild does not: the first differing file first."""
    problems = []
    for name in site_files(rebuilt):
        published = read_bytes(source, name)
        if published is None:
            problems.append(f"{name} is missing from the published site.")
        elif published != (rebuilt / name).read_bytes():
            problems.append(
                f"{name} differs from the rebuilt file" + _first_difference(published, (rebuilt / name).read_bytes())
            )
    if not source.startswith(("https://", "http://", "file://")) and Path(source).is_dir():
        expected = set(site_files(rebuilt))
        problems += [
            f"{name} is on the published site but not in the rebuild (added by hand, or a draft)."
            for name in site_files(Path(source))
            if name not in expected
        ]
    return problems


def _first_difference(published: bytes, rebuilt: bytes) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(published, rebuilt, strict=False)) if a != b),
        min(len(published), len(rebuilt)),
    )
    line = rebuilt[:at].count(b"\n") + 1
    shown = published[max(at - 30, 0) : at + 50].decode("utf-8", errors="replace").replace("\n", " ")
    expected = rebuilt[max(at - 30, 0) : at + 50].decode("utf-8", errors="replace").replace("\n", " ")
    return f" at line {line}: published «{shown}», rebuilt «{expected}»."


def json_differences(published: Any, rebuilt: Any, name: str) -> list[str]:
    """Field by field, what a published revisions.json says that the history does not (posted, status, in_force…)."""
    problems = []
    for key in ("policy", "lang", "title", "in_force"):
        if published.get(key) != rebuilt.get(key):
            problems.append(
                f"{name}: `{key}` is {json.dumps(published.get(key), ensure_ascii=False)} on the site; "
                f"the history says {json.dumps(rebuilt.get(key), ensure_ascii=False)}."
            )
    theirs = {str(r.get("id")): r for r in published.get("revisions") or []}
    ours = {str(r.get("id")): r for r in rebuilt.get("revisions") or []}
    for revision_id, record in ours.items():
        if revision_id not in theirs:
            problems.append(f"{name}: revision {revision_id} of the history is missing from the site.")
            continue
        for key, value in record.items():
            if theirs[revision_id].get(key) != value:
                problems.append(
                    f"{name}: revision {revision_id} `{key}` is "
                    f"{json.dumps(theirs[revision_id].get(key), ensure_ascii=False)} on the site; the "
                    f"history says {json.dumps(value, ensure_ascii=False)}."
                )
    problems += [
        f"{name}: revision {revision_id} is on the site but not in the history."
        for revision_id in theirs
        if revision_id not in ours
    ]
    return problems
