"""Bytes of a policy file -> `PolicyText` (front matter + Markdown body). No I/O.

The front matter is the YAML block between `---` lines at the top of the file, as MkDocs reads it:

    ---
    title: プライバシーポリシー
    effective: 2017-05-10
    summary: 制定
    consent_required: false
    ---

`consent_required` is `true` (the revision as a whole needs users' consent, Article 7), `false`,
or a list of the provisions that need it, by number: `consent_required: [3.2.4, 4.4]`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .cache import Memo, small_function_memo
from .clauses import reader_text
from .errors import PolicyError
from .model import PolicyText

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")

# Consecutive versions in a history mostly share their front matter, so what it says is
# remembered by its YAML text (cache.py); a failure is never remembered, so it is always
# reported with the file and commit at hand.
_FRONT_MATTER_FIELDS: Memo[dict[str, Any]] = Memo("front matter fields", maxsize=4_096)

MAX_POLICY_BYTES = 1_000_000
"""A policy file larger than 1 MB is refused: real policies are tens of kilobytes, and each
revision is rendered on several pages, so a pasted binary or a runaway export would make the
build crawl rather than fail."""


def decode_policy_bytes(raw: bytes, *, path: str, commit: str | None = None) -> str:
    """UTF-8 text with LF line endings and no byte-order mark, or a PolicyError naming the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PolicyError(
            f"the file is not valid UTF-8 (byte {error.start} cannot be read).",
            path=path,
            line=line,
            commit=commit,
            hint="save the file as UTF-8 in your editor (not Shift_JIS or another encoding).",
        ) from None
    if b"\x00" in raw:  # the same as in the text, and found faster
        # A NUL byte hides text from some tools and ends it in others: what readers see is unclear.
        raise PolicyError(
            "the file contains a NUL byte (an invisible control character), which a policy text may not hold.",
            path=path,
            line=text[: text.index("\x00")].count("\n") + 1,
            commit=commit,
            hint="delete the character (your editor may show it as ^@ or <0x00>) and save the file again.",
        )
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if b"\r" in raw else text


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, 1-based line where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    body_line = text[: match.end()].count("\n") + 1
    return match.group(1) or "", text[match.end() :], body_line


class _DatesAsTextLoader(yaml.SafeLoader):
    """A SafeLoader that leaves YYYY-MM-DD values as strings (to report impossible dates)."""


# types-PyYAML types add_constructor's function for the loader class itself, not its base.
_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]


_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


def _refuse_duplicate_keys(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    """A mapping whose keys are all different: YAML keeps only the last of two `effective:` lines,
    so the editor's other line would vanish silently."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line, seen[key])
        if key is not None:
            seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


class _StrictLoader(_FAST_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader (libyaml when available) refusing duplicate keys."""


class _StrictPureLoader(yaml.SafeLoader):
    """The pure-Python safe loader refusing duplicate keys (its error messages are the reference)."""


class _StrictDatesAsTextLoader(_DatesAsTextLoader):
    """`_DatesAsTextLoader` refusing duplicate keys."""


for _loader in (_StrictLoader, _StrictPureLoader, _StrictDatesAsTextLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _refuse_duplicate_keys)


def _safe_load(yaml_text: str) -> Any:
    """`yaml.safe_load` (refusing duplicate keys), through libyaml when PyYAML has it: a long
    history parses the front matter of every version, and libyaml is about ten times faster.
    Whatever libyaml refuses is read again by the pure-Python loader, so failures (and their
    messages) stay safe_load's."""
    try:
        return yaml.load(yaml_text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, ValueError):
        return yaml.load(yaml_text, Loader=_StrictPureLoader)  # noqa: S506 (a SafeLoader)


def _refuse_aliases(yaml_text: str, *, path: str, commit: str | None) -> None:
    """No anchors (`&name`) or aliases (`*name`) in front matter, found before anything is expanded.

    A few hundred bytes of nested aliases expand into gigabytes (the "billion laughs"); front
    matter never needs them. The scanner only reads tokens (it builds nothing), so this is
    linear in the text; text without `&` or `*` cannot have them and is not scanned.
    """
    if "&" not in yaml_text and "*" not in yaml_text:
        return
    try:
        for token in yaml.scan(yaml_text, Loader=_FAST_SAFE_LOADER):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                what = "an anchor (`&`)" if isinstance(token, yaml.AnchorToken) else "an alias (`*`)"
                raise PolicyError(
                    f"the front matter uses {what} (`{'&' if isinstance(token, yaml.AnchorToken) else '*'}{token.value}`); "
                    "YAML anchors and aliases are not allowed in a policy's front matter.",
                    path=path,
                    line=token.start_mark.line + 2,  # +1 for 1-based, +1 for the opening ---
                    commit=commit,
                    hint="write each value out in full; if `&` or `*` is part of the text, put the value "
                    'in quotes, e.g. `summary: "*第4条を改定"`.',
                )
    except yaml.YAMLError:
        return  # not YAML at all: the loader reports it with its line and a hint


def _yaml_hint(problem: str, context: str, line_text: str) -> str:
    """What to do about a YAML error, in the editor's terms (the error text is YAML's own)."""
    key, _, value = line_text.partition(":")
    if "mapping values are not allowed" in problem:
        if line_text[:1] in (" ", "\t"):
            return "remove the spaces at the start of this line: each `name: value` line starts at the left edge."
        return (
            f"the value of `{key.strip()}:` contains a colon followed by a space, which YAML reads as a new "
            f'`name: value`; put the whole value in quotes, e.g. `{key.strip()}: "{value.strip()}"`.'
        )
    if "\t" in problem or "tab" in problem:
        return "replace the tab on this line with spaces."
    if "quoted scalar" in context or "end of stream" in problem:
        return "a quote mark that opens a value on this line is not closed: end the value with the same quote mark."
    if "could not find expected ':'" in problem:
        return "write each line as `name: value` with a space after the colon, e.g. `effective: 2017-05-10`."
    return (
        "each line between the --- lines is `name: value` (a space after the colon); put a value that "
        "contains `: `, `#` or starts with a quote or `[` in quotes. A date is written 2017-05-10."
    )


# A front-matter line `name: value` on its own: a plain key at the margin, then a space, a tab
# or the end of the line.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|$)")
_IMMUTABLE_VALUES = (str, int, float, dt.date, type(None))  # bool is an int; datetime a date


# A history's front matters differ from one version to the next by a line or two (a new
# `effective:` and `summary:`, a `correction:`), so each line is read by YAML once (cache.py).
@small_function_memo(maxsize=4_096)
def _line_value(line: str) -> tuple[str, Any] | None:
    """(key, value) of one `name: value` line read by YAML alone, or None when YAML reads it as
    anything else (several keys, another key, a value that could be changed in place) or refuses it."""
    match = _SIMPLE_LINE.match(line)
    if match is None:
        return None
    try:
        meta = _safe_load(line + "\n")
    except Exception:  # whatever it is, the whole text read at once reports it
        return None
    if not isinstance(meta, dict) or len(meta) != 1:
        return None
    [(key, value)] = meta.items()
    if key != match.group(1) or not isinstance(value, _IMMUTABLE_VALUES):
        return None
    return key, value


def _simple_mapping(yaml_text: str) -> dict[str, Any] | None:
    """The front matter read line by line, when every line is a `name: value` line that YAML reads
    alone and no name repeats; None otherwise (the whole text is then read at once).

    At the margin of a top-level mapping each such line is a whole entry: a value that went on
    to the next line (an open quote or bracket) would make the line alone unreadable, and a
    block scalar's text (`|`) is indented. So the mapping is the lines' entries in order, the
    same as the whole text read at once (tested); errors are left to that whole reading.
    """
    lines = yaml_text.split("\n")
    if len(lines) < 2 or lines[-1] != "":
        return None
    meta: dict[str, Any] = {}
    for line in lines[:-1]:
        entry = _line_value(line)
        if entry is None or entry[0] in meta:
            return None
        meta[entry[0]] = entry[1]
    return meta


def front_matter(text: str, *, path: str, commit: str | None = None) -> dict[str, Any]:
    """The front matter as a mapping ({} when there is none); PolicyError when it is not YAML."""
    yaml_text, _, _ = split_front_matter(text)
    if yaml_text is None:
        return {}
    _refuse_aliases(yaml_text, path=path, commit=commit)
    simple = _simple_mapping(yaml_text)
    if simple is not None:
        return simple
    try:
        try:
            meta = _safe_load(yaml_text)
        except ValueError:
            # PyYAML turns `2021-02-30` into a date and fails; read dates as text instead, so
            # `parse_effective` can name the impossible date and its line.
            meta = yaml.load(yaml_text, Loader=_StrictDatesAsTextLoader)  # noqa: S506 (a SafeLoader)
    except _DuplicateKey as duplicate:
        raise PolicyError(
            f"`{duplicate.key}:` appears twice in the front matter (also on line {duplicate.first_line + 2}); "
            "only one of the two values could be used.",
            path=path,
            line=duplicate.line + 2,
            commit=commit,
            hint=f"keep one `{duplicate.key}:` line and delete the other.",
        ) from None
    except yaml.YAMLError as error:
        # The context mark (where the unreadable thing started: an opening quote, a key) is the
        # line to look at; the problem mark can be the end of the block, one line too far.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        lines = yaml_text.split("\n")
        index = min(mark.line, max(len(lines) - 2, 0)) if mark is not None else 0
        detail = getattr(error, "problem", None) or str(error)
        raise PolicyError(
            f"the front matter (the block between the --- lines) cannot be read: {detail}.",
            path=path,
            line=index + 2,  # +1 for 1-based, +1 for the opening ---
            commit=commit,
            hint=_yaml_hint(detail, getattr(error, "context", None) or "", lines[index] if lines else ""),
        ) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise PolicyError(
            "the front matter must be a list of `name: value` lines.",
            path=path,
            line=2,
            commit=commit,
        )
    return meta


def is_policy(text: str) -> bool:
    """A page is a policy when its front matter has `effective:` (unparseable YAML counts, so it is reported).

    A byte-order mark and CRLF or CR line endings are read as every version is read (they do
    not make a policy stop being one; the build refuses them at HEAD with their line).
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    yaml_text, _, _ = split_front_matter(text)
    return yaml_text is not None and re.search(r"^effective\s*:", yaml_text, re.MULTILINE) is not None


def _line_of(key: str, text: str) -> int:
    """The 1-based number of the first line that starts with `key:` (1 when none does)."""
    match = re.search(rf"^{re.escape(key)}:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse_effective(value: Any, *, path: str, line: int, commit: str | None) -> dt.date:
    """The effective date from front matter: a real calendar date written YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        raise PolicyError(
            f"`effective: {value}` has a time; an effective date is a calendar day.",
            path=path,
            line=line,
            commit=commit,
            hint="write only the date, e.g. `effective: 2017-05-10`.",
        )
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    if not _ISO_DATE.match(text):
        raise PolicyError(
            f"`effective: {text}` is not a date written YYYY-MM-DD.",
            path=path,
            line=line,
            commit=commit,
            hint="write the date the revision takes effect, e.g. `effective: 2017-05-10`.",
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PolicyError(
            f"`effective: {text}` is not a real calendar date.",
            path=path,
            line=line,
            commit=commit,
            hint="check the day and month (e.g. February has 28 or 29 days).",
        ) from None


def parse_policy_text(raw: bytes | str, *, path: str, commit: str | None = None) -> PolicyText:
    """Parse one version of a policy file; PolicyError names the file, line and commit of any problem."""
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > MAX_POLICY_BYTES:
        raise PolicyError(
            f"the file is {size / 1_000_000:.1f} MB; a policy may be at most {MAX_POLICY_BYTES / 1_000_000:.0f} MB.",
            path=path,
            commit=commit,
            hint="check that nothing else (an image, an export, a repeated paste) ended up in the file; "
            "a longer text belongs in several policies.",
        )
    if isinstance(raw, str):
        text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    else:  # decoding normalised the line endings already
        text = decode_policy_bytes(raw, path=path, commit=commit).removeprefix("\ufeff")
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        raise PolicyError(
            "the file has no front matter, so its effective date is unknown.",
            path=path,
            line=1,
            commit=commit,
            hint="start the file with ---, then `effective: YYYY-MM-DD`, `title:` and `summary:` lines, then ---.",
        )
    fields = _FRONT_MATTER_FIELDS.get_or_make(yaml_text, lambda: _front_matter_fields(text, path=path, commit=commit))
    return PolicyText(body=body, body_line=body_line, **fields)


_CORRECTABLE = ("title", "summary")


def _front_matter_fields(text: str, *, path: str, commit: str | None) -> dict[str, Any]:
    """The `PolicyText` fields the front matter of `text` gives (all but the body).

    Depends only on the front matter's YAML when it succeeds (so it can be remembered by it);
    `text`, `path` and `commit` are there to name the line, file and commit of a failure.
    """
    meta = front_matter(text, path=path, commit=commit)
    if "effective" not in meta:
        raise PolicyError(
            "the front matter has no `effective:` date.",
            path=path,
            line=2,
            commit=commit,
            hint="add `effective: YYYY-MM-DD`, the day this revision takes effect.",
        )
    # The lines are looked up (a search of the whole file) only for a value that may be refused.
    effective = meta["effective"]
    if not _is_calendar_day(effective):
        effective = parse_effective(effective, path=path, line=_line_of("effective", text), commit=commit)
    consent, consent_clauses = _consent(meta.get("consent_required", False), text, path=path, commit=commit)
    return {
        "title": _one_line(meta.get("title")),
        "effective": effective,
        "summary": _one_line(meta.get("summary")),
        "consent_required": consent,
        "consent_clauses": consent_clauses,
        "correction": _one_line(meta.get("correction")),
        "posted": parse_posted(meta["posted"], path=path, line=_line_of("posted", text), commit=commit)
        if meta.get("posted") is not None
        else None,
        "backdated": _one_line(meta.get("backdated")),
        "postponed": _one_line(meta.get("postponed")),
        "withdrawn": _one_line(meta.get("withdrawn")),
        "corrects": _corrects(meta["corrects"], path=path, line=_line_of("corrects", text), commit=commit)
        if meta.get("corrects") is not None
        else (),
    }


def _is_calendar_day(value: Any) -> bool:
    """What `parse_effective` accepts as it is: a date that is not a date and time."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def parse_posted(value: Any, *, path: str, line: int, commit: str | None) -> dt.date | dt.datetime:
    """A declared posting (`posted: 2017-05-10` or `posted: 2017-05-10T10:00:00+09:00`).

    A time without its offset is refused: "10:00" in Tokyo and in London are different moments,
    and the record must say which.
    """
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value.strip())
                if "T" in value or " " in value.strip()
                else dt.date.fromisoformat(value.strip())
            )
        except ValueError:
            raise PolicyError(
                f"`posted: {value}` is not a date (2017-05-10) or a date and time with its offset "
                "(2017-05-10T10:00:00+09:00).",
                path=path,
                line=line,
                commit=commit,
                hint="write the day the revision was first published, as the company's records show it, e.g. `posted: 2017-05-10`.",
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise PolicyError(
                f"`posted: {value}` has a time but no time zone offset.",
                path=path,
                line=line,
                commit=commit,
                hint="add the offset, e.g. `posted: 2017-05-10T10:00:00+09:00`, or give only the date.",
            )
        return value
    if isinstance(value, dt.date):
        return value
    raise PolicyError(
        f"`posted: {value}` is not a date.",
        path=path,
        line=line,
        commit=commit,
        hint="write the day the revision was first published, e.g. `posted: 2017-05-10`.",
    )


def _corrects(value: Any, *, path: str, line: int, commit: str | None) -> tuple[str, ...]:
    """`corrects: summary` or `corrects: [title, summary]`: front-matter fields a correction changes on purpose."""
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    if names is None or any(name not in _CORRECTABLE for name in names):
        raise PolicyError(
            f"`corrects: {value}` must name `title`, `summary` or both.",
            path=path,
            line=line,
            commit=commit,
            hint="write `corrects: [summary]` when a correction fixes the summary line; every other field "
            "of a published revision cannot be corrected (make a new revision instead).",
        )
    return tuple(sorted(set(names)))


_PROVISION_NUMBER = re.compile(r"\A[1-9][0-9]*(?:\.[1-9][0-9]*)*\Z")


def _consent(value: Any, text: str, *, path: str, commit: str | None) -> tuple[bool, tuple[str, ...]]:
    """`consent_required` as (whole revision?, provisions): `true` -> (True, ()), `[3.2.4, 4.4]` ->
    (False, ("3.2.4", "4.4")). The numbers are taken as written in the file: YAML would read `4.10`
    as the decimal 4.1, which is another provision."""
    if isinstance(value, bool):
        return value, ()
    line = _line_of("consent_required", text)
    hint = (
        "write `consent_required: true` (the whole revision), `false`, or the provisions by number: "
        "`consent_required: [3.2.4, 4.4]`."
    )
    # Numbers are read as written (4.10 stays 4.10), only once the value has a list-like shape.
    numbers = _written_consent_numbers(text) if isinstance(value, (list, int, float, str)) else None
    if not numbers:
        raise PolicyError(
            f"`consent_required: {value}` must be true, false or a list of provision numbers.",
            path=path,
            line=line,
            commit=commit,
            hint=hint,
        )
    for number in numbers:
        if not _PROVISION_NUMBER.match(number):
            raise PolicyError(
                f"`consent_required` lists `{number}`, which is not a provision number (such as 3.2.4).",
                path=path,
                line=line,
                commit=commit,
                hint=hint,
            )
    if len(set(numbers)) != len(numbers):
        raise PolicyError("`consent_required` lists a provision twice.", path=path, line=line, commit=commit, hint=hint)
    return False, tuple(numbers)


def _written_consent_numbers(text: str) -> list[str] | None:
    """The scalars of `consent_required` as written (a list, or one value), from the YAML's nodes."""
    yaml_text, _, _ = split_front_matter(text)
    try:
        root = yaml.compose(yaml_text or "", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, node in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "consent_required":
            if isinstance(node, yaml.ScalarNode):
                return [node.value.strip()]
            if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
                return [str(n.value).strip() for n in node.value]
            return None
    return None


def _one_line(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def reader_fingerprint(text: PolicyText) -> str:
    """What a reader sees: the front matter's shown fields and the body's rendered text.

    The body is compared as `clauses.reader_text` writes it, block by block from the parsed
    Markdown, so a change of syntax that leaves the rendered text the same (re-wrapped lines,
    blank-line runs, trailing spaces, heading style or level, list markers, escaping) is neither
    a revision nor a correction, and an edit that changes what the page shows is one, even if
    only whitespace changed: two trailing spaces that make a line break, a line indented into
    a code block.
    """
    consent = str(text.consent_required) + "".join(f",{n}" for n in text.consent_clauses)
    return "\x00".join([text.title, text.summary, consent, _reader_body(text.body)])


def _reader_body(body: str) -> str:  # not remembered whole: its pieces are (and each version's body differs)
    """
    >>> _reader_body("1.1. One\\nline.  \\n \\n\\n\\n1.2. Two.\\n")
    '1.1. One line.\\n\\n1.2. Two.'
    """
    return reader_text(body)
