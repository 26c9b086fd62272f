"""Markup in anything that is not policy text is shown as text, never interpreted.

Summaries, commit messages and author names come from whoever can commit; the
payloads here would run script in a reader's browser if any page, feed or JSON consumer
treated them as HTML. Policy Markdown itself keeps its normal rendering.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import BuildResult, PolicyRepo, git, policy_text

IMG = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert('xss')</script>"
PAYLOAD = f"{IMG}{SCRIPT}"

BODY = """
Welcome to **our** policy. See [the contact page](#clause-2).

## 1. Scope

1.1. This policy applies to all services.

## 2. Contact

2.1. Write to us.
"""


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def build_with_payloads(repo: PolicyRepo) -> BuildResult:
    author = {"GIT_AUTHOR_NAME": f"Mallory {IMG}", "GIT_AUTHOR_EMAIL": "m@example.com"}
    repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2017-05-10", BODY, summary=f"Established {PAYLOAD}"),
            "docs/ja/privacy.md": policy_text(
                "2017-05-10", BODY, title="プライバシーポリシー", summary=f"制定 {PAYLOAD}"
            ),
        },
    )
    repo.commit(
        "Revise",
        "2020-04-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text(
                "2020-04-01", BODY.replace("all services", "all services and sites"), summary=f"Scope {PAYLOAD}"
            ),
        },
    )
    git(repo.root, "add", "-A")
    git(
        repo.root,
        "commit",
        "-q",
        "-m",
        f"Fix a typo {PAYLOAD}",
        "--allow-empty",
        env={
            **author,
            "GIT_COMMITTER_NAME": f"Eve {SCRIPT}",
            "GIT_COMMITTER_EMAIL": "e@example.com",
            "GIT_AUTHOR_DATE": "2020-04-02T10:00:00+09:00",
            "GIT_COMMITTER_DATE": "2020-04-02T10:00:00+09:00",
        },
    )
    repo.write(
        "docs/en/privacy.md",
        policy_text(
            "2020-04-01", BODY.replace("all services", "all the services and sites"), summary=f"Scope {PAYLOAD}"
        ),
    )
    git(repo.root, "add", "-A")
    git(
        repo.root,
        "commit",
        "-q",
        "-m",
        f"Correct clause 1.1 {PAYLOAD}",
        env={
            **author,
            "GIT_COMMITTER_NAME": f"Eve {SCRIPT}",
            "GIT_COMMITTER_EMAIL": "e@example.com",
            "GIT_AUTHOR_DATE": "2020-04-03T10:00:00+09:00",
            "GIT_COMMITTER_DATE": "2020-04-03T10:00:00+09:00",
        },
    )
    return repo.build()


def test_no_payload_is_interpreted_anywhere_in_the_built_site(policy_repo: PolicyRepo) -> None:
    built = build_with_payloads(policy_repo)
    assert built.returncode == 0, built.output

    pages = html_files(built.site)
    assert len(pages) > 10
    for name, html in pages.items():
        for dangerous in ("<img src=x onerror", "<script>alert('xss')", 'onerror="alert'):
            assert dangerous not in html, f"{dangerous!r} is live markup in {name}"


def test_summaries_and_commit_messages_are_shown_as_text_on_the_history_page(policy_repo: PolicyRepo) -> None:
    built = build_with_payloads(policy_repo)
    history = built.html("en/privacy/history/index.html")
    text = re.sub(r"<[^>]+>", "", history)

    assert "Scope &lt;img src=x onerror=" in history
    assert "&lt;script&gt;alert(" in history
    assert "Correct clause 1.1" in text and "&lt;script&gt;" in text


def test_the_feed_and_the_json_carry_the_payload_as_plain_text(policy_repo: PolicyRepo) -> None:
    built = build_with_payloads(policy_repo)
    feed = (built.site / "api/privacy/en/revisions.atom").read_text(encoding="utf-8")
    assert "<img" not in feed and "<script" not in feed
    assert "&lt;img src=x onerror=" in feed

    revisions = built.json("api/privacy/en/revisions.json")["revisions"]
    assert revisions[0]["summary"] == f"Scope {PAYLOAD}"  # data, exactly as written; never pre-escaped HTML
    for path in (built.site / "api").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_policy_markdown_keeps_its_normal_rendering(policy_repo: PolicyRepo) -> None:
    built = build_with_payloads(policy_repo)
    page = built.html("en/privacy/index.html")
    assert "Welcome to <strong>our</strong> policy" in page
    assert '<a href="#clause-2">the contact page</a>' in page


TITLE = "Policy <script>alert('title')</script>"
ATTR_TITLE = 'x {: onclick="alert(1)" }'
BARE_ATTR_TITLE = "y {: onclick=alert(2) }"  # unquoted: untouched by HTML escaping


def test_a_title_is_text_in_every_heading_nav_entry_and_feed(policy_repo: PolicyRepo) -> None:
    """Front-matter `title` is text: `<script>` in it reaches no page, nav, <title> or feed as markup,
    and attr_list cannot turn `{: onclick=… }` into an attribute (headings come from a template)."""
    policy_repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text(
                "2017-05-10", BODY, title=TITLE, extra="description: '\"><script>alert(3)</script>'"
            ),
            "docs/ja/privacy.md": policy_text("2017-05-10", BODY, title=f"'{ATTR_TITLE}'"),
        },
    )
    policy_repo.commit(
        "Revise",
        "2020-04-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2020-04-01", BODY.replace("all services", "all sites"), title=TITLE),
            "docs/ja/privacy.md": policy_text(
                "2020-04-01", BODY.replace("all services", "all sites"), title=f"'{ATTR_TITLE}'"
            ),
        },
    )
    policy_repo.commit(
        "Terms",
        "2020-05-01T10:00:00+09:00",
        {
            "docs/en/terms.md": policy_text("2020-05-01", BODY, title=f"'{BARE_ATTR_TITLE}'"),
        },
    )
    built = policy_repo.build()
    assert built.returncode == 0, built.output

    pages = html_files(built.site)
    for name, html in pages.items():
        assert "<script>alert(" not in html, f"title markup is live in {name}"
        assert not re.search(r"<[^>]*\sonclick=", html), f"attr_list made an attribute of the title in {name}"
    revision = built.html("en/privacy/history/2017-05-10/index.html")
    assert "<h1>Policy &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in revision
    assert "&lt;script&gt;alert(" in built.html("en/index.html")  # the nav entry of the policy page, as text
    ja = built.html("privacy/history/2017-05-10/index.html")
    assert "{: onclick=&#34;alert(1)&#34; }" in ja or "{: onclick=&quot;alert(1)&quot; }" in ja
    feed = (built.site / "api/privacy/en/revisions.atom").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;alert(" in feed
