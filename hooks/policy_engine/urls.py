"""Every URL the site makes for a policy, in one place.

A page is named by its path inside a language, directory-style (`privacy/history/2017-05-10/`);
the default language's pages sit at the site's root and the others under `/<lang>/`. Machine-
readable files (`api/…`) live outside the language folders. Links between pages are relative
(`relative_url`), so the site works from any base URL; `page_url` makes the absolute form the
feeds, canonical links and the index need.
"""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING

from .cache import clear_with_the_rest

if TYPE_CHECKING:
    from .render import SiteSettings


def policy_path(policy_id: str) -> str:
    """The policy in force: `privacy/`."""
    return f"{policy_id}/"


def history_path(policy_id: str) -> str:
    return f"{policy_id}/history/"


def revision_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/"


def changes_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/changes/"


def since_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/since/"


def to_path(policy_id: str, old_id: str, new_id: str) -> str:
    """`privacy/history/2017-05-10/to/2027-01-01/`: from an older revision to an upcoming one."""
    return f"{policy_id}/history/{old_id}/to/{new_id}/"


def bilingual_path(policy_id: str) -> str:
    """The in-force revision side by side: `privacy/bilingual/`."""
    return f"{policy_id}/bilingual/"


def revision_bilingual_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/bilingual/"


def clauses_path(policy_id: str) -> str:
    return f"{policy_id}/clauses/"


def src_uri_for(lang: str, page_path: str) -> str:
    """`privacy/history/` in ja -> `ja/privacy/history.md`."""
    return f"{lang}/{page_path.rstrip('/')}.md"


def language_prefix(lang: str, settings: SiteSettings) -> str:
    return "" if lang == settings.default_language else f"{lang}/"


@functools.lru_cache(maxsize=65_536)  # pure, and asked for thousands of times per build
def relative_url(from_path: str, to_path: str) -> str:
    """A link from one site path to another, both directory-style (`a/b/`) or files (`a/b.json`)."""
    start = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    target = posixpath.relpath(to_path or ".", start.rstrip("/") or ".")
    if to_path.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


clear_with_the_rest(relative_url.cache_clear)


def api_path(policy_id: str, lang: str, name: str) -> str:
    """Machine-readable files live outside the language folders: `api/privacy/ja/revisions.json`."""
    return f"api/{policy_id}/{lang}/{name}"


def page_url(site_url: str, path: str) -> str:
    """Absolute when the site's URL is configured, else root-relative."""
    return (site_url.rstrip("/") + "/" if site_url else "/") + path
