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
_FRONT_MATTER_FIELDS: Memo[tuple[str, dt.date, str, bool, tuple[str, ...], str, str]] = Memo(
    "front matter fields", maxsize=4_096
)

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
    if "\x00" in text:
        # A NUL byte hides text from some tools and ends it in others: what readers see is unclear.
        raise PolicyError(
            "the file contains a NUL byte (an invisible control character), which a policy text may not hold.",
            path=path,
            line=text[: text.index("\x00")].count("\n") + 1,
            commit=commit,
            hint="delete the character (your editor may show it as ^@ or <0x00>) and save the file again.",
        )
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, 1-based line where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    body_line = text[: match.end()].count("\n") + 1
    return match.group(1) or "", text[match.end() :], body_line


class _DatesAsTextLoader(yaml.SafeLoader):
    """A SafeLoader that leaves YYYY-MM-DD values as strings (to report impossible dates)."""


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(yaml_text: str) -> Any:
    """`yaml.safe_load`, through libyaml when PyYAML has it: a long history parses the front
    matter of every version, and libyaml is about ten times faster. Whatever libyaml refuses is
    read again by the pure-Python loader, so failures (and their messages) stay safe_load's."""
    try:
        return yaml.load(yaml_text, Loader=_FAST_SAFE_LOADER)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, ValueError):
        return yaml.safe_load(yaml_text)


def front_matter(text: str, *, path: str, commit: str | None = None) -> dict[str, Any]:
    """The front matter as a mapping ({} when there is none); PolicyError when it is not YAML."""
    yaml_text, _, _ = split_front_matter(text)
    if yaml_text is None:
        return {}
    try:
        meta = _safe_load(yaml_text)
    except ValueError:
        # PyYAML turns `2021-02-30` into a date and fails; read dates as text instead, so
        # `parse_effective` can name the impossible date and its line.
        meta = yaml.load(yaml_text, Loader=_DatesAsTextLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening ---
        detail = getattr(error, "problem", None) or str(error)
        raise PolicyError(
            f"the front matter (the block between the --- lines) cannot be read: {detail}.",
            path=path,
            line=line,
            commit=commit,
            hint="check for a missing space after a colon, unbalanced quotes or a tab; a date is written 2017-05-10.",
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
    """A page is a policy when its front matter has `effective:` (unparseable YAML counts, so it is reported)."""
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
    title, effective, summary, consent, consent_clauses, correction, backdated = _FRONT_MATTER_FIELDS.get_or_make(
        yaml_text, lambda: _front_matter_fields(text, path=path, commit=commit)
    )
    return PolicyText(
        title=title,
        effective=effective,
        summary=summary,
        consent_required=consent,
        consent_clauses=consent_clauses,
        body=body,
        body_line=body_line,
        correction=correction,
        backdated=backdated,
    )


def _front_matter_fields(
    text: str, *, path: str, commit: str | None
) -> tuple[str, dt.date, str, bool, tuple[str, ...], str, str]:
    """(title, effective, summary, consent_required, consent_clauses, correction, backdated) from the front matter of `text`.

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
    effective = parse_effective(meta["effective"], path=path, line=_line_of("effective", text), commit=commit)
    consent, consent_clauses = _consent(meta.get("consent_required", False), text, path=path, commit=commit)
    return (
        _one_line(meta.get("title")),
        effective,
        _one_line(meta.get("summary")),
        consent,
        consent_clauses,
        _one_line(meta.get("correction")),
        _one_line(meta.get("backdated")),
    )


_PROVISION_NUMBER = re.compile(r"\A[1-9][0-9]*(?:\.[1-9][0-9]*)*\Z")


def _consent(value: Any, text: str, *, path: str, commit: str | None) -> tuple[bool, tuple[str, ...]]:
    """`consent_required` as (whole revision?, provisions): `true` -> (True, ()), `[3.2.4, 4.4]` ->
    (False, ("3.2.4", "4.4")). The numbers are taken as written in the file: YAML would read `4.10`
    as the decimal 4.1, which is another provision."""
    line = _line_of("consent_required", text)
    if isinstance(value, bool):
        return value, ()
    hint = (
        "write `consent_required: true` (the whole revision), `false`, or the provisions by number: "
        "`consent_required: [3.2.4, 4.4]`."
    )
    if not isinstance(value, (list, int, float, str)):
        raise PolicyError(
            f"`consent_required: {value}` must be true, false or a list of provision numbers.",
            path=path,
            line=line,
            commit=commit,
            hint=hint,
        )
    numbers = _written_consent_numbers(text)
    if numbers is None or not numbers:
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


@small_function_memo(maxsize=4_096)  # the same body is met again by the draft check and the linter
def _reader_body(body: str) -> str:
    """
    >>> _reader_body("1.1. One\\nline.  \\n \\n\\n\\n1.2. Two.\\n")
    '1.1. One line.\\n\\n1.2. Two.'
    """
    return reader_text(body)
