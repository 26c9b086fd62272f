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
        files = {
            **policy_files(reader, base, docs, options.languages),
            **policy_files(reader, head, docs, options.languages),
        }
        order = {lang: i for i, lang in enumerate(options.languages)}
        changes = []
        for path, (policy_id, lang) in sorted(files.items(), key=lambda item: (item[1][0], order[item[1][1]])):
            if reader.bytes_at(base, path) == reader.bytes_at(head, path):
                continue
            before, after = read_text(reader, base, path), read_text(reader, head, path)
            if before is not None and after is not None:
                check_direction(before, after, path, reader.resolve(head), reader.bytes_at(head, path) or b"", base)
            changes.append(summarize(policy_id, lang, path, before, after))
    return changes


def check_direction(before: PolicyText, after: PolicyText, path: str, commit: str, raw: bytes, base: str) -> None:
    """A summary of a change the build would refuse would mislead reviewers: refuse a backwards
    `effective:` here too (unless it withdraws an announcement, `withdrawn: <reason>`)."""
    if after.effective >= before.effective or (after.withdrawn and after.withdrawn != before.withdrawn):
        return
    text = raw.decode("utf-8", errors="replace")
    line = next((n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("effective:")), None)
    raise PolicyError(
        f"`effective: {after.effective}` is earlier than {before.effective}, the date on {base}; effective dates "
        "never go backwards, so this change cannot be summarised as a revision.",
        path=path,
        line=line,
        commit=commit,
        hint=f"for a new revision use a date after {before.effective}; to correct the text in force keep its "
        "`effective:` date and add `correction: <why>`; run `make lint BASE=<base>` for every check.",
    )


def uncommitted_policy_edits(root: Path) -> list[str]:
    """Policy files under docs/ with edits not yet committed (the summary compares commits only)."""
    options = site_options(root)
    with GitReader(root) as reader:
        docs = reader.repo_path(options.docs_dir)
        out = reader.uncommitted(docs)
    return [path for path in out if path.endswith(".md")]


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
    if args.head == "HEAD":
        edited = uncommitted_policy_edits(args.root.resolve())
        if edited:
            print(
                f"note: this summary compares commits ({args.base}..HEAD); uncommitted edits to "
                f"{', '.join(edited)} are not included. Commit them to see them here, or run `make lint` "
                "to check them now.",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
