"""The ``reportkit`` command: a thin layer over the library.

Exit status: 0 when every input gave a clean record, 1 when some inputs gave error records (all
others were still processed) or a folder held nothing to read, 2 for usage errors and fatal set-up
problems (a missing dictionary, a broken plugin, an output that cannot be written …), 130 interrupted (Ctrl-C),
143 terminated (SIGTERM, which ends a run as Ctrl-C does).
A ``ReportkitError`` becomes one line on stderr; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from .errors import OutputError, ReportkitError, one_line

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler's stop): ends a command as Ctrl-C does, with exit status 143."""


#: the signal (SIGINT or SIGTERM) that asked this command to stop, if one did: Python drops the exception a
#: signal raises inside a finalizer (``__del__``), so the loops that run long look here too (:func:`_stop_if_asked`)
_asked_to_stop: int | None = None
#: while set, a stop signal is only noted, and raised when the section ends (:func:`_signals_held`)
_holding_signals = False


def _on_stop_signal(signum, frame) -> None:
    global _asked_to_stop
    _asked_to_stop = signum
    if _holding_signals:
        return
    import signal

    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold a stop signal for the few statements inside (a record written and counted), so that an interruption
    never lands between them: the run then says exactly how many records it wrote. Raised when they are done."""
    global _holding_signals
    _holding_signals = True
    try:
        yield
    finally:
        _holding_signals = False
    _stop_if_asked()


def _stop_if_asked() -> None:
    """Raise the interruption a signal asked for, should the exception it raised have been dropped."""
    import signal

    if _asked_to_stop is not None:
        raise Terminated() if _asked_to_stop == signal.SIGTERM else KeyboardInterrupt()


def _warning_line(message, category, filename, lineno, line=None) -> str:
    """A warning on one line of stderr, as reportkit's errors are: ``reportkit: warning: …``."""
    return f"reportkit: warning: {one_line(str(message))}\n"


class _Group(click.Group):
    """Turns a ReportkitError escaping any command into one line on stderr and exit status 2, and Ctrl-C
    at any moment (loading plugins, the model, jieba …) into exit status 130."""

    def invoke(self, ctx: click.Context):
        import signal
        import threading
        import warnings

        global _asked_to_stop, _holding_signals
        warnings.formatwarning = _warning_line  # a plugin warning (two of one name …) as the errors are shown
        _asked_to_stop, _holding_signals = None, False
        before = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                before[sig] = signal.signal(sig, _on_stop_signal)
        try:
            return super().invoke(ctx)
        except ReportkitError as exc:
            click.echo(f"reportkit: error: {one_line(str(exc))}", err=True)
            ctx.exit(EXIT_USAGE)
        except Terminated:
            click.echo("reportkit: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)
        except KeyboardInterrupt:
            click.echo("reportkit: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        finally:
            for sig, handler in before.items():
                signal.signal(sig, handler)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=None, package_name="reportkit", prog_name="reportkit", message="%(prog)s %(version)s")
def main() -> None:
    """Turn Chinese administrative reports into data.

    Read .txt/.md (any Chinese encoding), .docx, .pdf, .ofd, .html and .mht files or whole folders, classify
    each document by its content and extract fields, every value with its span in the text.
    """


def _pipeline(**options):
    from .pipeline import Pipeline

    return Pipeline(**options)


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [n.strip() for n in value.split(",") if n.strip()]


def model_option(f):
    return click.option(
        "--model",
        "model_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Classifier written by `reportkit train` (default: the shipped model).",
    )(f)


def items_options(f):
    """--items-model/--min-score, shared by the commands that find problems and measures."""
    f = click.option(
        "--min-score",
        type=click.FloatRange(0.0, 1.0),
        default=0.5,
        show_default=True,
        help="Lowest item-model score reported as a problem or measure (higher: fewer, surer findings).",
    )(f)
    f = click.option(
        "--items-model",
        "items_model",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Item model written by `reportkit train --items` (default: the shipped model).",
    )(f)
    return f


def _load_items_model(path: str | None) -> None:
    """Refuse a bad --items-model before any file is read (exit 2, one line)."""
    from .items.model import load_item_model

    load_item_model(path)


def plugin_options(f):
    """--only/--disable/--plugins-dir/--strict, shared by the commands that run extractors."""
    f = click.option("--strict", is_flag=True, help="Abort on the first extractor error instead of recording it.")(f)
    f = click.option(
        "--plugins-dir",
        "plugins_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False),
        help="Also load extractors from the .py files in this folder (repeatable).",
    )(f)
    f = click.option("--disable", default=None, metavar="NAME,...", help="Skip these extractors.")(f)
    f = click.option("--only", default=None, metavar="NAME,...", help="Run only these extractors.")(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout (.sqlite/.db, .csv and .json choose the format).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv", "sqlite", "xlsx"]),
    default=None,
    help="jsonl (default), json (one array), csv, sqlite, xlsx (the rectification ledger and the documents).",
)
@click.option(
    "--field",
    default=None,
    metavar="EXTRACTOR",
    help="With --format csv: one row per finding of this extractor instead of one per document.",
)
@click.option("--split", is_flag=True, help="Cut web compilations (精选N篇) into one record per part.")
@click.option("--include-text", is_flag=True, help="Put each document's text into its record.")
@click.option(
    "--user-dict",
    "user_dicts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra jieba dictionary (repeatable).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Only files matching GLOB (the path or the file name) in folders and archives (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out files matching GLOB (the path or the file name) in folders and archives (repeatable).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes (default: all cores; 0: in this process, no time limit).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=300.0,
    show_default=True,
    help="Seconds one file may take before it becomes an error record.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    help="Error record for documents longer than this.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run into the same -o file.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
@plugin_options
@model_option
@items_options
def extract(
    paths,
    output,
    fmt,
    field,
    split,
    include_text,
    user_dicts,
    include,
    exclude,
    workers,
    timeout,
    max_chars,
    resume,
    progress,
    quiet,
    only,
    disable,
    plugins_dirs,
    strict,
    model_path,
    items_model,
    min_score,
):
    """Extract records from files, folders and .zip archives (PATHS; '-' reads stdin)."""
    from .batch import BatchRunner, BatchStats
    from .extract.registry import load_extractors
    from .io import Skipped
    from .output import format_for_path, input_key, open_writer

    fmt = format_for_path(output, fmt)
    options = {
        "user_dicts": user_dicts,
        "split": split,
        "include_text": include_text,
        "max_chars": max_chars,
        "only": _names(only),
        "disable": _names(disable) or (),
        "plugins_dirs": plugins_dirs,
        "strict": strict,
        "classifier": model_path or "default",
        "items_model": items_model or "default",
        "min_score": min_score,
    }
    # set-up errors (a broken plugin, a bad model) stop the run before any file is read
    names = [e.name for e in load_extractors(options["only"], options["disable"], plugins_dirs)]
    if field is not None and field not in names:
        raise click.UsageError(f"--field {field!r} is not one of the extractors: {', '.join(names)}")
    from .classifier import load_model

    load_model(model_path)
    _load_items_model(items_model)
    if "-" in paths:
        workers = 0  # stdin belongs to this process
    runner = BatchRunner(options, workers=workers, timeout=timeout if workers != 0 else None)
    stats = BatchStats()
    items: list = []
    empty_folders = 0
    for path in paths:
        planned = runner.plan([path], include, exclude)
        if os.path.isdir(path) and all(isinstance(i, Skipped) for i in planned):
            empty_folders += 1  # said now, before a run that would do nothing for it
            click.echo(f"reportkit: {path}: no file reportkit reads in this folder{_skipped_note(planned)}", err=True)
        items.extend(planned)
    written = 0
    try:
        with open_writer(output, fmt, resume=resume, extractors=names, field=field) as writer:
            if writer.done:
                planned_inputs = sum(1 for i in items if not isinstance(i, Skipped))
                items = [i for i in items if isinstance(i, Skipped) or input_key(i) not in writer.done]
                left = sum(1 for i in items if not isinstance(i, Skipped))
                if not quiet:  # this run's inputs found in the output, not every row the output holds
                    click.echo(
                        f"reportkit: resuming: {planned_inputs - left} inputs already done, {left} to go", err=True
                    )
            total = sum(1 for i in items if not isinstance(i, Skipped))
            show = (sys.stderr.isatty() if progress is None else progress) and not quiet
            bar = _progress_bar(total, show)
            last_path = None
            results: Any = runner.run(items)  # a generator: close() stops the workers
            try:
                _stop_if_asked()
                for item in results:
                    _stop_if_asked()
                    if isinstance(item, Skipped):
                        stats.add(item)
                        continue
                    with _signals_held():  # written and counted together: the count says what is there
                        writer.write(item)
                        stats.add(item)
                        written += 1
                    if item.source.path != last_path or item.source.part in (None, 1):
                        stats.inputs += 1
                        bar.update(1)
                        bar.set_postfix_str(f"{stats.chars / max(stats.elapsed, 1e-9):,.0f} chars/s", refresh=False)
                    last_path = item.source.path
            except KeyboardInterrupt as exc:
                bar.close()
                how = "terminated" if isinstance(exc, Terminated) else "interrupted"
                # a JSON array or a workbook is written whole at the end: an interrupted one is not kept
                abandon = getattr(writer, "abandon", None)  # JsonWriter's, XlsxWriter's
                whole = output is not None and abandon is not None
                if abandon is not None and whole:
                    abandon()
                else:
                    writer.flush()
                if not quiet:
                    _summary(stats)
                    if whole:
                        kept = "left as it was" if os.path.exists(output) else "not written"
                        message = (
                            f"{how}; {output} {kept}: a .{fmt} file is written whole when the run ends, and "
                            f"cannot be resumed (JSON Lines, CSV and SQLite can: --resume)"
                        )
                    else:
                        message = f"{how}; {written} records written" + (
                            f" to {output}; rerun with --resume to continue" if output else ""
                        )
                    click.echo(f"reportkit: {message}", err=True)
                sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
            finally:
                results.close()  # stops the workers now, also when the output failed
                bar.close()
    except OutputError as exc:
        # a full disk, a lost permission, a database in use: one line, and what was kept
        click.echo(f"reportkit: error: {exc}", err=True)
        if written and output and fmt != "json":
            click.echo("reportkit: the records written so far are kept; rerun with --resume to continue", err=True)
        sys.exit(EXIT_USAGE)
    if not quiet:
        _summary(stats)
    sys.exit(EXIT_ERRORS if stats.errors or empty_folders else EXIT_OK)


def _skipped_note(planned) -> str:
    """What a folder walk left out, for the line saying it found nothing to read."""
    if not planned:
        return " (no visible files)"
    kinds: dict[str, int] = {}
    for item in planned:
        key = item.suffix if item.reason == "unsupported" else item.reason
        kinds[key] = kinds.get(key, 0) + 1
    listed = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    reads = f"; it reads {', '.join(_READABLE)}" if any(i.reason == "unsupported" for i in planned) else ""
    return f" ({len(planned)} skipped: {listed}{reads})"


_READABLE = (".txt", ".md", ".docx", ".pdf", ".ofd", ".html", ".mht", ".doc/.wps/.rtf/.odt with LibreOffice")


def _progress_bar(total: int, show: bool, desc: str = "reportkit"):
    from tqdm import tqdm

    return tqdm(
        total=total,
        disable=not show,
        unit="doc",
        file=sys.stderr,
        dynamic_ncols=True,
        desc=desc,
        mininterval=0.5,
    )


def _summary(stats) -> None:
    parts = f" ({stats.parts} parts of split files)" if stats.parts else ""
    rate = f", {stats.chars / stats.elapsed:,.0f} chars/s" if stats.elapsed > 0 and stats.chars else ""
    click.echo(
        f"reportkit: {stats.records} records{parts} from {stats.inputs} inputs, "
        f"{sum(stats.errors.values())} errors, {stats.elapsed:.1f}s{rate}",
        err=True,
    )
    if stats.errors:
        click.echo(
            "  errors: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.errors.items(), key=lambda kv: -kv[1])),
            err=True,
        )
        for message in stats.messages:
            click.echo(f"    {message}", err=True)
        more = sum(stats.errors.values()) - len(stats.messages)
        if more > 0:
            click.echo(f"    … and {more} more (each record's errors field has its own)", err=True)
    if stats.scanned:
        click.echo(
            f"  scanned pages not read (an image and no text layer; OCR is not supported): {len(stats.scanned)} "
            f"input{'s' if len(stats.scanned) != 1 else ''} (each record's source.scanned_pages)",
            err=True,
        )
        for line in stats.scanned[:20]:
            click.echo(f"    {line}", err=True)
        if len(stats.scanned) > 20:
            click.echo(f"    … and {len(stats.scanned) - 20} more", err=True)
    if stats.skipped:
        click.echo(
            "  skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items(), key=lambda kv: -kv[1])),
            err=True,
        )


def _read_one(path: str, user_dicts=()):
    """One document for the inspection commands (a fatal error if it cannot be read)."""
    pipe = _pipeline(user_dicts=user_dicts)
    return pipe.read(path)[0]


@main.command()
@click.argument("path")
@click.option("--pos", is_flag=True, help="Add part-of-speech tags (word/tag).")
@click.option("--offsets", is_flag=True, help="Show each word's [start,end) in the text.")
@click.option("--user-dict", "user_dicts", multiple=True, type=click.Path(exists=True, dir_okay=False))
def segment(path, pos, offsets, user_dicts):
    """Print the words of a document, one line per sentence.

    Words are shown as they are in the text (full-width forms kept; a line break inside a word as \\n),
    so that text[start:end] is the word shown; jieba segments the normalized view.
    """
    doc = _read_one(path, user_dicts)
    tokens = doc.tokens(pos=pos)
    text = doc.text
    i = 0
    for sentence in doc.sentences:
        words = []
        while i < len(tokens) and tokens[i].start < sentence.end:
            tok = tokens[i]
            if tok.end > sentence.start:
                shown = text[tok.start : tok.end].translate(_VISIBLE_BREAKS)
                word = shown + (f"/{tok.pos}" if pos and tok.pos else "")
                words.append(word + (f"[{tok.start},{tok.end})" if offsets else ""))
            i += 1
        if words:
            click.echo(" ".join(words))


_VISIBLE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--enums/--no-enums", default=True, show_default=True, help="Show 一是/二是 enumerations.")
def outline(path, fmt, enums):
    """Print the heading tree of a document."""
    doc = _read_one(path)
    # as the pipeline reads it (Markdown markup and run-together headings laid out), spans in the file's text
    outline, title_span = doc.laid_out_outline, doc.laid_out_title_span
    title = doc.text[title_span[0] : title_span[1]] if title_span is not None else None
    if fmt == "json":
        click.echo(
            json.dumps(
                {"title": title, "title_span": title_span, "outline": outline.to_dict()},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if title_span is not None:
        click.echo(f"{title}  [{title_span[0]},{title_span[1]})")
    for section in list(outline.walk())[1:]:
        if section.style == "enum" and not enums:
            continue
        heading = section.heading if len(section.heading) <= 60 else section.heading[:59] + "…"
        click.echo(f"{'  ' * (section.depth - 1)}{heading}  [{section.span[0]},{section.span[1]}) {section.style}")


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--scores",
    is_flag=True,
    help="Add the item model's probabilities (problem, measure, neither) and the label each item gets on its own at "
    "--min-score (implied by --model, --items-model or --min-score).",
)
@model_option
@items_options
def items(path, fmt, scores, model_path, items_model, min_score):
    """Print a document's items: every candidate problem, measure or field, with its span (docs/items.md)."""
    from dataclasses import replace

    ctx = click.get_current_context()
    # asking for a model or a threshold is asking for what they say of the items
    scores = scores or any(
        ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        for name in ("model_path", "items_model", "min_score")
    )

    doc = _read_one(path)
    view = doc.laid_out_document  # what the pipeline reads (a hard-wrapped or run-together text laid out)
    found = view.items()
    if view is not doc:  # its spans, into the file's text
        back = doc.laid_out.to_original
        found = [replace(it, start=s, end=e, text=doc.text[s:e]) for it in found for s, e in [back(it.start, it.end)]]
    probabilities: list[dict[str, float]] = []
    labels: list[str] = []
    if scores:
        from .classifier import load_model
        from .items.model import load_item_model

        model = load_item_model(items_model)
        doc_type = load_model(model_path).predict(doc)
        predictions = model.predict(view, doc_type.scores)
        probabilities = [p.probabilities for p in predictions]
        # the item alone: extract also joins neighbouring items of a sentence and fills gaps (docs/items.md)
        labels = [p.label if p.score >= min_score else "neither" for p in predictions]
    if fmt == "json":
        rows = [item.to_dict() for item in found]
        for row, probs, label in zip(rows, probabilities, labels):
            row["scores"] = {k: round(v, 4) for k, v in probs.items()}
            row["label"] = label
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for k, item in enumerate(found):
        where = item.path[-1] if item.path else ""
        extra = ""
        if probabilities:
            extra = "  " + " ".join(f"{c[0]}={p:.2f}" for c, p in sorted(probabilities[k].items()))
            extra += f" -> {labels[k]}"
        role = f"{item.role}:" if item.role else ""
        click.echo(f"[{item.start},{item.end}) {item.kind:<8} {role}{item.text}  «{where[:20]}»{extra}")


@main.command()
@plugin_options
def schema(only, disable, plugins_dirs, strict):
    """Print the JSON Schema of the output record, with each extractor's finding model."""
    from .record import record_schema

    pipe = _pipeline(only=_names(only), disable=_names(disable) or (), plugins_dirs=plugins_dirs)
    click.echo(json.dumps(record_schema(pipe.extractors), ensure_ascii=False, indent=1))


@main.command()
@plugin_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plugins(only, disable, plugins_dirs, strict, fmt):
    """List the extractor plugins: name, version, distribution, applies-to and output fields.

    A plugin that fails to load is listed with the reason (and the exit status is 2); the others are
    listed as usual.
    """
    from .extract.registry import describe, load_extractors

    broken: list = []
    notes: list[str] = []
    loaded = load_extractors(_names(only), _names(disable) or (), plugins_dirs, errors=broken, notes=notes)
    for note in notes:
        click.echo(f"reportkit: warning: {note}", err=True)
    rows = describe(loaded)
    failed = [
        {"name": exc.name, "distribution": exc.distribution, "error": str(exc)}
        for exc in sorted(broken, key=lambda e: e.name)
    ]
    if fmt == "json":
        click.echo(json.dumps(sorted(rows + failed, key=lambda r: str(r["name"])), ensure_ascii=False, indent=1))
    else:
        for row in sorted(rows + failed, key=lambda r: str(r["name"])):
            if "error" in row:
                where = f"  ({row['distribution']})" if row["distribution"] else ""
                click.echo(f"{row['name']}{where}  FAILED TO LOAD")
                click.echo(f"    {row['error']}")
                continue
            applies = ",".join(row["applies_to"]) if row["applies_to"] else "all"
            click.echo(
                f"{row['name']} {row['version']}  ({row['distribution'] or row['source']})  applies to: {applies}"
            )
            click.echo(f"    fields: {', '.join(row['fields'])}")
            if row["description"]:
                click.echo(f"    {row['description']}")
    if failed:
        sys.exit(EXIT_USAGE)


MAX_DOCS_PER_PAGE = 100


def _is_folder_output(output: str) -> bool:
    return not output.lower().endswith((".html", ".htm"))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="An .html file for one page, or a folder for one page per document.",
)
@click.option("--id", "ids", multiple=True, metavar="ID", help="Only records whose id starts with ID (repeatable).")
@click.option(
    "--match",
    "matches",
    multiple=True,
    metavar="GLOB",
    help="Only documents whose path or file name matches GLOB, as --include does (repeatable).",
)
@click.option(
    "--docs-root",
    type=click.Path(exists=True, file_okay=False),
    help="Results file: where its documents are now (a moved folder; for absolute paths, the longest tail found).",
)
@click.option("--split", is_flag=True, help="Documents: cut web compilations into parts.")
@click.option("--title", default=None, help="Title of the page.")
@plugin_options
@model_option
@items_options
def show(
    inputs,
    output,
    ids,
    matches,
    docs_root,
    split,
    title,
    only,
    disable,
    plugins_dirs,
    strict,
    model_path,
    items_model,
    min_score,
):
    """Show documents with every finding highlighted in place.

    INPUTS are documents or folders (the pipeline runs on them) or one results file written by
    `reportkit extract` (.jsonl or .json: its recorded spans are shown over the files, read again).
    """
    from .io import path_matches
    from .review import build
    from .review.source import is_results_file, items_from_paths, items_from_records, load_records

    results = [p for p in inputs if is_results_file(p)]
    if results and len(inputs) > 1:
        raise click.UsageError("give either one results file or documents, not both")

    def wanted(record) -> bool:
        path = (record.get("source") or {}).get("path") or ""
        return (not ids or any(str(record.get("id", "")).startswith(i) for i in ids)) and (
            not matches or path_matches(path, matches)
        )

    if results:
        if not os.path.isfile(results[0]):
            raise click.BadParameter(f"{results[0]}: no such file", param_hint="INPUTS")
        # a results file shows what its run found: options that choose how to find it would change nothing
        running = {
            "--model": model_path,
            "--items-model": items_model,
            "--only": only,
            "--disable": disable,
            "--plugins-dir": plugins_dirs or None,
            "--split": split or None,
            "--strict": strict or None,
        }
        given = [name for name, value in running.items() if value]
        if given:
            raise click.UsageError(
                f"{', '.join(given)} choose how documents are read and analyzed; a results file shows what its "
                "run found. Give the documents instead, or leave them out"
            )
        records = (r for r in load_records(results[0]) if wanted(r))
        items = items_from_records(records, results_dir=os.path.dirname(results[0]) or ".", docs_root=docs_root)
    else:
        pipe = _pipeline(
            split=split,
            only=_names(only),
            disable=_names(disable) or (),
            plugins_dirs=plugins_dirs,
            strict=strict,
            classifier=model_path or "default",
            items_model=items_model or "default",
            min_score=min_score,
        )
        items = (i for i in items_from_paths(pipe, inputs) if wanted(i.record))
    if _is_folder_output(output):
        written = [item for item, _ in build.write_pages(items, output)]
        where = f"{len(written)} pages in {output}"
    else:
        from itertools import islice

        written = list(islice(items, MAX_DOCS_PER_PAGE + 1))  # stop reading as soon as there are too many
        if len(written) > MAX_DOCS_PER_PAGE:
            raise click.UsageError(
                f"more than {MAX_DOCS_PER_PAGE} documents are too many for one page; give -o "
                f"a folder for one page each, or pick some with --id/--match"
            )
        build.write_page(written, output, title=title)
        where = output
    if not written:
        click.echo("reportkit: no documents to show (check --id/--match)", err=True)
        sys.exit(EXIT_ERRORS)
    failed = 0
    for item in written:
        if item.problem:
            failed += 1
            click.echo(f"reportkit: {item.problem}", err=True)
        elif item.record.get("errors"):
            failed += 1
    click.echo(f"reportkit: wrote {where}", err=True)
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@main.command()
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The overview page (.html).")
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for a show page per document, linked from the table (default: <output>_pages beside it).",
)
@click.option("--no-pages", is_flag=True, help="Only the overview: no show pages, no links.")
@click.option(
    "--docs-root",
    type=click.Path(exists=True, file_okay=False),
    help="Where the results' documents are now (a moved folder; for absolute paths, the longest tail found).",
)
@click.option("--title", default=None, help="Title of the overview (default: the results file's name).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def report(results, output, pages_dir, no_pages, docs_root, title, progress):
    """Overview of a whole run (RESULTS from `reportkit extract`): charts and a table of documents."""
    from .review.build import build_report

    if no_pages:
        pages_dir = None
    elif pages_dir is None:
        stem, _ = os.path.splitext(output)
        pages_dir = stem + "_pages"
    total = 0
    with open(results, "rb") as fh:
        for line in fh:
            total += line.strip() not in (b"", b"[", b"]")
    show = sys.stderr.isatty() if progress is None else progress
    bar = _progress_bar(total, show)
    result = build_report(
        results, output, pages=pages_dir, docs_root=docs_root, title=title, on_record=lambda: bar.update(1)
    )
    bar.close()
    for missing in result.without_text[:20]:
        click.echo(f"reportkit: text not shown: {missing}", err=True)
    if len(result.without_text) > 20:
        click.echo(f"reportkit: … and {len(result.without_text) - 20} more without text", err=True)
    pages = f" and {result.pages} pages in {pages_dir}" if pages_dir else ""
    click.echo(f"reportkit: wrote {output} ({result.documents} documents){pages}", err=True)
    sys.exit(EXIT_ERRORS if result.without_text else EXIT_OK)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="An .html file for one page, or a folder for one page per document with index.html.",
)
@click.option(
    "--from",
    "results",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Pre-fill from this results file (reportkit extract) instead of running the pipeline.",
)
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Gold file: documents it has start from it (reportkit's disagreements shown); --serve saves here.",
)
@click.option("--serve", is_flag=True, help="Serve the pages on 127.0.0.1 and save each document to --gold.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port for --serve (0: any)."
)
@click.option("--title", default=None, help="Title of the page.")
@plugin_options
@model_option
@items_options
def annotate(
    inputs,
    output,
    results,
    gold_path,
    serve,
    port,
    title,
    only,
    disable,
    plugins_dirs,
    strict,
    model_path,
    items_model,
    min_score,
):
    """Review and correct reportkit's findings in the browser, and export them as gold.

    INPUTS are documents or folders. The page starts from reportkit's findings (the pipeline runs, or
    --from gives a results file), or from --gold for the documents it has. See docs/annotate.md.
    """
    from .annotate.page import collect, labels_for, write_annotation
    from .evaluate import load_gold

    if serve and not gold_path:
        raise click.UsageError("--serve saves to the --gold file: give one (it is created if it does not exist)")
    gold = None
    if gold_path and (os.path.exists(gold_path) or not serve):
        gold = load_gold(gold_path)
    records: dict[str, dict[str, Any]] | None = None
    pipe = None
    if results:
        from .review.source import load_records

        records = {}
        for record in load_records(results):
            sha = (record.get("source") or {}).get("sha256")
            if sha and (record.get("source") or {}).get("part") is None:
                records.setdefault(sha, record)
    else:
        pipe = _pipeline(
            only=_names(only),
            disable=_names(disable) or (),
            plugins_dirs=plugins_dirs,
            strict=strict,
            classifier=model_path or "default",
            items_model=items_model or "default",
            min_score=min_score,
        )
    failed: list[str] = []

    def unreadable(message: str) -> None:
        failed.append(message)
        click.echo(f"reportkit: {message}", err=True)

    docs = collect(inputs, pipeline=pipe, records=records, gold=gold, gold_path=gold_path, on_error=unreadable)
    if not docs:
        click.echo("reportkit: no documents to annotate", err=True)
        sys.exit(EXIT_ERRORS)
    classes = None
    if pipe is not None:
        classes = pipe.model.classes
    elif model_path:
        from .classifier import load_model

        classes = load_model(model_path).classes
    folder = _is_folder_output(output)
    try:
        files = write_annotation(
            docs, output, labels=labels_for(docs, classes), title=title, folder=folder, gold_name=gold_path
        )
    except OSError as exc:
        from .output import output_failed

        raise output_failed(output, exc) from exc
    from_gold = sum(1 for d in docs if d.gold is not None)
    where = f"{len(docs)} pages and index.html in {output}" if folder else output
    click.echo(
        f"reportkit: wrote {where} ({len(docs)} documents"
        + (f", {from_gold} from the gold" if from_gold else "")
        + ")",
        err=True,
    )
    if serve:
        from .annotate.serve import GoldStore, make_server, port_of

        root = output if folder else (os.path.dirname(output) or ".")
        try:
            server = make_server(
                root, files, GoldStore(gold_path, docs), port, log=lambda m: click.echo(f"reportkit: {m}", err=True)
            )
        except OSError as exc:
            raise click.UsageError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); try --port 0") from exc
        url = f"http://127.0.0.1:{port_of(server)}/{files[0]}"
        click.echo(f"reportkit: serving {url} (saving to {gold_path}); Ctrl-C to stop", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("reportkit: server stopped", err=True)
        finally:
            server.server_close()
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@main.command("eval")
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Gold annotations in the gold format (docs/gold.md).",
)
@click.argument("docs_dir", required=False, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--diff",
    "diff",
    nargs=2,
    type=click.Path(exists=True, dir_okay=False),
    metavar="OLD NEW",
    default=None,
    help="What a change fixed and broke: two `eval --json --per-doc` reports, or two results files with --gold.",
)
@click.option(
    "--pages",
    "pages",
    default=None,
    metavar="PAGE|DIR",
    help="With --diff: link each change into these annotation pages (reportkit annotate -o PAGE.html or DIR).",
)
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV with id,label columns: more documents for the type score (e.g. manifest.csv).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--per-doc", is_flag=True, help="Also the scores of each document (a table, or in the JSON).")
@click.option("--user-dict", "user_dicts", multiple=True, type=click.Path(exists=True, dir_okay=False))
@plugin_options
@model_option
@items_options
def eval_(
    gold_path,
    docs_dir,
    diff,
    pages,
    labels_path,
    as_json,
    per_doc,
    user_dicts,
    only,
    disable,
    plugins_dirs,
    strict,
    model_path,
    items_model,
    min_score,
):
    """Score reportkit on annotated documents (DOCS_DIR/<id>.* against the gold file).

    With --diff OLD NEW: what a change fixed and what it broke, field by field (see docs/annotate.md).
    """
    from .errors import GoldFormatError
    from .evaluate import check_strings, evaluate, load_gold, load_labels

    if diff:
        _eval_diff(diff, gold_path, docs_dir, pages, as_json)
        return
    if not gold_path or not docs_dir:
        raise click.UsageError("give --gold GOLD.json and DOCS_DIR (or --diff OLD NEW)")
    gold = load_gold(gold_path)
    labels = load_labels(labels_path) if labels_path else {}
    options = {
        "user_dicts": user_dicts,
        "plugins_dirs": plugins_dirs,
        "strict": strict,
        "classifier": model_path or "default",
        "items_model": items_model or "default",
    }
    pipe = _pipeline(
        **options,
        only=_names(only),
        disable=_names(disable) or (),
        min_score=0.0,  # every finding, so that every threshold can be scored; --min-score picks the headline
    )
    # the ledger is built from the problems and measures a user gets (at --min-score), not from every finding
    ledger_pipe = None
    if any(ext.name == "ledger" for ext in pipe.extractors):
        ledger_pipe = _pipeline(**options, only=["ledger"], min_score=min_score)
    wanted = set(gold) | set(labels)
    records, texts, ledger_records = {}, {}, {}
    read_from: dict[str, str] = {}
    from .io import Skipped, iter_inputs

    for path in iter_inputs([docs_dir]):
        if isinstance(path, Skipped):
            continue
        doc_id = os.path.splitext(os.path.basename(path))[0]
        if doc_id not in wanted:
            continue
        if doc_id in read_from:
            raise GoldFormatError(f"two documents for id {doc_id!r}: {read_from[doc_id]} and {path}; keep one")
        read_from[doc_id] = path
        docs = pipe.read(path)
        if doc_id in gold:
            from .annotate.gold import check_source

            check_source(doc_id, gold[doc_id], path, docs[0].source.sha256)
            check_strings(doc_id, gold[doc_id], docs[0].text, path)
        records[doc_id] = pipe.analyze(docs[0])
        texts[doc_id] = docs[0].text
        if ledger_pipe is not None and gold.get(doc_id, {}).get("ledger"):
            ledger_records[doc_id] = ledger_pipe.analyze(docs[0])
    report = evaluate(
        gold,
        records,
        texts,
        labels,
        min_score=min_score,
        outcomes=per_doc and as_json,
        ledger_records=ledger_records,
    )
    _say_if_in_sample(pipe, records)
    if as_json:
        data = report.to_dict()
        if not per_doc:
            data.pop("per_document")
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(report.table())
        if per_doc:
            from .evaluate import per_document_table

            click.echo("")
            click.echo(per_document_table(report.per_doc))


def _say_if_in_sample(pipe, records) -> None:
    """A note on stderr when the documents scored are those the classifier was trained on (its training ids'
    digest, which the model stores): the type's figures are then in-sample, not what new documents would get."""
    from .classifier.train import ids_digest

    model = pipe.model
    digest = (getattr(model, "metadata", None) or {}).get("ids_digest")
    if digest and records and ids_digest(list(records)) == digest:
        click.echo(
            f"reportkit: note: these {len(records)} documents are the ones the classifier was trained on: its "
            "figures here are in-sample (cross-validated ones: reportkit train prints them)",
            err=True,
        )


DIFF_SCORES = ("type", "counts", "groups", "problems", "measures")


def _eval_diff(diff, gold_path, docs_dir, pages, as_json) -> None:
    """``eval --diff OLD NEW``: each side an eval report (``--json --per-doc``) or a results file."""
    from .evaluate import diff_outcomes, evaluate, load_gold

    def side(path: str) -> tuple[dict, dict]:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, UnicodeDecodeError, ValueError):
            data = None  # JSON Lines: a results file
        if isinstance(data, dict) and "per_document" in data:  # an eval report
            per_doc = data["per_document"]
            if not isinstance(per_doc, dict) or any(
                not isinstance(d, dict) or "items" not in d for d in per_doc.values()
            ):
                raise click.UsageError(f"{path}: an eval report without items; write it with eval --json --per-doc")
            return {k: v["items"] for k, v in per_doc.items()}, {f: data.get(f) for f in DIFF_SCORES}
        if not gold_path:
            raise click.UsageError(f"{path} is a results file: give --gold GOLD.json to score it against")
        from .review.source import items_from_records, load_records

        gold = load_gold(gold_path)
        records, texts = {}, {}
        for item in items_from_records(
            load_records(path), results_dir=os.path.dirname(path) or ".", docs_root=docs_dir
        ):
            source = item.record.get("source") or {}
            doc_id = os.path.splitext(os.path.basename(source.get("path") or ""))[0]
            if doc_id not in gold or source.get("part") is not None:
                continue
            if item.text is None:
                click.echo(f"reportkit: {path}: {doc_id}: {item.problem}", err=True)
                continue
            from .annotate.gold import check_source

            check_source(doc_id, gold[doc_id], source.get("path") or doc_id, source.get("sha256"))
            records[doc_id], texts[doc_id] = item.record, item.text
        report = evaluate({k: v for k, v in gold.items() if k in records}, records, texts, outcomes=True)
        data = report.to_dict()
        scores = {f: data[f] for f in DIFF_SCORES}
        return {k: v["items"] for k, v in report.per_doc.items()}, scores

    old, old_scores = side(diff[0])
    new, new_scores = side(diff[1])
    link = None
    if pages:
        from urllib.parse import quote

        def link(doc_id, span):
            page = pages if pages.lower().endswith((".html", ".htm")) else f"{pages.rstrip('/')}/{doc_id}.html"
            where = f"&s={span[0]}-{span[1]}" if span else ""
            return f"{page}#d={quote(doc_id)}{where}"

    result = diff_outcomes(old, new, old_name=diff[0], new_name=diff[1], link=link)
    result.scores = {f: {"old": old_scores.get(f) or {}, "new": new_scores.get(f) or {}} for f in DIFF_SCORES}
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(result.table())


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.option(
    "--evidence",
    "n_evidence",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="How many evidence features to show in text format.",
)
@click.option("--split", is_flag=True, help="Classify each part of a web compilation.")
@model_option
def classify(paths, fmt, n_evidence, split, model_path):
    """Say what each document is: label, confidence and the evidence for it."""
    from .io import Skipped

    pipe = _pipeline(split=split, classifier=model_path or "default", extractors=[])
    model = pipe.model
    failed = False
    for item in pipe.run(paths):
        if isinstance(item, Skipped):
            continue
        if item.errors or item.doc_type is None:
            failed = True
            if fmt == "jsonl":
                click.echo(
                    json.dumps(
                        {
                            "path": item.source.path,
                            "part": item.source.part,
                            "errors": [e.model_dump() for e in item.errors],
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                click.echo(f"{item.source.path}\terror\t{item.errors[0].message if item.errors else ''}")
            continue
        dt = item.doc_type
        where = item.source.path or "<stdin>"
        if item.source.part is not None:
            where += f"#part{item.source.part}"
        if fmt == "jsonl":
            click.echo(
                json.dumps(
                    {"path": item.source.path, "part": item.source.part, "title": item.title, **dt.model_dump()},
                    ensure_ascii=False,
                )
            )
        else:
            flag = " (uncertain)" if dt.uncertain else ""
            ev = ", ".join(f"{e.label or e.feature}" for e in dt.evidence[:n_evidence])
            click.echo(f"{where}\t{dt.label}\t{dt.confidence:.2f}{flag}\t{ev}")
    del model
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@main.command()
@click.option(
    "--corpus",
    "corpus",
    required=True,
    type=click.Path(exists=True),
    help="Folder with manifest.csv, folder of <label>/ folders, or a gold .json file.",
)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(exists=True, file_okay=False),
    help="With a gold file: the folder of its documents (default: docs/ beside it).",
)
@click.option(
    "--C",
    "C",
    type=float,
    default=None,
    help="Inverse regularization strength (default: 32 for the classifier, 0.5 for the item model).",
)
@click.option("--cv", type=click.IntRange(2, 20), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--name", default=None, help="Model name recorded in every doc_type (default: the file name).")
@click.option("--json", "as_json", is_flag=True, help="Print the cross-validated scores as JSON.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar while reading (default: when stderr is a terminal)."
)
@click.option(
    "--items",
    "items",
    is_flag=True,
    help="Train the item model (problems and measures) on gold annotations instead of the classifier.",
)
@click.option(
    "--excerpts/--no-excerpts",
    default=True,
    show_default=True,
    help="Classifier: also learn from the opening of every long document (real files are often excerpts).",
)
@click.option(
    "--hold-out",
    "hold_out",
    type=click.Choice(["batch", "document"]),
    default="batch",
    show_default=True,
    help="Item model: what cross-validation holds out — batches of documents (ids numbered in one block of 20, "
    "written together) or single documents. The held-out scores calibrate the model.",
)
def train(corpus, out, docs_dir, C, cv, name, as_json, progress, items, excerpts, hold_out):
    """Train a document-type classifier (or, with --items, the item model); print cross-validated scores."""
    from pathlib import Path

    if items:
        _train_items(corpus, out, docs_dir, C, cv, name, as_json, hold_out)
        return
    from .classifier.compiled import CompiledModel
    from .classifier.train import CLASSIFIER_C, load_training_set, training_metadata
    from .classifier.train import train as fit
    from .output import make_parent, output_failed

    C = CLASSIFIER_C if C is None else C

    try:
        make_parent(Path(out))  # before the work, not after it
    except OSError as exc:
        raise output_failed(out, exc) from exc
    show = sys.stderr.isatty() if progress is None else progress
    bars: list[Any] = []

    def read_one(done: int, total: int) -> None:
        if not bars:
            bars.append(_progress_bar(total, show, "reportkit: reading"))
        bars[0].update(1)

    try:
        training = load_training_set(corpus, docs_dir, progress=read_one)
    finally:
        for bar in bars:
            bar.close()
    click.echo(f"reportkit: {len(training)} documents read", err=True)
    pipe, report = fit(
        training,
        C=C,
        cv=cv,
        excerpts=excerpts,
        progress=lambda message: click.echo(f"reportkit: {message}", err=True),
    )
    name = name or os.path.splitext(os.path.basename(out))[0]
    model = CompiledModel.from_pipeline(
        pipe,
        {
            **training_metadata(training, str(corpus), excerpts=excerpts),
            "name": name,
            "C": C,
            # the folds cross-validation used: fewer than asked when a label has fewer documents
            "cv": report.folds if report else cv,
            "cv_scores": report.to_dict() if report else None,
        },
    )
    try:
        model.save(out)
    except OSError as exc:
        raise output_failed(out, exc) from exc
    if as_json:
        click.echo(json.dumps({"model": out, **(report.to_dict() if report else {})}, ensure_ascii=False, indent=1))
    else:
        if report:
            click.echo(report.table())
        if training.skipped:
            click.echo(f"skipped (unreadable): {', '.join(training.skipped)}", err=True)
        click.echo(f"model written to {out}", err=True)


@main.command()
@click.argument("feedback")  # a file or an archive's member (附件.zip/反馈意见.docx): reading it says what is wrong
@click.argument("reports", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False),
    help="out.html (side by side), out.xlsx or out.json; default: a table on stdout.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Lowest similarity at which a report problem answers a feedback problem (default 0.1).",
)
@model_option
@items_options
def reconcile(feedback, reports, output, threshold, model_path, items_model, min_score):
    """Check a rectification report against the feedback it answers: FEEDBACK (巡察反馈意见, 审计报告,
    督查通报, 问题清单) and the REPORT(s) that answer it."""
    from pathlib import Path

    from . import reconcile as rc
    from .output import make_parent, output_failed

    if output is not None and Path(output).suffix.lower() not in (".html", ".xlsx", ".json"):
        raise click.BadParameter(f"{output}: write .html, .xlsx or .json", param_hint="-o")
    pipe = _pipeline(
        only=["ledger"],
        classifier=model_path or "default",
        items_model=items_model or "default",
        min_score=min_score,
    )
    texts: dict[str, str] = {}

    def run(path: str):
        docs = pipe.read(path)
        texts[path] = docs[0].text
        return pipe.analyze(docs[0])

    result = rc.reconcile_records(
        run(feedback),
        [(path, run(path)) for path in reports],
        rc.DEFAULT_THRESHOLD if threshold is None else threshold,
        feedback_name=feedback,
        texts=texts,
    )
    if output is None:
        for k, m in enumerate(result.matches, 1):
            other = m.report.text if m.report else ""
            click.echo(f"{k}\t{m.status}\t{m.score:.3f}\t{m.feedback.text}\t{other}")
        for p in result.extra:
            click.echo(f"-\textra\t\t\t{p.text}")
        return
    target = Path(output)
    try:
        make_parent(target)
        if target.suffix.lower() == ".html":
            target.write_text(rc.to_html(result, texts, title=f"对账：{Path(feedback).name}"), encoding="utf-8")
        elif target.suffix.lower() == ".xlsx":
            rc.to_xlsx(result, target)
        else:  # .json
            target.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise output_failed(target, exc) from exc
    summary = result.to_dict()["summary"]
    click.echo(
        f"reportkit: {summary['feedback_problems']} feedback problems: {summary['answered']} answered, "
        f"{summary['answered_without_measure']} without a measure, {summary['not_answered']} not answered; "
        f"{summary['extra']} report problems answer none; written to {output}",
        err=True,
    )


def _train_items(corpus, out, docs_dir, C, cv, name, as_json, hold_out) -> None:
    from .items.train import ITEM_C, load_annotated, train_items

    def say(message: str) -> None:
        if not as_json:
            click.echo(f"reportkit: {message}", err=True)

    from pathlib import Path

    from .output import make_parent, output_failed

    try:
        make_parent(Path(out))  # before the work, not after it
    except OSError as exc:
        raise output_failed(out, exc) from exc
    left_out: list[str] = []
    docs = load_annotated(corpus, docs_dir, skipped=left_out)
    if left_out:
        say(f"skipped {len(left_out)} gold entries: {'; '.join(left_out)}")
    say(f"{len(docs)} annotated documents")
    name = name or os.path.splitext(os.path.basename(out))[0]
    model, report = train_items(
        docs,
        C=ITEM_C if C is None else C,
        folds=cv,
        progress=say,
        metadata={"name": name, "trained_on": str(corpus)},
        hold_out=hold_out,
    )
    if report is not None:
        model.metadata["cv_scores"] = report.to_dict()
    try:
        model.save(out)
    except OSError as exc:
        raise output_failed(out, exc) from exc
    if as_json:
        click.echo(json.dumps({"model": out, **(report.to_dict() if report else {})}, ensure_ascii=False, indent=1))
    else:
        if report is not None:
            click.echo(report.table())
        click.echo(f"item model written to {out}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
