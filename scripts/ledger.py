#!/usr/bin/env python3
"""Refuse to publish a site that would drop or alter a revision that is already published.

    .venv/bin/python scripts/ledger.py --site site --published https://example.github.io/privacy-policy/
    .venv/bin/python scripts/ledger.py --site site --published previous-site/            # a folder
    .venv/bin/python scripts/ledger.py --site site --published live/api/privacy/ja/revisions.json

Compares every `api/<policy>/<lang>/revisions.json` of the built site (`--site`) with what is
already published (`--published`: the live site's root URL, a revisions.json URL or file, or a
folder holding a previous build; repeat it for several). Exits 0 when the new site only adds
revisions or corrections; 1, with one message per revision, when a published revision would
disappear, or change its effective date, text (sha256) or commit; 2 when either side cannot be
read. The recovery path is in README.md ("When the ledger refuses to publish").

`--accept <policy>/<lang>/<revision>` lets one named change through, for a withdrawal decided by
the legal team; it is printed, never silent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policy_cli import fail
from published import api_names, read_documents

from policy_engine.errors import PolicyError
from policy_engine.ledger import LedgerEntry, compare_ledgers, entries_from_json, new_entries


def entries(source: str, names: list[str]) -> list[LedgerEntry]:
    found: list[LedgerEntry] = []
    for where, document in read_documents(source, names):
        found += entries_from_json(document, source=where)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="the built site about to be published (default: site)")
    parser.add_argument("--published", action="append", required=True,
                        help="what is already published: the live site's root URL (ending in /), a revisions.json "
                        "URL or file, or a folder holding a previous build; may be repeated")
    parser.add_argument("--accept", action="append", default=[], metavar="POLICY/LANG/REVISION",
                        help="let this one published revision change or go (a decision of the legal team)")
    options = parser.parse_args(argv)

    site = Path(options.site)
    names = api_names(site) if site.is_dir() else []
    try:
        if not names:
            raise PolicyError(
                f"{site} holds no api/<policy>/<lang>/revisions.json, so there is nothing to check it against.",
                hint="run `make site` first (a site built with POLICY_NO_HISTORY=1 has no history and must "
                "not replace a published one).",
            )
        candidate = entries(str(site), names)
        published: list[LedgerEntry] = []
        for source in options.published:
            published += entries(source, names)
    except PolicyError as error:
        return fail(error)

    accepted = set(options.accept)
    problems = compare_ledgers(published, candidate)
    refused = [p for p in problems if "/".join(p.entry.key) not in accepted]
    for problem in problems:
        if problem not in refused:
            print(f"accepted (--accept {'/'.join(problem.entry.key)}): {problem}")
    for problem in refused:
        print(f"error: {problem}", file=sys.stderr)
    if refused:
        print(
            f"\nThe ledger refuses to publish: {len(refused)} published revision(s) would be dropped or altered.\n"
            "hint: a published revision is never rewritten. If a force-push or rebase did this, restore the "
            "published commits (README.md: \"When the ledger refuses to publish\"); to change published text, "
            "commit a correction on top instead.",
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
