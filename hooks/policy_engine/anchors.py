"""Python-Markdown extension: a stable `id="clause-<key>"` for every clause the parser finds.

Registered in mkdocs.yml (`policy_engine.anchors`), so every page, hand-written or generated,
gets the same anchors in both languages: `## 3. Purpose` -> `id="clause-3"`, a paragraph
`3.1.2. To respond ...` -> `id="clause-3.1.2"`, with classes for indentation by depth.

The rule is `clauses.clause_start`, applied here to the rendered elements in reading order
(headings, paragraphs, list items) as `clauses.parse_clauses` applies it to markdown-it's
block tokens, with the same keys (`~2` for a repeat, headings keyed by their title, the
preamble). A numbered element without an id gets the id itself; an unnumbered heading, the
preamble, or an element that already has an id from an attribute list (`{: #cookies }`, which
stays) gets an empty `<span id="clause-…">` at its start, so links to either work.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .clauses import clause_start, heading_key
from .model import clause_anchor

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINERS = {"li", "blockquote"}
_LEAVES = _HEADINGS | {"p"}  # a clause's own element: what is inside it is its text, not clauses
_ONE_NUMBER = re.compile(r"\d+\.(?:[ \t\u3000]|$)")
# Python-Markdown keeps a backslash-escaped character as STX, its code point, ETX until its
# last tree step (after this one): `1\.` is `1\x0246\x03` here.
_ESCAPED_CHARACTER = re.compile("\x02(\\d+)\x03")


def _unescaped(text: str) -> str:
    return _ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1))), text) if "\x02" in text else text


def _leading_text(element: etree.Element) -> str:
    text = element.text or ""
    if not text.strip() and len(element):
        child = element[0]
        text = (child.text or "") + (child.tail or "")
    return _unescaped(text).lstrip()


class ClauseAnchorProcessor(Treeprocessor):
    """Runs after inline processing and attr_list, and before `toc`, which keeps ids it finds."""

    def run(self, root: etree.Element) -> None:
        self.seen: dict[str, int] = {}
        self.started = False
        self.preamble: etree.Element | None = None
        self._walk(root, nested=False)
        if self.preamble is None:
            return
        # A generated page whose HTML already anchors the preamble (a 新旧対照表 row) keeps that
        # one: two elements with one id is invalid HTML, and a link would land on the first.
        anchor = clause_anchor("preamble")
        if not any(f'id="{anchor}"' in str(block) for block in self.md.htmlStash.rawHtmlBlocks):
            index = list(root).index(self.preamble)
            root.insert(index, etree.Element("span", {"id": anchor}))

    def _walk(self, parent: etree.Element, *, nested: bool) -> None:
        for element in parent:  # only `element` and what is inside it change meanwhile
            start = self._start(element, nested)
            tag = element.tag
            if start is not None:
                self._anchor(element, *start)
                if tag == "li" and not (element.text or "").strip() and len(element):
                    # A loose item's first paragraph is the item itself: do not count it twice.
                    for child in element[1:]:
                        self._visit(child, nested=True)
                    continue
            elif not self.started and self.preamble is None and not nested and _has_text(element):
                self.preamble = element
            if tag not in _LEAVES:
                self._walk(element, nested=nested or tag in _CONTAINERS)

    def _visit(self, element: etree.Element, *, nested: bool) -> None:
        start = self._start(element, nested)
        if start is not None:
            self._anchor(element, *start)
        if element.tag not in _LEAVES:
            self._walk(element, nested=True)

    def _start(self, element: etree.Element, nested: bool) -> tuple[str | None, str] | None:
        tag = element.tag
        if tag == "p" or tag == "li":
            text = _leading_text(element)
            if not text[:1].isdecimal():
                return None  # what `\d` matches: a numbered item or paragraph starts with a digit
            if tag == "li":
                return clause_start("item", text)
            # A paragraph that shows `1. ` was written `1\.`: otherwise it would be a list.
            return clause_start("paragraph", text, escaped=not nested and _ONE_NUMBER.match(text) is not None)
        if tag in _HEADINGS:
            return clause_start("heading", _unescaped("".join(element.itertext())).strip())
        return None

    def _anchor(self, element: etree.Element, number: str | None, rest: str) -> None:
        self.started = True
        key = number if number is not None else heading_key(rest)
        count = self.seen[key] = self.seen.get(key, 0) + 1
        if count > 1:
            key = f"{key}~{count}"
        if number is not None and "id" not in element.attrib:
            element.set("id", clause_anchor(key))
            depth = f"clause clause-depth-{number.count('.') + 1}"
            existing = element.get("class")
            element.set("class", depth if existing is None else " ".join([*existing.split(), depth]))
            return
        marker = etree.Element("span", {"id": clause_anchor(key)})
        marker.tail, element.text = element.text, None
        element.insert(0, marker)


def _has_text(element: etree.Element) -> bool:
    return bool("".join(element.itertext()).strip()) or element.tag in ("hr", "img")


class ClauseAnchorExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API name)
        md.treeprocessors.register(ClauseAnchorProcessor(md), "policy_clause_anchors", 7)


def makeExtension(**kwargs: object) -> ClauseAnchorExtension:  # noqa: N802
    return ClauseAnchorExtension(**kwargs)
