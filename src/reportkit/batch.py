"""Folder runs at scale: worker processes, input order kept, per-document time limit, nothing lost.

:class:`BatchRunner` hands one input at a time to each worker process and yields the results **in
input order**, whatever the number of workers. jieba, the model and the extractors are loaded once,
in the parent, and forked workers inherit them ready (with the spawn start method each worker loads
its own).

* **Time limit.** The parent watches every worker. A document that takes longer than ``timeout``
  seconds gets an error record (``stage: "timeout"``); its worker is killed and replaced.
* **Dead workers.** A worker that dies (a crash in a C library, the out-of-memory killer, a kill) is
  replaced, busy or idle; the document it held is tried once more on the new worker, and if that one
  dies too it gets an error record (``WorkerDied``), never the end of the run.
* **--strict.** An extractor's exception in a worker stops the run with that exception, in the parent,
  as it does with ``workers=0``.
* **Size limit.** ``max_chars`` turns an oversized document into an error record before any analysis.
* **Backpressure.** Results that arrive ahead of a slow document wait in a bounded buffer; no new work
  is handed out while it is full, so memory stays flat on runs of any length.
* ``workers=0`` runs everything in this process (no time limit), for debugging and small jobs.

Every input yields its records or exactly one error record; :class:`~reportkit.io.Skipped` entries
report the files of a folder that are not read.
"""

from __future__ import annotations

import gc
import heapq
import multiprocessing as mp
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .errors import ReportkitError, TimeoutExceeded, WorkerDied
from .io import Skipped, iter_inputs
from .pipeline import Pipeline, error_record
from .record import Record

__all__ = ["BatchRunner", "BatchStats", "default_workers", "DEFAULT_TIMEOUT", "DEFAULT_MAX_CHARS"]

DEFAULT_TIMEOUT = 300.0  # seconds per input; generous: a 1 MB report takes a few seconds
DEFAULT_MAX_CHARS = 5_000_000  # characters; far beyond any real report, small enough to stay safe


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class BatchStats:
    """What a run did, for the closing summary."""

    inputs: int = 0
    records: int = 0
    parts: int = 0
    chars: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    #: the first ``keep_messages`` error messages (each names its file and the cause), for the summary
    messages: list[str] = field(default_factory=list)
    keep_messages: int = 20
    #: inputs with scanned pages whose text is not read (PDF pages with an image and no text layer)
    scanned: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def add(self, item: Record | Skipped) -> None:
        if isinstance(item, Skipped):
            key = item.suffix or item.reason
            self.skipped[key] = self.skipped.get(key, 0) + 1
            return
        self.records += 1
        self.chars += item.chars
        if item.source.part is not None:
            self.parts += 1
        if item.source.scanned_pages and item.source.part in (None, 1):
            pages = ", ".join(map(str, item.source.scanned_pages))
            self.scanned.append(f"{item.source.path}: page{'s' if len(item.source.scanned_pages) > 1 else ''} {pages}")
        for err in item.errors:
            self.errors[err.type] = self.errors.get(err.type, 0) + 1
            if len(self.messages) < self.keep_messages:
                self.messages.append(err.message)


# -- the worker side ---------------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None


def _warm(pipe: Pipeline) -> Pipeline:
    """Load plugins, the model and jieba now, before the first document."""
    _ = pipe.extractors
    _ = pipe.model
    pipe.segmenter.load()
    return pipe


_STAGE_BYTES = 96  # room for what a worker is doing ("in extractor '…'"), cut at a character's end


def _worker_main(conn: Connection, options: dict[str, Any], inherited: list[Connection], stage: Any = None) -> None:
    """Loop: receive (seq, path), answer (seq, records). Runs in a child process. ``stage``: shared memory
    where it writes what it is doing, which the parent reads when a document's time runs out."""
    import signal

    from . import pipeline as _pipeline

    if stage is not None:

        def note(what: str) -> None:
            data = what.encode("utf-8")[: _STAGE_BYTES - 1]
            stage.value = data.decode("utf-8", "ignore").encode("utf-8")

        _pipeline.stage_hook = note

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler, inherited through fork
    for other in inherited:  # copies of pipes that belong to the parent (see BatchRunner._start)
        other.close()
    parent = os.getppid()
    global _worker_pipeline
    if _worker_pipeline is None:  # not inherited warm from the parent (the spawn start method)
        try:
            _worker_pipeline = _warm(Pipeline(**options))
        except BaseException as exc:  # a set-up error: report it and stop
            conn.send(("setup-error", exc))
            return
    # everything loaded so far (dictionary trie, model, plugins) lives as long as the worker: moved out
    # of the collector's reach, the periodic full collections no longer walk it (a few % of the time)
    # and, after a fork, no longer touch the pages shared with the parent
    gc.freeze()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:  # the parent was killed (kill -9): stop, do not linger
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        seq, path = task
        # JSON crosses the process boundary: cheaper than pickling models, and the parent can write
        # it as it is
        try:
            records = [r.to_json() for r in _worker_pipeline.process_path(path)]
        except Exception as exc:
            if _worker_pipeline.strict:  # the parent stops the run with it, as with --workers 0
                _send_fatal(conn, seq, exc)
                return
            records = [error_record(path, exc, "analyze").to_json()]
        try:
            conn.send(("done", seq, records))
        except (BrokenPipeError, OSError):
            return


def _send_fatal(conn: Connection, seq: int, exc: BaseException) -> None:
    """Send an exception that ends the run to the parent: itself when it survives pickling, else a
    stand-in with its message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        line = (str(exc).splitlines() or [""])[0]
        exc = ReportkitError(line) if isinstance(exc, ReportkitError) else RuntimeError(f"{type(exc).__name__}: {line}")
    try:
        conn.send(("fatal", seq, exc))
    except (BrokenPipeError, OSError):
        pass


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0
    #: what the worker was last doing (shared memory it writes: see pipeline.stage_hook), for a time-out's message
    stage: Any = None

    def doing(self) -> str:
        return self.stage.value.decode("utf-8", "ignore") if self.stage is not None else ""


class BatchRunner:
    """Run a :class:`Pipeline` over many inputs with worker processes.

    :param options: keyword arguments for :class:`Pipeline` (built once per worker)
    :param workers: worker processes (default: all cores; 0 runs in this process)
    :param timeout: seconds one input may take (None: no limit; needs workers >= 1)
    :param buffer: results held for in-order output before work is throttled (default: 32 per worker)
    """

    def __init__(
        self,
        options: dict[str, Any] | None = None,
        workers: int | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        buffer: int | None = None,
    ) -> None:
        self.options = dict(options or {})
        self.workers = default_workers() if workers is None else workers
        self.timeout = timeout
        self.buffer = buffer or 32 * max(1, self.workers)
        self._pool: list[_Worker] = []
        # typeshed's BaseContext (what get_context(str) returns) lacks the Process every real context has
        self._ctx: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")

    # -- public -----------------------------------------------------------------------------
    def plan(
        self, paths: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> list[str | Skipped]:
        """Walk the inputs once (for a progress total) and return them in run order."""
        return list(iter_inputs(paths, include, exclude))

    def run(self, items: Iterable[str | Skipped]) -> Iterator[Record | Skipped]:
        """Process ``items`` (from :meth:`plan`); yield records and skips in input order."""
        if self.workers <= 0:
            pipe = _warm(Pipeline(**self.options))  # a set-up error (a plugin's load()) is raised here, once
            for item in items:
                if isinstance(item, Skipped):
                    yield item
                else:
                    yield from pipe.process_path(item)
            return
        yield from self._run_parallel(items)

    def close(self) -> None:
        """Stop every worker (also called when a run ends or is interrupted)."""
        for w in self._pool:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        deadline = time.monotonic() + 2
        for w in self._pool:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self._pool = []

    # -- internals ----------------------------------------------------------------------------
    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        # A forked child inherits the parent's end of its own pipe and its siblings' pipes; it closes
        # them at once, so that the parent's death reaches it as end-of-file instead of a silent wait
        inherited = [parent] + [w.conn for w in self._pool] if self._ctx.get_start_method() == "fork" else []
        stage = self._ctx.RawArray("c", _STAGE_BYTES)
        proc = self._ctx.Process(target=_worker_main, args=(child, self.options, inherited, stage), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent, stage=stage)

    @staticmethod
    def _await_ready(worker: _Worker) -> None:
        try:
            message = worker.conn.recv()
        except EOFError as exc:
            raise RuntimeError(
                f"a reportkit worker exited while starting (exit code {worker.process.exitcode})"
            ) from exc
        if message[0] == "setup-error":
            worker.process.join()
            raise message[1]

    def _spawn(self) -> _Worker:
        worker = self._start()
        self._await_ready(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        new = self._pool[self._pool.index(worker)] = self._spawn()
        return new

    def _assign(self, worker: _Worker, task: tuple[int, str]) -> _Worker:
        """Hand ``task`` to ``worker``; one that died while idle is replaced first. Returns the worker
        that has the task."""
        try:
            worker.conn.send(task)
        except OSError:  # BrokenPipeError, ConnectionResetError: killed while it waited for work
            worker = self._replace(worker)
            worker.conn.send(task)
        worker.task, worker.started = task, time.monotonic()
        return worker

    def _run_parallel(self, items: Iterable[str | Skipped]) -> Iterator[Record | Skipped]:
        items = list(items)
        n_inputs = sum(1 for i in items if not isinstance(i, Skipped))
        queue = iter(enumerate(items))
        ready: list[tuple[int, Sequence[Record | Skipped]]] = []  # heap of finished results by seq
        w: _Worker | None
        retry: list[tuple[int, str]] = []  # tasks whose worker died: tried once more, first
        tried_again: set[int] = set()
        next_out = 0
        exhausted = False
        global _worker_pipeline
        try:
            self._pool = []
            if self._ctx.get_start_method() == "fork":
                # loaded once here and inherited by every forked worker (and every replacement):
                # no worker loads jieba or the plugins again, and a set-up error is raised right here
                _worker_pipeline = _warm(Pipeline(**self.options))
            # started one by one (each child is told about its older siblings); never more workers
            # than inputs: one small file should not pay for all cores
            for _ in range(max(1, min(self.workers, n_inputs))):
                self._pool.append(self._start())
            for w in self._pool:
                self._await_ready(w)
            while True:
                # hand out work to idle workers: a retry first (the output waits for it, so it does
                # not wait for room), then new work while the output buffer has room
                for w in list(self._pool):
                    while w.task is None:
                        if retry:
                            task = retry.pop(0)
                        elif not exhausted and len(ready) < self.buffer:
                            try:
                                seq, item = next(queue)
                            except StopIteration:
                                exhausted = True
                                break
                            if isinstance(item, Skipped):
                                heapq.heappush(ready, (seq, [item]))
                                continue
                            task = (seq, item)
                        else:
                            break
                        w = self._assign(w, task)
                # emit what is ready, in order
                while ready and ready[0][0] == next_out:
                    _, results = heapq.heappop(ready)
                    yield from results
                    next_out += 1
                busy = [w for w in self._pool if w.task is not None]
                if not busy:
                    if exhausted and not ready and not retry:
                        return
                    continue
                wait_for = None
                if self.timeout is not None:
                    now = time.monotonic()
                    wait_for = max(0.0, min(w.started + self.timeout - now for w in busy))
                sentinels: dict[Any, _Worker] = {w.process.sentinel: w for w in busy}
                conns: dict[Any, _Worker] = {w.conn: w for w in busy}
                for obj in wait(list(conns) + list(sentinels), timeout=wait_for):
                    w = conns.get(obj) or sentinels.get(obj)
                    if w is None or w.task is None:
                        continue
                    seq, path = w.task
                    if obj in conns and w.conn.poll():
                        try:
                            message = w.conn.recv()
                        except (EOFError, OSError):
                            message = None
                        if message is not None and message[0] == "done":
                            heapq.heappush(ready, (message[1], [Record._from_worker(line) for line in message[2]]))
                            w.task = None
                            continue
                        if message is not None and message[0] == "fatal":
                            raise message[2]  # --strict: the run ends here (the pool is closed below)
                    # the worker died while processing: a new worker, the document tried once more on
                    # it, and an error record if that one dies too
                    w.process.join(1)
                    code = w.process.exitcode
                    w.task = None
                    self._replace(w)
                    if seq not in tried_again:
                        tried_again.add(seq)
                        retry.append((seq, path))
                        continue
                    died = WorkerDied(
                        f"{path}: worker process died (exit code {code}) while reading this file, also when "
                        "tried again; rerun with --resume to try once more"
                    )
                    heapq.heappush(ready, (seq, [error_record(path, died, "analyze")]))
                if self.timeout is not None:
                    now = time.monotonic()
                    for w in list(self._pool):
                        if w.task is not None and now - w.started > self.timeout:
                            seq, path = w.task
                            doing = w.doing()
                            exc = TimeoutExceeded(
                                f"{path}: took longer than {self.timeout:g}s (--timeout)"
                                + (f", {doing}" if doing else "")
                                + "; skipped"
                            )
                            heapq.heappush(ready, (seq, [error_record(path, exc, "timeout")]))
                            w.task = None
                            self._replace(w)
        finally:
            self.close()
            _worker_pipeline = None
