"""Python-Markdown extension: a stable `id="clause-<number>"` on every numbered unit.

Registered in mkdocs.yml (`policy_engine.anchors`), so every page, hand-written or generated,
gets the same anchors in both languages: `## 3. Purpose` -> `id="clause-3"`, a paragraph
`3.1.2. To respond ...` -> `id="clause-3.1.2"`, with classes for indentation by depth.
The numbers come from the same grammar as the clause parser (`clauses.py`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .clauses import number_of_heading, number_of_paragraph
from .model import clause_anchor

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _leading_text(element: etree.Element) -> str:
    text = element.text or ""
    if not text.strip() and len(element):
        child = element[0]
        text = (child.text or "") + (child.tail or "")
    return text.lstrip()


class ClauseAnchorProcessor(Treeprocessor):
    """Runs after inline processing and before `toc`, which keeps ids it finds."""

    def run(self, root: etree.Element) -> None:
        seen: dict[str, int] = {}
        for element in root.iter():
            if element.tag in _HEADINGS:
                number = number_of_heading(_leading_text(element))
            elif element.tag in ("p", "li"):
                number = number_of_paragraph(_leading_text(element))
            else:
                continue
            if not number or "id" in element.attrib:
                continue
            seen[number] = seen.get(number, 0) + 1
            key = number if seen[number] == 1 else f"{number}~{seen[number]}"
            element.set("id", clause_anchor(key))
            classes = element.get("class", "").split()
            classes += ["clause", f"clause-depth-{number.count('.') + 1}"]
            element.set("class", " ".join(classes))


class ClauseAnchorExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.treeprocessors.register(ClauseAnchorProcessor(md), "policy_clause_anchors", 7)


def makeExtension(**kwargs: object) -> ClauseAnchorExtension:  # noqa: N802
    return ClauseAnchorExtension(**kwargs)
