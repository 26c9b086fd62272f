"""The JSON API under /api/: one record type per document, which both writes and reads it.

The site publishes, for integrators (a consent-management app) and for its own ledger and
verifier:

- `/api/<policy>/<lang>/revisions.json`: `RevisionsDocument` (a `RevisionRecord` per revision,
  with its `CorrectionRecord`s and a `postponed`/`withdrawn` `AbandonmentRecord`);
- `/api/<policy>/<lang>/changes/<id>.json`: `ChangesDocument` (a `ClauseChangeRecord` per clause);
- `/api/index.json`: `SiteIndex` (an `IndexEntry` per policy and language).

As in mike's `versions.py`, each class has `to_json` (the mapping, keys in the published order)
and `from_json` (the record from a parsed document), and each document class `dumps` (the
published text) and `loads` (bytes read from a site). The JSON Schema of each document
(draft 2020-12, in `schema/`) is published with the site under `/api/schema/` (`schema_files`);
`from_json` of a document checks it against its schema first, so the ledger and verify refuse
a file that does not match, naming it. The build does not check what it writes: the tests do.

The published bytes are part of the contract (two builds of one commit are byte-identical, and
`scripts/verify.py` compares them with a rebuild): `dumps` writes UTF-8 as it is (no `\\u`
escapes for Japanese), compact (no space or line break between tokens: the changes files of a long
history are a tenth of the site, and indenting made them 40% larger), keys in the order of
`to_json`, and a final newline.

>>> record = CorrectionRecord("1a2b3c4", "2020-04-02T10:00:00+09:00", "誤字の修正")
>>> CorrectionRecord.from_json(record.to_json()) == record
True
>>> record.to_json()
{'commit': '1a2b3c4', 'posted': '2020-04-02T10:00:00+09:00', 'reason': '誤字の修正'}
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import orjson

from .errors import PolicyError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_URL_PATH = "api/schema/"
"""Where the site publishes the schemas: /api/schema/<kind>.schema.json."""
INDEX_PATH = "api/index.json"
INDEX_FORMAT = "policy-site-index/1"

DocumentKind = Literal["revisions", "changes", "index"]
JSON = dict[str, Any]


def dumps(document: Mapping[str, Any]) -> str:
    """The published text of a document: byte for byte what `json.dumps(document,
    ensure_ascii=False, separators=(",", ":")) + "\\n"` writes, made by orjson (faster than the
    standard library's encoder on a long history's files).

    >>> dumps({"title": "プライバシー", "in_force": None, "revisions": []})
    '{"title":"プライバシー","in_force":null,"revisions":[]}\\n'
    """
    return orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def loads(raw: bytes, *, where: str) -> Any:
    """Parsed JSON, or a PolicyError naming `where` when it is not JSON."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PolicyError(
            f"{where} is not JSON ({error}).", hint="point at a file of a site built by this project."
        ) from None


# --- The schemas -------------------------------------------------------------------------------


def schema_name(kind: DocumentKind) -> str:
    return f"{kind}.schema.json"


@functools.cache
def schema(kind: DocumentKind) -> JSON:
    """The JSON Schema of one kind of document (as published under /api/schema/)."""
    loaded: JSON = json.loads((SCHEMA_DIR / schema_name(kind)).read_text(encoding="utf-8"))
    return loaded


def schema_files() -> dict[str, str]:
    """Site path -> text of each schema, published as the files in `schema/` are."""
    kinds: tuple[DocumentKind, ...] = ("revisions", "changes", "index")
    return {
        SCHEMA_URL_PATH + schema_name(kind): (SCHEMA_DIR / schema_name(kind)).read_text(encoding="utf-8")
        for kind in kinds
    }


def validate(document: Any, kind: DocumentKind, *, where: str) -> None:
    """PolicyError naming `where` (and the first place that differs) unless `document` matches its schema."""
    error = _first_error(document, kind)
    if error is not None:
        place, message = error
        raise PolicyError(
            f"{where} does not match its published schema ({SCHEMA_URL_PATH}{schema_name(kind)}): "
            f"{place + ': ' if place else ''}{message}.",
            hint="the file was not written by this project's build, or was changed after it: publish only a site "
            "built by `make site`, and never edit its JSON by hand.",
        )


def _first_error(document: Any, kind: DocumentKind) -> tuple[str, str] | None:
    """(where in the document, what is wrong) of the most telling mismatch, or None when it matches."""
    from jsonschema.exceptions import best_match

    found = best_match(_validator(kind).iter_errors(document))
    if found is None:
        return None
    place = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in found.absolute_path)
    return place.lstrip("."), found.message


@functools.cache
def _validator(kind: DocumentKind) -> Draft202012Validator:
    # Imported here: only the readers (ledger, verify) check documents; the build does not need it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


# --- revisions.json ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRecord:
    """A correction of a revision: a commit that changed what readers see, with its reason."""

    commit: str
    posted: str
    reason: str
    replaced: tuple[tuple[str, str], ...] = ()
    """(field, wording before) for each front-matter field the correction changed on purpose."""
    declared_posted: bool = False

    def to_json(self) -> JSON:
        record: JSON = {"commit": self.commit, "posted": self.posted, "reason": self.reason}
        if self.replaced:
            record["replaced"] = dict(self.replaced)
        if self.declared_posted:
            record["declared_posted"] = True
        return record

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CorrectionRecord:
        return cls(
            commit=data["commit"],
            posted=data["posted"],
            reason=data["reason"],
            replaced=tuple((data.get("replaced") or {}).items()),
            declared_posted=bool(data.get("declared_posted")),
        )


@dataclass(frozen=True)
class AbandonmentRecord:
    """`postponed` / `withdrawn`: when (the commit that said so), why and, for a postponement, to which date."""

    posted: str
    commit: str
    reason: str
    to: str | None = None

    def to_json(self) -> JSON:
        record: JSON = {"posted": self.posted, "commit": self.commit, "reason": self.reason}
        if self.to is not None:
            record["to"] = self.to
        return record

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AbandonmentRecord | None:
        if data is None:
            return None
        return cls(posted=data["posted"], commit=data["commit"], reason=data["reason"], to=data.get("to"))


@dataclass(frozen=True)
class RevisionRecord:
    """One revision as revisions.json lists it (README.md, "JSON API", says what each field means)."""

    id: str
    effective: str
    posted: str
    posted_source: str
    posted_commit: str
    status: str
    commit: str
    path: str
    sha256: str
    consent_required: bool
    consent_clauses: tuple[str, ...]
    summary: str
    title: str
    corrections: tuple[CorrectionRecord, ...]
    postponed: AbandonmentRecord | None
    withdrawn: AbandonmentRecord | None
    url: str
    changes_url: str | None

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "effective": self.effective,
            "posted": self.posted,
            "posted_source": self.posted_source,
            "posted_commit": self.posted_commit,
            "status": self.status,
            "commit": self.commit,
            "path": self.path,
            "sha256": self.sha256,
            "consent_required": self.consent_required,
            "consent_clauses": list(self.consent_clauses),
            "summary": self.summary,
            "title": self.title,
            "corrections": [c.to_json() for c in self.corrections],
            "postponed": self.postponed.to_json() if self.postponed else None,
            "withdrawn": self.withdrawn.to_json() if self.withdrawn else None,
            "url": self.url,
            "changes_url": self.changes_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RevisionRecord:
        return cls(
            id=data["id"],
            effective=data["effective"],
            posted=data["posted"],
            posted_source=data["posted_source"],
            posted_commit=data["posted_commit"],
            status=data["status"],
            commit=data["commit"],
            path=data["path"],
            sha256=data["sha256"],
            consent_required=data["consent_required"],
            consent_clauses=tuple(data["consent_clauses"]),
            summary=data["summary"],
            title=data["title"],
            corrections=tuple(CorrectionRecord.from_json(c) for c in data["corrections"]),
            postponed=AbandonmentRecord.from_json(data["postponed"]),
            withdrawn=AbandonmentRecord.from_json(data["withdrawn"]),
            url=data["url"],
            changes_url=data["changes_url"],
        )


@dataclass(frozen=True)
class RevisionsDocument:
    """`/api/<policy>/<lang>/revisions.json`: the policy's revisions, newest first (never a draft)."""

    kind: ClassVar[DocumentKind] = "revisions"
    policy: str
    lang: str
    title: str
    in_force: str | None
    revisions: tuple[RevisionRecord, ...]

    def to_json(self) -> JSON:
        return {
            "policy": self.policy,
            "lang": self.lang,
            "title": self.title,
            "in_force": self.in_force,
            "revisions": [r.to_json() for r in self.revisions],
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> RevisionsDocument:
        """The document, checked against its schema (PolicyError naming `where` if it does not match)."""
        validate(data, cls.kind, where=where)
        return cls(
            policy=data["policy"],
            lang=data["lang"],
            title=data["title"],
            in_force=data["in_force"],
            revisions=tuple(RevisionRecord.from_json(r) for r in data["revisions"]),
        )

    def dumps(self) -> str:
        return dumps(self.to_json())

    @classmethod
    def loads(cls, raw: bytes, *, where: str) -> RevisionsDocument:
        return cls.from_json(loads(raw, where=where), where=where)


# --- changes/<id>.json ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseChangeRecord:
    """How one clause fared: its status, its labels before and after, and the text as runs."""

    status: str
    old: str | None
    new: str | None
    segments: tuple[tuple[str, str], ...]
    """(op, text): `equal`, `insert` or `delete`."""

    def to_json(self) -> JSON:
        return {
            "status": self.status,
            "old": self.old,
            "new": self.new,
            "segments": [{"op": op, "text": text} for op, text in self.segments],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClauseChangeRecord:
        return cls(
            status=data["status"],
            old=data["old"],
            new=data["new"],
            segments=tuple((s["op"], s["text"]) for s in data["segments"]),
        )


@dataclass(frozen=True)
class ChangesDocument:
    """`/api/<policy>/<lang>/changes/<id>.json`: every clause of a revision against the previous one."""

    kind: ClassVar[DocumentKind] = "changes"
    policy: str
    lang: str
    from_id: str
    to_id: str
    clauses: tuple[ClauseChangeRecord, ...]

    def to_json(self) -> JSON:
        return {
            "policy": self.policy,
            "lang": self.lang,
            "from": self.from_id,
            "to": self.to_id,
            "clauses": [c.to_json() for c in self.clauses],
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> ChangesDocument:
        validate(data, cls.kind, where=where)
        return cls(
            policy=data["policy"],
            lang=data["lang"],
            from_id=data["from"],
            to_id=data["to"],
            clauses=tuple(ClauseChangeRecord.from_json(c) for c in data["clauses"]),
        )

    def dumps(self) -> str:
        return dumps(self.to_json())

    @classmethod
    def loads(cls, raw: bytes, *, where: str) -> ChangesDocument:
        return cls.from_json(loads(raw, where=where), where=where)


# --- index.json -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """One policy in one language, as the site index lists it."""

    policy: str
    lang: str
    path: str
    revisions: str
    """Its revisions.json, as a site path."""
    in_force: str | None
    url: str

    def to_json(self) -> JSON:
        return {
            "policy": self.policy,
            "lang": self.lang,
            "path": self.path,
            "revisions": self.revisions,
            "in_force": self.in_force,
            "url": self.url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IndexEntry:
        return cls(
            policy=data["policy"],
            lang=data["lang"],
            path=data["path"],
            revisions=data["revisions"],
            in_force=data["in_force"],
            url=data["url"],
        )


@dataclass(frozen=True)
class SiteIndex:
    """`/api/index.json`: every policy and language the site holds, and what it was built from.

    With `source_commit`, `as_of` and `source_date_epoch` the site can be rebuilt byte for byte
    (`scripts/verify.py` does). The build writes it last: a site without it is unfinished.
    """

    kind: ClassVar[DocumentKind] = "index"
    source_commit: str | None
    as_of: str
    timezone: str
    source_date_epoch: str | None
    site_url: str | None
    default_language: str
    languages: tuple[str, ...]
    policies: tuple[IndexEntry, ...]
    format: str = INDEX_FORMAT

    def to_json(self) -> JSON:
        return {
            "format": self.format,
            "source_commit": self.source_commit,
            "as_of": self.as_of,
            "timezone": self.timezone,
            "source_date_epoch": self.source_date_epoch,
            "site_url": self.site_url,
            "default_language": self.default_language,
            "languages": list(self.languages),
            "policies": [p.to_json() for p in self.policies],
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> SiteIndex:
        validate(data, cls.kind, where=where)
        return cls(
            format=data["format"],
            source_commit=data["source_commit"],
            as_of=data["as_of"],
            timezone=data["timezone"],
            source_date_epoch=data["source_date_epoch"],
            site_url=data["site_url"],
            default_language=data["default_language"],
            languages=tuple(data["languages"]),
            policies=tuple(IndexEntry.from_json(p) for p in data["policies"]),
        )

    def dumps(self) -> str:
        return dumps(self.to_json())

    @classmethod
    def loads(cls, raw: bytes, *, where: str) -> SiteIndex:
        return cls.from_json(loads(raw, where=where), where=where)
