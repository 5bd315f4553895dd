"""reportkit on Dask: millions of documents on a cluster (``pip install reportkit[dask]``).

::

    from dask.distributed import Client
    import reportkit.dask as rkd

    client = Client("tcp://scheduler:8786")                  # or LocalCluster() on one machine
    bag = rkd.extract_bag("s3://bucket/reports/**/*.docx",    # anything fsspec can read
                          storage_options={"anon": False})
    rkd.to_jsonl(bag, "s3://bucket/out/records-*.jsonl")     # one JSON Lines file per partition
    rkd.to_dataframe(bag).to_parquet("s3://bucket/out/documents/")  # one row per document

Each worker process builds one :class:`~reportkit.pipeline.Pipeline` (jieba, the model and the
extractors loaded once) and reuses it for every partition it gets. Every path yields its records or one
error record, and the bag keeps the order of the paths. Local inputs are the inputs ``reportkit extract``
reads, read the same way, so the records are the same: a folder is walked as it walks one (hidden files and
Office lock files left alone, a .zip's members read as documents of their own), and every path is made
absolute, since a worker does not share the client's working folder: the records are those ``reportkit
extract`` gives for the absolute path. A glob (``/data/**/*.docx``) gives the files it matches that a folder walk would take (of the types
reportkit reads or .zip, not hidden, no ``~$`` lock files). Remote URLs (``s3://…``) are read through fsspec, their archives as one document each.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from .errors import InputError
from .io import format_of, read_bytes
from .output import findings_per_extractor
from .pipeline import Pipeline, error_record

__all__ = ["extract_bag", "to_jsonl", "to_dataframe", "document_columns", "DOCUMENT_COLUMNS"]

_pipelines: dict[str, Pipeline] = {}

# the columns every document row has; to_dataframe adds n_<extractor> for each extractor the bag runs,
# then n_errors
DOCUMENT_COLUMNS = {
    "id": "string",
    "path": "string",
    "part": "Int64",
    "format": "string",
    "encoding": "string",
    "title": "string",
    "chars": "int64",
    "doc_type": "string",
    "doc_type_zh": "string",
    "confidence": "float64",
    "uncertain": "boolean",
    "n_errors": "int64",
}


def _pipeline(options: dict[str, Any]) -> Pipeline:
    key = json.dumps(options, sort_keys=True, default=str)
    pipe = _pipelines.get(key)
    if pipe is None:
        pipe = _pipelines[key] = Pipeline(**options)
    return pipe


def _records_for(path: str, options: dict[str, Any], storage_options: dict[str, Any]) -> list[dict[str, Any]]:
    import fsspec

    pipe = _pipeline(options)
    if "://" not in path:  # a local file or an archive's member: read as reportkit extract reads it
        return [r.to_dict() for r in pipe.process_path(path)]
    fmt = format_of(path) or "txt"
    try:
        with fsspec.open(path, "rb", **storage_options) as fh:
            data = fh.read()
        docs = read_bytes(data, fmt, path, split=pipe.split, max_chars=pipe.max_chars)
    except InputError as exc:
        return [error_record(path, exc, "read", fmt).to_dict()]
    except OSError as exc:
        return [error_record(path, InputError(path, f"cannot read: {exc}"), "read", fmt).to_dict()]
    out = []
    for doc in docs:
        doc._segmenter = pipe.segmenter
        try:
            out.append(pipe.analyze(doc).to_dict())
        except Exception as exc:  # one odd document never ends a partition
            out.append(error_record(path, exc, "analyze", fmt).to_dict())
    return out


def _partition(paths: Iterable[str], options: dict[str, Any], storage_options: dict[str, Any]) -> list[dict]:
    return [r for path in paths for r in _records_for(path, options, storage_options)]


def _expand(
    urlpath: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], storage_options: dict[str, Any]
) -> list[str]:
    """The inputs of ``urlpath``: local ones as ``reportkit extract`` finds them (module docstring), remote
    ones as fsspec lists them, in sorted order within each pattern."""
    import glob

    import fsspec

    from .io import Skipped, iter_inputs, left_alone
    from .io.archive import is_archive

    patterns = [urlpath] if isinstance(urlpath, (str, os.PathLike)) else list(urlpath)
    paths: list[str] = []
    for raw in patterns:
        pattern = os.fspath(raw)
        fs, _, found = fsspec.get_fs_token_paths(pattern, storage_options=storage_options)
        protocol = fs.protocol[0] if isinstance(fs.protocol, (list, tuple)) else fs.protocol
        if protocol in ("file", "local"):
            local = pattern.removeprefix("file://")
            if glob.has_magic(local):
                matched = sorted(glob.glob(local, recursive=True))  # as given: relative stays relative
                # as a folder walk takes files: of the types reportkit reads, not hidden, not lock files
                local_inputs: list[str] = [
                    m
                    for m in matched
                    if os.path.isfile(m)
                    and not left_alone(os.path.basename(m))
                    and (format_of(m) is not None or is_archive(m))
                ]
            else:
                local_inputs = [local]
            # absolute: a worker does not share the client's working folder
            local_inputs = [os.path.abspath(m) for m in local_inputs]
            paths.extend(item for item in iter_inputs(local_inputs) if not isinstance(item, Skipped))
            continue
        for p in sorted(found):
            if format_of(p) is None:
                continue  # as in a folder walk: only types reportkit reads
            paths.append(f"{protocol}://{p}")
    return paths


def extract_bag(
    urlpath: str | Sequence[str],
    *,
    npartitions: int | None = None,
    storage_options: dict[str, Any] | None = None,
    **pipeline_options: Any,
):
    """A Dask bag of records (as dicts) for every file matching ``urlpath``.

    :param urlpath: a glob or a list of paths/URLs (``s3://…/*.docx``, ``/data/**/*.txt``)
    :param npartitions: how many partitions (default: about 100 files each)
    :param storage_options: passed to fsspec (credentials, endpoints)
    :param pipeline_options: passed to :class:`~reportkit.pipeline.Pipeline` (``split``, ``only``,
        ``classifier``, ``max_chars`` …)
    """
    import dask.bag as db

    Pipeline(**pipeline_options)  # an option Pipeline does not take is refused here, not on every worker
    storage_options = dict(storage_options or {})
    paths = _expand(urlpath, storage_options)
    if not paths:
        raise InputError(str(urlpath), "no files of a type reportkit reads")
    npartitions = npartitions or max(1, min(len(paths), (len(paths) + 99) // 100))
    bag = db.from_sequence(paths, npartitions=npartitions).map_partitions(_partition, pipeline_options, storage_options)
    # the extractors it runs, for to_dataframe's columns (found here, without loading them: a broken
    # plugin stops the job before it reaches a cluster)
    try:
        bag.reportkit_extractors = _extractor_names(pipeline_options)
    except AttributeError:  # pragma: no cover - a Bag without room for attributes: to_dataframe(extractors=)
        pass
    return bag


def _extractor_names(options: dict[str, Any]) -> list[str]:
    if options.get("extractors") is not None:
        return sorted(e.name for e in options["extractors"])
    from .extract.registry import load_extractors

    only = options.get("only")
    return [
        e.name
        for e in load_extractors(
            list(only) if only is not None else None, options.get("disable", ()), options.get("plugins_dirs", ())
        )
    ]


def to_jsonl(bag, urlpath: str, storage_options: dict[str, Any] | None = None) -> list[str]:
    """Write the records as JSON Lines, one file per partition (``urlpath`` contains a ``*``).

    Every line ends with a newline, the last of each file too, so ``cat records-*.jsonl`` is one valid
    JSON Lines file.
    """
    return bag.map(_json_line).to_textfiles(
        urlpath, storage_options=storage_options, encoding="utf-8", last_endline=True
    )


def _json_line(record: dict[str, Any]) -> str:
    """A record dict as :meth:`Record.to_json` writes a record: one line, Chinese unescaped, and the line
    breaks JSON allows raw (U+0085, U+2028, U+2029) escaped, so no reader splits a record."""
    from .record import escape_line_separators

    return escape_line_separators(json.dumps(record, ensure_ascii=False))


def _row(record: dict[str, Any], extractors: Sequence[str]) -> dict[str, Any]:
    dt = record.get("doc_type") or {}
    fields = record.get("fields", {})
    src = record["source"]
    return {
        "id": record["id"],
        "path": src.get("path"),
        "part": src.get("part"),
        "format": src.get("format"),
        "encoding": src.get("encoding"),
        "title": record.get("title"),
        "chars": record.get("chars", 0),
        "doc_type": dt.get("label"),
        "doc_type_zh": dt.get("label_zh"),
        "confidence": dt.get("confidence"),
        "uncertain": dt.get("uncertain"),
        # empty where the extractor did not run (a type it does not apply to, a file not read), as in the CSV
        **dict(zip((f"n_{name}" for name in extractors), findings_per_extractor(fields, extractors))),
        "n_errors": len(record.get("errors", [])),
    }


def document_columns(extractors: Sequence[str]) -> dict[str, str]:
    """The columns of :func:`to_dataframe` for these extractors, with their dtypes."""
    columns = {k: v for k, v in DOCUMENT_COLUMNS.items() if k != "n_errors"}
    columns.update({f"n_{name}": "Int64" for name in extractors})
    columns["n_errors"] = "int64"
    return columns


def to_dataframe(bag, extractors: Sequence[str] | None = None):
    """A Dask dataframe with one row per document (type, confidence, findings per extractor);
    ``.to_parquet(path)`` writes Parquet partitions (needs pyarrow).

    :param extractors: the ``n_<extractor>`` columns (default: every extractor the bag from
        :func:`extract_bag` runs, plugins included; for another bag, every installed extractor)
    """
    if extractors is None:
        extractors = getattr(bag, "reportkit_extractors", None)
    if extractors is None:
        extractors = _extractor_names({})
    names = list(extractors)
    return bag.map(partial(_row, extractors=tuple(names))).to_dataframe(meta=document_columns(names))
