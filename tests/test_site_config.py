"""The site's settings have one home, the `policy-history` plugin's options in mkdocs.yml.

Each mistake a person can make there stops the build with a message naming mkdocs.yml and the
option, and a hint (never a silent fall-back to a default); the old place (`extra: policy:`) is
refused with where each setting moved; and the scripts load the file as the build does, so they
refuse the same mistakes and see the same values.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_faults import assert_refused

from conftest import PROJECT, PolicyRepo, policy_text

BODY = "## 1. Scope\n\n1.1. This policy applies to all services.\n"
PUBLISHER = "      publisher:\n        ja: IJGN株式会社\n        en: IJGN Inc.\n"


def establish(repo: PolicyRepo) -> None:
    repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2017-05-10", BODY),
            "docs/ja/privacy.md": policy_text("2017-05-10", BODY, title="プライバシーポリシー"),
        },
    )


def configure(repo: PolicyRepo, old: str, new: str) -> None:
    config = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in config, f"the project's mkdocs.yml no longer has {old!r}"
    repo.write("mkdocs.yml", config.replace(old, new, 1))


def lint(repo: PolicyRepo) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_AS_OF": "2026-11-29", "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "lint.py"), "--root", str(repo.root)],
        capture_output=True,
        text=True,
        env=env,
    )


MISTAKES = {
    "a misspelt option": (
        "timezone: Asia/Tokyo",
        "timzone: Asia/Tokyo",
        ["option 'timzone'", "`timzone` is not a setting of `policy-history`", "timezone, revised_notice_days"],
    ),
    "an option of another plugin": (
        "revised_notice_days: 30",
        "revised_notice_days: 30\n      languages: [ja, en]",
        ["option 'languages'", "`languages` is not a setting of `policy-history`"],
    ),
    "a city for a time zone": (
        "timezone: Asia/Tokyo",
        "timezone: Tokyo",
        ["option 'timezone'", "the time zone `Tokyo`", "such as Asia/Tokyo"],
    ),
    "an empty time zone": ("timezone: Asia/Tokyo", "timezone:", ["option 'timezone'", "`timezone: None`"]),
    "days in words": (
        "revised_notice_days: 30",
        "revised_notice_days: thirty",
        ["option 'revised_notice_days'", "`revised_notice_days: thirty` is not a number of days", "whole number"],
    ),
    "negative days": ("revised_notice_days: 30", "revised_notice_days: -1", ["`revised_notice_days: -1`"]),
    "a fraction of a day": ("revised_notice_days: 30", "revised_notice_days: 2.5", ["`revised_notice_days: 2.5`"]),
    "yes for days": ("revised_notice_days: 30", "revised_notice_days: yes", ["`revised_notice_days: True`"]),
    "a list of publishers": (
        PUBLISHER,
        "      publisher: [IJGN株式会社, IJGN Inc.]\n",
        ["option 'publisher'", "is not a name per language", "ja: IJGN株式会社"],
    ),
    "a publisher without a name": (
        "        en: IJGN Inc.\n",
        "        en:\n",
        ["option 'publisher'", "`en: None` under `publisher:`"],
    ),
    "a publisher in a language the site does not have": (
        "        en: IJGN Inc.\n",
        "        en: IJGN Inc.\n        fr: IJGN SAS\n",
        ["mkdocs.yml", "`publisher`", "names the language fr", "ja, en"],
    ),
    "the settings' old place": (
        "extra:\n  generator: false\n",
        "extra:\n  generator: false\n  policy:\n    timezone: Asia/Tokyo\n    revised_notice_day: 7\n",
        [
            "mkdocs.yml",
            "no longer read from `extra: policy:`",
            "`timezone` → `timezone:` under `- policy-history:`",
            "`revised_notice_day` → no such setting",
        ],
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_each_mistake_in_the_settings_stops_the_build_and_the_scripts_saying_where(
    policy_repo: PolicyRepo, mistake: str
) -> None:
    old, new, fragments = MISTAKES[mistake]
    establish(policy_repo)
    configure(policy_repo, old, new)

    assert_refused(policy_repo.build(), "mkdocs.yml", *fragments)
    script = lint(policy_repo)
    assert script.returncode == 2, script.stdout + script.stderr
    for fragment in ["mkdocs.yml", "hint:", *fragments]:
        assert fragment in script.stderr, f"{fragment!r} missing from:\n{script.stderr}"
    assert "Traceback" not in script.stderr


def test_an_unknown_option_is_refused_even_without_strict_mode(policy_repo: PolicyRepo) -> None:
    """MkDocs itself only warns about an unknown plugin option unless --strict: the default would
    then apply without a word, so the plugin refuses it in every mode."""
    establish(policy_repo)
    configure(policy_repo, "strict: true", "strict: false")
    configure(policy_repo, "revised_notice_days: 30", "revised_notice_dayz: 7")

    process = subprocess.run(
        [str(PROJECT / ".venv/bin/mkdocs"), "build", "--site-dir", "site"],
        cwd=policy_repo.root,
        env={**os.environ, "POLICY_AS_OF": "2026-11-29", "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull},
        capture_output=True,
        text=True,
    )

    assert process.returncode != 0, process.stdout + process.stderr
    assert "`revised_notice_dayz` is not a setting of `policy-history`" in process.stderr
    assert not (policy_repo.root / "site").exists()


def test_a_site_builds_without_any_setting(policy_repo: PolicyRepo) -> None:
    """Every option has a default: a bare `- policy-history` under `plugins:` is a complete setup."""
    establish(policy_repo)
    config = (policy_repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("  - policy-history:")
    end = config.index("\n\n", start)
    policy_repo.write("mkdocs.yml", config[:start] + "  - policy-history" + config[end:])

    result = policy_repo.build()

    assert result.returncode == 0, result.output
    feed = result.html("api/privacy/en/revisions.atom")
    assert "<name>Privacy Policy</name>" in feed  # no publisher: the feed's author is the policy's title


def test_one_publisher_name_serves_every_language(policy_repo: PolicyRepo) -> None:
    establish(policy_repo)
    configure(policy_repo, PUBLISHER, "      publisher: IJGN\n")

    result = policy_repo.build()

    assert result.returncode == 0, result.output
    for lang in ("ja", "en"):
        assert "<name>IJGN</name>" in result.html(f"api/privacy/{lang}/revisions.atom")


def test_the_scripts_see_the_values_the_build_uses(policy_repo: PolicyRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings the plugin built with (in this process, as `mkdocs serve` builds) are those
    `policy_cli.site_options` and `site_config.site_settings` load from the same mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from policy_cli import site_options
    from policy_engine.site_config import load_site_config, publishers, site_settings

    monkeypatch.setenv("POLICY_AS_OF", "2026-11-29")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    establish(policy_repo)
    configure(policy_repo, "timezone: Asia/Tokyo", "timezone: Pacific/Kiritimati")
    configure(policy_repo, "revised_notice_days: 30", "revised_notice_days: 7")
    configure(policy_repo, "en: IJGN Inc.", "en: IJGN Incorporated")
    policy_repo.commit("Configure", "2017-05-11T10:00:00+09:00")

    config = load_config(config_file=str(policy_repo.root / "mkdocs.yml"), site_dir=str(policy_repo.root / "site"))
    build(config)
    built_with = config.plugins["policy-history"].output.settings

    loaded = load_site_config(policy_repo.root / "mkdocs.yml")
    assert site_settings(loaded) == built_with
    assert (built_with.timezone, built_with.revised_notice_days) == ("Pacific/Kiritimati", 7)
    assert publishers(loaded) == {"ja": "IJGN株式会社", "en": "IJGN Incorporated"}
    options = site_options(policy_repo.root)
    assert (options.timezone, options.languages, options.docs_dir) == (
        "Pacific/Kiritimati",
        ("ja", "en"),
        policy_repo.root / "docs",
    )
    assert "<name>IJGN Incorporated</name>" in (policy_repo.root / "site/api/privacy/en/revisions.atom").read_text(
        encoding="utf-8"
    )


def test_a_script_run_where_there_is_no_mkdocs_yml_says_so(tmp_path: Path) -> None:
    """The scripts no longer guess the settings when mkdocs.yml is missing: they say where they looked."""
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "lint.py"), "--root", str(tmp_path)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 2
    assert f"mkdocs.yml not found in {tmp_path}" in result.stderr and "hint:" in result.stderr
    assert "Traceback" not in result.stderr
