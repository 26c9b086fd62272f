"""Markdown body -> ordered clauses, by the authoring convention. No I/O.

The convention (CONTRIBUTING.md)::

    (preamble: everything before the first article)

    ## 3. Purpose of use            <- article 3: a heading that begins with its number

    3.1. The purposes are ...       <- clause 3.1: a paragraph that begins with its number path

    3.1.2. To respond to ...        <- item 3.1.2 (a list item `- 3.1.2. ...` works too)

A unit runs until the next heading or numbered paragraph; unnumbered paragraphs belong to the
unit before them. Text outside the convention (headings without numbers, as real repositories
have) becomes unnumbered blocks keyed by their heading, so it still diffs sensibly:

>>> [c.key for c in parse_clauses("Intro\\n\\n## 1. Scope\\n\\n1.1. Text\\n\\n## Contact\\n\\nMail us")]
['preamble', '1', '1.1', 'contact']
"""

from __future__ import annotations

import re
import unicodedata

from .errors import PolicyError
from .model import Clause

MAX_DEPTH = 8
"""Deeper numbering (1.2.3.4.5.6.7.8.9) is refused: no policy needs it, and it is usually a typo."""
MAX_UNITS = 2_000
"""More clauses are refused: real policies have tens to hundreds, and every revision's clauses
are rendered on several pages (text, changes, side by side), so the build would crawl."""

# A number path: `3`, `3.1`, `3.1.2`, written with an optional final dot.
_NUMBER = r"(?P<number>\d+(?:\.\d+)*)\.?"
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?!#)[ \t]*(?P<title>.*?)[ \t#]*$")
_NUMBERED_HEADING = re.compile(rf"^{_NUMBER}(?:[ \t\u3000]+|$)(?P<rest>.*)$")
# A clause paragraph needs two parts or more (`3.1.`): `3. text` alone is a Markdown ordered list.
_NUMBERED_PARAGRAPH = re.compile(
    r"^(?P<bullet>[-*+][ \t]+)?(?P<number>\d+(?:\.\d+)+)\.?(?:[ \t\u3000]+|$)(?P<rest>.*)$"
)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[^}]*\}[ \t]*$")


def heading_key(title: str) -> str:
    """A key for an unnumbered heading: lower-case words joined by hyphens, any script kept."""
    title = _ATTR_LIST.sub("", title)
    title = unicodedata.normalize("NFKC", title).lower()
    words = re.findall(r"\w+", title)
    return "-".join(words)[:60] or "section"


def number_of_heading(title: str) -> str | None:
    """`3. Purpose` -> `3`; None for a heading without a number."""
    match = _NUMBERED_HEADING.match(title.strip().split("\n", 1)[0])
    return match.group("number") if match else None


def number_of_paragraph(text: str) -> str | None:
    """`3.1.2. To respond ...` -> `3.1.2` (only the first line counts); None otherwise."""
    match = _NUMBERED_PARAGRAPH.match(text.strip().split("\n", 1)[0])
    return match.group("number") if match else None


class _Unit:
    """A clause being collected, line by line."""

    def __init__(self, key: str, number: str | None, kind: str, heading: str, line: int) -> None:
        self.key, self.number, self.kind, self.heading, self.line = key, number, kind, heading, line
        self.lines: list[str] = []

    def freeze(self) -> Clause:
        text = "\n".join(self.lines).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        return Clause(self.key, self.number, self.kind, self.heading, text, self.line)  # type: ignore[arg-type]


def parse_clauses(body: str, *, path: str = "", first_line: int = 1, commit: str | None = None) -> list[Clause]:
    """Split a policy body into clauses in document order.

    `first_line` is the file line where `body` starts, so errors point at the right line.
    Keys are unique: a repeated number or heading gets `~2`, `~3` (the linter reports the repeat).
    """
    units: list[_Unit] = [_Unit("preamble", None, "preamble", "", first_line)]
    seen: dict[str, int] = {}
    in_fence: str | None = None
    previous_blank = True

    def start(key: str, number: str | None, kind: str, heading: str, line: int) -> _Unit:
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}~{seen[key]}"
        if len(units) >= MAX_UNITS:
            raise PolicyError(
                f"the policy has more than {MAX_UNITS:,} clauses, more than this site can compare.",
                path=path, line=line, commit=commit,
                hint="split the document into several policies.",
            )
        unit = _Unit(key, number, kind, heading, line)
        units.append(unit)
        return unit

    def check_depth(number: str, line: int) -> None:
        if number.count(".") + 1 > MAX_DEPTH:
            raise PolicyError(
                f"clause {number} is nested {number.count('.') + 1} levels deep; at most {MAX_DEPTH} are supported.",
                path=path, line=line, commit=commit, clause=number,
                hint="check the number for a typo, or restructure the clause.",
            )

    for offset, line in enumerate(body.split("\n")):
        line_number = first_line + offset
        current = units[-1]
        fence = _FENCE.match(line)
        if in_fence is not None:
            current.lines.append(line)
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            continue
        if fence:
            in_fence = fence.group(1)
            current.lines.append(line)
            previous_blank = False
            continue
        heading = _HEADING.match(line) if not line.startswith(" ") else None
        if heading:
            title = heading.group("title")
            number = number_of_heading(title)
            if number:
                check_depth(number, line_number)
                rest = _NUMBERED_HEADING.match(title.strip()).group("rest")  # type: ignore[union-attr]
                start(number, number, "article" if "." not in number else "clause", rest.strip(), line_number)
            else:
                start(heading_key(title), None, "block", title.strip(), line_number)
            previous_blank = False
            continue
        # A list item starts a clause even right under the previous item (a tight list), as the
        # anchor extension sees each <li> on its own; a plain line must follow a blank one.
        if line.strip() and (previous_blank or re.match(r"[ \t]*[-*+][ \t]", line)):
            number = number_of_paragraph(line)
            if number:
                check_depth(number, line_number)
                rest = _NUMBERED_PARAGRAPH.match(line.strip()).group("rest")  # type: ignore[union-attr]
                unit = start(number, number, "clause", "", line_number)
                unit.lines.append(rest)
                previous_blank = False
                continue
        current.lines.append(line)
        previous_blank = not line.strip()

    clauses = [unit.freeze() for unit in units]
    if not clauses[0].text:
        clauses = clauses[1:]
    return clauses
