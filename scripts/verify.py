#!/usr/bin/env python3
"""Check a published site against a clone of the policy repository: anyone can run it.

    git clone https://github.com/<owner>/<repo>.git && cd <repo>
    python3 scripts/verify.py https://example.github.io/privacy-policy/     # the live site
    python3 scripts/verify.py site/                                         # a built site folder
    python3 scripts/verify.py path/to/revisions.json                       # one file (or its URL)

For every revision a `revisions.json` lists, it recomputes the sha256 of `git show
<commit>:<path>` and compares it, and checks the effective date written in that file. Then it
reads the policy's history from this clone (first-parent, as the site build does) and checks
that every published revision is still there: same effective date, same commit and text, or
corrected since by commits listed under it. Prints one line per revision; exits 0 when all
match, 1 when any does not, 2 when the site or the repository cannot be read. Needs the full
history (`git clone` without `--depth`).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from policy_cli import ROOT, fail, site_options
from published import read_documents

from policy_engine.document import parse_policy_text
from policy_engine.errors import PolicyError
from policy_engine.history import GitReader, revisions_from_versions
from policy_engine.ledger import LedgerEntry, compare_ledgers, entries_from_json, entries_from_revisions


def check_entry(reader: GitReader, entry: LedgerEntry) -> str | None:
    """None when `git show <commit>:<path>` has the published sha256 and effective date, else why not."""
    try:
        raw = reader.bytes_at(entry.commit, entry.path)
    except PolicyError:
        return f"commit {entry.commit[:7]} is not in this clone (fetch it, or the history was rewritten)."
    if raw is None:
        return f"commit {entry.commit[:7]} has no file {entry.path}."
    actual = hashlib.sha256(raw).hexdigest()
    if actual != entry.sha256:
        return f"sha256 of {entry.path} at {entry.commit[:7]} is {actual}, the site says {entry.sha256}."
    try:
        effective = parse_policy_text(raw, path=entry.path, commit=entry.commit).effective.isoformat()
    except PolicyError as error:
        return str(error)
    if effective != entry.effective:
        return f"the file at {entry.commit[:7]} says effective {effective}, the site says {entry.effective}."
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="the site's root URL (ending in /), a revisions.json URL or file, or a built site folder")
    parser.add_argument("--repo", default=str(ROOT), help="the clone to verify against (default: this checkout)")
    options = parser.parse_args(argv)

    root = Path(options.repo).resolve()
    settings = site_options(root)
    docs = settings.docs_dir.relative_to(root).as_posix()
    failures = 0
    try:
        with GitReader(root) as reader:
            reader.check_complete()
            names = [f"api/{f.relative_to(settings.docs_dir / lang).with_suffix('').as_posix()}/{lang}/revisions.json"
                     for lang in settings.languages for f in sorted((settings.docs_dir / lang).rglob("*.md"))]
            published: list[LedgerEntry] = []
            for where, document in read_documents(options.source, names):
                published += entries_from_json(document, source=where)
            if not published:
                raise PolicyError(f"{options.source} lists no published revisions.",
                                  hint="give the site's root URL (ending in /), a revisions.json, or a built site folder.")
            for entry in published:
                problem = check_entry(reader, entry)
                failures += problem is not None
                print(f"{'ok  ' if problem is None else 'FAIL'} {entry.name}: " + (problem or f"sha256 {entry.sha256[:16]}… matches git show {entry.commit[:7]}:{entry.path}"))
            recomputed: list[LedgerEntry] = []
            for policy, lang in sorted({(e.policy, e.lang) for e in published}):
                path = f"{docs}/{lang}/{policy}.md"
                recomputed += entries_from_revisions(revisions_from_versions(policy, lang, reader.versions(path, f"{docs}/{lang}")))
    except PolicyError as error:
        return fail(error)
    for problem in compare_ledgers(published, recomputed):
        failures += 1
        print(f"FAIL {problem} (in this clone's history of HEAD)")
    print(f"verify: {len(published)} published revision(s), {failures} problem(s).")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
