"""Two builds of the same commit are byte-identical, and the status date is not the build's timestamp.

`make site` exports SOURCE_DATE_EPOCH (HEAD's commit time) so MkDocs dates the sitemap and its
gzip header from the commit, not the clock. Which revision is in force comes from POLICY_AS_OF
or today in the site's time zone, never from SOURCE_DATE_EPOCH: the daily rebuild of an
unchanged HEAD must still bring an upcoming revision into force on its day.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import PROJECT, PolicyRepo, git, policy_text

BODY_V1 = "## 1. Scope\n\n1.1. This policy applies to all services.\n\n1.2. 当社は個人情報を保護します。\n"
BODY_V2 = BODY_V1.replace("all services", "all services and websites")
JA_BODY = "## 1. 適用範囲\n\n1.1. 本ポリシーは、当社のすべてのサービスに適用されます。\n"


def history(repo: PolicyRepo) -> None:
    repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2017-05-10", BODY_V1),
            "docs/ja/privacy.md": policy_text("2017-05-10", JA_BODY, title="プライバシーポリシー", summary="制定"),
        },
    )
    repo.commit(
        "Revise",
        "2020-04-01T10:00:00+09:00",
        {"docs/en/privacy.md": policy_text("2020-04-01", BODY_V2, summary="Scope extended")},
    )


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def head_time(root: Path) -> str:
    return git(root, "log", "-1", "--format=%ct").strip()


def test_two_builds_of_the_same_commit_in_different_clones_are_byte_identical(
    policy_repo: PolicyRepo, tmp_path: Path
) -> None:
    history(policy_repo)
    clone_root = tmp_path / "elsewhere" / "clone"
    git(tmp_path, "clone", "-q", str(policy_repo.root), str(clone_root))
    clone = PolicyRepo.__new__(PolicyRepo)
    clone.root = clone_root
    epoch = {"SOURCE_DATE_EPOCH": head_time(policy_repo.root)}

    first = policy_repo.build(env=epoch)
    second = clone.build(env={**epoch, "PYTHONHASHSEED": "12345"})

    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = files_of(first.site), files_of(second.site)
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert differing == []
    assert "sitemap.xml.gz" in one and "search/search_index.json" in one


def test_the_makefile_takes_source_date_epoch_from_heads_commit_time(policy_repo: PolicyRepo) -> None:
    history(policy_repo)
    shutil.copy2(PROJECT / "Makefile", policy_repo.root / "Makefile")
    policy_repo.commit("Add the Makefile", "2021-03-04T05:06:07+09:00")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    shown = subprocess.run(
        ["make", "-s", "--eval", 'show-epoch: ; @echo "$$SOURCE_DATE_EPOCH"', "show-epoch"],
        cwd=policy_repo.root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert shown == head_time(policy_repo.root) == "1614801967"


def test_the_status_date_comes_from_policy_as_of_or_today_never_from_source_date_epoch(policy_repo: PolicyRepo) -> None:
    history(policy_repo)
    before_the_revision = {"SOURCE_DATE_EPOCH": "1496275200"}  # 2017-06-01, when 2020-04-01 was still upcoming

    today = policy_repo.build(env={**before_the_revision, "POLICY_AS_OF": ""}, site="today")
    then = policy_repo.build(env={**before_the_revision, "POLICY_AS_OF": "2019-06-01"}, site="then")

    assert today.returncode == 0 and then.returncode == 0, today.output + then.output
    assert today.json("api/privacy/en/revisions.json")["in_force"] == "2020-04-01"
    assert then.json("api/privacy/en/revisions.json")["in_force"] == "2017-05-10"
    assert "upcoming" in [r["status"] for r in then.json("api/privacy/en/revisions.json")["revisions"]]
