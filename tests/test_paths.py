"""Hostile file names and settings: refused with one clean message, never a traceback or a wrong site.

A policy id is its file name and becomes part of every URL the build makes for it, so it is a
plain slug; a link under docs/ that leads out of the repository is never published; a bad
`POLICY_AS_OF` or time zone is one sentence with a hint. Each case is a real scripted repository
built as `make site` builds it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_faults import assert_refused

from conftest import PolicyRepo, policy_text

BODY = "## 1. Scope\n\n1.1. This policy applies to all services.\n"


def establish(repo: PolicyRepo, extra: dict[str, str] | None = None) -> None:
    repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2017-05-10", BODY),
            "docs/ja/privacy.md": policy_text("2017-05-10", BODY, title="プライバシーポリシー"),
            **(extra or {}),
        },
    )


@pytest.mark.parametrize(
    "name, reason",
    [
        ("docs/ja/en.md", "a language"),
        ("docs/en/api.md", "its own files"),
        ("docs/en/search.md", "its own files"),
        ("docs/en/assets.md", "its own files"),
    ],
)
def test_a_policy_id_that_names_a_folder_of_the_site_is_refused(
    policy_repo: PolicyRepo, name: str, reason: str
) -> None:
    establish(policy_repo, {name: policy_text("2017-05-10", BODY, title="Other")})

    result = policy_repo.build()

    assert_refused(result, name, reason, "rename the file")


@pytest.mark.parametrize(
    "name",
    [
        "docs/en/...md",
        "docs/en/sitemap.xml.md",
        "docs/en/Privacy Policy.md",
        "docs/en/terms<b onmouseover=alert(2)>.md",
    ],
)
def test_a_policy_id_that_is_not_a_plain_slug_is_refused(policy_repo: PolicyRepo, name: str) -> None:
    establish(policy_repo, {name: policy_text("2017-05-10", BODY, title="Other")})

    result = policy_repo.build()

    assert_refused(result, "is not a plain name", "lower-case letters")


def test_file_names_that_differ_only_by_unicode_normalisation_are_refused(policy_repo: PolicyRepo) -> None:
    """`ポリシー` written precomposed (NFC) in Japanese and decomposed (NFD) in English would look
    alike and never pair: a policy id is ASCII, so neither is accepted."""
    establish(
        policy_repo,
        {
            "docs/ja/ポリシー.md": policy_text("2017-05-10", BODY, title="ポリシー"),
            "docs/en/ホ\u309aリシー.md": policy_text("2017-05-10", BODY, title="Policy"),
        },
    )

    result = policy_repo.build()

    assert_refused(result, "is not a plain name")


def test_a_link_under_docs_that_leads_outside_the_repository_is_not_published(
    policy_repo: PolicyRepo, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN\n")
    establish(policy_repo)
    os.symlink(secret, policy_repo.root / "docs/en/leak.md")
    os.symlink(tmp_path, policy_repo.root / "docs/assets/outside")

    result = policy_repo.build()

    assert_refused(result, "symbolic link", "outside the repository")


def test_a_policy_file_that_is_a_link_is_refused(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)
    policy_repo.write("docs/shared/terms.md", policy_text("2017-05-10", BODY, title="Terms"))
    os.symlink("../../docs/shared/terms.md", policy_repo.root / "docs/en/terms.md")
    policy_repo.commit("Link terms", "2018-01-01T10:00:00+09:00")

    result = policy_repo.build()

    assert_refused(result, "docs/en/terms.md", "is a symbolic link")


def test_a_dangling_link_is_refused_not_a_traceback(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)
    os.symlink("/nonexistent/file.md", policy_repo.root / "docs/en/gone.md")

    result = policy_repo.build()

    assert_refused(result, "docs/en/gone.md", "does not exist")


def test_a_nul_byte_in_a_policy_is_refused_with_its_line(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)
    policy_repo.commit(
        "NUL",
        "2018-01-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2017-05-10", BODY + "\n1.2. Hidden\x00text.\n").encode(),
        },
    )

    result = policy_repo.build()

    assert_refused(result, "docs/en/privacy.md:11", "NUL byte")


def test_a_policy_as_of_that_is_not_a_date_is_one_clean_message(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)

    result = policy_repo.build(as_of="2027/04/02")

    assert_refused(result, "POLICY_AS_OF=2027/04/02 is not a date written YYYY-MM-DD")
    assert len(result.output.strip().splitlines()) < 8, result.output


def test_an_unknown_time_zone_in_mkdocs_yml_is_one_clean_message(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)
    config = (policy_repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    policy_repo.write("mkdocs.yml", config.replace("timezone: Asia/Tokyo", "timezone: Mars/Olympus_Mons"))

    result = policy_repo.build()

    assert_refused(result, "mkdocs.yml", "Mars/Olympus_Mons", "option 'timezone'", "Asia/Tokyo")


def test_serve_shows_a_policy_error_on_every_page_instead_of_hanging(
    policy_repo: PolicyRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In `mkdocs serve` (built in this process as serve builds, after on_startup("serve")) a refused
    history does not stop the preview: every page shows the error, escaped, and nothing else."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    establish(policy_repo)
    policy_repo.commit(
        "Backwards",
        "2018-01-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2016-01-01", BODY + "\n1.2. <b>New</b>.\n"),
        },
    )
    monkeypatch.setenv("POLICY_AS_OF", "2026-11-29")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    config = load_config(config_file=str(policy_repo.root / "mkdocs.yml"), site_dir=str(policy_repo.root / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()

    for page in ("index.html", "en/index.html", "privacy/index.html", "en/privacy/index.html"):
        html = (policy_repo.root / "preview" / page).read_text(encoding="utf-8")
        assert 'id="policy-build-error"' in html, page
        assert "The site cannot be built" in html and "effective date 2016-01-01 is earlier" in html
        assert "hint:" in html
    assert not (policy_repo.root / "preview/api/index.json").exists()  # never a publishable site
