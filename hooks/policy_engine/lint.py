"""The policy linter's checks: plain values in, findings out. No I/O (scripts/lint.py reads git).

Each check returns findings (`errors.Problem`, the one problem type) that a legal-team member can act on: where (file, line, clause,
commit), what is wrong, and a `hint` saying what to do. Errors fail `make lint`; warnings are
shown but do not.

The checks:

- `check_file`: front matter present and valid (`effective` a real date, `title` and `summary`
  present), numbering well formed (no gaps, duplicates or numbers out of order, every clause
  under its parent, no numbered line run into the paragraph before it).
- `check_languages`: the Japanese and English texts have the same `effective` and the same
  clause numbers, in the working tree and in every committed revision.
- `check_change`: against a base (the pull request's target): a change to what readers see is
  either a new revision (a later `effective`) or a correction (`correction: <reason>` in the
  front matter, new in this change); `effective` never goes backwards; a new revision does not
  take effect before the day it is posted unless `backdated: <reason>` says why.

>>> from policy_engine.clauses import parse_clauses
>>> [f.message for f in check_numbering(parse_clauses("## 1. A\\n\\n1.1. x\\n\\n1.3. y"), "p.md")]
['clause 1.3 follows 1.1, so 1.2 is missing.']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .clauses import parse_clauses
from .document import decode_policy_bytes, front_matter, parse_policy_text, reader_fingerprint
from .errors import PolicyError, Problem, Severity
from .model import Clause, Policy, PolicyText, Revision

LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}


@dataclass(frozen=True)
class CurrentFile:
    """A policy file as the editor has it now (the working tree), with its front matter."""

    policy: str
    lang: str
    path: str
    raw: bytes


def from_error(error: PolicyError, path: str, severity: Severity = "error") -> Problem:
    """The problem a parse raised, as a finding of the linter (in `path` when it names no file)."""
    return replace(error.problem, path=error.path or path, severity=severity)


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


# --- One file ---------------------------------------------------------------------------------


def meta_line(raw_text: str, key: str) -> int:
    """The file line of `key:` in the front matter (2, the first front-matter line, if absent)."""
    for number, line in enumerate(raw_text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() in ("---", "..."):
            break
    return 2


def read_front_matter(raw: bytes, path: str, commit: str | None = None) -> tuple[PolicyText, dict[str, Any], str]:
    """(parsed text, raw front matter mapping, decoded file); PolicyError as `parse_policy_text` gives."""
    text = decode_policy_bytes(raw, path=path, commit=commit)
    parsed = parse_policy_text(text, path=path, commit=commit)
    return parsed, front_matter(text, path=path, commit=commit), text


def check_file(raw: bytes, path: str, commit: str | None = None) -> tuple[PolicyText | None, list[Problem]]:
    """Front matter and numbering of one version of a policy file."""
    try:
        text, meta, decoded = read_front_matter(raw, path, commit)
    except PolicyError as error:
        return None, [from_error(error, path)]
    findings = []
    for key, example in (
        ("title", "プライバシーポリシー / Privacy Policy"),
        ("summary", "第3条の利用目的を追加 / Added a purpose to article 3"),
    ):
        if not str(meta.get(key) or "").strip():
            findings.append(
                Problem(
                    f"the front matter has no `{key}:`.",
                    path=path,
                    line=meta_line(decoded, key),
                    commit=commit,
                    hint=f"add a `{key}:` line between the --- lines, e.g. `{key}: {example}`.",
                )
            )
    for key in ("correction", "backdated"):
        if key in meta and not isinstance(meta[key], str):
            findings.append(
                Problem(
                    f"`{key}:` must be a sentence saying why, not `{meta[key]}`.",
                    path=path,
                    line=meta_line(decoded, key),
                    commit=commit,
                    hint=f"write the reason, e.g. `{key}: 誤字の修正 (typo fix)`, or remove the line.",
                )
            )
    try:
        clauses = parse_clauses(text.body, path=path, first_line=text.body_line, commit=commit)
    except PolicyError as error:
        return text, [*findings, from_error(error, path)]
    findings += check_numbering(clauses, path, commit)
    findings += check_run_in_numbers(text, clauses, path, commit)
    return text, findings


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _parent(number: str) -> str:
    return number.rpartition(".")[0]


def check_numbering(clauses: Sequence[Clause], path: str, commit: str | None = None) -> list[Problem]:
    """Numbers count up by one under each parent, never repeat or go back, and have their parent."""
    findings: list[Problem] = []
    seen: dict[str, Clause] = {}
    last_child: dict[str, int] = {}
    previous: Clause | None = None

    def error(clause: Clause, message: str, hint: str) -> None:
        findings.append(Problem(message, path=path, line=clause.line, commit=commit, clause=clause.number, hint=hint))

    for clause in clauses:
        number = clause.number
        if number is None:
            continue
        parent, last = _parent(number), _parts(number)[-1]
        if number in seen:
            error(
                clause,
                f"clause {number} appears twice (also at line {seen[number].line}).",
                "give each clause its own number: numbers count up by one (1.1, 1.2, 1.3).",
            )
            continue
        if previous is not None and _parts(number) < _parts(previous.number or "0"):
            error(
                clause,
                f"clause {number} comes after {previous.number}; numbers must increase through the document.",
                f"move clause {number} before {previous.number}, or correct its number.",
            )
            seen[number] = clause
            continue
        if parent and parent not in seen:
            kind = "article" if "." not in parent else "clause"
            example = f"`## {parent}. <heading>`" if kind == "article" else f"a paragraph starting `{parent}. `"
            error(
                clause,
                f"clause {number} has no {kind} {parent} above it.",
                f"add {kind} {parent} ({example}) before it, or correct the number.",
            )
        expected = last_child.get(parent, 0) + 1
        if last > expected:
            missing = ", ".join(f"{parent + '.' if parent else ''}{n}" for n in range(expected, last))
            after = previous.number if previous is not None else "the start"
            error(
                clause,
                f"clause {number} follows {after}, so {missing} is missing.",
                "renumber the clauses so that they count up by one, in both languages, or add the missing clause.",
            )
        elif last < expected:
            error(
                clause,
                f"clause {number} should be numbered {parent + '.' if parent else ''}{expected}: numbers start at 1 and count up by one.",
                "correct the number, in both languages.",
            )
        last_child[parent] = max(last, last_child.get(parent, 0))
        seen[number] = clause
        previous = clause
    return findings


_LINE_NUMBER = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?(?P<number>\d+(?:\.\d+)+)\.?[ \t\u3000]")
# Never starts inside a number (after a dot that follows a digit): from every dot of a long
# `1.1.1.1…` run the match would scan to the run's end and fail, quadratic in the run's length.
_INLINE_NUMBER = re.compile(r"(?<=[ \t\u3000。．.、;；:：])(?<![0-9][.．])(?P<number>\d+(?:\.\d+)+)\.[ \t\u3000]")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def check_run_in_numbers(
    text: PolicyText, clauses: Sequence[Clause], path: str, commit: str | None = None
) -> list[Problem]:
    """A numbered line with no blank line before it, or a clause written inside another's paragraph.

    Markdown joins such lines to the paragraph above, so the reader sees one clause where the
    editor meant two (the seed's `3.1.1 ... 3.1.2 ...` written in one line is the classic case).
    """
    findings = []
    lines = text.body.split("\n")
    in_fence = False
    for offset, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or offset == 0:
            continue
        match = _LINE_NUMBER.match(line)
        before = lines[offset - 1].strip()
        if match and before and not before.startswith("#"):
            number = match.group("number")
            findings.append(
                Problem(
                    f"the line starting `{number}.` has no blank line before it, so it is joined to the paragraph above "
                    "and is not a clause of its own.",
                    path=path,
                    line=text.body_line + offset,
                    commit=commit,
                    clause=number,
                    hint=f"put an empty line before `{number}.`.",
                )
            )
    numbers = {c.number for c in clauses if c.number}
    for clause in clauses:
        if clause.number is None:
            continue
        counted, at_line = 0, clause.line  # lines counted up to `counted`: linear however many matches
        for match in _INLINE_NUMBER.finditer(clause.text):
            number = match.group("number")
            if number in numbers or _parent(number) not in (_parent(clause.number), clause.number):
                continue
            at_line += clause.text.count("\n", counted, match.start())
            counted = match.start()
            findings.append(
                Problem(
                    f"clause {number} is written inside the paragraph of clause {clause.number}, so readers see one clause.",
                    path=path,
                    line=at_line,
                    commit=commit,
                    clause=number,
                    hint=f"start `{number}.` on a new line with an empty line before it.",
                )
            )
    return findings


# --- Two languages ----------------------------------------------------------------------------


def _numbered(clauses: Iterable[Clause]) -> dict[str, Clause]:
    found: dict[str, Clause] = {}
    for clause in clauses:
        if clause.number and clause.number not in found:
            found[clause.number] = clause
    return found


def compare_numbers(
    original: Sequence[Clause],
    original_path: str,
    translation: Sequence[Clause],
    translation_path: str,
    *,
    original_lang: str,
    translation_lang: str,
    revision: str = "",
    commits: tuple[str | None, str | None] = (None, None),
) -> list[Problem]:
    """A clause number present in one language only, reported where it is (and where it is missing)."""
    a, b = _numbered(original), _numbered(translation)
    where = f" in the revision effective {revision}" if revision else ""
    findings = []
    for numbers, other, path, lang, other_lang, other_path, commit in (
        (a, b, original_path, original_lang, translation_lang, translation_path, commits[0]),
        (b, a, translation_path, translation_lang, original_lang, original_path, commits[1]),
    ):
        for number, clause in numbers.items():
            if number not in other:
                findings.append(
                    Problem(
                        f"clause {number} is in the {language_name(lang)} text{where} but not in the "
                        f"{language_name(other_lang)} text ({other_path}).",
                        path=path,
                        line=clause.line,
                        commit=commit,
                        clause=number,
                        hint=f"add clause {number} to {other_path}, or remove it here: both languages must have the same clause numbers.",
                    )
                )
    return findings


def check_current_languages(
    original: tuple[CurrentFile, PolicyText], translation: tuple[CurrentFile, PolicyText]
) -> list[Problem]:
    """The working-tree texts of one policy: same effective date, same clause numbers."""
    (file_a, text_a), (file_b, text_b) = original, translation
    findings = []
    if text_a.effective != text_b.effective:
        decoded = file_b.raw.decode("utf-8", errors="replace")
        findings.append(
            Problem(
                f"`effective: {text_b.effective}` differs from the {language_name(file_a.lang)} text's "
                f"`effective: {text_a.effective}` ({file_a.path}).",
                path=file_b.path,
                line=meta_line(decoded, "effective"),
                hint="both languages of a revision take effect on the same day: use the same `effective:` date in both files.",
            )
        )
    try:
        clauses_a = parse_clauses(text_a.body, path=file_a.path, first_line=text_a.body_line)
        clauses_b = parse_clauses(text_b.body, path=file_b.path, first_line=text_b.body_line)
    except PolicyError:
        return findings  # reported by check_file
    return findings + compare_numbers(
        clauses_a, file_a.path, clauses_b, file_b.path, original_lang=file_a.lang, translation_lang=file_b.lang
    )


def _clauses(revision: Revision) -> list[Clause]:
    return parse_clauses(
        revision.text.body, path=revision.path, first_line=revision.text.body_line, commit=revision.commit
    )


def check_revision_languages(
    original: Policy, translation: Policy, published: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every committed revision exists in both languages with the same clause numbers.

    `published` holds commits already on the base branch: problems in revisions made only of
    those are warnings (they are public record and cannot be changed), all others are errors.
    The newest revision of each language is checked as the working tree by
    `check_current_languages` when there are no uncommitted edits, so it is not repeated here.
    """
    findings: list[Problem] = []
    by_id_a = {r.id: r for r in original.revisions}
    by_id_b = {r.id: r for r in translation.revisions}
    current = {r.id for r in (original.revisions[-1:] if original.draft is None else ())} & {
        r.id for r in (translation.revisions[-1:] if translation.draft is None else ())
    }
    for revision_id in sorted(set(by_id_a) | set(by_id_b)):
        a, b = by_id_a.get(revision_id), by_id_b.get(revision_id)
        old = all(r is None or r.commit in published for r in (a, b))
        severity: Severity = "warning" if old else "error"
        if a is None or b is None:
            present, policy_missing = (a or b), (original if a is None else translation)
            assert present is not None
            findings.append(
                Problem(
                    f"the revision effective {revision_id} exists in the {language_name(present.lang)} text only; "
                    f"{policy_missing.path} has no revision with that date.",
                    path=present.path,
                    commit=present.commit,
                    hint=f"commit the {language_name(policy_missing.lang)} text with `effective: {revision_id}` too."
                    + (" (This revision is already published, so this is only noted.)" if old else ""),
                    severity=severity,
                )
            )
            continue
        if revision_id in current:
            continue
        try:
            pair = compare_numbers(
                _clauses(a),
                a.path,
                _clauses(b),
                b.path,
                original_lang=a.lang,
                translation_lang=b.lang,
                revision=revision_id,
                commits=(a.commit, b.commit),
            )
        except PolicyError as error:
            findings.append(from_error(error, a.path, severity))
            continue
        findings += [replace(f, severity=severity) for f in pair]
    return findings


# --- A change against the base ----------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One side of a change: the parsed text and its raw front matter."""

    text: PolicyText
    meta: dict[str, Any]
    decoded: str


def read_version(raw: bytes, path: str, commit: str | None = None) -> Version:
    text, meta, decoded = read_front_matter(raw, path, commit)
    return Version(text, meta, decoded)


def check_change(base: Version | None, head: Version, path: str, posted_on: dt.date, base_name: str) -> list[Problem]:
    """Is this change to a policy file a proper revision or a marked correction?

    `posted_on` is the earliest day the change can be published (today in the site's time zone).
    """
    effective_line = meta_line(head.decoded, "effective")
    if base is not None and reader_fingerprint(base.text) == reader_fingerprint(head.text):
        if head.text.effective != base.text.effective:
            return [
                Problem(
                    f"`effective:` changed from {base.text.effective} to {head.text.effective}, but the text did not.",
                    path=path,
                    line=effective_line,
                    hint="a new effective date is a new revision: change the text too, or restore the previous date.",
                )
            ]
        return []
    findings: list[Problem] = []
    old_effective = base.text.effective if base is not None else None
    withdrawing = bool(head.text.withdrawn) and head.text.withdrawn != (base.text.withdrawn if base else "")
    if old_effective is not None and head.text.effective < old_effective and withdrawing:
        # Going back to the revision in force, with its reason: the history rules check that the
        # withdrawn revision had not taken effect and that the text is restored exactly.
        return [
            Problem(
                f"this withdraws the announced revision effective {old_effective} (`withdrawn: {head.text.withdrawn}`) "
                f"and restores the revision effective {head.text.effective}.",
                path=path,
                line=meta_line(head.decoded, "withdrawn"),
                hint="reviewers: check that the announcement is meant to be withdrawn; it stays in the history as withdrawn.",
                severity="warning",
            )
        ]
    if old_effective is not None and head.text.effective < old_effective:
        return [
            Problem(
                f"`effective: {head.text.effective}` is earlier than {old_effective}, the date on {base_name}; "
                "effective dates never go backwards.",
                path=path,
                line=effective_line,
                hint=f"for a new revision use a date after {old_effective}; to correct the text in force keep its "
                f"`effective:` date and add `correction: <why>`; to withdraw an announced revision that has not "
                "taken effect, restore the earlier text and add `withdrawn: <reason>`.",
            )
        ]
    if base is not None and old_effective == head.text.effective:
        reason = str(head.meta.get("correction") or "").strip()
        if not reason:
            findings.append(
                Problem(
                    f"the text changed but `effective:` is still {old_effective}, so this is neither a new revision "
                    "nor a marked correction.",
                    path=path,
                    line=effective_line,
                    hint="for a new revision set `effective:` to the day it takes effect and update `summary:`; "
                    "to fix the current text without changing its meaning (a typo, a broken link) add "
                    "`correction: <why>` to the front matter.",
                )
            )
        elif reason == str(base.meta.get("correction") or "").strip():
            findings.append(
                Problem(
                    f"`correction: {reason}` is the reason of an earlier correction, not of this change.",
                    path=path,
                    line=meta_line(head.decoded, "correction"),
                    hint="replace it with a short reason for this correction.",
                )
            )
        return findings
    # A new revision (or a new policy), or an announced one postponed.
    postponing = bool(head.text.postponed) and base is not None and head.text.postponed != base.text.postponed
    if postponing and base is not None:
        findings.append(
            Problem(
                f"this postpones the announced revision effective {base.text.effective} to {head.text.effective} "
                f"(`postponed: {head.text.postponed}`).",
                path=path,
                line=meta_line(head.decoded, "postponed"),
                hint="reviewers: check the new date; the history shows the announcement as postponed, and the old date "
                "never takes effect.",
                severity="warning",
            )
        )
    if head.text.posted is not None:
        # An imported revision (see CONTRIBUTING.md): it was posted when the records say, not today.
        declared = head.text.posted
        posted_on = declared.date() if isinstance(declared, dt.datetime) else declared
        if base is not None and base.text.posted == declared:
            findings.append(
                Problem(
                    f"`posted: {declared}` is the previous revision's declared posting, copied into this new revision.",
                    path=path,
                    line=meta_line(head.decoded, "posted"),
                    hint="remove the `posted:` line: a new revision posted through this repository is dated by its commit.",
                )
            )
    if head.text.effective < posted_on:
        reason = str(head.meta.get("backdated") or "").strip()
        if not reason or (base is not None and reason == str(base.meta.get("backdated") or "").strip()):
            findings.append(
                Problem(
                    f"`effective: {head.text.effective}` is before {posted_on}, the earliest day this revision can be "
                    "posted; a revision takes effect when it is posted, not before.",
                    path=path,
                    line=effective_line,
                    hint="use today's date or a later one; if taking effect earlier is really intended (approved by the "
                    "legal team), add `backdated: <reason>` to the front matter.",
                )
            )
        else:
            findings.append(
                Problem(
                    f"this revision takes effect on {head.text.effective}, before it is posted ({posted_on} or later): "
                    f"allowed by `backdated: {reason}`.",
                    path=path,
                    line=meta_line(head.decoded, "backdated"),
                    hint="reviewers: check that back-dating is intended.",
                    severity="warning",
                )
            )
    if base is not None:
        for key in ("withdrawn", "postponed"):
            if getattr(head.text, key) and getattr(head.text, key) == getattr(base.text, key):
                findings.append(
                    Problem(
                        f"this is a new revision, but the front matter still has the previous `{key}:` line.",
                        path=path,
                        line=meta_line(head.decoded, key),
                        hint=f"remove the `{key}:` line; it belongs only to the commit that {key} an announcement.",
                        severity="warning",
                    )
                )
        if head.text.summary and head.text.summary == base.text.summary and not postponing:
            findings.append(
                Problem(
                    f"`summary: {head.text.summary}` is the previous revision's summary.",
                    path=path,
                    line=meta_line(head.decoded, "summary"),
                    hint="write one line saying what this revision changes.",
                    severity="warning",
                )
            )
        if str(head.meta.get("correction") or "").strip():
            findings.append(
                Problem(
                    "this is a new revision, but the front matter still has the previous `correction:` line.",
                    path=path,
                    line=meta_line(head.decoded, "correction"),
                    hint="remove the `correction:` line; it is only for fixes that keep the effective date.",
                    severity="warning",
                )
            )
    return findings


def has_errors(findings: Iterable[Problem]) -> bool:
    return any(f.severity == "error" for f in findings)


def sort_findings(findings: Iterable[Problem]) -> list[Problem]:
    """Errors first, then by file and line; exact repeats removed."""
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.severity != "error", f.path or "", f.line or 0, f.message))


__all__ = [
    "CurrentFile",
    "Problem",
    "Version",
    "check_change",
    "check_current_languages",
    "check_file",
    "check_numbering",
    "check_revision_languages",
    "check_run_in_numbers",
    "compare_numbers",
    "has_errors",
    "read_version",
    "sort_findings",
]


# --- Consent (Article 7) ------------------------------------------------------------------------


def check_consent_clauses(policy: Policy, published: frozenset[str] = frozenset()) -> list[Problem]:
    """`consent_required: [3.2.4, 4.4]` names provisions that exist in the revision and that the
    revision changed (amended or added): a notice that users must consent to an unchanged or a
    missing provision would be wrong. Revisions already published (all their commits on the base
    branch) are not reported again: they are public record, and were checked in their own pull request.

    >>> from policy_engine.model import PolicyText, Revision, Policy
    >>> import datetime as dt
    >>> def rev(day, body, consent=()):
    ...     text = PolicyText("T", dt.date(2020, 1, day), "", False, body, 1, consent_clauses=consent)
    ...     return Revision("p", "ja", "p.md", text.effective, dt.datetime(2020, 1, 1), f"c{day}", "", text)
    >>> policy = Policy("p", "ja", "p.md", (rev(1, "## 1. A\\n\\n1.1. x"), rev(2, "## 1. A\\n\\n1.1. y", ("1.1", "1.2"))))
    >>> [f.message for f in check_consent_clauses(policy)]
    ['`consent_required` lists 1.2, but the revision effective 2020-01-02 has no provision 1.2.']
    """
    from .compare import compare_clauses

    findings: list[Problem] = []
    revisions = list(policy.revisions) + ([policy.draft] if policy.draft is not None else [])
    for revision in revisions:
        if not revision.consent_clauses or (not revision.draft and revision.commit in published):
            continue
        try:
            new = _clauses(revision)
            previous = policy.previous(revision)
            changes = compare_clauses(_clauses(previous), new) if previous is not None else []
        except PolicyError as error:
            findings.append(from_error(error, revision.path))
            continue
        numbers = {c.number: c for c in new if c.number}
        changed = {c.new.number for c in changes if c.new is not None and c.status in ("amended", "added")}
        line = None  # the front matter's lines are not kept in the model; the message names the field
        label = "the draft" if revision.draft else f"the revision effective {revision.effective.isoformat()}"
        for number in revision.consent_clauses:
            if number not in numbers:
                findings.append(
                    Problem(
                        f"`consent_required` lists {number}, but {label} has no provision {number}.",
                        path=revision.path,
                        line=line,
                        commit=None if revision.draft else revision.commit,
                        clause=number,
                        hint="list the numbers of the provisions whose change needs users' consent, as they are numbered "
                        "in this revision, or write `consent_required: true` for the revision as a whole.",
                    )
                )
            elif previous is not None and number not in changed:
                findings.append(
                    Problem(
                        f"`consent_required` lists {number}, but {label} does not change provision {number}.",
                        path=revision.path,
                        line=numbers[number].line,
                        commit=None if revision.draft else revision.commit,
                        clause=number,
                        hint="consent is asked for what a revision changes: list only provisions this revision amends or "
                        "adds (see its 新旧対照表), or remove the number.",
                    )
                )
    return findings
