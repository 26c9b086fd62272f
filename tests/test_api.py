"""The JSON API's contract: one record type per document writes and reads it, and its JSON Schema
(published under /api/schema/) says what every document holds; the ledger and verify refuse a
site whose JSON does not match it, naming the file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from policy_engine import api
from policy_engine.errors import PolicyError

from conftest import PROJECT, BuildResult, PolicyRepo, check_api_documents, policy_text

POLICY = "docs/en/privacy.md"
BODY = "## 1. Scope\n\n1.1. This policy applies to all services.\n"
JA = "## 1. 適用範囲\n\n1.1. 本ポリシーは、当社のすべてのサービスに適用されます。\n"
KINDS: tuple[api.DocumentKind, ...] = ("revisions", "changes", "index")


@pytest.fixture
def two_revisions(policy_repo: PolicyRepo) -> tuple[PolicyRepo, BuildResult]:
    policy_repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            POLICY: policy_text("2017-05-10", BODY),
            "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
        },
    )
    policy_repo.commit(
        "Extend the scope",
        "2020-04-01T10:00:00+09:00",
        {POLICY: policy_text("2020-04-01", BODY.replace("all services", "all services and websites"), summary="Scope")},
    )
    built = policy_repo.build()
    assert built.returncode == 0, built.output
    return policy_repo, built


def test_the_site_publishes_each_schema_as_the_engine_has_it(project_site: BuildResult) -> None:
    for kind in KINDS:
        published = project_site.site / "api/schema" / api.schema_name(kind)
        assert published.read_bytes() == (api.SCHEMA_DIR / api.schema_name(kind)).read_bytes()
        document = json.loads(published.read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(document)


def test_every_document_of_the_project_site_matches_its_schema_and_reads_back_byte_for_byte(
    project_site: BuildResult,
) -> None:
    # Every site a test builds is checked this way (conftest's build); here the real one, by count.
    policies = api.SiteIndex.loads((project_site.site / api.INDEX_PATH).read_bytes(), where="index").policies
    assert check_api_documents(project_site.site) >= 1 + len(policies)


def test_the_schema_lists_every_field_the_records_write(two_revisions: tuple[PolicyRepo, BuildResult]) -> None:
    """A field added to a record without its schema (or the reverse) fails here, not in an integrator's app."""
    site = two_revisions[1].site
    index = api.SiteIndex.loads((site / api.INDEX_PATH).read_bytes(), where="index")
    revisions = api.RevisionsDocument.loads((site / index.policies[0].revisions).read_bytes(), where="revisions")
    changes_file = next(site.glob("api/*/*/changes/*.json"))
    changes = api.ChangesDocument.loads(changes_file.read_bytes(), where="changes")

    def properties(kind: api.DocumentKind, definition: str | None = None) -> set[str]:
        schema = api.schema(kind)
        return set((schema["$defs"][definition] if definition else schema)["properties"])

    assert set(index.to_json()) == properties("index") == set(api.schema("index")["required"])
    assert set(index.policies[0].to_json()) == set(api.schema("index")["properties"]["policies"]["items"]["required"])
    assert set(revisions.to_json()) == properties("revisions")
    assert set(revisions.revisions[0].to_json()) == properties("revisions", "revision")
    assert set(changes.to_json()) == properties("changes")
    assert set(changes.clauses[0].to_json()) == properties("changes", "clause")
    full_correction = api.CorrectionRecord("c", "t", "r", (("summary", "old"),), declared_posted=True)
    assert set(full_correction.to_json()) == properties("revisions", "correction")
    assert set(api.AbandonmentRecord("t", "c", "r", "2020-01-01").to_json()) == properties("revisions", "abandonment")


_json_text = st.text(st.characters(exclude_categories=("Cs",)))  # JSON text never holds lone surrogates
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _json_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_json_text, inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_json_text, _json_values, max_size=6))
def test_dumps_writes_exactly_what_the_standard_library_writes(document: dict[str, Any]) -> None:
    assert api.dumps(document) == json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_a_record_reads_back_as_it_was_written() -> None:
    record = api.RevisionRecord(
        id="2020-04-01",
        effective="2020-04-01",
        posted="2020-03-01T10:00:00+09:00",
        posted_source="git",
        posted_commit="a" * 40,
        status="in-force",
        commit="b" * 40,
        path=POLICY,
        sha256="0" * 64,
        consent_required=True,
        consent_clauses=("3.1",),
        summary="要約",
        title="Privacy Policy",
        corrections=(api.CorrectionRecord("b" * 40, "2020-04-02T10:00:00+09:00", "typo", (("summary", "x"),)),),
        postponed=None,
        withdrawn=api.AbandonmentRecord("2020-03-20T10:00:00+09:00", "c" * 40, "reconsidered"),
        url="/privacy/history/2020-04-01/",
        changes_url=None,
    )
    document = api.RevisionsDocument("privacy", "en", "Privacy Policy", None, (record,))
    assert api.RevisionsDocument.loads(document.dumps().encode(), where="test") == document


def test_a_document_that_does_not_match_its_schema_is_refused_with_its_name_and_the_place() -> None:
    index = {"format": "policy-site-index/1", "policies": []}
    with pytest.raises(PolicyError) as refused:
        api.SiteIndex.from_json(index, where="live/api/index.json")
    message = str(refused.value)
    assert message.startswith("live/api/index.json does not match its published schema (api/schema/index.schema.json)")
    assert "is a required property" in message and "\nhint: " in message


def tampered(site: Path, tmp_path: Path, name: str, change: Any) -> Path:
    copy = tmp_path / "tampered"
    shutil.copytree(site, copy)
    document = json.loads((copy / name).read_text(encoding="utf-8"))
    change(document)
    (copy / name).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return copy


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(PROJECT / "scripts" / script), *args], capture_output=True, text=True)


def test_the_ledger_refuses_a_site_whose_changes_file_does_not_match_its_schema(
    two_revisions: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    repo, built = two_revisions
    name = "api/privacy/en/changes/2020-04-01.json"
    site = tampered(built.site, tmp_path, name, lambda d: d["clauses"][0]["segments"][0].__setitem__("op", "replace"))

    result = run("ledger.py", "--site", str(site), "--repo", str(repo.root), "--no-rebuild", "--published", str(site))

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{site / name} does not match its published schema (api/schema/changes.schema.json)" in result.stderr
    assert "clauses[0].segments[0].op: 'replace' is not one of ['equal', 'insert', 'delete']" in result.stderr


def test_the_ledger_refuses_a_live_site_whose_revisions_do_not_match_their_schema(
    two_revisions: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    repo, built = two_revisions
    name = "api/privacy/en/revisions.json"
    live = tampered(built.site, tmp_path, name, lambda d: d["revisions"][0].pop("sha256"))

    result = run(
        "ledger.py", "--site", str(built.site), "--repo", str(repo.root), "--no-rebuild", "--published", str(live)
    )

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{live / name} does not match its published schema" in result.stderr
    assert "revisions[0]: 'sha256' is a required property" in result.stderr


def test_verify_refuses_a_site_whose_index_does_not_match_its_schema(
    two_revisions: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    repo, built = two_revisions
    site = tampered(built.site, tmp_path, "api/index.json", lambda d: d.__setitem__("as_of", "yesterday"))

    result = run("verify.py", str(site), "--repo", str(repo.root), "--no-rebuild")

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{site / 'api/index.json'} does not match its published schema (api/schema/index.schema.json)" in (
        result.stderr
    )
    assert "as_of: 'yesterday' does not match" in result.stderr
