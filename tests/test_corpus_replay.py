"""Real policy histories (../shared/corpus, not part of this project) build into a plausible history.

Each history is replayed into a fresh repository in this project's layout by the corpus's own
`replay.py`; the site files are copied in and the site is built in strict mode. No corpus text
is stored in the project: it only passes through tmp_path.
"""

from __future__ import annotations

import importlib.util
import subprocess
import types

import pytest

from conftest import PROJECT, PolicyRepo, git

CORPUS = PROJECT.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "replay.py").exists(),
    reason=f"the real-policy corpus is not at {CORPUS} (it ships beside the project, not in it)",
)


def _frozen_summaries(module: types.ModuleType) -> None:
    """Adapt the corpus's convention to this project's: the replay writes each commit's subject as
    `summary:`, but a published revision's summary is frozen (tests/test_frozen_history.py). So a
    later commit of the same revision keeps its summary and gives the subject as `correction:`."""
    render = module.render
    first: dict[tuple[str, str], str] = {}

    def frozen(record: dict, effective: str) -> str:
        text = render(record, effective)
        key = (record["lang"], effective)
        subject = module.yaml_str(record["subject"])
        if key not in first:
            first[key] = subject
            return text
        return text.replace(f"summary: {subject}\n", f"summary: {first[key]}\ncorrection: {subject}\n", 1)

    module.render = frozen


def replay(name: str, pair: str | None, tmp_path) -> PolicyRepo:
    """Replay a corpus history, then add our site files and home pages in one more commit."""
    root = tmp_path / name
    spec = importlib.util.spec_from_file_location("corpus_replay", CORPUS / "replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _frozen_summaries(module)
    module.replay([name] + ([pair] if pair else []), str(root), "privacy")
    repo = PolicyRepo.__new__(PolicyRepo)
    repo.root = root
    for path, source in (
        ("mkdocs.yml", "mkdocs.yml"),
        ("hooks", "hooks"),
        ("overrides", "overrides"),
        ("docs/assets", "docs/assets"),
    ):
        subprocess.run(["cp", "-r", str(PROJECT / source), str(root / path)], check=True)
    for lang in ("ja", "en"):
        repo.write(f"docs/{lang}/index.md", "---\ntitle: Home\n---\n\nHome\n")
        if not (root / f"docs/{lang}/privacy.md").exists():
            # A one-language history: the other language gets a one-revision stand-in policy.
            repo.write(f"docs/{lang}/privacy.md", "---\ntitle: Privacy\neffective: 2030-01-01\n---\n\nStand-in.\n")
    repo.commit("Site files", "2030-01-01T00:00:00+09:00")
    return repo


def commits_touching(repo: PolicyRepo, path: str) -> int:
    return len(git(repo.root, "log", "--first-parent", "--format=%H", "--", path).split())


@pytest.mark.parametrize(
    ("name", "pair"),
    [
        ("mozilla-websites-privacy-ja", "mozilla-websites-privacy-en"),
        ("github-terms-en", None),
    ],
)
def test_a_real_history_builds_with_a_plausible_revision_count(name: str, pair: str | None, tmp_path) -> None:
    repo = replay(name, pair, tmp_path)
    result = repo.build(as_of="2030-01-01")
    assert result.returncode == 0, result.output[-3000:]
    for lang in ("ja", "en"):
        if commits_touching(repo, f"docs/{lang}/privacy.md") < 3:
            continue
        data = result.json(f"api/privacy/{lang}/revisions.json")
        revisions = data["revisions"]
        commits = commits_touching(repo, f"docs/{lang}/privacy.md")
        # The replay gives every reworded text a new effective date; formatting-only commits are
        # corrections or nothing. So there are at least two revisions and never more than commits.
        assert 2 <= len(revisions) <= commits, (lang, len(revisions), commits)
        assert [r["effective"] for r in revisions] == sorted((r["effective"] for r in revisions), reverse=True)
        assert data["in_force"] == revisions[0]["id"]
        assert (
            result.site / f"{'' if lang == 'ja' else 'en/'}privacy/history/{revisions[0]['id']}/changes/index.html"
        ).exists()
