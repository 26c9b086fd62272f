"""A clause-level summary of a change (base..head) for pull requests and terminals. No I/O.

For each policy file the change touched: what kind of change it is (a new revision, a
correction, a new policy), the effective dates, and every clause that was added, removed,
amended or renumbered, with the inline changes. Two renderings of the same data:

- `to_markdown`: GitHub-flavoured Markdown for one pull-request comment (it starts with
  `MARKER`, so CI can find and update its own comment); insertions `<ins>`, deletions `<del>`.
- `to_text`: plain text for a terminal, in `git diff --word-diff` style: `[-old-]{+new+}`.

>>> from policy_engine.model import Segment
>>> inline_text((Segment("equal", "use for "), Segment("insert", "other "), Segment("equal", "marketing")))
'use for {+other +}marketing'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .clauses import parse_clauses
from .compare import compare_clauses
from .document import reader_fingerprint
from .labels import labels, language_name, provision_label, provision_list
from .model import Clause, ClauseChange, PolicyText, Segment

MARKER = "<!-- policy-clause-summary -->"
MAX_MARKDOWN = 60_000
"""GitHub refuses comments over 65,536 characters; the summary stops before that and says so."""

ChangeKind = Literal[
    "new revision", "correction", "new policy", "removed policy", "formatting only", "effective date only"
]


def _language(code: str) -> str:
    """A language as the pull-request summary names it: in its own words, then in English when
    that differs (日本語 / Japanese, English)."""
    own, english = language_name(code, code), language_name(code, "en")
    return own if own == english else f"{own} / {english}"


@dataclass(frozen=True)
class FileChange:
    """How one policy file in one language changed between base and head."""

    policy: str
    lang: str
    path: str
    old: PolicyText | None
    new: PolicyText | None
    clauses: tuple[ClauseChange, ...]

    @property
    def kind(self) -> ChangeKind:
        if self.old is None:
            return "new policy"
        if self.new is None:
            return "removed policy"
        if reader_fingerprint(self.old) == reader_fingerprint(self.new):
            return "formatting only" if self.old.effective == self.new.effective else "effective date only"
        return "correction" if self.old.effective == self.new.effective else "new revision"

    @property
    def changed(self) -> tuple[ClauseChange, ...]:
        return tuple(c for c in self.clauses if c.status != "unchanged")


def summarize(policy: str, lang: str, path: str, old: PolicyText | None, new: PolicyText | None) -> FileChange:
    """Compare two versions of one policy file (either may be None: added or removed file)."""

    def clauses(text: PolicyText | None) -> list[Clause]:
        return parse_clauses(text.body, path=path, first_line=text.body_line) if text is not None else []

    return FileChange(policy, lang, path, old, new, tuple(compare_clauses(clauses(old), clauses(new))))


def clause_label(change: ClauseChange, lang: str = "en") -> str:
    """`3.1.2`, or `3.2 → 3.3` for a clause whose number changed. For the Japanese text the
    provisions are named as a Japanese reader names them, the number beside:
    `第3条第2項 → 第3条第3項（3.2 → 3.3）`."""
    old = change.old.label if change.old is not None else None
    new = change.new.label if change.new is not None else None
    decimal = f"{old} → {new}" if old and new and old != new else (new or old or "")
    if lang != "ja":
        return decimal
    named = [provision_label(c.number, c.key, lang) for c in (change.old, change.new) if c is not None]
    if len(named) == 2 and named[0] == named[1]:
        named = named[1:]
    return f"{' → '.join(named)}（{decimal}）"


def status_word(status: str, lang: str) -> str:
    """`amended`; in Japanese the site's own word (改定, 新設, 削除, 番号変更)."""
    return labels("ja")[f"status_{status}"] if lang == "ja" else status


def consent_line(text: PolicyText, lang: str) -> str:
    """Which provisions need users' consent, for the summary's revision line."""
    if lang == "ja":
        if text.consent_clauses:
            return "同意が必要な改定：" + provision_list(
                [provision_label(n, n, lang) for n in text.consent_clauses], lang
            )
        return "同意が必要な改定：改定全体" if text.consent_required else "同意：不要"
    if text.consent_clauses:
        return "consent required: yes (" + ", ".join(text.consent_clauses) + ")"
    return "consent required: " + ("yes" if text.consent_required else "no")


def _flat(text: str) -> str:
    """Line breaks and runs of spaces as one space (a summary line is one line)."""
    return re.sub(r"\s+", " ", text)


def inline_text(segments: Sequence[Segment]) -> str:
    """Word-diff style: `[-deleted-]{+inserted+}`."""
    marks = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
    return "".join(f"{marks[s.op][0]}{_flat(s.text)}{marks[s.op][1]}" for s in segments)


# Markdown punctuation shown as itself (a backslash escape: GitHub-flavoured Markdown has one for
# every ASCII punctuation character); `<`, `>` and `&` as entities; `@` and `#` followed by an
# invisible zero-width space, so `@team` mentions nobody and `#12` links no issue (GitHub finds
# those in the rendered text, where an escape no longer helps; Dependabot does the same).
_INERT = {
    **{c: "\\" + c for c in "\\`*_{}[]()+-.!|~:$=\"'^"},
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "@": "@&#8203;",
    "#": "\\#&#8203;",
}
_INERT_PATTERN = re.compile("[" + re.escape("".join(_INERT)) + "]")


def inert_markdown(text: str) -> str:
    r"""Text from a policy file (clause text, summary, file name) as Markdown that shows exactly
    that text: no link, image, emphasis, HTML, mention or issue reference can come of it.

    >>> print(inert_markdown("[win](https://x.example) @legal <b>"))
    \[win\]\(https\://x\.example\) @&#8203;legal &lt;b&gt;
    """
    return _INERT_PATTERN.sub(lambda match: _INERT[match.group()], _flat(text))


def inline_markdown(segments: Sequence[Segment]) -> str:
    """`<del>` and `<ins>` around changes; every piece of policy text inert (`inert_markdown`)."""
    parts = []
    for segment in segments:
        text = inert_markdown(segment.text)
        if segment.op == "delete":
            parts.append(f"<del>{text}</del>")
        elif segment.op == "insert":
            parts.append(f"<ins>{text}</ins>")
        else:
            parts.append(text)
    return "".join(parts)


def _headline(change: FileChange, text: Callable[[str], str] = lambda plain: plain) -> str:
    """One line on what kind of change this is; `text` renders what the editor wrote (the reason)."""
    old = change.old.effective.isoformat() if change.old else None
    new = change.new.effective.isoformat() if change.new else None
    if change.kind == "new revision":
        return f"new revision: effective {old} → {new}"
    if change.kind == "correction":
        reason = change.new.correction if change.new else ""
        return f"correction of the revision effective {new}" + (
            f" ({text(reason)})" if reason else " (no `correction:` reason given)"
        )
    if change.kind == "new policy":
        return f"new policy, effective {new}"
    if change.kind == "removed policy":
        return f"policy removed (was effective {old})"
    if change.kind == "effective date only":
        return f"effective date changed {old} → {new}, text unchanged"
    return "source formatting only; readers see no change"


def _counts(change: FileChange) -> str:
    counts: dict[str, int] = {}
    for clause in change.changed:
        counts[clause.status] = counts.get(clause.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items()) or "no clause changed"


def to_markdown(changes: Sequence[FileChange], base: str, head: str) -> str:
    """One PR comment: a section per policy file, a bullet per changed clause."""
    lines = [MARKER, f"## Policy changes: clause by clause (`{base}` → `{head}`)", ""]
    if not changes:
        lines.append("No policy file changed.")
        return "\n".join(lines) + "\n"
    for change in changes:
        language = _language(change.lang)
        # The policy id and path are file names, and like every text from a policy file they
        # are made inert: a comment must not link, mention or format anything it was not asked to.
        lines.append(f"### {inert_markdown(change.policy)} · {language} · {inert_markdown(change.path)}")
        lines.append("")
        lines.append(f"**{_headline(change, inert_markdown)}** — {_counts(change)}")
        if change.new is not None and change.kind in ("new revision", "new policy"):
            # Our own words and provision numbers the front matter lists (checked to be numbers).
            consent = html.escape(consent_line(change.new, change.lang)).replace("yes", "**yes**")
            lines.append("")
            lines.append(f"Summary: {inert_markdown(change.new.summary) or '*(none)*'} · {consent}")
        lines.append("")
        for clause in change.changed:
            label = inert_markdown(clause_label(clause, change.lang))
            word = status_word(clause.status, change.lang)
            if clause.status == "renumbered":
                lines.append(f"- **{label}** {word} ({'本文に変更なし' if change.lang == 'ja' else 'text unchanged'})")
            else:
                lines.append(f"- **{label}** {word}: {inline_markdown(clause.segments)}")
        lines.append("")
    text = "\n".join(lines)
    if len(text) > MAX_MARKDOWN:
        cut = text.rfind("\n- ", 0, MAX_MARKDOWN)
        text = text[: cut if cut > 0 else MAX_MARKDOWN] + (
            "\n\n*The summary is too long for one comment and stops here; run "
            f"`scripts/pr_summary.py --base {base} --format text` for all of it.*\n"
        )
    return text


def to_text(changes: Sequence[FileChange], base: str, head: str) -> str:
    """The same for a terminal: `[-deleted-]{+inserted+}`."""
    lines = [f"Policy changes {base}..{head}"]
    if not changes:
        return lines[0] + ": no policy file changed between these two commits (uncommitted edits are not compared).\n"
    for change in changes:
        lines += ["", f"{change.policy} [{change.lang}] {change.path}: {_headline(change)} ({_counts(change)})"]
        if change.new is not None and change.kind in ("new revision", "new policy"):
            lines.append(f"  summary: {change.new.summary or '(none)'}; {consent_line(change.new, change.lang)}")
        for clause in change.changed:
            label, word = clause_label(clause, change.lang), status_word(clause.status, change.lang)
            if clause.status == "renumbered":
                lines.append(f"  {label} {word} ({'本文に変更なし' if change.lang == 'ja' else 'text unchanged'})")
            else:
                lines.append(f"  {label} {word}: {inline_text(clause.segments)}")
    return "\n".join(lines) + "\n"
