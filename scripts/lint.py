#!/usr/bin/env python3
"""Check every policy file in both languages, and (with --base) the change against a base branch.

    .venv/bin/python scripts/lint.py                    # the files as they are now, and your uncommitted edits
    .venv/bin/python scripts/lint.py --base origin/main # as a pull request: every change since origin/main
    make lint BASE=origin/main                          # the same

Prints one message per problem (file:line, clause, what is wrong, and a `hint:` line with what to
do). Exits 1 when there is an error; warnings are printed but do not fail. CONTRIBUTING.md explains
every message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from policy_cli import ROOT, SiteOptions, fail, site_options, today
from policy_engine import lint
from policy_engine.errors import PolicyError, Problem
from policy_engine.history import FileVersion, GitReader, find_policy_files, load_policies, revisions_from_versions
from policy_engine.lint import CurrentFile
from policy_engine.model import PolicyText
from policy_engine.pairing import stale_translations  # the side-by-side view's rule, as warnings here


def lint_project(options: SiteOptions, base: str | None) -> list[Problem]:
    findings: list[Problem] = []
    with GitReader(options.root) as reader:
        current: dict[tuple[str, str], tuple[CurrentFile, PolicyText | None]] = {}
        for policy_id, lang, file in find_policy_files(options.docs_dir, options.languages):
            path = reader.repo_path(file)
            raw = file.read_bytes()
            text, found = lint.check_file(raw, path)
            findings += found
            current[(policy_id, lang)] = (CurrentFile(policy_id, lang, path, raw), text)
        findings += _check_languages(current, options)
        history = _check_history(reader, options, base)
        # One message per problem: the history check and the change check can both see a
        # backwards `effective:`; the history's names the commit, so the other is dropped.
        seen = {(f.path, f.line) for f in history if f.severity == "error" and f.line}
        findings += history
        findings += [
            f
            for f in _check_changes(reader, current, options, base)
            if not (f.severity == "error" and (f.path, f.line) in seen)
        ]
    return lint.sort_findings(findings)


def _check_languages(
    current: dict[tuple[str, str], tuple[CurrentFile, PolicyText | None]], options: SiteOptions
) -> list[Problem]:
    findings: list[Problem] = []
    original_lang = options.languages[0]
    for policy_id in sorted({policy for policy, _ in current}):
        present = {lang: current[(policy_id, lang)] for lang in options.languages if (policy_id, lang) in current}
        for lang in options.languages:
            if lang not in present:
                if (options.docs_dir / lang / f"{policy_id}.md").exists():
                    continue  # the file is there but not readable as a policy: the history check says why
                some = next(iter(present.values()))[0]
                findings.append(
                    Problem(
                        f"the policy `{policy_id}` has no {lint.language_name(lang)} version "
                        f"({options.docs_dir.name}/{lang}/{policy_id}.md).",
                        path=some.path,
                        hint="every policy is published in both languages: add the translation with the same clause numbers and effective date.",
                    )
                )
        if original_lang not in present:
            continue
        original = present[original_lang]
        for lang, translation in present.items():
            if lang != original_lang and original[1] is not None and translation[1] is not None:
                findings += lint.check_current_languages((original[0], original[1]), (translation[0], translation[1]))
    return findings


def _check_history(reader: GitReader, options: SiteOptions, base: str | None) -> list[Problem]:
    try:
        published = reader.commits_in(base) if base else frozenset()
        policies = load_policies(
            options.docs_dir,
            options.languages,
            reader,
            timezone=options.timezone,
            published=published if base else None,
        )
        # What is already committed (with a base: on the base branch) was checked when it was
        # made: a warning about it belongs to the change that causes it, not to every later run.
        recorded = reader.commits_in(base) if base else (reader.commits_in("HEAD") if reader.head() else frozenset())
    except PolicyError as error:
        return [lint.from_error(error, error.path or "")]
    findings: list[Problem] = []
    for edited in policies.policies:
        if edited.draft is not None:
            findings += _check_uncommitted(reader, edited.path, options)
    original_lang = options.languages[0]
    for policy_id in policies.ids():
        original = policies.get(policy_id, original_lang)
        for lang in options.languages[1:]:
            translation = policies.get(policy_id, lang)
            if original is None or translation is None:
                continue
            findings += lint.check_revision_languages(original, translation, published)
        for lang in options.languages:
            policy = policies.get(policy_id, lang)
            if policy is not None:
                findings += lint.check_consent_clauses(policy, recorded)
        for lang in options.languages[1:]:
            translation = policies.get(policy_id, lang)
            if original is None or translation is None:
                continue
            for stale in stale_translations(original, translation):
                if stale.commit in recorded:
                    continue  # already recorded: reported by the change that made it
                findings.append(
                    Problem(
                        f"clause {stale.clause} changed in the {lint.language_name(stale.changed_lang)} text of the "
                        f"revision effective {stale.effective.isoformat()}, but the "
                        f"{lint.language_name(stale.unchanged_lang)} text did not change; the translation may be out of date.",
                        path=stale.path,
                        line=stale.line,
                        commit=stale.commit or None,
                        clause=stale.clause,
                        hint=stale.hint,
                        severity="warning",
                    )
                )
    return findings


def _check_uncommitted(reader: GitReader, path: str, options: SiteOptions) -> list[Problem]:
    """The uncommitted edits to a policy, checked by the build's own rules as if committed today
    (frozen fields, postponing and withdrawing, declared postings), before the commit is made."""
    versions = reader.versions(path)
    now = dt.datetime.combine(today(options.timezone), dt.time(12), tzinfo=ZoneInfo(options.timezone))
    working = FileVersion(
        "", max(now, versions[-1].posted), path, (options.root / path).read_bytes(), "uncommitted edits", "M"
    )
    try:
        revisions_from_versions(Path(path).stem, "", [*versions, working], timezone=options.timezone)
    except PolicyError as error:
        return [lint.from_error(error, path)]
    return []


def _check_changes(
    reader: GitReader,
    current: dict[tuple[str, str], tuple[CurrentFile, PolicyText | None]],
    options: SiteOptions,
    base: str | None,
) -> list[Problem]:
    """Each file against the base (or, without one, your uncommitted edits against HEAD)."""
    if base is None and reader.head() is None:
        return []
    ref = base or "HEAD"
    name = base or "the last commit (HEAD)"
    try:
        reader.resolve(ref)
        posted_on = today(options.timezone)
    except PolicyError as error:
        return [lint.from_error(error, "")]
    findings: list[Problem] = []
    for (_, _), (file, text) in sorted(current.items()):
        if text is None:
            continue  # its front matter is already reported
        head = lint.read_version(file.raw, file.path)
        base_raw = reader.bytes_at(ref, file.path)
        base_version = None
        if base_raw is not None:
            try:
                base_version = lint.read_version(base_raw, file.path, reader.resolve(ref))
            except PolicyError:
                base_version = None  # the base itself is broken: this change repairs it
        findings += lint.check_change(base_version, head, file.path, posted_on, name)
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", help="the branch or commit a pull request goes into (e.g. origin/main)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        options = site_options(args.root.resolve())
        findings = lint_project(options, args.base)
    except PolicyError as error:
        return fail(error)
    for finding in findings:
        print(finding.report_line())
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    checked = f"against {args.base}" if args.base else "(uncommitted edits against HEAD)"
    if errors:
        print(
            f"\npolicy lint {checked}: {errors} error(s), {warnings} warning(s). Fix the errors above; see CONTRIBUTING.md."
        )
        return 1
    print(f"policy lint {checked}: no errors, {warnings} warning(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
