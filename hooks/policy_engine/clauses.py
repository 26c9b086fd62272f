"""Markdown body -> ordered clauses, found from the Markdown's block structure. No I/O.

The body is parsed by markdown-it-py into block tokens (headings, paragraphs, list items,
tables, code and HTML blocks), each with the source lines it came from. A clause starts at:

- every heading, ATX (`## 3. Purpose`, `##見出し`) or setext (a line underlined with `---`),
  at any level: numbered when its text begins with a number path (`3.`, `3.1`, `1.Introduction`),
  otherwise an unnumbered block keyed by its title;
- a paragraph or list item whose text, as the reader sees it, begins with a number path of two
  parts or more (`3.1.2. To respond ...`, `- 3.1.2. ...`): `3. text` alone is an ordered list;
- a paragraph whose text begins with one number because the author escaped it (`1\\. Who's Who`
  renders as the paragraph "1. Who's Who"): an article, the same clause as `## 1. Who's Who`.

Everything else (paragraphs, plain lists, tables, code, HTML) belongs to the clause before it;
what comes before the first clause is the preamble. A clause's text is what the reader sees,
written canonically (`reader_text`): soft line breaks joined (no space between two Japanese
characters), list markers as `- ` and `1. `, escapes resolved, emphasis as `*`/`**`, links as
`[text](url)`, attribute lists (`{: #id }`) dropped. So a change of syntax alone (heading style
or level, list markers, escaping, re-wrapping) changes no clause, and `document.reader_fingerprint`
uses the same text to decide what is formatting-only.

Why markdown-it-py and not Python-Markdown, which renders the pages: Python-Markdown's block
parser keeps no source positions, and every clause and every error names its file line.
markdown-it-py gives each block token its line map. It follows CommonMark, so two of its rules
are set to what Python-Markdown does (a heading needs no space after `#`; a list cannot
interrupt a paragraph), and `anchors.py` applies the same numbering rule (`clause_start`) to the
rendered page, so every clause found here has its `#clause-<key>` anchor there (tested).

Our own convention (CONTRIBUTING.md) is one case of this rule::

    ## 3. Purpose of use            <- article 3
    3.1. The purposes are ...       <- clause 3.1
    - 3.1.2. To respond to ...      <- item 3.1.2

>>> [c.key for c in parse_clauses("Intro\\n\\n## 1. Scope\\n\\n1.1. Text\\n\\nContact\\n-------\\n\\nMail us")]
['preamble', '1', '1.1', 'contact']
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.common.entities import entities
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import fromCodePoint, isLinkClose, isLinkOpen, isValidEntityCode
from markdown_it.rules_block import list_block
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from .cache import small_function_memo
from .errors import PolicyError
from .model import Clause, ClauseKind

MAX_DEPTH = 8
"""Deeper numbering (1.2.3.4.5.6.7.8.9) is refused: no policy needs it, and it is usually a typo."""
MAX_UNITS = 2_000
"""More clauses are refused: real policies have tens to hundreds, and every revision's clauses
are rendered on several pages (text, changes, side by side), so the build would crawl."""

# Number paths. Every pattern here is anchored at the start and has no nested repetition, so
# matching is linear in the line's length (issue 11: no super-linear pattern on policy text).
_NUMBERED_HEADING = re.compile(r"(?P<number>\d+(?:\.\d+)*)(?:\.(?!\d)|(?=[ \t\u3000])|$)[ \t\u3000]*")
_NUMBERED_PARAGRAPH = re.compile(r"(?P<number>\d+(?:\.\d+)+)\.?(?:[ \t\u3000]+|$)")
_ESCAPED_NUMBER = re.compile(r"(?P<number>\d+)\.(?:[ \t\u3000]+|$)")
_ESCAPED_SOURCE = re.compile(r"\d+\\\.")
_WORDS = re.compile(r"\w+")


def heading_key(title: str) -> str:
    """A key for an unnumbered heading: lower-case words joined by hyphens, any script kept."""
    title = unicodedata.normalize("NFKC", strip_attribute_list(title)).lower()
    return "-".join(_WORDS.findall(title))[:60] or "section"


def number_of_heading(title: str) -> str | None:
    """`3. Purpose` -> `3`; `1.Introduction` -> `1`; None for a heading without a number."""
    match = _NUMBERED_HEADING.match(title.lstrip())
    return match.group("number") if match else None


def number_of_paragraph(text: str) -> str | None:
    """`3.1.2. To respond ...` -> `3.1.2` (two parts or more); None otherwise."""
    match = _NUMBERED_PARAGRAPH.match(text.lstrip())
    return match.group("number") if match else None


def clause_start(element: str, text: str, *, escaped: bool = False) -> tuple[str | None, str] | None:
    """Whether a block starts a clause, by the rule in the module docstring: (number, rest) or None.

    `element` is `heading`, `paragraph` or `item` (a list item's first paragraph); `text` is its
    text as the reader sees it. `escaped` says the paragraph's source begins with `\\d+\\.`,
    which only an escape (`1\\.`) renders as text (`anchors.py` knows it from the text: a
    rendered paragraph that begins `1. ` cannot be anything else).

    >>> clause_start("heading", "3. Purpose"), clause_start("heading", "Contact")
    (('3', 'Purpose'), (None, 'Contact'))
    >>> clause_start("item", "3.1.2. To respond"), clause_start("paragraph", "3. text")
    (('3.1.2', 'To respond'), None)
    >>> clause_start("paragraph", "1. Who's Who", escaped=True)
    ('1', "Who's Who")
    """
    text = text.lstrip()
    if element == "heading":
        match = _NUMBERED_HEADING.match(text)
        return (match.group("number"), text[match.end() :]) if match else (None, text)
    match = _NUMBERED_PARAGRAPH.match(text)
    if match is None and element == "paragraph" and escaped:
        match = _ESCAPED_NUMBER.match(text)
    return (match.group("number"), text[match.end() :]) if match else None


def strip_attribute_list(text: str) -> str:
    """Drop a trailing attribute list (`Cookies {: #cookies }` -> `Cookies`), as attr_list does.

    Found from the end without a regular expression (a long line of braces stays linear).
    """
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return text
    start = stripped.rfind("{", 0, len(stripped) - 1)
    if start < 0:
        return text
    inside = stripped[start + 1 : -1].removeprefix(":").strip()
    if not inside or "\n" in inside or (start > 0 and stripped[start - 1] not in " \t\n"):
        return text
    return stripped[:start].rstrip()


# --- The parser: markdown-it-py, with Python-Markdown's two differences --------------------


def _heading_without_space(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """ATX headings as Python-Markdown reads them: `##見出し` is a heading (CommonMark wants a space)."""
    position = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    # Python-Markdown reads a heading only from a line that begins with `#` (no indentation).
    if state.sCount[start] != state.blkIndent or position >= maximum or state.src[position] != "#":
        return False
    level = 0
    while position < maximum and state.src[position] == "#" and level < 7:
        level += 1
        position += 1
    if level > 6:
        return False
    if silent:
        return True
    title = state.src[position:maximum].strip()
    # Closing hashes (`## Title ##`), as both parsers drop them.
    stripped = title.rstrip("#")
    if stripped != title and (not stripped or stripped[-1] in " \t"):
        title = stripped.rstrip()
    state.line = start + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = "#" * level
    token.map = [start, state.line]
    token = state.push("inline", "", 0)
    token.content = title
    token.map = [start, state.line]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = "#" * level
    return True


def _list_after_a_blank_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Lists as Python-Markdown reads them: a list needs a blank line before it, so `Text:` and a
    `- item` line under it are one paragraph (within a list, an item still ends the one before);
    a setext underline makes the line above it a heading even when it looks like a list item."""
    if silent and state.parentType == "paragraph" and state.blkIndent == 0:
        return False
    # `1. Who's Who` underlined with `---` is a setext heading there, not a list item and a rule.
    underline = start + 1
    if underline < end and state.sCount[underline] == 0:
        line = state.src[state.bMarks[underline] : state.eMarks[underline]].rstrip()
        if line and (line.strip("-") == "" or line.strip("=") == ""):
            return False
    return list_block(state, start, end, silent)


# Characters at which an inline rule of the parser can start (newline, escape, code, emphasis,
# link, image, autolink and HTML, entity); any other character is plain text.
_INLINE_RULE_STARTS = frozenset("\n\\`*_~[]!<&")
_PENDING_FLUSH = 4_096

# markdown-it-py collects plain text in `state.pending`, a string it extends with `+=` on an
# attribute, which copies the whole pending text each time: a 128 KB line of `#` took seconds
# and 512 KB a minute (issue 11: no super-linear parsing of policy text). Two rules keep the
# result the same and the work linear.


def _flush_pending(state: StateInline, silent: bool) -> bool:
    """Tried first at every position, matches nothing: hands long pending text on as a text
    token (adjacent text tokens are joined again by the parser), never after a space, which
    the line-break rule reads."""
    if not silent and len(state.pending) > _PENDING_FLUSH and state.pending[-1] not in " \t":
        state.pushPending()
    return False


def _plain_run(state: StateInline, silent: bool) -> bool:
    """Tried after every other rule: the character they all declined, and the plain text after
    it up to the next character where a rule can start, in one slice (the parser would add
    them one by one). Brackets are left to the parser, which counts them one at a time."""
    start = end = state.pos
    if state.src[start] in _INLINE_RULE_STARTS:
        if state.src[start] in "[]":
            return False
        end += 1
    while end < state.posMax and state.src[end] not in _INLINE_RULE_STARTS:
        end += 1
    if end == start:
        return False
    if not silent:
        state.pending += state.src[start:end]
    state.pos = end
    return True


# Four more of the parser's rules, the same but linear: the originals match a pattern against a
# copy of the rest of the paragraph at every `&` and `<` (`src[pos:]`), and join runs of text
# tokens with `+=` on an attribute.
_ENTITY_NUMBER = re.compile(r"&#((?:x[a-f0-9]{1,6}|[0-9]{1,7}));", re.IGNORECASE)
_ENTITY_NAME = re.compile(r"&([a-z][a-z0-9]{1,31});", re.IGNORECASE)
_HTML_TAG = re.compile(HTML_TAG_RE.pattern.removeprefix("^"), HTML_TAG_RE.flags)


def _entity(state: StateInline, silent: bool) -> bool:
    position = state.pos
    if state.src[position] != "&" or position + 1 >= state.posMax:
        return False
    number = state.src[position + 1] == "#"
    match = (_ENTITY_NUMBER if number else _ENTITY_NAME).match(state.src, position)
    if match is None or (not number and match.group(1) not in entities):
        return False
    if not silent:
        token = state.push("text_special", "", 0)
        if number:
            value = match.group(1)
            code = int(value[1:], 16) if value[0].lower() == "x" else int(value, 10)
            token.content = fromCodePoint(code if isValidEntityCode(code) else 0xFFFD)
        else:
            token.content = entities[match.group(1)]
        token.markup = match.group(0)
        token.info = "entity"
    state.pos += len(match.group(0))
    return True


def _html_inline(state: StateInline, silent: bool) -> bool:
    position = state.pos
    if state.src[position] != "<" or position + 2 >= state.posMax:
        return False
    second = state.src[position + 1]
    if second not in "!?/" and not ("a" <= second.lower() <= "z"):
        return False
    match = _HTML_TAG.match(state.src, position)
    if match is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = match.group(0)
        if isLinkOpen(token.content):
            state.linkLevel += 1
        if isLinkClose(token.content):
            state.linkLevel -= 1
    state.pos += len(match.group(0))
    return True


def _joined_text_tokens(tokens: Sequence[Token], *, relevel: bool) -> list[Token]:
    """Adjacent text tokens as one (escapes and entities count as text), in one join each."""
    out: list[Token] = []
    runs: dict[int, list[str]] = {}
    level = 0
    for token in tokens:
        if relevel:
            level -= token.nesting < 0
            token.level = level
            level += token.nesting > 0
        if token.type == "text_special":
            token.type = "text"
        if token.type == "text" and out and out[-1].type == "text":
            runs.setdefault(len(out) - 1, [out[-1].content]).append(token.content)
        else:
            out.append(token)
    for index, parts in runs.items():
        out[index].content = "".join(parts)
    return out


def _text_join(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline":
            token.children = _joined_text_tokens(token.children or [], relevel=False)


def _fragments_join(state: StateInline) -> None:
    state.tokens[:] = _joined_text_tokens(state.tokens, relevel=True)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.inline.ruler.before("text", "policy_flush_pending", _flush_pending)
    md.inline.ruler.push("policy_plain_run", _plain_run)
    md.inline.ruler.at("entity", _entity)
    md.inline.ruler.at("html_inline", _html_inline)
    md.inline.ruler2.at("fragments_join", _fragments_join)
    md.core.ruler.at("text_join", _text_join)
    md.block.ruler.at("heading", _heading_without_space, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("list", _list_after_a_blank_line, {"alt": ["paragraph", "reference", "blockquote"]})
    return md


_MD = _parser()


# --- What the reader sees, written canonically -------------------------------------------


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _inline_text(children: Sequence[Token]) -> str:
    """One inline token's text, as `reader_text` describes (the module docstring)."""
    return _inline(children, plain=False)


def _plain_text(children: Sequence[Token]) -> str:
    """The same without any markup (`**`, `[…](url)`): what a heading's key and a number are read from."""
    return _inline(children, plain=True)


def _inline(children: Sequence[Token], *, plain: bool) -> str:
    out: list[str] = []
    links: list[str] = []
    for index, token in enumerate(children):
        kind = token.type
        if kind == "text" or (plain and kind in ("code_inline", "image")):
            out.append(token.content)
        elif plain and kind != "softbreak" and kind != "hardbreak":
            continue
        elif kind == "softbreak":
            before = out[-1][-1:] if out and out[-1] else ""
            after = children[index + 1].content[:1] if index + 1 < len(children) else ""
            # A line break inside a Japanese sentence is only the editor's wrapping.
            out.append("" if before and after and _wide(before) and _wide(after) else " ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "code_inline":
            out.append(f"`{token.content}`")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
            out.append("[")
        elif kind == "link_close":
            out.append(f"]({links.pop() if links else ''})")
        elif kind == "image":
            out.append(f"![{token.content}]({token.attrs.get('src', '')})")
        elif kind == "html_inline":
            out.append(token.content)
    return "".join(out).strip()


@dataclass(frozen=True)
class Block:
    """One block as the reader sees it: where it starts, what it is, its canonical text."""

    line: int
    """0-based line in the parsed text."""
    element: str
    """`heading`, `paragraph`, `item` (a list item's first paragraph) or `other`."""
    text: str
    plain: str = ""
    """The text without markup: numbers and heading keys are read from it, as from the rendered page."""
    escaped: bool = False
    """A paragraph whose source begins with an escaped number (`1\\.`)."""
    marker: str = ""
    """A list item's marker as rendered: `- `, or `3. ` (Python-Markdown numbers from 1)."""


def blocks(body: str) -> list[Block]:
    """The body's blocks in reading order (nested lists and quotes flattened, their markers kept).

    Read in independent pieces (`_independent_pieces`), each remembered by its text: the texts of
    a long history (its revisions, corrections and drafts) share most of their pieces, so each is
    parsed once. Equal to `blocks_at_once` (tested), lines counted from the start of `body`.
    """
    return [replace(block, line=line) if line != block.line else block for line, block in _placed_blocks(body)]


def _placed_blocks(body: str) -> Iterator[tuple[int, Block]]:
    """`blocks`, each with its line counted from the start of `body` beside it (the remembered
    block, counted from the start of its piece, is not copied to move it)."""
    offset = 0
    for piece in _independent_pieces(body):
        for block in _piece_blocks(piece):
            yield block.line + offset, block
        offset += piece.count("\n")


def blocks_at_once(body: str) -> list[Block]:
    """The body's blocks, parsed whole."""
    return list(_blocks(_MD.parse(body)))


@small_function_memo(maxsize=65_536)
def _piece_blocks(piece: str) -> tuple[Block, ...]:
    return tuple(blocks_at_once(piece))


def _blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    prefixes: list[str] = []  # one per open list item or quote: what its first line is led by
    counters: list[int] = []  # the rendered number of the current item of each open ordered list
    ordered: list[bool] = []
    item_pending = False  # the next paragraph is its list item's first
    table: list[str] = []
    row: list[str] = []
    table_line = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        line = token.map[0] if token.map else 0
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
            counters.append(0)  # Python-Markdown numbers every list from 1 (lazy_ol)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
            counters.pop()
        elif kind == "list_item_open":
            counters[-1] += 1
            prefixes.append(f"{counters[-1]}. " if ordered[-1] else "- ")
            item_pending = True
        elif kind == "list_item_close":
            prefixes.pop()
            item_pending = False
        elif kind == "blockquote_open":
            prefixes.append("> ")
        elif kind == "blockquote_close":
            prefixes.pop()
        elif kind == "heading_open":
            heading_children = tokens[index + 1].children or []
            text = strip_attribute_list(_inline_text(heading_children))
            yield Block(line, "heading", text, strip_attribute_list(_plain_text(heading_children)))
            index += 2
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            children = _without_block_attributes(inline.children or [])
            text, plain = _inline_text(children), _plain_text(children)
            if item_pending:
                yield Block(line, "item", text, plain, marker=prefixes[-1])
                item_pending = False
            else:
                escaped = not prefixes and _ESCAPED_SOURCE.match(inline.content.lstrip()) is not None
                yield Block(line, "paragraph", "> " + text if "> " in prefixes else text, plain, escaped)
            index += 2
        elif kind in ("fence", "code_block"):
            yield Block(line, "other", "```\n" + token.content.rstrip("\n") + "\n```")
            item_pending = False
        elif kind == "html_block":
            yield Block(line, "other", token.content.strip("\n"))
            item_pending = False
        elif kind == "hr":
            yield Block(line, "other", "---")
        elif kind == "table_open":
            table, table_line = [], line
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            row.append(_inline_text(tokens[index + 1].children or []))
            index += 2
        elif kind == "tr_close":
            table.append("| " + " | ".join(row) + " |")
        elif kind == "table_close":
            yield Block(table_line, "other", "\n".join(table))
            item_pending = False
        index += 1


def _without_block_attributes(children: Sequence[Token]) -> Sequence[Token]:
    """A paragraph's last line that is only an attribute list (`{: .note }`) is markup, not text."""
    if len(children) >= 2 and children[-2].type == "softbreak" and children[-1].type == "text":
        last = children[-1].content
        if last.lstrip().startswith("{") and not strip_attribute_list(last):
            return children[:-2]
    return children


def reader_text(body: str) -> str:
    """The whole body as the reader sees it, block by block (`document.reader_fingerprint`).

    Every version of a long history is read, and consecutive versions share most of their text,
    so the body is read in independent pieces (`_independent_pieces`), each remembered by its text.

    >>> reader_text("Title\\n=====\\n\\n* One\\n  line.  \\n* 利用\\n  します\\n")
    'Title\\n\\n- One line.\\n\\n- 利用します'
    """
    # Read first as the text between empty lines, split by `str.split`: when every empty line
    # is followed by a line that starts a piece, each part is one piece or several whole ones.
    # Whether it is so is known of each part (remembered with its text), so that a body is
    # searched by no regular expression.
    parts = body.split("\n\n")
    texts = [_first_part_text(parts[0]), *map(_later_part_text, parts[1:])]
    if None in texts:
        texts = list(map(_piece_text, _independent_pieces(body)))
    return "\n\n".join(filter(None, texts))


@small_function_memo(maxsize=4_096)
def _first_part_text(part: str) -> str | None:
    """The reader text of the text before the body's first empty line (see `_whole_pieces_text`)."""
    return _whole_pieces_text(part)


@small_function_memo(maxsize=65_536)
def _later_part_text(part: str) -> str | None:
    """The reader text of the text after an empty line, or None when it begins with a line that
    may continue the block above the empty line (`_CONTINUES`; an empty line, when several
    follow each other)."""
    return None if _CONTINUES_AT_START.match(part) else _whole_pieces_text(part)


def _whole_pieces_text(part: str) -> str | None:
    """The reader text of `part`, or None when it may not be whole pieces: it has what can span a
    blank line, or a line blank only to `str.strip`."""
    if _SPANS_AT_START.match(part) or _BLANK_ONLY_TO_STRIP_AT_START.match(part) or _SPANS_OR_BLANK.search(part):
        return None
    return _piece_text(part)


@small_function_memo(maxsize=65_536)
def _piece_text(piece: str) -> str:
    plain = _plain_piece_text(piece)
    if plain is not None:
        return plain
    return "\n\n".join(_shown(block) for block in _piece_blocks(piece) if block.text)


# Most pieces of a policy are one plain paragraph (`1.1. 当社は...`) or one ATX heading with
# no markup: their reader text is known without the parser, which costs a hundred times more
# (a long history brings hundreds of new pieces). Plain: none of the characters where an inline
# rule starts (`_INLINE_RULE_STARTS`), nor `{}` (attribute lists), `|` (tables), `#`, `>`; no
# line begins or ends with whitespace, and none begins like a block of another kind (a list
# item, a rule, a setext underline, a table's delimiter row). Tested against the parser.
_MARKUP = r"\\`*_~\[\]!<&{}|#>\x00\r"
_PLAIN_LINE = (
    rf"(?!\d{{1,9}}[.)](?:[ \t]|$))[^\s{_MARKUP}\-+=:]"  # how it begins
    rf"(?:[^\n{_MARKUP}]*[^\s{_MARKUP}])?"
)
_LEADING_BLANK_LINES = r"(?:[ \t]*\n)*"
_TRAILING_BLANK_LINES = r"(?:\n[ \t]*)*"
_PLAIN_PARAGRAPH = re.compile(
    rf"{_LEADING_BLANK_LINES}{_PLAIN_LINE}(?:\n{_PLAIN_LINE})*{_TRAILING_BLANK_LINES}", re.MULTILINE
)
_PLAIN_HEADING = re.compile(
    rf"{_LEADING_BLANK_LINES}#{{1,6}}[ \t]*(?P<title>[^\s{_MARKUP}](?:[^\n{_MARKUP}]*[^\s{_MARKUP}])?)[ \t]*{_TRAILING_BLANK_LINES}"
)
_BLANK = re.compile(r"[ \t\n]*")


def _plain_piece_text(piece: str) -> str | None:
    """The reader text of a piece that is one plain paragraph or heading (or blank), with blank
    lines around it, as the parser would give it; None for any other piece."""
    heading = _PLAIN_HEADING.fullmatch(piece)
    if heading is not None:
        return heading.group("title")
    if _PLAIN_PARAGRAPH.fullmatch(piece) is not None:
        lines = piece.strip(" \t\n").split("\n")
        text = [lines[0]]
        for before, after in itertools.pairwise(lines):
            # A soft line break: nothing between two wide (Japanese) characters, else a space.
            text += ("" if _wide(before[-1]) and _wide(after[0]) else " ", after)
        return "".join(text)
    if _BLANK.fullmatch(piece) is not None:
        return ""
    return None


# What can span a blank line: code fences, raw HTML, and link reference definitions (which
# change links anywhere in the body). A body with any of them is read as one piece. Searched
# from a literal newline, which the regex engine finds fast, rather than from `^`, which it
# tries at every character.
_SPANS = r" {0,3}(?:```|~~~|<|\[[^\]\n]*\]:)"
_SPANS_AT_START = re.compile(_SPANS)
_SPANS_BLANK_LINES = re.compile("\n" + _SPANS)
# A line that may continue the block above it across a blank line: indented, a list item
# (which joins the list above), a setext underline or a table row, or blank.
_CONTINUES = r"[ \t]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|[=|]|$"
# What can span a blank line, or a line blank only to `str.strip` (U+3000), which the cut takes
# for blank and the parser does not: text with either is not read between empty lines.
_SPANS_OR_BLANK = re.compile(rf"\n(?:{_SPANS}|[ \t]*[^\S \t\n][^\S\n]*(?:\n|\Z))")
_CONTINUES_AT_START = re.compile(_CONTINUES, re.MULTILINE)
_BLANK_ONLY_TO_STRIP_AT_START = re.compile(r"[ \t]*[^\S \t\n][^\S\n]*(?:\n|\Z)")
# A piece: its first line, every line after it up to a cut, and the blank line before the cut.
# A cut comes after a blank line (only whitespace, as `str.strip` sees it) at a line that does
# not continue the block above. Read by the regex engine in one pass over the body.
_PIECE = re.compile(rf"[^\n]*(?:\n(?![^\S\n]*\n(?!{_CONTINUES}))[^\n]*)*(?:\n[^\S\n]*\n)?", re.MULTILINE)
_CUT_AFTER_A_BLANK_FIRST_LINE = re.compile(rf"[^\S\n]*\n()(?!{_CONTINUES})", re.MULTILINE)
# A blank line that no rule continues (it starts with whitespace other than a space or a tab,
# such as U+3000) may both start a piece and end it, which `_PIECE` does not see: a body with
# one is cut by `_CUT`, match by match.
_ODD_BLANK_LINE = r"[^\S\n \t][^\S\n]*(?:\n|\Z)"
_ODD_BLANK_FIRST_LINE = re.compile(_ODD_BLANK_LINE)
_ODD_BLANK_LINES = re.compile("\n" + _ODD_BLANK_LINE)
_CUT = re.compile(rf"\n(?=[^\S\n]*\n()(?!{_CONTINUES}))", re.MULTILINE)


def _independent_pieces(body: str) -> list[str]:
    """The body cut before each line that starts a new block at the margin after a blank line,
    so that each piece parses alone exactly as it does within the whole (tested against it)."""
    if _SPANS_AT_START.match(body) or _SPANS_BLANK_LINES.search(body):
        return [body]
    first = _CUT_AFTER_A_BLANK_FIRST_LINE.match(body)
    start = first.start(1) if first is not None else 0
    if _ODD_BLANK_FIRST_LINE.match(body, start) or _ODD_BLANK_LINES.search(body, start):
        cuts = [0, *([start] if start else []), *(match.start(1) for match in _CUT.finditer(body, max(start - 1, 0)))]
        return [body[a:b] for a, b in zip(cuts, [*cuts[1:], len(body)], strict=True)]
    pieces: list[str] = _PIECE.findall(body, start)
    if len(pieces) > 1:
        del pieces[-1]  # the empty match at the end
    return [body[:start], *pieces] if start else pieces


def _shown(block: Block) -> str:
    return block.marker + block.text if block.element == "item" else block.text


# --- Clauses --------------------------------------------------------------------------------


def _after_number(text: str, number: str | None, element: str) -> str:
    """The block's text without its number (`3.1. Text` -> `Text`); the number is the clause's."""
    if number is None:
        return text
    pattern = _NUMBERED_HEADING if element == "heading" else _NUMBERED_PARAGRAPH if "." in number else _ESCAPED_NUMBER
    match = pattern.match(text.lstrip())
    # Markup before the number (`**3.1.** Text`) keeps the text whole rather than cut it wrongly.
    return text.lstrip()[match.end() :] if match and match.group("number") == number else text


def parse_clauses(body: str, *, path: str = "", first_line: int = 1, commit: str | None = None) -> list[Clause]:
    """Split a policy body into clauses in document order.

    `first_line` is the file line where `body` starts, so errors point at the right line.
    Keys are unique: a repeated number or heading gets `~2`, `~3` (the linter reports the repeat).
    """
    units: list[tuple[str, str | None, ClauseKind, str, int, list[str]]] = [
        ("preamble", None, "preamble", "", first_line, [])
    ]
    seen: dict[str, int] = {}
    for block_line, block in _placed_blocks(body):
        line = first_line + block_line
        start = clause_start(block.element, block.plain, escaped=block.escaped) if block.element != "other" else None
        if start is None:
            if block.text:
                units[-1][5].append(_shown(block))
            continue
        number, plain_rest = start
        rest = _after_number(block.text, number, block.element)
        if number is not None:
            if number.count(".") + 1 > MAX_DEPTH:
                shown = number if len(number) <= 40 else f"{number[:40]}…"
                raise PolicyError(
                    f"clause {shown} is nested {number.count('.') + 1} levels deep; at most {MAX_DEPTH} are supported.",
                    path=path,
                    line=line,
                    commit=commit,
                    clause=number,
                    hint="check the number for a typo, or restructure the clause.",
                )
            key = number
        else:
            key = heading_key(plain_rest)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}~{seen[key]}"
        if len(units) >= MAX_UNITS:
            raise PolicyError(
                f"the policy has more than {MAX_UNITS:,} clauses, more than this site can compare.",
                path=path,
                line=line,
                commit=commit,
                hint="split the document into several policies.",
            )
        if block.element == "heading":
            kind: ClauseKind = "block" if number is None else ("article" if "." not in number else "clause")
            units.append((key, number, kind, rest.strip(), line, []))
        else:
            kind = "article" if number is not None and "." not in number else "clause"
            units.append((key, number, kind, "", line, [rest.strip()] if rest.strip() else []))
    clauses = [
        Clause(key, number, kind, heading, "\n\n".join(texts), line)
        for key, number, kind, heading, line, texts in units
    ]
    if not clauses[0].text:
        clauses = clauses[1:]
    return clauses
