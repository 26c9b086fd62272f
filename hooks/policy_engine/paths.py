"""Which files may be policies, and which files under docs/ may be published.

A policy id is the file name under `docs/<lang>/` without `.md` (`privacy`, `legal/terms`), and
it becomes part of every URL the build makes for the policy (`/<id>/history/…`,
`/api/<id>/<lang>/…`). So it must be a plain slug that cannot climb out of its folder (`..`),
name a folder the site already uses (`api`, `search`, `assets`, a language such as `en`, whose
pages it would silently overwrite) or look different under another Unicode normalisation in
the other language (the two files would then never be paired). Every segment is lower-case
ASCII letters and digits, joined by `-` or `_`.

What MkDocs publishes is every file under docs/; a symbolic link there that points outside the
repository would publish a file nobody reviewed (`/etc/passwd`, a secret next to the checkout),
so it is refused, and a policy file must be a regular file (git keeps only a link's target, so a
linked policy would have no history of its own).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import PolicyError

SLUG_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
"""One segment of a policy id: `privacy`, `cookie-policy`, `terms_2024`."""

GENERATED_FOLDERS = frozenset({"api", "search", "assets", "404", "sitemap", "stylesheets", "javascripts"})
"""Top-level names the built site uses itself (besides the language folders)."""

ID_HINT = (
    "rename the file: a policy's file name (its id, part of every URL of the policy) is lower-case "
    "letters a-z and digits, joined by - or _ (e.g. privacy.md, cookie-policy.md)."
)


def check_policy_id(policy_id: str, *, path: str, languages: Iterable[str]) -> None:
    """PolicyError unless `policy_id` (the file name under docs/<lang>/ without .md) is a safe slug.

    >>> check_policy_id("legal/cookie-policy", path="docs/en/legal/cookie-policy.md", languages=("ja", "en"))
    >>> check_policy_id("en", path="docs/ja/en.md", languages=("ja", "en"))
    Traceback (most recent call last):
    ...
    policy_engine.errors.PolicyError: docs/ja/en.md: the policy id `en` is the name of a folder the site ...
    """
    segments = policy_id.split("/")
    shown = policy_id.encode("unicode_escape").decode("ascii")  # a NUL or control character, visibly
    if not all(SLUG_SEGMENT.fullmatch(segment) for segment in segments):
        raise PolicyError(
            f"the file name gives the policy id `{shown}`, which is not a plain name: "
            "it would become part of the policy's web addresses.",
            path=path,
            hint=ID_HINT,
        )
    reserved = GENERATED_FOLDERS | set(languages)
    if segments[0] in reserved:
        raise PolicyError(
            f"the policy id `{policy_id}` is the name of a folder the site already uses for "
            f"{'a language' if segments[0] in set(languages) else 'its own files'} "
            f"(/{segments[0]}/), so its pages would overwrite those or be overwritten.",
            path=path,
            hint=f"rename the file; names the site uses itself: {', '.join(sorted(reserved))}.",
        )


def check_published_tree(docs_dir: Path, root: Path) -> None:
    """PolicyError if anything under `docs_dir` is a symbolic link leading outside `root`
    (or nowhere): MkDocs would publish whatever it points to."""
    root = root.resolve()
    for folder, dirs, files in os.walk(docs_dir):
        for name in sorted(dirs + files):
            entry = Path(folder, name)
            if not entry.is_symlink():
                continue
            target = Path(os.path.realpath(entry))
            if not target.exists() or not target.is_relative_to(root):
                raise PolicyError(
                    f"this is a symbolic link to {os.readlink(entry)}, "
                    + ("which does not exist" if not target.exists() else "outside the repository")
                    + "; the site would publish whatever it points to.",
                    path=_shown(entry, root),
                    hint="replace the link with the file itself (committed in the repository), or remove it.",
                )


def check_policy_file(file: Path, root: Path) -> None:
    """A policy must be a regular file: git keeps only a link's target, never a linked policy's history."""
    if file.is_symlink():
        raise PolicyError(
            f"this policy file is a symbolic link (to {os.readlink(file)}); its history cannot be read from git.",
            path=_shown(file, root),
            hint="replace the link with the policy file itself.",
        )


def _shown(entry: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(entry))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(entry)
