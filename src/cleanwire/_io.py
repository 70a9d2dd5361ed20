"""Files for the command line: finding inputs, reading them, writing outputs atomically.

Inputs are files, folders (searched recursively with glob patterns) or
standard input (``-``). A ``.gz`` suffix means gzip, on input and on output.
Outputs go to standard output or to a mirrored file under an output folder;
a file is written to a temporary name in its final folder and renamed into
place only when complete, so an interrupted run leaves no half-written file.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with AtomicWriter(folder / "a.txt") as out:
    ...     out.write(b"hello\\n")
    >>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'hello\\n', ['a.txt'])
    >>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

__all__ = [
    "AtomicWriter",
    "InputError",
    "Source",
    "StdoutSink",
    "discover",
    "looks_binary",
    "open_input",
    "read_all",
]

SNIFF_BYTES = 8192
"""How much of a file is checked for NUL bytes to call it binary (as grep does)."""

_umask = os.umask(0)
os.umask(_umask)


class InputError(Exception):
    """An input that cannot be read as text: missing, unreadable, binary, corrupt or not UTF-8."""


@dataclass(frozen=True)
class Source:
    """One input: a file (``path``) or standard input (``path is None``).

    ``name`` is how messages refer to it; ``output`` is where its result goes
    under ``-o DIR`` (``None`` for standard output); ``error`` is set when the
    input was refused before reading (for example a missing path).
    """

    name: str
    path: Path | None = None
    output: Path | None = None
    error: str | None = None
    size: int | None = None

    @property
    def gzipped(self) -> bool:
        """True when the input is read through gzip."""
        return self.path is not None and self.path.suffix == ".gz"


def _matches(path: Path, patterns: Sequence[str]) -> bool:
    return any(path.match(p) for p in patterns)


def discover(paths: Sequence[str], patterns: Sequence[str], out_dir: Path | None) -> Iterator[Source]:
    """Expand command-line *paths* into sources, in order; folders are searched recursively.

    Files inside a folder are taken when their name matches one of *patterns*,
    sorted by path; files inside *out_dir* (a subfolder of the input folder) are not taken. A missing path
    becomes a source with an ``error``. With *out_dir*, a file given directly
    maps to ``out_dir/<name>`` and a file found in a folder keeps its path
    relative to that folder; a result that would land on an input is refused.
    """
    out_resolved = out_dir.resolve() if out_dir is not None else None
    found: list[Source] = []
    for arg in paths or ["-"]:
        if arg == "-":
            found.append(Source(name="<stdin>"))
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _matches(p, patterns))
            skip_out = out_resolved is not None and out_resolved != path.resolve()
            for file in files:
                if skip_out and out_resolved in file.resolve().parents:
                    continue  # earlier results in an output folder inside the input folder
                rel = file.relative_to(path)
                found.append(_source(file, out_dir / rel if out_dir is not None else None))
        elif path.exists():
            found.append(_source(path, out_dir / path.name if out_dir is not None else None))
        elif path.is_symlink():
            found.append(Source(name=arg, path=path, error="broken symbolic link"))
        else:
            found.append(Source(name=arg, path=path, error="no such file or directory"))
    yield from _refuse_collisions(found)


def _source(path: Path, output: Path | None) -> Source:
    try:
        size: int | None = path.stat().st_size
    except OSError:
        size = None
    return Source(name=str(path), path=path, output=output, size=size)


def _refuse_collisions(sources: list[Source]) -> Iterator[Source]:
    inputs = {s.path.resolve() for s in sources if s.path is not None and s.error is None}
    claimed: dict[Path, str] = {}
    for s in sources:
        if s.output is not None and s.error is None:
            target = s.output.resolve()
            if target in inputs or (target.exists() and any(_same(target, i) for i in inputs)):
                s = Source(s.name, s.path, s.output, f"refusing to overwrite an input with its output {s.output}")
            elif target in claimed:
                s = Source(s.name, s.path, s.output, f"output {s.output} already written for {claimed[target]}")
            else:
                claimed[target] = s.name
        yield s


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _describe(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


@dataclass
class OpenInput:
    """A source opened for reading: ``stream`` yields decompressed bytes; ``position()`` counts raw bytes read."""

    stream: BinaryIO
    raw: BinaryIO

    def position(self) -> int:
        """Bytes of the file read so far (compressed bytes for gzip), for progress."""
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        """Close the streams (standard input stays open)."""
        if self.stream is not self.raw:
            self.stream.close()
        if self.raw is not sys.stdin.buffer:
            self.raw.close()


def open_input(source: Source) -> OpenInput:
    """Open *source* for reading bytes; raise :class:`InputError` with a one-line reason."""
    if source.error:
        raise InputError(source.error)
    if source.path is None:
        return OpenInput(sys.stdin.buffer, sys.stdin.buffer)
    try:
        if source.path.is_dir():
            raise InputError("is a directory")
        raw: BinaryIO = open(source.path, "rb")
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(f"cannot open: {_describe(e)}") from None
    stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if source.gzipped else raw  # type: ignore[assignment]
    return OpenInput(stream, raw)


def read_all(opened: OpenInput) -> bytes:
    """Read all of a stream, turning I/O and gzip errors into :class:`InputError`."""
    try:
        return opened.stream.read()
    except gzip.BadGzipFile:
        raise InputError("not a gzip file") from None
    except (EOFError, zlib.error):
        raise InputError("corrupt or truncated gzip data") from None
    except OSError as e:
        raise InputError(f"read error: {_describe(e)}") from None


def looks_binary(head: bytes) -> bool:
    """True when *head* (the start of a file) holds a NUL byte, as ``grep`` decides.

    Example:
        >>> looks_binary(b"plain text"), looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
        (False, True)
    """
    return b"\x00" in head[:SNIFF_BYTES]


def decode_text(data: bytes, *, strict: bool) -> tuple[str, str | None]:
    """Decode UTF-8 *data* (BOM dropped); return the text and a warning if bytes were replaced.

    With *strict*, invalid UTF-8 raises :class:`InputError` instead.

    Example:
        >>> decode_text(b"caf\\xc3\\xa9", strict=False)
        ('café', None)
        >>> decode_text(b"caf\\xe9!", strict=False)
        ('caf\\ufffd!', 'invalid UTF-8 at byte 3 (1 byte(s) replaced with U+FFFD)')
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        where = f"invalid UTF-8 at byte {e.start}"
        if strict:
            raise InputError(f"{where} (--strict)") from None
        text = data.decode("utf-8-sig", errors="replace")
        bad = _count_invalid(data)
        return text, f"{where} ({bad} byte(s) replaced with U+FFFD)"


def _count_invalid(data: bytes) -> int:
    count = 0
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            return count
        except UnicodeDecodeError as e:
            count += e.end - e.start
            pos += e.end


class StdoutSink:
    """Standard output as a sink: bytes are written through, nothing to commit."""

    def __init__(self) -> None:
        self.stream = sys.stdout.buffer

    def write(self, data: bytes) -> None:
        """Write *data* to standard output."""
        self.stream.write(data)

    def commit(self) -> None:
        """Flush standard output."""
        self.stream.flush()

    def abort(self) -> None:
        """Flush what was written (standard output cannot be taken back)."""
        self.stream.flush()


class AtomicWriter:
    """Write a file under a temporary name in its folder; :meth:`commit` renames it into place.

    A ``.gz`` target is gzip-compressed. Until :meth:`commit`, the target is
    untouched; :meth:`abort` (or leaving a ``with`` block by an exception)
    deletes the temporary file.
    """

    def __init__(self, path: Path, *, compresslevel: int = 6) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self._raw = os.fdopen(fd, "wb")
        self._out: BinaryIO = (
            gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=self._raw, compresslevel=compresslevel,
                          mtime=0)  # type: ignore[assignment]
            if path.suffix == ".gz" else self._raw
        )
        self._done = False

    def write(self, data: bytes) -> None:
        """Write *data* to the temporary file."""
        self._out.write(data)

    def commit(self) -> None:
        """Finish the file and rename it to its target (replacing an earlier output)."""
        if self._done:
            return
        if self._out is not self._raw:
            self._out.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.chmod(self.tmp, 0o666 & ~_umask)
        os.replace(self.tmp, self.path)
        self._done = True

    def abort(self) -> None:
        """Delete the temporary file; the target stays as it was."""
        if self._done:
            return
        self._done = True
        try:
            self._raw.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
