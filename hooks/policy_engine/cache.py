"""Memory that outlives one build: every rebuild of `mkdocs serve` reuses what did not change.

Each entry is keyed by content, or by a git object id that names content for ever (a commit sha
names the whole history behind it, a blob sha the bytes), never by a file name, a time or a
revision's position. An edit or a new commit therefore makes new keys; an old entry can never
be served for new text, it is only never asked for again. Every memo is bounded (the least
recently used entries go first) so that a long preview session does not grow without limit;
a memo of large values (rendered HTML) is also bounded by their total size, so that a long
history's build does not hold every page twice at its peak.

>>> squares = Memo("squares", maxsize=2)
>>> squares.get_or_make(3, lambda: 9), squares.get_or_make(3, lambda: -1)
(9, 9)
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")

_REGISTRY: list[Memo[object]] = []


class Memo(Generic[V]):
    """A bounded, least-recently-used map from a content key to a value computed from it.

    `maxsize` bounds the number of entries; `max_weight` (with `weigh`, e.g. `len` for text)
    also bounds their total weight: the least recently used go first until the rest fits.

    >>> pages = Memo("pages", maxsize=100, weigh=len, max_weight=5)
    >>> pages.get_or_make(1, lambda: "abc"), pages.get_or_make(2, lambda: "de"), 1 in pages
    ('abc', 'de', True)
    >>> pages.get_or_make(3, lambda: "f"), 1 in pages, pages.weight
    ('f', False, 3)
    """

    def __init__(
        self, name: str, maxsize: int, *, weigh: Callable[[V], int] | None = None, max_weight: int | None = None
    ) -> None:
        if (weigh is None) != (max_weight is None):
            raise ValueError("a memo bounded by weight needs both `weigh` and `max_weight`")
        self.name = name
        self.maxsize = maxsize
        self.max_weight = max_weight
        self.hits = 0
        self.misses = 0
        self.weight = 0
        self._weigh = weigh
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._weights: dict[Hashable, int] = {}
        _REGISTRY.append(self)  # type: ignore[arg-type]

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`, computed by `make()` the first time. Nothing is kept if `make` raises."""
        key = _key(key)
        try:
            value = self._entries[key]
        except KeyError:
            self.misses += 1
            value = make()
            self._entries[key] = value
            if self._weigh is not None:
                self._weights[key] = weight = self._weigh(value)
                self.weight += weight
            while len(self._entries) > self.maxsize or (
                self.max_weight is not None and self.weight > self.max_weight and len(self._entries) > 1
            ):
                oldest, _ = self._entries.popitem(last=False)
                self.weight -= self._weights.pop(oldest, 0)
            return value
        self.hits += 1
        self._entries.move_to_end(key)
        return value

    def clear(self) -> None:
        self._entries.clear()
        self._weights.clear()
        self.hits = self.misses = self.weight = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        """Whether `key` is remembered (neither a hit nor a miss, and no change of order)."""
        return _key(key) in self._entries


def _key(value: Hashable) -> Hashable:
    """The key as stored: a string or bytes as it is (it keeps its own hash), anything else in a `_Key`."""
    return value if type(value) is str or type(value) is bytes else _Key(value)


class _Key:
    """A key whose hash is computed once: keys here are deep (a revision's every clause), and a
    dict hashes a key on each lookup, insertion and move."""

    __slots__ = ("_hash", "value")

    def __init__(self, value: Hashable) -> None:
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, _Key) and self._hash == other._hash and self.value == other.value)


def memoised(name: str, maxsize: int) -> Callable[[Callable[..., V]], Callable[..., V]]:
    """Remember a pure function's results by its arguments' values (lists and dicts included).

    Only for functions whose result depends on nothing but their arguments (the renderers of
    HTML fragments): then equal arguments can only ever give an equal result.

    >>> @memoised("lengths", maxsize=8)
    ... def total_length(words: list[str], *, extra: int = 0) -> int:
    ...     return sum(map(len, words)) + extra
    >>> total_length(["a", "bc"]), total_length(["a", "bc"]), total_length(["a", "bc"], extra=1)
    (3, 3, 4)
    """

    def decorate(function: Callable[..., V]) -> Callable[..., V]:
        memo: Memo[V] = Memo(name, maxsize)

        @functools.wraps(function)
        def remembered(*args: object, **kwargs: object) -> V:
            key = (_frozen(args), _frozen(kwargs))
            try:
                hash(key)
            except TypeError:  # an argument that cannot be a key: just compute
                return function(*args, **kwargs)
            return memo.get_or_make(key, lambda: function(*args, **kwargs))

        return remembered

    return decorate


def _frozen(value: object) -> Hashable:
    """A hashable stand-in with the same equality: lists, tuples and dicts (in order) become tuples."""
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return (dict, tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, (set, frozenset)):
        return (frozenset, frozenset(_frozen(item) for item in value))
    if isinstance(value, (bool, int, float)):
        return (type(value), value)  # True == 1 == 1.0, yet a renderer may treat them apart
    return value


def small_function_memo(maxsize: int) -> Callable[[Callable[[str], V]], Callable[[str], V]]:
    """`functools.lru_cache` for a cheap pure function of one string called very often (once per
    paragraph of every version), where a `Memo`'s own cost would exceed the saving; cleared with
    the rest by `clear_all`.

    >>> @small_function_memo(maxsize=8)
    ... def shout(word: str) -> str:
    ...     return word.upper()
    >>> shout("a"), shout("a")
    ('A', 'A')
    """

    def decorate(function: Callable[[str], V]) -> Callable[[str], V]:
        remembered = functools.lru_cache(maxsize=maxsize)(function)
        _FUNCTION_CACHES.append(remembered.cache_clear)
        return remembered

    return decorate


_FUNCTION_CACHES: list[Callable[[], None]] = []


def clear_with_the_rest(clear: Callable[[], None]) -> None:
    """Have `clear_all` call `clear` too (e.g. an `lru_cache`'s `cache_clear`), so that a cold
    start is cold everywhere."""
    _FUNCTION_CACHES.append(clear)


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a whole site's views and pages are made: they are many
    small objects that live on (in the memos above), and each full collection walks every one of
    them again (a tenth of a cold build at 1,000 commits). Making them leaves next to no cyclic
    garbage (measured: some fifty objects), which the collector takes when it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def clear_all() -> None:
    """Forget everything (tests and the benchmark use this for a cold start)."""
    for memo in _REGISTRY:
        memo.clear()
    for clear in _FUNCTION_CACHES:
        clear()


def statistics() -> dict[str, tuple[int, int, int]]:
    """name -> (entries, hits, misses), for the benchmark's report."""
    return {memo.name: (len(memo), memo.hits, memo.misses) for memo in _REGISTRY}
