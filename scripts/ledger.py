#!/usr/bin/env python3
"""Refuse to publish a site that is unfinished, holds a draft, or would drop or alter what is published.

    .venv/bin/python scripts/ledger.py --site site --published https://example.github.io/privacy-policy/
    .venv/bin/python scripts/ledger.py --site site --published previous-site/            # a folder
    .venv/bin/python scripts/ledger.py --site site --published live/api/privacy/ja/revisions.json

First the built site (`--site`) itself: it must hold `api/index.json` (the build writes it last, so
without it the build did not finish), every revisions.json the index lists, every page and
changes file those name, and no draft page. Then it compares it with what is already published
(`--published`: the live site's root URL, a revisions.json URL or file, or a folder holding a
previous build; repeat it for several). Every policy and language the published index lists
must still be there (a deleted or renamed policy or a dropped language is refused), and every
published revision unchanged or corrected on top, with every commit it was published from still
in main's history. Exits 0 when the new site only adds; 1, with one message per problem,
otherwise; 2 when either side cannot be read. The recovery path is in README.md ("When the
ledger refuses to publish").

`--accept <policy>/<lang>/<revision>` (or `<policy>/<lang>` for a whole policy or language) lets
one named change through, for a withdrawal decided by the legal team; it is printed, never silent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

from site_check import check_source_commit, differing_files, rebuilt_site

from policy_cli import ROOT, fail
from policy_engine.api import ChangesDocument, RevisionsDocument, SiteIndex
from policy_engine.errors import PolicyError
from policy_engine.ledger import LedgerEntry, compare_indexes, compare_ledgers, entries_from_json, new_entries
from policy_engine.urls import api_path
from published import api_names, index_listing, read_documents, read_index


def entries(source: str, names: list[str]) -> list[LedgerEntry]:
    found: list[LedgerEntry] = []
    for where, document in read_documents(source, names):
        found += entries_from_json(document, source=where)
    return found


def site_page(url: str, site_url: str) -> str:
    """The site path of a page URL the JSON gives (absolute with site_url, else root-relative)."""
    base = urlparse(site_url).path if site_url else "/"
    path = urlparse(url).path
    return path[len(base.rstrip("/")) + 1 :] if path.startswith(base.rstrip("/") + "/") else path.lstrip("/")


def site_problems(site: Path, index: SiteIndex, listing: list[tuple[str, str, str]]) -> list[str]:
    """Why the built site must not be published as it is, whatever is live: empty when it is whole.
    PolicyError naming the file when one of its JSON documents does not match its schema."""
    problems = []
    drafts = sorted(p.relative_to(site).as_posix() for p in site.rglob("draft") if p.parent.name == "history")
    problems += [
        f"{draft}/ is a draft page (uncommitted edits): a published site never holds one; build "
        "with `make site`, not with POLICY_DRAFTS=1 or from `make serve`."
        for draft in drafts
    ]
    site_url = index.site_url or ""
    for policy, lang, revisions in listing:
        if not (site / revisions).is_file():
            problems.append(f"{revisions} is listed in api/index.json but missing: the site is incomplete.")
            continue
        document = RevisionsDocument.loads((site / revisions).read_bytes(), where=str(site / revisions))
        for record in document.revisions:
            for key, url in (("url", record.url), ("changes_url", record.changes_url)):
                if url:
                    page = site_page(url, site_url)
                    if not (site / page / "index.html").is_file():
                        problems.append(
                            f"{policy} ({lang}) revision {record.id}: its page {page} "
                            f"({key} in {revisions}) is missing from the site."
                        )
            if record.changes_url:
                changes = api_path(policy, lang, f"changes/{record.id}.json")
                if not (site / changes).is_file():
                    problems.append(f"{policy} ({lang}) revision {record.id}: {changes} is missing.")
                else:
                    ChangesDocument.loads((site / changes).read_bytes(), where=str(site / changes))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="the built site about to be published (default: site)")
    parser.add_argument(
        "--published",
        action="append",
        required=True,
        help="what is already published: the live site's root URL (ending in /), a revisions.json "
        "URL or file, or a folder holding a previous build; may be repeated",
    )
    parser.add_argument("--repo", default=str(ROOT), help="the clone the site was built from (default: this checkout)")
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="skip building the site's source commit again and comparing it byte for byte",
    )
    parser.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="POLICY/LANG[/REVISION]",
        help="let this one published revision (or policy language) change or go (a decision of the legal team)",
    )
    options = parser.parse_args(argv)

    site = Path(options.site)
    notes: list[str] = []
    try:
        index = read_index(str(site)) if site.is_dir() else None
        if index is None:
            if site.is_dir() and api_names(site):
                raise PolicyError(
                    f"{site} has no api/index.json, which a build writes last: the build did not finish "
                    "(it was interrupted or failed), so this site is not published.",
                    hint="run `make site` again and let it finish.",
                )
            raise PolicyError(
                f"{site} holds no api/index.json, so there is nothing to check it against.",
                hint="run `make site` first (a site built with POLICY_NO_HISTORY=1 has no history and must "
                "not replace a published one).",
            )
        listing = index_listing(index[1])
        names = [revisions for _, _, revisions in listing]
        refused_site = site_problems(site, index[1], listing)
        if not refused_site and not options.no_rebuild:
            # The site must be exactly what its source commit builds: nothing edited after the build.
            commit = index[1].source_commit or ""
            problem = check_source_commit(Path(options.repo).resolve(), commit)
            if problem is not None:
                refused_site.append(problem)
            else:
                with rebuilt_site(Path(options.repo).resolve(), index[1]) as rebuilt:
                    files = differing_files(str(site), rebuilt)
                if files:
                    refused_site.append(
                        f"{len(files)} file(s) differ from a rebuild of commit {commit[:7]} "
                        f"(edited after the build?); the first: {files[0]}"
                    )
        candidate = entries(str(site), names) if not refused_site else []
        published: list[LedgerEntry] = []
        published_pairs: set[tuple[str, str]] = set()
        for source in options.published:
            live = read_index(source)
            if live is not None:
                live_listing = index_listing(live[1])
                published_pairs |= {(policy, lang) for policy, lang, _ in live_listing}
                found = entries(source, [revisions for _, _, revisions in live_listing])
            else:
                if source.endswith("/") or Path(source).is_dir():
                    notes.append(
                        f"note: {source} has no api/index.json (built before it existed); compared the "
                        "policies and languages the new site has."
                    )
                found = entries(source, names)
            published_pairs |= {(e.policy, e.lang) for e in found}
            published += found
    except PolicyError as error:
        return fail(error)

    for note in notes:
        print(note)
    for problem in refused_site:
        print(f"error: {problem}", file=sys.stderr)
    if refused_site:
        print(
            f"\nThe ledger refuses to publish: the built site is not whole ({len(refused_site)} problem(s)).\n"
            "hint: build it again with `make site` and let the build finish.",
            file=sys.stderr,
        )
        return 1

    accepted = set(options.accept)
    candidate_pairs = {(e.policy, e.lang) for e in candidate} | {(policy, lang) for policy, lang, _ in listing}
    gone = [(pair, message) for pair, message in compare_indexes(published_pairs, candidate_pairs)]
    gone_pairs = {pair for pair, _ in gone}
    # A vanished policy is reported once, as such, not once per revision.
    by_name = {entry.name: entry for entry in published}  # a ledger problem's subject names its revision
    changes = [(by_name[p.subject or ""], p) for p in compare_ledgers(published, candidate)]
    problems = [(entry, p) for entry, p in changes if (entry.policy, entry.lang) not in gone_pairs]
    refused: list[str] = []
    for (policy, lang), message in gone:
        if f"{policy}/{lang}" in accepted:
            print(f"accepted (--accept {policy}/{lang}): {message}")
        else:
            refused.append(message)
    for entry, change in problems:
        if "/".join(entry.key) in accepted:
            print(f"accepted (--accept {'/'.join(entry.key)}): {change}")
        else:
            refused.append(str(change))
    for message in refused:
        print(f"error: {message}", file=sys.stderr)
    if refused:
        print(
            f"\nThe ledger refuses to publish: {len(refused)} published policy, language or revision(s) would be "
            "dropped or altered.\n"
            "hint: a published revision is never rewritten and a published policy never vanishes. If a force-push "
            'or rebase did this, restore the published commits (README.md: "When the ledger refuses to publish"); '
            "to change published text, commit a correction on top instead; keep a policy's file name.",
            file=sys.stderr,
        )
        return 1
    added = new_entries(published, candidate)
    print(
        f"ledger: {len(published)} published revision(s) kept unchanged or corrected; "
        f"{len(added)} new: {', '.join(e.name for e in added) or 'none'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
