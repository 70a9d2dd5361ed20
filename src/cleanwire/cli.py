"""The ``cleanwire`` command: clean text files, folders, standard input and JSON-lines dumps.

Run ``cleanwire --help`` for the options; docs/cli.md has the recipes and the
exit codes. The work is split into batches, cleaned in worker processes with
``--jobs N`` (the pipeline is built once per process), and written back in
input order. Outputs under ``-o DIR`` are written atomically.

Example:
    >>> build_parser().parse_args(["--jsonl", "--field", "inputs.page_text", "dump.jsonl.gz"]).field
    'inputs.page_text'
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Union

from ._engine import ENGINE
from ._html_report import render_review
from ._io import (
    SNIFF_BYTES,
    AtomicWriter,
    InputError,
    Source,
    StdoutSink,
    discover,
    looks_binary,
    open_input,
    read_all,
)
from ._report import Progress, Stats, format_explain, use_color
from ._review import ReviewCollector
from ._version import __version__
from ._work import Batch, BatchResult, WorkOptions, init_worker, process
from .config import ConfigError, Spec, build_pipeline, find_project_config, load_spec, merge_specs, parse_spec
from .pipeline import BUILTIN_CLEANERS, PRESETS

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PIPE", "EXIT_TERMINATED", "EXIT_USAGE", "build_parser",
           "main"]

EXIT_OK = 0
"""Every input was cleaned (warnings, such as replaced invalid UTF-8, may have been printed)."""
EXIT_FAILED = 1
"""Some input failed: missing, unreadable, binary, invalid UTF-8 with --strict, malformed JSON, --on-error fail."""
EXIT_USAGE = 2
"""Bad options or configuration; nothing was cleaned."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C); finished outputs stay, unfinished ones are removed."""
EXIT_PIPE = 141
"""Standard output was closed early (for example by ``| head``)."""
EXIT_TERMINATED = 143
"""Stopped by SIGTERM (a scheduler's time limit, ``kill``); cleaned up as for Ctrl-C."""

TEXT_GLOBS = ("*.txt", "*.txt.gz")
JSONL_GLOBS = ("*.jsonl", "*.jsonl.gz", "*.ndjson", "*.ndjson.gz")
BATCH_BYTES = 256 * 1024
"""Target size of one batch sent to a worker (large enough to keep inter-process traffic cheap)."""
BATCH_ITEMS = 512
MAX_MESSAGES = 10
REPORT_DOCS = 100
"""Documents shown side by side on a ``--report`` page by default (a bounded sample of the run)."""
REPORT_LINES = 20
"""Removed lines shown per cleaner on a ``--report`` page (a bounded sample of the run)."""
"""Problems printed per input before they are only counted."""

_EPILOG = """\
examples:
  cleanwire article.txt                      clean one file to standard output
  cleanwire -o clean/ scraped/               clean a folder of .txt files into a mirrored folder
  cleanwire --explain fixtures/seeds/*.txt   show what would be removed, and why
  cleanwire --report review.html dump.jsonl  a review page: what went, by which cleaner, side by side
  cleanwire --jsonl --field text dump.jsonl.gz -o clean/ --jobs 2 --stats
  zcat dump.jsonl.gz | cleanwire --jsonl --field inputs.page_text > clean.jsonl

exit codes:
  0    every input was cleaned (warnings may have been printed)
  1    some input failed: missing path, unreadable or binary file, invalid UTF-8
       with --strict, malformed JSON, or a bad record with --on-error fail
  2    usage or configuration error; nothing was cleaned
  130  interrupted (Ctrl-C); unfinished outputs are removed
  141  standard output closed early (e.g. piped into head)
  143  terminated (SIGTERM); cleaned up as for Ctrl-C
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``cleanwire`` command."""
    p = argparse.ArgumentParser(
        prog="cleanwire",
        description="Strip boilerplate from scraped text, repair its encoding and normalize its quotes.\n"
                    "Reads files, folders (recursively) or standard input; writes to standard output\n"
                    "or to mirrored files under -o DIR. Details: docs/cli.md.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to clean; '-' or nothing reads standard input")
    p.add_argument("-V", "--version", action="version", version=f"cleanwire {__version__} (engine: {ENGINE})")

    io = p.add_argument_group("input and output")
    io.add_argument("-o", "--output", metavar="DIR", type=Path,
                    help="write each result to DIR, mirroring the input names (never over an input)")
    io.add_argument("--glob", action="append", metavar="PATTERN",
                    help="file pattern when searching folders (repeatable; default: *.txt and *.txt.gz, "
                         "or *.jsonl[.gz] and *.ndjson[.gz] with --jsonl)")
    io.add_argument("--strict", action="store_true",
                    help="fail on invalid UTF-8 instead of replacing it with U+FFFD and warning")

    js = p.add_argument_group("JSON lines (also used for files named *.jsonl or *.ndjson, gzipped or not)")
    js.add_argument("--jsonl", action="store_true", help="read and write JSON lines, one record per line")
    js.add_argument("--field", default="text", metavar="PATH",
                    help="the field to clean; dotted paths reach nested fields (default: text)")
    js.add_argument("--explain-field", metavar="NAME",
                    help="add a field listing each removed or changed line, the cleaner and the reason")
    js.add_argument("--on-error", choices=("keep", "skip", "fail"), default="keep",
                    help="a record that is not JSON or lacks a string field is kept unchanged (default), "
                         "skipped, or stops the run; it is always reported with its line number")

    pl = p.add_argument_group("pipeline")
    pl.add_argument("--pipeline", metavar="NAME|FILE",
                    help=f"a preset ({', '.join(PRESETS)}) or a TOML file describing the pipeline")
    pl.add_argument("--config", metavar="FILE",
                    help="a TOML pipeline file (keys at top level or under [tool.cleanwire])")
    pl.add_argument("--no-config", action="store_true",
                    help="ignore [tool.cleanwire] in the nearest pyproject.toml")
    pl.add_argument("--disable", action="append", metavar="CLEANER",
                    help=f"switch a cleaner off (repeatable or comma-separated): {', '.join(BUILTIN_CLEANERS)}")
    pl.add_argument("--language", metavar="CODE", help="force the language instead of detecting it")
    pl.add_argument("--no-quotes", action="store_true", help="keep curly quotes")
    pl.add_argument("--no-repair", action="store_true", help="skip encoding repair")
    pl.add_argument("--show-pipeline", action="store_true",
                    help="print the pipeline the options describe, and exit")

    rep = p.add_argument_group("reporting and speed")
    rep.add_argument("--explain", action="store_true",
                     help="report each removed or changed line and the cleaner behind it (instead of the "
                          "cleaned text on standard output; with -o, next to the written files)")
    rep.add_argument("--report", metavar="FILE", type=Path,
                     help="write a review page (one self-contained HTML file): totals, charts of the lines "
                          "removed per cleaner and reason, samples, documents side by side (instead of the "
                          "cleaned text on standard output; with -o, besides the written files)")
    rep.add_argument("--report-docs", type=int, default=REPORT_DOCS, metavar="N",
                     help=f"documents shown side by side on the review page, a sample (default {REPORT_DOCS})")
    rep.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour the --explain report (auto: when standard output is a terminal)")
    rep.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                     help="worker processes (default 1; 0 means one per CPU); output keeps input order")
    bar = rep.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None,
                     help="show a progress bar on standard error (default: when it is a terminal)")
    bar.add_argument("--no-progress", action="store_false", dest="progress", help="never show a progress bar")
    rep.add_argument("--batch-bytes", type=int, default=BATCH_BYTES, help=argparse.SUPPRESS)
    rep.add_argument("--stats", action="store_true",
                     help="print totals on standard error at the end: documents, bytes, removals, languages")
    return p


def _error(message: str) -> None:
    print(f"cleanwire: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"cleanwire: warning: {message}", file=sys.stderr)


def resolve_spec(args: argparse.Namespace) -> Spec:
    """Merge the pipeline sources, lowest precedence first: pyproject, --config, --pipeline, flags."""
    specs: list[Spec] = []
    if not args.no_config:
        project = find_project_config()
        if project is not None:
            specs.append(load_spec(project))
    if args.config:
        specs.append(load_spec(args.config))
    if args.pipeline:
        if args.pipeline in PRESETS:
            specs.append({"preset": args.pipeline})
        elif Path(args.pipeline).exists() or args.pipeline.endswith(".toml"):
            specs.append(load_spec(args.pipeline))
        else:
            raise ConfigError(f"--pipeline: {args.pipeline!r} is neither a preset ({', '.join(PRESETS)}) nor a file")
    flags: dict[str, object] = {}
    if args.disable:
        flags["disable"] = [n.strip() for item in args.disable for n in item.split(",") if n.strip()]
    if args.language:
        flags["language"] = args.language
    if args.no_quotes:
        flags["quotes"] = False
    if args.no_repair:
        flags["repair"] = False
    specs.append(parse_spec(flags, source="options"))
    spec = merge_specs(*specs)
    build_pipeline(spec)  # fail early, in the main process, on a spec that cannot be built
    return spec


# -- events of a run, in input order ---------------------------------------------------


@dataclass
class _Start:
    source: int


@dataclass
class _End:
    source: int


@dataclass
class _Fail:
    source: int
    message: str


_Event = Union[_Start, _End, _Fail, Batch]  # noqa: UP007 - a runtime alias must work on Python 3.10


class _Handle(Protocol):
    def get(self) -> BatchResult: ...


@dataclass
class _Ready:
    result: BatchResult

    def get(self) -> BatchResult:
        return self.result


class _TerminatedError(Exception):
    """SIGTERM arrived: unwind, clean up, exit with :data:`EXIT_TERMINATED`."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _TerminatedError


#: Signals that stop a run. A worker is born with them blocked (see :meth:`_Workers.start`).
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_CAN_BLOCK = hasattr(signal, "pthread_sigmask")


def _init_child(options: WorkOptions) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and stops workers with SIGTERM
    if _CAN_BLOCK:  # a SIGTERM that came while the worker was starting kills it now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    init_worker(options)


class _Workers:
    """Run batches in this process (``jobs == 1``) or in a pool of worker processes."""

    def __init__(self, jobs: int, options: WorkOptions) -> None:
        self.jobs = jobs
        self.options = options
        self.pool: multiprocessing.pool.Pool | None = None

    def start(self) -> None:
        """Fork the workers (``jobs > 1``) or build the pipeline here.

        The workers are forked with SIGINT and SIGTERM blocked, and unblock them once they have
        set their own handlers. A forked worker first runs with the parent's handlers, and CPython
        forgets a signal that arrives before its interpreter has settled in the child: without
        the block, a Ctrl-C right after the pool started made the parent send SIGTERM to a
        worker that lost it, then wait for that worker forever."""
        if self.jobs == 1:
            init_worker(self.options)
            return
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if _CAN_BLOCK else None
        try:
            self.pool = multiprocessing.get_context().Pool(self.jobs, initializer=_init_child,
                                                           initargs=(self.options,))
        finally:
            if blocked is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # here a pending Ctrl-C is raised

    def submit(self, batch: Batch) -> _Handle:
        if self.pool is None:
            return _Ready(process(batch))
        return self.pool.apply_async(process, (batch,))

    def close(self, *, terminate: bool) -> None:
        if self.pool is not None:
            if terminate:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None


class _StopError(Exception):
    """--on-error fail: a bad record stops the run."""


class _Run:
    """One run of the command: read sources, hand out batches, write results in order."""

    def __init__(self, args: argparse.Namespace, sources: list[Source], options: WorkOptions) -> None:
        self.args = args
        self.sources = sources
        self.options = options
        self.kinds = [self._kind(s) for s in sources]
        self.stats = Stats()
        self.sinks: dict[int, AtomicWriter | StdoutSink] = {}
        self.failed: set[int] = set()
        self.messages: dict[int, int] = {}
        self.stdout = StdoutSink()
        self.stdout_docs = 0
        self.reports = 0
        self.report = args.explain
        self.review = ReviewCollector(max_docs=args.report_docs, per_cleaner=REPORT_LINES) if args.report else None
        self.write_text = not ((args.explain or args.report) and args.output is None)
        self.color = use_color(args.color, sys.stdout)
        self.progress = Progress(None, enabled=False)

    def _kind(self, source: Source) -> str:
        name = source.name.removesuffix(".gz")
        return "jsonl" if self.args.jsonl or name.endswith((".jsonl", ".ndjson")) else "text"

    # -- reading (main process) --

    def events(self) -> Iterator[_Event]:
        """Everything to do, in input order: text files grouped in batches, JSONL files in runs of batches."""
        pending: list[tuple[int, bytes]] = []
        size = consumed = 0
        for index, source in enumerate(self.sources):
            if self.kinds[index] == "jsonl":
                then: Iterator[_Event] = self._jsonl(index, source)
            else:
                try:
                    data = self._read_text(source)
                except InputError as e:
                    then = iter([_Fail(index, str(e))])
                else:
                    pending.append((index, data))
                    size += len(data)
                    consumed += source.size or len(data)
                    if size >= self.args.batch_bytes or len(pending) >= BATCH_ITEMS:
                        yield Batch(-1, "text", pending, consumed)
                        pending, size, consumed = [], 0, 0
                    continue
            if pending:  # keep the order: earlier text files first
                yield Batch(-1, "text", pending, consumed)
                pending, size, consumed = [], 0, 0
            yield from then
        if pending:
            yield Batch(-1, "text", pending, consumed)

    @staticmethod
    def _read_text(source: Source) -> bytes:
        opened = open_input(source)
        try:
            data = read_all(opened)
        finally:
            opened.close()
        if looks_binary(data):
            raise InputError("binary file (it holds NUL bytes), skipped")
        return data

    def _jsonl(self, index: int, source: Source) -> Iterator[_Event]:
        try:
            opened = open_input(source)
        except InputError as e:
            yield _Fail(index, str(e))
            return
        yield _Start(index)
        items: list[tuple[int, bytes]] = []
        size = 0
        mark = opened.position()
        try:
            try:
                head = opened.stream.peek(SNIFF_BYTES)  # type: ignore[attr-defined]
            except AttributeError:
                head = b""
            if looks_binary(head):
                raise InputError("binary file (it holds NUL bytes), skipped")
            for number, raw in enumerate(opened.stream, start=1):
                if index in self.failed:
                    return
                if not raw.strip():
                    continue
                items.append((number, raw))
                size += len(raw)
                if size >= self.args.batch_bytes or len(items) >= BATCH_ITEMS:
                    now = opened.position()
                    yield Batch(index, "jsonl", items, now - mark)
                    items, size, mark = [], 0, now
            if items:
                yield Batch(index, "jsonl", items, opened.position() - mark)
            yield _End(index)
        except InputError as e:
            yield _Fail(index, str(e))
        except (EOFError, zlib.error, gzip.BadGzipFile):
            yield _Fail(index, "corrupt or truncated gzip data")
        except OSError as e:
            yield _Fail(index, f"read error: {e.strerror or e}")
        finally:
            opened.close()

    # -- writing (main process, input order) --

    def _problem(self, index: int, where: str, message: str, level: str) -> None:
        if level == "warning":
            self.stats.warnings += 1
        else:
            self.stats.errors += 1
        shown = self.messages.get(index, 0)
        self.messages[index] = shown + 1
        if shown < MAX_MESSAGES or level == "fatal":
            (_warn if level == "warning" else _error)(f"{where}: {message}")

    def _fail(self, index: int, message: str, *, where: str | None = None) -> None:
        self.failed.add(index)
        self.stats.errors += 1
        _error(f"{where or self.sources[index].name}: {message}")
        sink = self.sinks.pop(index, None)
        if sink is not None:
            sink.abort()

    def _open(self, index: int) -> AtomicWriter | StdoutSink | None:
        target = self.sources[index].output
        if target is None:
            return self.stdout
        try:
            return AtomicWriter(target)
        except OSError as e:
            self._fail(index, f"cannot write {target}: {e.strerror or e}")
            return None

    def consume(self, event: _Event, handle: _Handle | None) -> None:
        if isinstance(event, _Fail):
            self._fail(event.source, event.message)
        elif isinstance(event, _Start):
            sink = self._open(event.source)
            if sink is not None:
                self.sinks[event.source] = sink
        elif isinstance(event, _End):
            self._end(event.source)
        else:
            assert handle is not None
            result = handle.get()
            self.progress.update(result.docs, event.consumed)
            if self.review is not None and result.review is not None:
                self.review.add(result.review)
            if event.kind == "text":
                self._text_result(result)
            else:
                self._jsonl_result(event.source, result)

    def _count(self, result: BatchResult) -> None:
        self.stats.add(result)

    def _text_result(self, result: BatchResult) -> None:
        self._count(result)
        for problem in result.problems:
            if problem.level == "fatal":
                self._fail(problem.number, problem.message)
            else:
                self._problem(problem.number, self.sources[problem.number].name, problem.message, problem.level)
        explains = dict(result.explains)
        for index, data in result.outputs:
            if self.report and index in explains:
                self._print_report(format_explain(self.sources[index].name, explains[index], color=self.color))
            if not self.write_text:
                continue
            sink = self._open(index)
            if sink is None:
                continue
            if isinstance(sink, StdoutSink):
                if self.stdout_docs and data:
                    sink.write(b"\n")
                self.stdout_docs += bool(data)
            sink.write(data)
            sink.commit()

    def _jsonl_result(self, index: int, result: BatchResult) -> None:
        if index in self.failed:
            return
        self._count(result)
        name = self.sources[index].name
        fatal: tuple[int, str] | None = None
        for problem in result.problems:
            if problem.level == "fatal":
                fatal = (problem.number, problem.message)
            else:
                self._problem(index, f"{name}:{problem.number}", problem.message, problem.level)
        if self.report:
            for number, res in result.explains:
                self._print_report(format_explain(f"{name}:{number}", res, color=self.color))
        sink = self.sinks.get(index)
        if sink is not None and self.write_text:
            sink.write(result.output)
        if fatal is not None:
            self._fail(index, fatal[1], where=f"{name}:{fatal[0]}")
            if result.stop:
                raise _StopError

    def _print_report(self, text: str) -> None:
        out = self.stdout.stream
        if self.reports:
            out.write(b"\n")
        self.reports += 1
        out.write(text.encode("utf-8", "replace") + b"\n")

    def _end(self, index: int) -> None:
        shown = self.messages.get(index, 0)
        if shown > MAX_MESSAGES:
            _warn(f"{self.sources[index].name}: {shown - MAX_MESSAGES} more problem(s) not shown")
        sink = self.sinks.pop(index, None)
        if sink is not None:
            sink.commit()

    def abort_all(self) -> None:
        for sink in self.sinks.values():
            sink.abort()
        self.sinks.clear()

    # -- the loop --

    def run(self, jobs: int) -> int:
        workers = _Workers(jobs, self.options)
        sizes = [s.size for s in self.sources]
        total = sum(x for x in sizes if x is not None) if all(x is not None for x in sizes) else None
        show = self.args.progress if self.args.progress is not None else sys.stderr.isatty()
        self.progress = Progress(total, enabled=False)
        window = max(2, 8 * jobs)  # batches in flight: slack for a slow batch, bounded memory
        queue: deque[tuple[_Event, _Handle | None]] = deque()
        in_flight = 0
        clean_exit = stopped = False
        started = time.monotonic()
        try:
            # Inside the try: a Ctrl-C while the workers start or the bar is being drawn must still
            # stop the workers. Fork them before the progress bar starts a thread.
            workers.start()
            self.progress = Progress(total, enabled=bool(show))
            for event in self.events():
                if isinstance(event, Batch) and self.review is not None:
                    event.review = self.review.request()  # what can still enter the page's samples
                handle = workers.submit(event) if isinstance(event, Batch) else None
                queue.append((event, handle))
                in_flight += handle is not None
                while in_flight > window or (queue and queue[0][1] is None):
                    ev, h = queue.popleft()
                    in_flight -= h is not None
                    self.consume(ev, h)
            while queue:
                self.consume(*queue.popleft())
            clean_exit = True
        except _StopError:
            clean_exit = True
            stopped = True
        finally:
            workers.close(terminate=stopped or not clean_exit)
            if not clean_exit:
                self.abort_all()
            self.progress.close()
            self.stdout.stream.flush()
        if self.args.stats:
            print(self.stats.format(elapsed=time.monotonic() - started), file=sys.stderr)
        if self.review is not None and not self._write_review(self.args.report):
            return EXIT_FAILED
        return EXIT_FAILED if self.failed or self.stats.errors else EXIT_OK

    def _write_review(self, path: Path) -> bool:
        """Write the review page atomically; report a failure and return False."""
        assert self.review is not None
        page = render_review(self.review, self.stats, names=[s.name for s in self.sources],
                             jsonl=[k == "jsonl" for k in self.kinds])
        try:
            with AtomicWriter(path) as out:
                out.write(page.encode("utf-8"))
        except OSError as e:
            _error(f"--report {path}: cannot write: {e.strerror or e}")
            return False
        return True


def _report_problem(report: Path, paths: Sequence[str]) -> str | None:
    """Why --report *report* cannot be written, or None: it must be a file name, and never an input."""
    if str(report) == "-" or report.is_dir():
        return f"--report {report}: give the name of an HTML file to write"
    if report.exists() and any(Path(p).exists() and report.resolve() == Path(p).resolve() for p in paths if p != "-"):
        return f"--report {report}: refusing to overwrite an input"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cleanwire`` command with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        spec = resolve_spec(args)
    except (ConfigError, ValueError, TypeError) as e:
        _error(str(e))
        return EXIT_USAGE
    if args.show_pipeline:
        print(repr(build_pipeline(spec)))
        return EXIT_OK
    if args.jobs < 0:
        _error("--jobs must be 0 (one per CPU) or more")
        return EXIT_USAGE
    jobs = args.jobs or os.cpu_count() or 1
    if args.output is not None:
        if args.output.exists() and not args.output.is_dir():
            _error(f"-o {args.output}: not a folder")
            return EXIT_USAGE
        if not args.paths or "-" in args.paths:
            _error("-o needs files or folders as input; standard input is cleaned to standard output")
            return EXIT_USAGE
    if args.report is not None:
        problem = _report_problem(args.report, args.paths)
        if problem:
            _error(problem)
            return EXIT_USAGE
    if args.report_docs < 0:
        _error("--report-docs must be 0 or more")
        return EXIT_USAGE
    if args.paths.count("-") > 1:
        _error("standard input ('-') can be given only once")
        return EXIT_USAGE
    globs = args.glob or (JSONL_GLOBS if args.jsonl else TEXT_GLOBS)
    options = WorkOptions(spec=spec, field=args.field, explain_field=args.explain_field,
                          explain=args.explain, on_error=args.on_error, strict=args.strict, jsonl=args.jsonl)
    sources = list(discover(args.paths, globs, args.output))
    run = _Run(args, sources, options)
    if sum(k == "jsonl" for k in run.kinds) == 0 and len(sources) <= 1:
        jobs = 1  # one text document: a pool would only add start-up time
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run.run(jobs)
    except KeyboardInterrupt:
        print("\ncleanwire: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _TerminatedError:
        print("\ncleanwire: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
