"""The revision history as a reader and an integrator see it, built from a scripted git history.

One repository, built once for the module (as of 2026-11-29, then as of 2026-12-01):

    2017-05-08  posted: revision effective 2017-05-10 (ja + en)
    2017-06-01  en: source reflowed, trailing spaces    -> neither revision nor correction
    2017-06-15  en: typo fixed in article 3             -> correction of 2017-05-10
    2019-03-01  posted: revision effective 2019-04-01   -> 1.2 inserted (old 1.2 renumbered 1.3),
                                                           2.1 amended, 2.2 deleted
    2026-10-01  on a branch: revision effective 2026-12-01, consent required (2.2 added)
    2026-11-01  merged into main (--no-ff)              -> posted 2026-11-01, upcoming until 12-01
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from policy_engine.compare import rebuild
from policy_engine.model import Segment

from conftest import BuildResult, PolicyRepo, git, policy_text

JA_V1 = """\
（基本方針）

当社は、利用者情報を適切に取り扱います。

## 1. 定義

1.1. 「利用者情報」とは、利用者に関する情報をいいます。

1.2. 「個人情報」とは、個人情報保護法にいう個人情報をいいます。

## 2. 利用目的

2.1. 当社は、利用者情報を以下の目的で利用します。

2.2. 当社は、広告配信のために利用者情報を利用します。

## 3. お問い合わせ

窓口までご連絡ください。
"""
EN_V1 = """\
Basic policy.

The Company handles user information with care.

## 1. Definitions

1.1. "User information" means information about users.

1.2. "Personal information" means personal information under the Act.

## 2. Purposes

2.1. The Company uses user information for the purposes below.

2.2. The Company uses user information to deliver advertising.

## 3. Contact

Please contact our privacy infromation desk.
"""
JA_V2 = (
    JA_V1.replace(
        "1.2. 「個人情報」", "1.2. 「端末情報」とは、利用者の端末に関する情報をいいます。\n\n1.3. 「個人情報」"
    )
    .replace("以下の目的で利用します。", "以下の目的で適切に利用します。")
    .replace("2.2. 当社は、広告配信のために利用者情報を利用します。\n\n", "")
)
EN_V1_FIXED = EN_V1.replace("infromation", "information")
EN_V2 = (
    EN_V1_FIXED.replace(
        '1.2. "Personal information"',
        '1.2. "Device information" means information about devices.\n\n1.3. "Personal information"',
    )
    .replace("for the purposes below.", "only for the purposes below.")
    .replace("2.2. The Company uses user information to deliver advertising.\n\n", "")
)
JA_V3 = JA_V2.replace(
    "## 3. お問い合わせ", "2.2. 当社は、利用者の同意を得て、利用者情報を第三者に提供します。\n\n## 3. お問い合わせ"
)
EN_V3 = EN_V2.replace(
    "## 3. Contact",
    "2.2. With users' consent, the Company provides user information to third parties.\n\n## 3. Contact",
)


def files(effective: str, ja: str, en: str, **options: object) -> dict[str, str]:
    ja_summary, en_summary = {
        "2017-05-10": ("制定", "Established"),
        "2019-04-01": ("定義の追加", "Definitions added"),
        "2026-12-01": ("第三者提供", "Provision to third parties"),
    }[effective]
    return {
        "docs/ja/privacy.md": policy_text(effective, ja, title="プライバシーポリシー", summary=ja_summary, **options),
        "docs/en/privacy.md": policy_text(effective, en, title="Privacy Policy", summary=en_summary, **options),
    }


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    repo = PolicyRepo(tmp_path_factory.mktemp("history") / "repo")
    shas = {}
    shas["v1"] = repo.commit(
        "Establish the privacy policy", "2017-05-08T18:00:00+09:00", files("2017-05-10", JA_V1, EN_V1)
    )
    reflowed = policy_text(
        "2017-05-10",
        EN_V1.replace("information about users.", "information \nabout users.   \n\n"),
        title="Privacy Policy",
        summary="Established",
    )
    shas["reflow"] = repo.commit(
        "Reflow the English source", "2017-06-01T10:00:00+09:00", {"docs/en/privacy.md": reflowed}
    )
    shas["typo"] = repo.commit(
        "Fix a typo in article 3",
        "2017-06-15T10:00:00+09:00",
        {"docs/en/privacy.md": policy_text("2017-05-10", EN_V1_FIXED, title="Privacy Policy", summary="Established")},
    )
    shas["v2"] = repo.commit(
        "Revise definitions and purposes", "2019-03-01T09:30:00+09:00", files("2019-04-01", JA_V2, EN_V2)
    )
    git(repo.root, "checkout", "-q", "-b", "revise")
    repo.commit(
        "Draft: provision to third parties",
        "2026-10-01T10:00:00+09:00",
        files("2026-12-01", JA_V3, EN_V3, consent_required=True),
    )
    dates = {
        "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+09:00",
        "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+09:00",
        "GIT_AUTHOR_NAME": "Legal",
        "GIT_AUTHOR_EMAIL": "legal@example.com",
        "GIT_COMMITTER_NAME": "Legal",
        "GIT_COMMITTER_EMAIL": "legal@example.com",
    }
    git(repo.root, "checkout", "-q", "main")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "Merge pull request #7: third parties", "revise", env=dates)
    shas["merge"] = git(repo.root, "rev-parse", "HEAD").strip()
    before = repo.build(as_of="2026-11-29")
    after = repo.build(as_of="2026-12-01", site="site-after")
    return {"repo": repo, "shas": shas, "before": before, "after": after}


@pytest.fixture(scope="module")
def site(scripted: dict[str, object]) -> BuildResult:
    result = scripted["before"]
    assert isinstance(result, BuildResult)
    assert result.returncode == 0, result.output
    return result


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- History page ----------------------------------------------------------------------------


def test_the_history_lists_every_revision_newest_first_with_localised_dates(site: BuildResult) -> None:
    ja = site.html("privacy/history/index.html")
    assert re.findall(r'id="revision-([0-9-]+)"', ja) == ["2026-12-01", "2019-04-01", "2017-05-10"]
    assert "2017年5月10日" in ja and "2019年4月1日" in ja and "2026年12月1日" in ja
    en = site.html("en/privacy/history/index.html")
    assert re.findall(r'id="revision-([0-9-]+)"', en) == ["2026-12-01", "2019-04-01", "2017-05-10"]
    assert "May 10, 2017" in en and "April 1, 2019" in en and "December 1, 2026" in en


def test_the_history_shows_status_summary_and_consent_badge(site: BuildResult) -> None:
    ja = site.html("privacy/history/index.html")
    items = dict(re.findall(r'id="revision-([0-9-]+)">(.*?)</li>', ja, re.DOTALL))
    assert (
        "施行予定" in items["2026-12-01"]
        and "同意が必要な改定" in items["2026-12-01"]
        and "第三者提供" in items["2026-12-01"]
    )
    assert "現行" in items["2019-04-01"] and "同意が必要な改定" not in items["2019-04-01"]
    assert "旧版" in items["2017-05-10"]


def test_a_correction_is_listed_under_its_revision_and_a_reflow_is_not(site: BuildResult) -> None:
    en = site.html("en/privacy/history/index.html")
    items = dict(re.findall(r'id="revision-([0-9-]+)">(.*?)</li>', en, re.DOTALL))
    assert "Fix a typo in article 3" in items["2017-05-10"]
    assert "Reflow the English source" not in en
    ja = site.html("privacy/history/index.html")
    assert "訂正" not in ja, "the Japanese file was never corrected"


def test_a_merged_revision_is_posted_when_it_was_merged(site: BuildResult) -> None:
    data = site.json("api/privacy/en/revisions.json")
    upcoming = data["revisions"][0]
    assert upcoming["id"] == "2026-12-01"
    assert upcoming["posted"] == "2026-11-01T12:00:00+09:00"
    assert "2026年11月1日" in site.html("privacy/history/index.html")


def test_the_history_links_each_superseded_revision_to_everything_changed_since(site: BuildResult) -> None:
    ja = site.html("privacy/history/index.html")
    assert 'href="2017-05-10/since/"' in ja
    since = text_of(site.html("privacy/history/2017-05-10/since/index.html"))
    assert "2017年5月10日施行版から現行版までの変更" in since
    assert "端末情報" in since and "広告配信" in since and "第三者に提供" not in since, "up to the in-force one only"


# --- Policy page -----------------------------------------------------------------------------


def test_the_policy_page_shows_the_in_force_text_and_announces_the_upcoming_revision(site: BuildResult) -> None:
    ja = site.html("privacy/index.html")
    assert "端末情報" in ja and "第三者に提供" not in ja
    assert "2026年12月1日に改定" in ja
    assert 'href="history/2026-12-01/changes/"' in ja
    en = site.html("en/privacy/index.html")
    assert "Device information" in en and "third parties" not in en.split("policy-meta", 1)[1].split("</div>", 1)[1]
    assert "December 1, 2026" in en


def test_the_policy_page_states_established_and_last_revised_dates(site: BuildResult) -> None:
    ja = text_of(site.html("privacy/index.html"))
    assert "制定日 2017年5月10日" in ja and "最終改定日 2019年4月1日" in ja
    en = text_of(site.html("en/privacy/index.html"))
    assert "Established May 10, 2017" in en and "Last revised April 1, 2019" in en


def test_on_the_effective_day_the_upcoming_revision_comes_into_force(scripted: dict[str, object]) -> None:
    after = scripted["after"]
    assert isinstance(after, BuildResult) and after.returncode == 0, after.output
    assert "第三者に提供" in after.html("privacy/index.html")
    assert "最終改定日" in after.html("privacy/index.html") and "2026年12月1日" in after.html("privacy/index.html")
    data = after.json("api/privacy/ja/revisions.json")
    assert data["in_force"] == "2026-12-01"
    assert [r["status"] for r in data["revisions"]] == ["in-force", "superseded", "superseded"]


def test_each_revision_page_has_the_text_as_it_was_and_a_banner(site: BuildResult) -> None:
    old = site.html("privacy/history/2017-05-10/index.html")
    assert "広告配信" in old and "端末情報" not in old and "旧版です" in old and 'href="../../"' in old
    upcoming = site.html("en/privacy/history/2026-12-01/index.html")
    assert "third parties" in upcoming and "not yet in force" in upcoming


# --- Changes: 新旧対照表 and redline ---------------------------------------------------------


def test_the_changes_page_is_a_shintaisho_with_the_new_text_left_and_the_old_right(site: BuildResult) -> None:
    html = site.html("privacy/history/2019-04-01/changes/index.html")
    head = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL).group(1)
    assert head.index("改定後") < head.index("改定前")
    assert "（傍線部分は改定部分）" in html and "改正" not in html
    assert "<ins>適切に</ins>" in html
    assert "（新設）" in html and "（削除）" in html and "<del>" in html


def test_a_renumbered_provision_shows_both_numbers_double_underlined_and_its_text_omitted(site: BuildResult) -> None:
    html = site.html("privacy/history/2019-04-01/changes/index.html")
    row = re.search(r'<tr class="change-renumbered".*?</tr>', html, re.DOTALL).group(0)
    assert re.search(r'<b class="renumbered">1\.3\.', row), "new number double-underlined"
    assert re.search(r'<b class="renumbered">1\.2\.', row), "old number double-underlined"
    assert row.count("（略）") == 2 and "個人情報保護法" not in row, "the text is not shown twice"
    assert "（旧第1条第2項）" in row
    en = site.html("en/privacy/history/2019-04-01/changes/index.html")
    assert "(formerly clause 1.2)" in en


def test_unchanged_provisions_are_omitted_in_both_columns_but_their_anchors_remain(site: BuildResult) -> None:
    html = site.html("privacy/history/2019-04-01/changes/index.html")
    assert "<details><summary>変更のない" not in html
    rows = re.findall(r'<tr class="change-unchanged">(.*?)</tr>', html, re.DOTALL)
    assert rows and all(row.count("（略）") == 2 for row in rows)
    assert "第1条～第1条第1項" in text_of(rows[0]) or "前文" in text_of(rows[0])
    assert "利用者に関する情報をいいます" not in html, "unchanged text is on the revision page, not here"
    for key in ("1", "1.1", "2", "3"):
        assert f'id="clause-{key}"' in html, key


def test_the_changes_page_closes_with_its_supplementary_provision_and_states_its_dates(site: BuildResult) -> None:
    ja = text_of(site.html("privacy/history/2019-04-01/changes/index.html"))
    assert "附則 この改定は、2019年4月1日から施行する。" in ja
    assert "施行日： 2019年4月1日" in ja and "掲載日： 2019年3月1日 09:30（日本時間）" in ja
    en = text_of(site.html("en/privacy/history/2019-04-01/changes/index.html"))
    assert "This revision takes effect on April 1, 2019." in en
    assert "Posted: March 1, 2019 09:30 JST" in en


def test_english_changes_open_the_inline_redline_after_the_table(site: BuildResult) -> None:
    html = site.html("en/privacy/history/2019-04-01/changes/index.html")
    assert html.index('<table class="shintaisho"') < html.index("Changes marked in the text")
    assert '<details class="policy-changes__alternate policy-screen-only" open>' in html
    assert "<ins>only </ins>" in html


def test_the_first_revision_has_no_changes_page(site: BuildResult) -> None:
    assert not (site.site / "privacy/history/2017-05-10/changes/index.html").exists()


# --- Feed and JSON API -----------------------------------------------------------------------


def test_the_atom_feed_is_linked_from_the_page_head_and_announces_the_upcoming_revision(site: BuildResult) -> None:
    for page, feed in (
        ("privacy/index.html", "../api/privacy/ja/revisions.atom"),
        ("en/privacy/history/index.html", "../../../api/privacy/en/revisions.atom"),
    ):
        head = site.html(page).split("</head>", 1)[0]
        assert f'<link rel="alternate feed" type="application/atom+xml" href="{feed}"' in head, page
    atom = (site.site / "api/privacy/ja/revisions.atom").read_text(encoding="utf-8")
    entries = re.findall(r"<entry>(.*?)</entry>", atom, re.DOTALL)
    assert len(entries) == 3
    assert (
        "<id>tag:127.0.0.1,2017-05-08:privacy/ja/2026-12-01</id>" in entries[0]
        and "施行日：2026年12月1日" in entries[0]
    )
    assert "<published>2026-11-01T12:00:00+09:00</published>" in entries[0]


def test_revisions_json_has_exactly_the_documented_fields(site: BuildResult) -> None:
    data = site.json("api/privacy/ja/revisions.json")
    assert set(data) == {"policy", "lang", "title", "in_force", "revisions"}
    assert (data["policy"], data["lang"], data["in_force"]) == ("privacy", "ja", "2019-04-01")
    required = {
        "id",
        "effective",
        "posted",
        "status",
        "commit",
        "sha256",
        "consent_required",
        "summary",
        "corrections",
        "url",
        "changes_url",
    }
    for record in data["revisions"]:
        assert required <= set(record), required - set(record)
        assert re.fullmatch(r"[0-9a-f]{40}", record["commit"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", record["posted"])
    assert [(r["id"], r["status"], r["consent_required"]) for r in data["revisions"]] == [
        ("2026-12-01", "upcoming", True),
        ("2019-04-01", "in-force", False),
        ("2017-05-10", "superseded", False),
    ]
    assert data["revisions"][-1]["changes_url"] is None
    # Absolute from site_url (mkdocs.yml's local default here; the Pages URL when published).
    assert data["revisions"][1]["changes_url"] == "http://127.0.0.1:8000/privacy/history/2019-04-01/changes/"
    en = site.json("api/privacy/en/revisions.json")
    assert en["revisions"][1]["url"] == "http://127.0.0.1:8000/en/privacy/history/2019-04-01/"


def test_corrections_appear_in_the_json_with_commit_and_posted(scripted: dict[str, object], site: BuildResult) -> None:
    shas = scripted["shas"]
    first = site.json("api/privacy/en/revisions.json")["revisions"][-1]
    assert first["corrections"] == [{"commit": shas["typo"], "posted": "2017-06-15T10:00:00+09:00", "reason": ""}]
    assert first["commit"] == shas["typo"], "the corrected text is the revision's text"


def test_every_revision_sha256_verifies_against_git_show(scripted: dict[str, object], site: BuildResult) -> None:
    repo = scripted["repo"]
    assert isinstance(repo, PolicyRepo)
    for lang in ("ja", "en"):
        for record in site.json(f"api/privacy/{lang}/revisions.json")["revisions"]:
            shown = git_bytes(repo.root, "show", f"{record['commit']}:docs/{lang}/privacy.md")
            assert hashlib.sha256(shown).hexdigest() == record["sha256"], (lang, record["id"])


def test_changes_json_lists_every_clause_and_its_segments_rebuild_both_texts(site: BuildResult) -> None:
    data = site.json("api/privacy/ja/changes/2019-04-01.json")
    assert set(data) == {"policy", "lang", "from", "to", "clauses"}
    assert (data["from"], data["to"]) == ("2017-05-10", "2019-04-01")
    summary = [(c["status"], c["old"], c["new"]) for c in data["clauses"] if c["status"] != "unchanged"]
    assert summary == [
        ("added", None, "1.2"),
        ("renumbered", "1.2", "1.3"),
        ("amended", "2.1", "2.1"),
        ("removed", "2.2", None),
    ]
    for clause in data["clauses"]:
        assert set(clause) == {"status", "old", "new", "segments"}
        segments = [Segment(s["op"], s["text"]) for s in clause["segments"]]
        old, new = rebuild(segments)
        assert (old == "") == (clause["old"] is None) and (new == "") == (clause["new"] is None)


def test_the_language_switcher_on_generated_pages_leads_to_the_same_page(site: BuildResult) -> None:
    html = site.html("privacy/history/2019-04-01/changes/index.html")
    assert re.search(r'href="[./]*en/privacy/history/2019-04-01/changes/" hreflang="en"', html)


# --- Separate histories ----------------------------------------------------------------------


def test_a_renamed_policy_file_keeps_its_history(policy_repo: PolicyRepo) -> None:
    body_v1 = EN_V1_FIXED
    policy_repo.commit(
        "Establish",
        "2017-05-08T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text("2017-05-10", JA_V1, title="プライバシーポリシー"),
            "docs/en/privacy-policy.md": policy_text("2017-05-10", body_v1),
        },
    )
    git(policy_repo.root, "mv", "docs/en/privacy-policy.md", "docs/en/privacy.md")
    policy_repo.commit("Rename the English file", "2018-01-01T10:00:00+09:00")
    policy_repo.commit(
        "Revise",
        "2019-03-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2019-04-01", EN_V2, summary="Definitions added"),
        },
    )
    result = policy_repo.build()
    assert result.returncode == 0, result.output
    data = result.json("api/privacy/en/revisions.json")
    assert [(r["id"], r["path"]) for r in data["revisions"]] == [
        ("2019-04-01", "docs/en/privacy.md"),
        ("2017-05-10", "docs/en/privacy-policy.md"),
    ]
    assert data["revisions"][1]["corrections"] == [], "a pure rename is not a correction"
    assert data["revisions"][1]["posted"] == "2017-05-08T10:00:00+09:00"


def test_the_as_of_date_is_today_in_the_configured_time_zone(policy_repo: PolicyRepo) -> None:
    # Kiritimati (UTC+14) is always one or two calendar days ahead of UTC-12, so a revision
    # effective on Kiritimati's today is in force there and still upcoming at UTC-12.
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    policy_repo.commit("Establish", "2017-05-08T10:00:00+09:00", files("2017-05-10", JA_V1, EN_V1))
    policy_repo.commit(
        "Revise",
        "2019-03-01T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text(today.isoformat(), JA_V2, title="プライバシーポリシー"),
            "docs/en/privacy.md": policy_text(today.isoformat(), EN_V2),
        },
    )
    config = policy_repo.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    statuses = {}
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        config.write_text(original.replace("timezone: Asia/Tokyo", f"timezone: {zone}"), encoding="utf-8")
        result = policy_repo.build(env={"POLICY_AS_OF": ""}, site=f"site-{zone.replace('/', '-')}")
        assert result.returncode == 0, result.output
        statuses[zone] = result.json("api/privacy/ja/revisions.json")["revisions"][0]["status"]
    assert statuses == {"Pacific/Kiritimati": "in-force", "Etc/GMT+12": "upcoming"}


def git_bytes(cwd: Path, *args: str) -> bytes:
    import subprocess

    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True).stdout
