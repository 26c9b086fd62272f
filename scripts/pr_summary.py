#!/usr/bin/env python3
"""Which clauses a change adds, removes, amends or renumbers, per policy and language.

    .venv/bin/python scripts/pr_summary.py --base origin/main                    # plain text
    .venv/bin/python scripts/pr_summary.py --base origin/main --format markdown  # one PR comment

Compares the policy files of two commits (`--head` defaults to HEAD). The Markdown starts with a
hidden marker so CI can update its one comment on the pull request instead of adding new ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policy_cli import ROOT, fail, site_options
from policy_engine.document import decode_policy_bytes, is_policy, parse_policy_text
from policy_engine.errors import PolicyError
from policy_engine.history import GitReader
from policy_engine.model import PolicyText
from policy_engine.summary import FileChange, summarize, to_markdown, to_text


def policy_files(reader: GitReader, ref: str, docs: str, languages: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Repository path -> (policy id, language) for each policy file in commit `ref`."""
    found = {}
    for lang in languages:
        folder = f"{docs}/{lang}"
        for path in reader.files_at(ref, folder):
            raw = reader.bytes_at(ref, path) or b""
            if is_policy(raw.decode("utf-8", errors="replace")):
                found[path] = (path[len(folder) + 1 : -len(".md")], lang)
    return found


def read_text(reader: GitReader, ref: str, path: str) -> PolicyText | None:
    raw = reader.bytes_at(ref, path)
    if raw is None:
        return None
    sha = reader.resolve(ref)
    return parse_policy_text(decode_policy_bytes(raw, path=path, commit=sha), path=path, commit=sha)


def changes_between(root: Path, base: str, head: str) -> list[FileChange]:
    options = site_options(root)
    with GitReader(root) as reader:
        docs = reader.repo_path(options.docs_dir)
        files = {**policy_files(reader, base, docs, options.languages), **policy_files(reader, head, docs, options.languages)}
        order = {lang: i for i, lang in enumerate(options.languages)}
        changes = []
        for path, (policy_id, lang) in sorted(files.items(), key=lambda item: (item[1][0], order[item[1][1]])):
            if reader.bytes_at(base, path) == reader.bytes_at(head, path):
                continue
            changes.append(summarize(policy_id, lang, path, read_text(reader, base, path), read_text(reader, head, path)))
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the branch or commit the change goes into (e.g. origin/main)")
    parser.add_argument("--head", default="HEAD", help="the changed commit (default: HEAD)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        changes = changes_between(args.root.resolve(), args.base, args.head)
    except PolicyError as error:
        return fail(error)
    render = to_markdown if args.format == "markdown" else to_text
    sys.stdout.write(render(changes, args.base, args.head))
    return 0


if __name__ == "__main__":
    sys.exit(main())
