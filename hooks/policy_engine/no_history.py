"""Building without git history (`POLICY_NO_HISTORY=1`): the current text only, and a site that says so.

A source tarball (`git archive`, a GitHub "Download ZIP") has no `.git`, so the revision
history cannot be read. Guessing it would publish a wrong history, so the build refuses
unless it is told explicitly to go without. Then:

- each policy page shows the text in the files, under a visible notice that this copy has no
  revision history and that the date shown is the one written in the file;
- the history page exists (the navigation links to it) but holds only that notice;
- no revision, changes or since pages, and no revisions.json, changes JSON or Atom feed: a
  machine-readable history of one revision would be a wrong history (and the ledger refuses
  to publish a site without revisions.json).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from .document import parse_policy_text
from .history import find_policy_files
from .labels import labels, long_date
from .model import Policy, PolicySet, Revision
from .render import GeneratedPage, SiteSettings, policy_markdown, render_markdown
from .urls import history_path, src_uri_for
from .views import NoHistoryPage

ENVIRONMENT_VARIABLE = "POLICY_NO_HISTORY"


def no_history_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """True when the build was told to go without git history (`POLICY_NO_HISTORY=1`)."""
    return environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def current_policies(
    docs_dir: str | os.PathLike[str], languages: Sequence[str], root: str | os.PathLike[str], timezone: str
) -> PolicySet:
    """Each policy file as it is on disk, as a policy with that one revision (no commit, no posted time)."""
    policies = []
    for policy_id, lang, file in find_policy_files(Path(docs_dir), languages, Path(root)):
        path = Path(os.path.relpath(file, root)).as_posix()
        raw = file.read_bytes()
        text = parse_policy_text(raw, path=path)
        revision = Revision(
            policy=policy_id,
            lang=lang,
            path=path,
            effective=text.effective,
            # Unknown without git; never shown or published in this mode.
            posted=dt.datetime.combine(text.effective, dt.time(), tzinfo=ZoneInfo(timezone)),
            commit="",
            sha256=hashlib.sha256(raw).hexdigest(),
            text=text,
        )
        policies.append(Policy(policy_id, lang, path, (revision,)))
    return PolicySet(tuple(policies))


def notice(policy: Policy) -> dict[str, object]:
    """What the visible notice (`no_history.html`) shows: no history in this copy; the date is
    the one written in the file."""
    revision = policy.revisions[0]
    return {
        "L": labels(policy.lang),
        "effective": long_date(revision.effective, policy.lang),
        "effective_iso": revision.effective.isoformat(),
    }


def policy_page_markdown(policy: Policy) -> str:
    """The body of `/privacy/` without history: the notice, then the text in the file."""
    return render_markdown(
        "no_history_policy_page.md", text=policy_markdown(policy.revisions[0].text.body), **notice(policy)
    )


def history_notice_pages(policies: PolicySet, settings: SiteSettings) -> list[GeneratedPage]:
    """`<policy>/history/` in each language, holding only the notice (the navigation links there)."""
    pages = []
    for policy in policies.policies:
        revision = policy.revisions[0]
        view = NoHistoryPage(
            lang=policy.lang,
            title=labels(policy.lang)["history_of"].format(title=revision.title or policy.id),
            effective=long_date(revision.effective, policy.lang),
            effective_iso=revision.effective.isoformat(),
        )
        pages.append(GeneratedPage(src_uri_for(policy.lang, history_path(policy.id)), view))
    return pages
