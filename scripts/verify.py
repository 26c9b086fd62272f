#!/usr/bin/env python3
"""Check a published site against a clone of the policy repository: anyone can run it.

    git clone https://github.com/<owner>/<repo>.git && cd <repo> && make site      # creates .venv/
    .venv/bin/python scripts/verify.py https://example.github.io/privacy-policy/    # the live site
    .venv/bin/python scripts/verify.py site/                                        # a built site folder
    .venv/bin/python scripts/verify.py path/to/revisions.json                      # one file only (partial)

For a site (its root URL ending in `/`, or a folder) it reads `api/index.json`, which lists every
policy and language the site holds, the commit it was built from and the day its statuses were
computed for, and then checks

1. every revisions.json the index lists is there, and for each revision the sha256 of
   `git show <commit>:<path>` and the effective date written in that file;
2. the source commit is on the first-parent history of this clone's HEAD, and every published
   revision is still in that history (same effective date and commits, or corrected on top);
3. the site is what its source builds: the source commit is built again (in a temporary
   worktree, with the index's as-of date and SOURCE_DATE_EPOCH) and every file compared byte
   for byte. A removed revision, a falsified `posted`, `status` or `in_force`, a deleted
   language and any rewritten page text are reported: the JSON field by field, then the first
   differing file. `--no-rebuild` skips this step (it needs .venv/, made by `make site`).

Prints one line per check; exits 0 when everything matches, 1 when anything does not, 2 when
the site or the clone cannot be read (e.g. a shallow clone: needs `git clone` without `--depth`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from site_check import check_source_commit, differing_files, json_differences, rebuilt_site

from policy_cli import ROOT, fail, site_options
from policy_engine.api import INDEX_PATH, SiteIndex
from policy_engine.document import parse_policy_text
from policy_engine.errors import PolicyError
from policy_engine.history import GitReader, revisions_from_versions
from policy_engine.ledger import LedgerEntry, compare_ledgers, entries_from_json, entries_from_revisions
from published import index_listing, is_url, read_documents, read_index


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
    parser.add_argument("source", help="the site's root URL (ending in /), a built site folder, or one revisions.json")
    parser.add_argument("--repo", default=str(ROOT), help="the clone to verify against (default: this checkout)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip building the source commit again")
    options = parser.parse_args(argv)

    root = Path(options.repo).resolve()
    try:
        settings = site_options(root)
    except PolicyError as error:
        return fail(error)
    docs = settings.docs_dir.relative_to(root).as_posix()
    failures: list[str] = []

    def report(ok: bool, line: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {line}")
        if not ok:
            failures.append(line)

    try:
        with GitReader(root) as reader:
            reader.check_complete()
            index = read_index(options.source)
            site = index is not None
            if index is not None:
                listing = index_listing(index[1])
                names = [revisions for _, _, revisions in listing]
            elif options.source.endswith("/") or (not is_url(options.source) and Path(options.source).is_dir()):
                report(
                    False,
                    f"{options.source} has no api/index.json: the build that made it did not finish, "
                    "or it was published before the index existed; nothing on it can be verified.",
                )
                listing, names = [], []
            else:
                listing, names = [], []  # one revisions.json: its revisions only (a partial check)
            published: list[LedgerEntry] = []
            documents: dict[str, object] = {}
            found = (
                {where: document for where, document in read_documents(options.source, names)}
                if (names or not site)
                else {}
            )
            for name in names:
                where = next((w for w in found if w.endswith(name)), None)
                if where is None:
                    report(False, f"{name}: listed in api/index.json, but missing from the site.")
                    continue
                documents[name] = found[where]
            for where, document in found.items():
                published += entries_from_json(document, source=where)
            if not published and not failures:
                raise PolicyError(
                    f"{options.source} lists no published revisions.",
                    hint="give the site's root URL (ending in /) or a built site folder.",
                )
            for entry in published:
                problem = check_entry(reader, entry)
                report(
                    problem is None,
                    f"{entry.name}: "
                    + (problem or f"sha256 {entry.sha256[:16]}… matches git show {entry.commit[:7]}:{entry.path}"),
                )
            recomputed: list[LedgerEntry] = []
            for policy, lang in sorted({(e.policy, e.lang) for e in published}):
                path = f"{docs}/{lang}/{policy}.md"
                recomputed += entries_from_revisions(
                    revisions_from_versions(policy, lang, reader.versions(path, f"{docs}/{lang}"))
                )
        for change in compare_ledgers(published, recomputed):
            report(False, f"{change} (in this clone's history of HEAD)")
        if index is not None:
            commit = index[1].source_commit or ""
            problem = check_source_commit(root, commit) if commit else "the index names no source commit."
            report(problem is None, problem or f"built from commit {commit[:7]}, on the first-parent history of HEAD")
            if problem is None and not options.no_rebuild:
                with rebuilt_site(root, index[1]) as rebuilt:
                    verify_rebuild(options.source, rebuilt, documents, listing, report)
    except PolicyError as error:
        return fail(error)
    print(f"verify: {len(published)} published revision(s), {len(failures)} problem(s).")
    return 1 if failures else 0


def verify_rebuild(
    source: str,
    rebuilt: Path,
    documents: dict[str, object],
    listing: list[tuple[str, str, str]],
    report: Callable[[bool, str], None],
) -> None:
    """The published site against the rebuild of its source commit."""
    rebuilt_index = SiteIndex.loads((rebuilt / INDEX_PATH).read_bytes(), where=f"the rebuilt site's {INDEX_PATH}")
    expected = index_listing(rebuilt_index)
    for policy, lang, name in expected:
        if (policy, lang, name) not in listing:
            report(False, f"{policy} ({lang}): its source has it, but the site's index does not list it ({name}).")
    mismatches = 0
    for _, _, name in expected:
        if name in documents:
            for problem in json_differences(
                documents[name], json.loads((rebuilt / name).read_text(encoding="utf-8")), name
            ):
                mismatches += 1
                report(False, problem)
    files = differing_files(source, rebuilt)
    if files:
        report(
            False, f"rebuild: {len(files)} file(s) differ from a rebuild of the source commit; the first: {files[0]}"
        )
        for line in files[1:10]:
            print(f"     {line}")
    elif not mismatches:
        print("rebuild: every file of the site is byte-identical to a rebuild of its source commit.")


if __name__ == "__main__":
    sys.exit(main())
