"""The v1 output record: one JSON object per document (pydantic models; ``reportkit schema`` prints them).

The names below are a contract with users and downstream tools: fields may be added, never renamed.
Every finding in ``fields`` carries ``text`` and ``span`` with ``text == Document.text[span[0]:span[1]]``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from types import GenericAlias
from typing import Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializeAsAny,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from .extract.base import Finding

SCHEMA_VERSION: Final = "1"

__all__ = [
    "Record",
    "SourceInfo",
    "DocType",
    "Evidence",
    "ErrorInfo",
    "SCHEMA_VERSION",
    "escape_line_separators",
    "printable",
    "path_of",
]


def printable(text: str) -> str:
    """``text`` as UTF-8 can hold it. A file name that is not valid UTF-8 reaches Python with each
    undecodable byte as a lone surrogate (``surrogateescape``); those bytes, and any other lone
    surrogate, become U+FFFD — the name as decoded with replacement."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _name_bytes(path: str) -> str | None:
    """base64 of the bytes of a file name that is not valid UTF-8, else None."""
    try:
        path.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return base64.b64encode(raw).decode("ascii")


def path_of(path: str | None, path_bytes: str | None) -> str | None:
    """The file name as the file system has it (undecodable bytes as ``surrogateescape``), from a
    record's ``source.path`` and ``source.path_bytes``."""
    if path_bytes:
        try:
            return base64.b64decode(path_bytes, validate=True).decode("utf-8", "surrogateescape")
        except (binascii.Error, ValueError):
            pass
    return path


# NEL, LINE and PARAGRAPH SEPARATOR, which JSON allows raw in a string, written as its escapes
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def escape_line_separators(json_text: str) -> str:
    """``json_text`` with NEL, LINE and PARAGRAPH SEPARATOR escaped, as JSON allows: raw, they end a line for
    readers that split on every line break (str.splitlines), and a record of a text holding one would break
    in two. What every JSON Lines record reportkit writes goes through."""
    if "\x85" in json_text or "\u2028" in json_text or "\u2029" in json_text:  # rare: three C scans first
        return json_text.translate(_LINE_SEPARATORS)
    return json_text


class SourceInfo(BaseModel):
    """Where the document came from."""

    path: str | None = Field(
        None,
        description="the file as given (None for stdin or in-memory text); a name that is not valid UTF-8 "
        "is written as decoded with replacement (U+FFFD for each undecodable byte), its bytes in path_bytes",
    )
    path_bytes: str | None = Field(
        None,
        description="only for a file name that is not valid UTF-8 (a GBK name from a Windows archive): "
        "base64 of its bytes, so that the name is recorded losslessly; absent otherwise",
    )
    part: int | None = Field(None, description="part number when a compilation was split (--split)")
    parts: int | None = Field(None, description="how many parts the file was split into")
    part_heading: str | None = Field(None, description="the part's heading line in the compilation")
    offset: int = Field(0, description="where the part's text starts in the file's text")
    format: str = Field("text", description="txt, md, docx, pdf, html, doc … or text (in-memory)")
    encoding: str | None = Field(None, description="detected byte encoding of text formats")
    sha256: str | None = Field(None, description="SHA-256 of the file's bytes")
    converted_with: str | None = Field(None, description="converter used for legacy formats")
    scanned_pages: list[int] | None = Field(
        None,
        description="pages of a PDF or an .ofd that carry an image and no text (scans among pages of text), "
        "1-based: their text is not in the record (OCR is not supported); absent otherwise",
    )

    # In memory ``path`` is the name as the file system has it (undecodable bytes as surrogateescape),
    # so that it opens the file again; in JSON it is printable and ``path_bytes`` carries the bytes.
    @model_validator(mode="after")
    def _lossless_path(self) -> SourceInfo:
        if self.path_bytes is not None:
            self.path = path_of(self.path, self.path_bytes)
        elif self.path is not None:
            self.path_bytes = _name_bytes(self.path)
        return self

    @model_serializer(mode="wrap")
    def _printable_path(self, handler: SerializerFunctionWrapHandler, info) -> dict[str, Any]:
        data = handler(self)
        if self.scanned_pages is None:
            data.pop("scanned_pages", None)
        if self.path_bytes is None:
            data.pop("path_bytes", None)
        elif info.mode_is_json() and self.path is not None:
            data["path"] = printable(self.path)
        return data


class Evidence(BaseModel):
    """A feature that pushed the classification, with its signed contribution."""

    feature: str = Field(description="e.g. heading:整改措施, title_genre:方案, token:问卷, reason:empty")
    label: str | None = Field(None, description="the feature in words: heading “整改措施”, title ends with “方案”")
    weight: float = Field(description="contribution to the chosen label's score")


class DocType(BaseModel):
    """What the document is, by its content."""

    label: str
    label_zh: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    scores: dict[str, float] = Field(default_factory=dict, description="probability of every label")
    evidence: list[Evidence] = Field(default_factory=list)
    uncertain: bool = Field(False, description="confidence below the model's threshold")
    model: str | None = Field(None, description="name/version of the model that decided")


class ErrorInfo(BaseModel):
    """Something that went wrong for this document; the rest of the record is still valid."""

    stage: Literal["read", "analyze", "classify", "extract", "verify", "output", "timeout"]
    type: str = Field(description="exception class, e.g. DecodeError")
    message: str = Field(description="one line naming the file and the cause")
    extractor: str | None = Field(None, description="the extractor, for stage extract/verify")

    @field_validator("message")
    @classmethod
    def _printable_message(cls, message: str) -> str:
        return printable(message)  # it names the file, which may not be valid UTF-8


class Record(BaseModel):
    """The result for one document (or one part of a split compilation)."""

    model_config = ConfigDict(extra="allow")

    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str = Field(description="stable id: file hash prefix (+ -p<part>)")
    source: SourceInfo
    title: str | None = None
    title_span: tuple[int, int] | None = None
    chars: int = Field(0, description="length of the document text in characters")
    doc_type: DocType | None = Field(None, description="None until a classifier has run")
    fields: dict[str, list[SerializeAsAny[Finding]]] = Field(
        default_factory=dict, description="extractor name -> its findings"
    )
    errors: list[ErrorInfo] = Field(default_factory=list)
    reportkit_version: str | None = None
    extractors: dict[str, str] = Field(default_factory=dict, description="extractor name -> version")
    text: str | None = Field(None, description="the document text (only with --include-text)")

    # the JSON a worker process sent this record as (saves serialising it twice: it is most of the writing
    # process's time); dropped when an attribute is set or the record copied
    _json: str | None = PrivateAttr(None)

    @classmethod
    def from_json(cls, line: str) -> Record:
        """Parse a record (a line :meth:`to_json` wrote, or any JSON of one). Findings come back as
        :class:`~reportkit.extract.base.Finding` objects with their extractor's own fields as attributes
        (``count.value``), and values nested in those (a ledger entry's ``status``) as plain dicts and lists:
        the extractors' own models are not looked up. ``to_json`` writes it in reportkit's form."""
        return cls.model_validate_json(line)

    @classmethod
    def _from_worker(cls, line: str) -> Record:
        """:meth:`from_json` of a line a worker wrote with :meth:`to_json`, which ``to_json`` then gives back
        unchanged until the record is changed (an attribute set, or a copy made; change nested values of a
        record from :class:`~reportkit.batch.BatchRunner` on a copy, ``record.model_copy(deep=True)``)."""
        record = cls.model_validate_json(line)
        record._json = line
        return record

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name != "_json" and self._json is not None:
            super().__setattr__("_json", None)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Record:
        copy = super().model_copy(update=update, deep=deep)
        copy._json = None
        return copy

    def to_json(self) -> str:
        """One line of JSON, Chinese unescaped; ``text`` only when it was asked for."""
        if self._json is not None:
            return self._json
        exclude = None if self.text is not None else {"text"}
        return escape_line_separators(self.model_dump_json(exclude=exclude))

    def to_dict(self) -> dict[str, Any]:
        exclude = None if self.text is not None else {"text"}
        return self.model_dump(mode="json", exclude=exclude)

    @property
    def ok(self) -> bool:
        """True when no error was recorded."""
        return not self.errors


def record_schema(extractors: Sequence[Any] = ()) -> dict[str, Any]:
    """JSON Schema of :class:`Record`, with ``fields`` spelled out for the given extractors."""
    from pydantic import create_model

    if not extractors:
        return Record.model_json_schema()
    field_models: dict[str, Any] = {
        ext.name: (
            GenericAlias(list, ext.output_model),
            Field(default_factory=list, description=ext.description or None),
        )
        for ext in extractors
    }
    Fields = create_model("Fields", **field_models)
    Full = create_model("Record", __base__=Record, fields=(Fields, Field(default_factory=Fields)))
    return Full.model_json_schema()
