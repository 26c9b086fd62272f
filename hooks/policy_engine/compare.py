"""Align the clauses of two revisions and mark what changed inside each. No I/O.

Alignment (why a clause is `renumbered` rather than `amended`):

1. Clauses whose text is identical are matched first, in order (a longest common
   subsequence over the texts). Same number: `unchanged`; another number: `renumbered`.
   Inserting clause 3.2 therefore leaves old 3.2 matched to new 3.3 as renumbered.
2. Between two such matches, the leftover clauses are paired by similarity of text, with a
   bonus for keeping the same number, never crossing each other: `amended`.
3. What is left is `added` or `removed`.

Inline changes use diff-match-patch on tokens (the minimal diff from its C++ implementation,
`fast_diff_match_patch`, which gives the same diff as the Python one ten times faster): a run
of letters or digits (an English word) is one token, every other character (each kanji or
kana, each space or mark) is its own, so English is compared word by word and Japanese
character by character. The diff is a minimal
one (no timeout, no half-match shortcut). Its clean-up never marks unchanged text as changed
beyond one coincidental character: an equality is folded into the change around it only when
it is a single character (a space, a mark, one kana such as の) and both changes beside it are
longer (`_fold_coincidences`). diff-match-patch's own semantic clean-up is not used: it folds
any equality shorter than the changes around it, so inserting one item into a Japanese
enumeration marked the unchanged 「、訂正、追加、削除、利用の停止」 as deleted and inserted again.

>>> [(s.op, s.text) for s in inline_segments("use for marketing", "use for other marketing")]
[('equal', 'use for '), ('insert', 'other '), ('equal', 'marketing')]
>>> [(s.op, s.text) for s in inline_segments("当社は利用します。", "当社は適切に利用します。")]
[('equal', '当社は'), ('insert', '適切に'), ('equal', '利用します。')]
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Sequence

import fast_diff_match_patch
from diff_match_patch import diff_match_patch

from .cache import Memo
from .model import ChangeStatus, Clause, ClauseChange, Segment

# The same clause texts meet again and again (every "since" page compares an old revision with
# the one in force), so scores and inline diffs are remembered by the two texts (cache.py).
_SIMILARITIES: Memo[float] = Memo("clause similarities", maxsize=65_536)
_SEGMENTS: Memo[tuple[Segment, ...]] = Memo("inline diffs", maxsize=16_384)

_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+|.", re.DOTALL)
_SENTENCE = re.compile(r"[^。．.!?！？\n]*(?:[。．.!?！？]+|\n|$)")

FINE_TOKENS = 1_500
"""A changed region is compared token by token only up to this many tokens (old + new together).

diff-match-patch without a timeout (deterministic) costs about the square of what changed:
1,500 tokens that all differ take about a third of a second. Larger clause pairs are first
aligned sentence by sentence (difflib), and only the changed sentences are compared token by
token; a changed run of sentences still larger than this is shown deleted and inserted whole.
Either way the segments rebuild both texts exactly.
"""
MAX_SIMILARITY_PAIRS = 2_500
"""Above this many candidate pairs in one gap, pair by number only (similarity costs pairs x length)."""
_PAIRING_THRESHOLD = 0.5
_JOINED_MARKED_SHARE = 0.4
"""Merged or split clauses are compared as one only when at most this share of their letters is marked."""
_SAME_NUMBER_BONUS = 0.3

_Diff = list[tuple[str, str]]


def _tokens(text: str, coarse: bool) -> list[str]:
    pattern = _SENTENCE if coarse else _TOKEN
    return [t for t in pattern.findall(text) if t]


def _encode(tokens_a: list[str], tokens_b: list[str]) -> tuple[str, str, list[str]]:
    """Map each distinct token to one character, as diff-match-patch's linesToChars does for lines."""
    table: dict[str, str] = {}
    alphabet: list[str] = []

    def encode(tokens: list[str]) -> str:
        out = []
        for token in tokens:
            char = table.get(token)
            if char is None:
                char = chr(len(alphabet) + 1)
                table[token] = char
                alphabet.append(token)
            out.append(char)
        return "".join(out)

    return encode(tokens_a), encode(tokens_b), alphabet


def _token_diff(tokens_old: list[str], tokens_new: list[str]) -> _Diff:
    """diff-match-patch over tokens (at most FINE_TOKENS of them): minimal, then `_fold_coincidences`."""
    encoded_old, encoded_new, alphabet = _encode(tokens_old, tokens_new)
    diffs = minimal_diff(encoded_old, encoded_new)
    dmp = diff_match_patch()
    # Slides an edit along text it is repeated in (which of two equal spans is marked); it never
    # changes how much is marked, unlike the semantic clean-up.
    dmp.diff_cleanupSemanticLossless(diffs)
    ops = {0: "equal", 1: "insert", -1: "delete"}
    return _fold_coincidences([(ops[op], "".join(alphabet[ord(c) - 1] for c in chars)) for op, chars in diffs])


def minimal_diff(old: str, new: str) -> list[tuple[int, str]]:
    """diff-match-patch's `diff_main(old, new, checklines=False)` with no timeout, in its form
    (op -1, 0 or 1, text), computed by its C++ implementation.

    No timeout: deterministic, and diff-match-patch then skips its half-match shortcut, which
    can return a diff that is not minimal (marking unchanged text).

    >>> minimal_diff("abcd", "abxd")
    [(0, 'ab'), (-1, 'c'), (1, 'x'), (0, 'd')]
    """
    diffs: list[tuple[int, str]] = []
    at_old = at_new = 0
    for op, length in fast_diff_match_patch.diff(old, new, timelimit=0, checklines=False, cleanup="No"):
        if op == "=":
            diffs.append((0, old[at_old : at_old + length]))
            at_old += length
            at_new += length
        elif op == "-":
            diffs.append((-1, old[at_old : at_old + length]))
            at_old += length
        else:
            diffs.append((1, new[at_new : at_new + length]))
            at_new += length
    return diffs


def _fold_coincidences(diff: _Diff) -> _Diff:
    """Fold single-character equalities inside rewritten text into the change around them.

    A rewritten Japanese sentence shares stray characters with the old one (の, を, 、); marked
    one by one they make confetti that no reader would call unchanged text. Only such a single
    character (or a lone space or mark) is folded, and only when the changes on both sides of it
    are longer than it, so a real unchanged run, even two characters long, always stays unmarked.

    >>> _fold_coincidences([("delete", "利用"), ("insert", "提供"), ("equal", "の"), ("insert", "目的")])
    [('delete', '利用の'), ('insert', '提供の目的')]
    >>> _fold_coincidences([("equal", "a "), ("delete", "b"), ("equal", " c")])
    [('equal', 'a '), ('delete', 'b'), ('equal', ' c')]
    """
    # Blocks: an equal text, or a change (deleted text, inserted text); adjacent changes merge.
    blocks: list[str | tuple[str, str]] = []
    for op, text in diff:
        if not text:
            continue
        if op == "equal":
            blocks.append(text)
            continue
        deleted, inserted = (text, "") if op == "delete" else ("", text)
        if blocks and isinstance(blocks[-1], tuple):
            deleted, inserted = blocks[-1][0] + deleted, blocks[-1][1] + inserted
            blocks[-1] = (deleted, inserted)
        else:
            blocks.append((deleted, inserted))
    folded = True
    while folded:
        folded = False
        for k in range(1, len(blocks) - 1):
            left, middle, right = blocks[k - 1], blocks[k], blocks[k + 1]
            if (
                isinstance(middle, str)
                and isinstance(left, tuple)
                and isinstance(right, tuple)
                and len(middle.strip()) <= 1
                and len(middle) <= 2
                and len(middle) < min(max(map(len, left)), max(map(len, right)))
            ):
                blocks[k - 1 : k + 2] = [(left[0] + middle + right[0], left[1] + middle + right[1])]
                folded = True
                break
    result: _Diff = []
    for block in blocks:
        if isinstance(block, str):
            result.append(("equal", block))
        else:
            result.extend((op, text) for op, text in (("delete", block[0]), ("insert", block[1])) if text)
    return result


def _region_diff(old: str, new: str) -> _Diff:
    """A changed region: token by token when small enough, else deleted and inserted whole."""
    tokens_old, tokens_new = _tokens(old, False), _tokens(new, False)
    if len(tokens_old) + len(tokens_new) <= FINE_TOKENS:
        return _token_diff(tokens_old, tokens_new)
    return [("delete", old), ("insert", new)]


def _sentence_diff(old: str, new: str) -> _Diff:
    """Align sentences first (difflib: near-linear on mostly distinct sentences), then refine."""
    sentences_old, sentences_new = _tokens(old, True), _tokens(new, True)
    # autojunk stays on here: a sentence repeated all over a long clause is rightly no anchor,
    # and it keeps the alignment fast on pathological input (unlike characters, see STYLE.md).
    matcher = difflib.SequenceMatcher(None, sentences_old, sentences_new)
    diff: _Diff = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(sentences_old[i1:i2]), "".join(sentences_new[j1:j2])
        if tag == "equal":
            diff.append(("equal", old_part))
        elif tag == "delete":
            diff.append(("delete", old_part))
        elif tag == "insert":
            diff.append(("insert", new_part))
        elif i2 - i1 == j2 - j1 and len(_tokens(old_part, False)) + len(_tokens(new_part, False)) > FINE_TOKENS:
            for k in range(i2 - i1):  # as many sentences on both sides: compare them pairwise
                diff.extend(_region_diff(sentences_old[i1 + k], sentences_new[j1 + k]))
        else:
            diff.extend(_region_diff(old_part, new_part))
    return diff


def inline_segments(old: str, new: str) -> list[Segment]:
    """Segments whose equal+delete texts rebuild `old` and equal+insert texts rebuild `new`."""
    if old == new:
        return [Segment("equal", old)] if old else []
    tokens_old, tokens_new = _tokens(old, False), _tokens(new, False)
    if len(tokens_old) + len(tokens_new) <= FINE_TOKENS:
        diff = _token_diff(tokens_old, tokens_new)
    else:
        diff = _sentence_diff(old, new)
    segments: list[Segment] = []
    for op, text in diff:
        if not text:
            continue
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))  # type: ignore[arg-type]
    return segments


def similarity(old: str, new: str) -> float:
    """0..1, how much two clause texts share, over tokens (English words, Japanese characters).

    difflib's ratio (junk heuristic off) for clauses of ordinary length. Its cost grows with the
    product of the lengths, so for long pairs the share of common token pairs (bigrams) stands
    in: linear, and like the ratio 1.0 for equal texts and near 0 for unrelated ones.
    """
    if not old and not new:
        return 1.0
    tokens_old, tokens_new = _tokens(old, False), _tokens(new, False)
    matcher = difflib.SequenceMatcher(None, tokens_old, tokens_new, autojunk=False)
    if matcher.real_quick_ratio() < _PAIRING_THRESHOLD - _SAME_NUMBER_BONUS:
        return matcher.real_quick_ratio()
    if matcher.quick_ratio() < _PAIRING_THRESHOLD - _SAME_NUMBER_BONUS:
        return matcher.quick_ratio()
    if len(tokens_old) * len(tokens_new) > _RATIO_MAX_PRODUCT:
        return _bigram_share(tokens_old, tokens_new)
    return matcher.ratio()


_RATIO_MAX_PRODUCT = 10_000
"""Token pairs above which `similarity` uses the bigram share instead of difflib's ratio."""


def _bigram_share(tokens_old: list[str], tokens_new: list[str]) -> float:
    """Dice coefficient of the two texts' token bigrams (as multisets)."""
    old_pairs = Counter(itertools.pairwise(tokens_old))
    new_pairs = Counter(itertools.pairwise(tokens_new))
    total = sum(old_pairs.values()) + sum(new_pairs.values())
    return 2 * sum((old_pairs & new_pairs).values()) / total if total else 1.0


def _pair_gap(old: Sequence[Clause], new: Sequence[Clause]) -> list[tuple[int, int]]:
    """Pairs (i, j) of similar clauses in one gap, in order and never crossing."""
    if not old or not new:
        return []
    if len(old) * len(new) > MAX_SIMILARITY_PAIRS:
        by_number = {c.number: i for i, c in enumerate(old) if c.number}
        pairs, last = [], -1
        for j, clause in enumerate(new):
            i = by_number.get(clause.number, -1) if clause.number else -1
            if i > last:
                pairs.append((i, j))
                last = i
        return pairs
    candidates = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = _SIMILARITIES.get_or_make(
                (a.comparable_text, b.comparable_text), lambda: similarity(a.comparable_text, b.comparable_text)
            )
            if a.key == b.key:
                score += _SAME_NUMBER_BONUS
            if score >= _PAIRING_THRESHOLD:
                candidates.append((-score, i, j))
    candidates.sort()
    chosen: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if any(i == ci or j == cj or (i < ci) != (j < cj) for ci, cj in chosen):
            continue
        chosen.append((i, j))
    return sorted(chosen)


def align(old: Sequence[Clause], new: Sequence[Clause]) -> list[tuple[int | None, int | None]]:
    """Index pairs in reading order: (i, j) matched, (i, None) removed, (None, j) added."""
    matcher = difflib.SequenceMatcher(
        None, [c.comparable_text for c in old], [c.comparable_text for c in new], autojunk=False
    )
    result: list[tuple[int | None, int | None]] = []
    i0 = j0 = 0
    for block in matcher.get_matching_blocks():
        gap_old, gap_new = old[i0 : block.a], new[j0 : block.b]
        pairs = _pair_gap(gap_old, gap_new)
        i, j = 0, 0
        for pi, pj in [*pairs, (len(gap_old), len(gap_new))]:
            while i < pi:
                result.append((i0 + i, None))
                i += 1
            while j < pj:
                result.append((None, j0 + j))
                j += 1
            if pi < len(gap_old) and pj < len(gap_new):
                result.append((i0 + pi, j0 + pj))
                i, j = pi + 1, pj + 1
        for k in range(block.size):
            result.append((block.a + k, block.b + k))
        i0, j0 = block.a + block.size, block.b + block.size
    return result


def compare_clauses(old: Sequence[Clause], new: Sequence[Clause]) -> list[ClauseChange]:
    """The clause-level changes from `old` to `new`, in reading order (removed ones where they stood).

    Clauses that were merged or split are compared as one (`_join_merges_and_splits`), so text
    that only moved between them is not marked as deleted in one place and inserted in another.
    """
    return _join_merges_and_splits(_pairwise_changes(old, new))


def _pairwise_changes(old: Sequence[Clause], new: Sequence[Clause]) -> list[ClauseChange]:
    changes: list[ClauseChange] = []
    for i, j in align(old, new):
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        if a is None and b is not None:
            changes.append(ClauseChange("added", None, b, _segments("", b.comparable_text)))
        elif b is None and a is not None:
            changes.append(ClauseChange("removed", a, None, _segments(a.comparable_text, "")))
        elif a is not None and b is not None:
            if a.comparable_text == b.comparable_text:
                status: ChangeStatus = "unchanged" if a.key == b.key else "renumbered"
                changes.append(ClauseChange(status, a, b, (Segment("equal", b.comparable_text),)))
            else:
                changes.append(ClauseChange("amended", a, b, _segments(a.comparable_text, b.comparable_text)))
    return changes


def _marked(segments: Sequence[Segment]) -> int:
    """How much a reader sees marked: letters and digits in inserted and deleted segments."""
    return sum(sum(map(str.isalnum, s.text)) for s in segments if s.op != "equal")


def _least_marked(old: str, new: str) -> int:
    """A floor for `_marked(inline_segments(old, new))`, without diffing.

    Equal segments are text both sides share, so each letter or digit is marked at least as many
    times as its count differs between the two texts. When the texts are diffed token by token
    (`inline_segments`), equal segments are whole tokens (folding coincidences only marks more),
    so the same holds for each token: a far closer floor, as tokens are words in English.

    >>> _least_marked("we hold the data", "we held the data"), _marked(inline_segments("we hold the data", "we held the data"))
    (8, 8)
    """
    tokens_old, tokens_new = _tokens(old, False), _tokens(new, False)
    counts: Counter[str]
    if len(tokens_old) + len(tokens_new) <= FINE_TOKENS:
        counts = Counter(tokens_old)
        counts.subtract(tokens_new)
    else:
        counts = Counter(filter(str.isalnum, old))
        counts.subtract(filter(str.isalnum, new))
    return sum(abs(n) * sum(map(str.isalnum, token)) for token, n in counts.items() if n)


def _joined(clauses: Sequence[Clause]) -> Clause:
    """Several consecutive clauses read as one: the first's number and heading, all their words."""
    first = clauses[0]
    texts = [first.text] + [c.comparable_text for c in clauses[1:]]
    return Clause(first.key, first.number, first.kind, first.heading, "\n\n".join(t for t in texts if t), first.line)


def _join_merges_and_splits(changes: list[ClauseChange]) -> list[ClauseChange]:
    """Compare merged or split clauses as one clause, when that marks fewer letters.

    Clause pairing works clause by clause, so when a revision merges several sections into one
    (headings turned into bullet points) or splits one, the moved words would be marked deleted
    in the removed clauses and inserted in the new one. Here a run of removed clauses beside a
    run of added ones, or beside an amended clause, is tried as one joined clause (`_joined`:
    the first one's number and heading, every word in order) compared with the other side. The
    joined comparison is kept only when it marks clearly fewer letters than the separate ones, so
    nothing that really changed goes unmarked: the segments still rebuild both joined texts.
    """
    result: list[ClauseChange] = []
    index = 0
    while index < len(changes):
        change = changes[index]
        if change.status == "unchanged" or change.status == "renumbered":
            result.append(change)
            index += 1
            continue
        end = index
        while end < len(changes) and changes[end].status in ("removed", "added", "amended"):
            end += 1
        run = changes[index:end]
        structural = any(c.status != "amended" for c in run)
        if len(run) < 2 or not structural or not any(c.old for c in run) or not any(c.new for c in run):
            result.extend(run)
            index = end
            continue
        olds = [c.old for c in run if c.old is not None]
        news = [c.new for c in run if c.new is not None]
        joined_old, joined_new = _joined(olds), _joined(news)
        letters = _marked(
            (Segment("delete", joined_old.comparable_text), Segment("insert", joined_new.comparable_text))
        )
        separate = sum(_marked(c.segments) for c in run)
        # Clearly fewer, so amendments that merely sit side by side stay separate rows; and mostly
        # the same words, so a section replaced by an unrelated one (which shares only common
        # words such as "the" and "your") stays removed and added. The joined diff is the costly
        # part, so it is skipped when no diff could pass: `_least_marked` is a floor for it.
        floor = _least_marked(joined_old.comparable_text, joined_new.comparable_text)
        if not (floor < 0.75 * separate and floor <= _JOINED_MARKED_SHARE * letters):
            result.extend(run)
            index = end
            continue
        segments = _segments(joined_old.comparable_text, joined_new.comparable_text)
        marked = _marked(segments)
        if marked < 0.75 * separate and marked <= _JOINED_MARKED_SHARE * letters:
            status = (
                "amended"
                if joined_old.comparable_text != joined_new.comparable_text
                else ("unchanged" if joined_old.key == joined_new.key else "renumbered")
            )
            result.append(ClauseChange(status, joined_old, joined_new, segments))  # type: ignore[arg-type]
        else:
            result.extend(run)
        index = end
    return result


def _segments(old: str, new: str) -> tuple[Segment, ...]:
    """`inline_segments`, remembered by the two texts (cache.py)."""
    return _SEGMENTS.get_or_make((old, new), lambda: tuple(inline_segments(old, new)))


def rebuild(segments: Sequence[Segment]) -> tuple[str, str]:
    """(old, new) texts from segments: the rule every diff here keeps."""
    old = "".join(s.text for s in segments if s.op != "insert")
    new = "".join(s.text for s in segments if s.op != "delete")
    return old, new
