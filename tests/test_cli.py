"""The ``cleanwire`` command, run for real (``python -m cleanwire`` in a subprocess) on real files."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanwire import clean

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
ARTICLE = "By Jane Doe\nThe council approved the budget on Tuesday.\n\nLEAVE A REPLY\n"
CLEANED = "The council approved the budget on Tuesday.\n"


def cleanwire(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the command in *cwd* (a temporary folder, so no pyproject.toml is found above it)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "cleanwire", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, env=env, timeout=300)


def err_lines(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    return proc.stderr.decode().splitlines()


def write_jsonl(path: Path, records: list[object]) -> Path:
    data = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data, encoding="utf-8")
    return path


# -- text files, folders, standard input ------------------------------------------------


def test_file_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire("a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == CLEANED
    assert proc.stderr == b""


def test_seed_matches_the_library(tmp_path: Path) -> None:
    proc = cleanwire(SEEDS[0], cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.decode() == clean(SEEDS[0].read_text(encoding="utf-8")) + "\n"


@pytest.mark.parametrize("args", [(), ("-",)])
def test_standard_input(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = cleanwire(*args, cwd=tmp_path, stdin=ARTICLE.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == CLEANED


def test_folder_is_mirrored_recursively(tmp_path: Path) -> None:
    src = tmp_path / "scraped"
    (src / "2024" / "may").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE)
    (src / "2024" / "may" / "b.txt").write_text("Share post:\nRain is due.\n")
    (src / "notes.md").write_text(ARTICLE)
    proc = cleanwire("-o", "clean", "scraped", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "clean"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "2024/may/b.txt", "a.txt"]
    assert (out / "a.txt").read_text() == CLEANED
    assert (out / "2024" / "may" / "b.txt").read_text() == "Rain is due.\n"
    assert proc.stdout == b""
    proc = cleanwire("-o", "md", "--glob", "*.md", "scraped", cwd=tmp_path)
    assert [p.name for p in (tmp_path / "md").rglob("*")] == ["notes.md"]


def test_several_files_to_stdout_in_order(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Share post:\nStory number {i} is here.\n")
    proc = cleanwire("2.txt", "0.txt", "1.txt", cwd=tmp_path)
    assert proc.stdout.decode() == "Story number 2 is here.\n\nStory number 0 is here.\n\nStory number 1 is here.\n"


def test_never_overwrites_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire("-o", ".", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert "refusing to overwrite an input" in proc.stderr.decode()
    assert (tmp_path / "a.txt").read_text() == ARTICLE
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text(ARTICLE)
    proc = cleanwire("-o", "in", "in", cwd=tmp_path)
    assert proc.returncode == 1
    assert (folder / "b.txt").read_text() == ARTICLE
    assert sorted(p.name for p in folder.iterdir()) == ["b.txt"]


def test_outputs_are_written_atomically(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("an earlier result\n")
    proc = cleanwire("-o", "out", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert (out / "a.txt").read_text() == CLEANED  # replaced, by rename
    assert [p.name for p in out.iterdir()] == ["a.txt"]  # no temporary file left


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child before it starts: Ctrl-C as a terminal delivers it. A test runner started in
    the background (``nohup``, ``cmd &`` in a script) ignores SIGINT, and a process inherits an
    ignored SIGINT, so without this the command would rightly ignore the test's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("signum, code, message, jobs", [(signal.SIGINT, 130, "interrupted", "1"),
                                                         (signal.SIGINT, 130, "interrupted", "2"),
                                                         (signal.SIGTERM, 143, "terminated", "1")])
def test_interrupt_leaves_no_half_written_file(tmp_path: Path, signum: int, code: int, message: str,
                                               jobs: str) -> None:
    """Ctrl-C (or SIGTERM) in the middle of a JSONL file: the earlier output untouched, no temporary file."""
    fifo = tmp_path / "d.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    out.mkdir()
    (out / "d.jsonl").write_text("an earlier result\n")
    command = [sys.executable, "-m", "cleanwire", "--jsonl", "--batch-bytes", "64", "-j", jobs, "-o", "out", "d.jsonl"]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    fd = os.open(fifo, os.O_WRONLY)  # blocks until the command opens its input
    try:
        record = json.dumps({"text": "Share post:\nA story long enough to fill a batch on its own."}) + "\n"
        os.write(fd, record.encode() * 20)
        deadline = time.monotonic() + 120
        while not list(out.glob(".d.jsonl.*.tmp")):  # results are being written to a temporary file
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr
            time.sleep(0.05)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        os.close(fd)
    assert proc.returncode == code, stderr
    assert message in stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["d.jsonl"]
    assert (out / "d.jsonl").read_text() == "an earlier result\n"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signal masks")
def test_workers_are_born_deaf_to_stop_signals_until_their_handlers_are_set() -> None:
    """A worker forked with the parent's handlers can lose a SIGTERM that arrives before its
    interpreter has settled (CPython clears signals caught in that window); the parent then
    waits for it forever. Ctrl-C right after ``-j 2`` started its pool hung the command about
    once in a hundred runs. So workers are forked with SIGINT and SIGTERM blocked, which keeps
    such a signal pending, and unblock them once SIGTERM is back to its default action."""
    code = """
import json, os, signal
from cleanwire import cli
from cleanwire._work import WorkOptions
born = []
os.register_at_fork(after_in_child=lambda: born.append(sorted(map(int, signal.pthread_sigmask(signal.SIG_BLOCK, [])))))
def probe():
    return (born[0], sorted(map(int, signal.pthread_sigmask(signal.SIG_BLOCK, []))),
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, signal.getsignal(signal.SIGINT) is signal.SIG_IGN)
before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
workers = cli._Workers(2, WorkOptions(spec={}))
workers.start()
assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before, "the parent's mask is restored"
print(json.dumps(workers.pool.apply(probe)))
workers.close(terminate=False)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    born, now, term_default, int_ignored = json.loads(done.stdout)
    assert {signal.SIGINT, signal.SIGTERM} <= set(born)
    assert signal.SIGINT not in now and signal.SIGTERM not in now
    assert term_default and int_ignored


def test_interrupt_while_reading_stdin(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "cleanwire", "--jsonl", "--progress"], cwd=tmp_path,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    assert proc.stderr is not None and proc.stdin is not None
    proc.stdin.write(b'{"text": "Rain."}\n')
    proc.stdin.flush()
    proc.stderr.read(1)  # the progress bar is drawn: the command is in its main loop
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode == 130
    assert b"interrupted" in proc.stderr.read()
    proc.stdin.close()
    assert proc.stdout is not None
    proc.stdout.close()
    proc.stderr.close()


# -- JSON lines -------------------------------------------------------------------------


def test_jsonl_dotted_field_and_passthrough(tmp_path: Path) -> None:
    records = [{"id": i, "url": f"https://example.org/{i}", "inputs": {"page_text": ARTICLE, "n": [1, 2.5, None]},
                "ok": True} for i in range(3)]
    write_jsonl(tmp_path / "dump.jsonl", records)
    proc = cleanwire("--field", "inputs.page_text", "dump.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    for before, after in zip(records, got, strict=True):
        assert after["inputs"]["page_text"] == CLEANED.strip()
        after["inputs"]["page_text"] = ARTICLE
        assert after == before
    assert len(got) == 3


def test_jsonl_flag_on_stdin_and_explain_field(tmp_path: Path) -> None:
    line = json.dumps({"text": "Share post:\nThe mayor resigned.", "lang": "en"}) + "\n"
    proc = cleanwire("--jsonl", "--explain-field", "cleanwire", cwd=tmp_path, stdin=line.encode())
    record = json.loads(proc.stdout)
    assert record["text"] == "The mayor resigned."
    assert record["lang"] == "en"
    assert record["cleanwire"] == [{"line": 1, "action": "drop", "cleaner": "social",
                                    "reason": "share or subscribe widget", "text": "Share post:"}]


BAD_RECORDS = [
    {"id": 1, "text": ARTICLE},
    {"id": 2, "body": "no text field"},
    "{not json",
    {"id": 4, "text": None},
    {"id": 5, "text": ARTICLE},
]


@pytest.mark.parametrize("policy, ids, code", [("keep", [1, 2, 3, 4, 5], 1), ("skip", [1, 5], 1)])
def test_bad_records_are_reported_never_lost(tmp_path: Path, policy: str, ids: list[int], code: int) -> None:
    write_jsonl(tmp_path / "d.jsonl", BAD_RECORDS)
    proc = cleanwire("--on-error", policy, "d.jsonl", cwd=tmp_path)
    assert proc.returncode == code  # malformed JSON is an error
    lines = proc.stdout.decode().splitlines()
    if policy == "keep":
        assert lines[2] == "{not json"
        assert [json.loads(x)["id"] for i, x in enumerate(lines) if i != 2] == [1, 2, 4, 5]
        assert json.loads(lines[1]) == {"id": 2, "body": "no text field"}
    else:
        assert [json.loads(x)["id"] for x in lines] == ids
    errors = err_lines(proc)
    assert [e.split(": ")[2].split(":")[1] for e in errors] == ["2", "3", "4"]  # line numbers
    assert "no field 'text'" in errors[0] and "malformed JSON" in errors[1] and "null" in errors[2]


def test_missing_fields_only_warn(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", [{"text": "Rain."}, {"body": "x"}])
    proc = cleanwire("d.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    assert err_lines(proc) == ["cleanwire: warning: d.jsonl:2: no field 'text'; record kept unchanged"]


def test_on_error_fail_stops_and_writes_nothing(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", BAD_RECORDS)
    proc = cleanwire("--on-error", "fail", "-o", "out", "d.jsonl", cwd=tmp_path)
    assert proc.returncode == 1
    assert err_lines(proc) == ["cleanwire: error: d.jsonl:2: no field 'text' (--on-error fail)"]
    assert not (tmp_path / "out" / "d.jsonl").exists()
    assert list((tmp_path / "out").iterdir()) == []


def test_gzip_in_and_out(tmp_path: Path) -> None:
    records = [{"id": i, "text": ARTICLE} for i in range(50)]
    write_jsonl(tmp_path / "d.jsonl.gz", records)
    proc = cleanwire("-o", "out", "d.jsonl.gz", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with gzip.open(tmp_path / "out" / "d.jsonl.gz", "rt", encoding="utf-8") as f:
        got = [json.loads(line) for line in f]
    assert got == [{"id": i, "text": CLEANED.strip()} for i in range(50)]
    (tmp_path / "t.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    assert cleanwire("t.txt.gz", cwd=tmp_path).stdout.decode() == CLEANED


# -- parallel runs, progress, stats ----------------------------------------------------


def test_jobs_keep_input_order(tmp_path: Path) -> None:
    records = [{"id": i, "text": f"Share post:\nStory {i} about the harbour and the town council."}
               for i in range(400)]
    write_jsonl(tmp_path / "a.jsonl", records[:250])
    write_jsonl(tmp_path / "b.jsonl", records[250:])
    for i in range(30):
        (tmp_path / f"t{i:02}.txt").write_text(f"Share post:\nText {i}.\n")
    one = cleanwire("--batch-bytes", "300", "a.jsonl", "b.jsonl", cwd=tmp_path)
    two = cleanwire("--batch-bytes", "300", "--jobs", "2", "a.jsonl", "b.jsonl", cwd=tmp_path)
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout
    assert [json.loads(x)["id"] for x in two.stdout.decode().splitlines()] == list(range(400))
    texts = sorted(str(p.name) for p in tmp_path.glob("t*.txt"))
    proc = cleanwire("--batch-bytes", "20", "-j", "2", *texts, cwd=tmp_path)
    assert proc.stdout.decode() == "\n".join(f"Text {i}.\n" for i in range(30))


def test_progress_only_when_asked_and_stats(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", [{"text": ARTICLE}, {"text": "Le conseil municipal a voté le budget "
                                       "mardi soir après un long débat avec les habitants du quartier."}])
    quiet = cleanwire("d.jsonl", cwd=tmp_path)
    assert quiet.stderr == b""  # standard error is not a terminal: no bar
    proc = cleanwire("--progress", "--stats", "-j", "2", "d.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    err = proc.stderr.decode()
    assert "docs" in err
    assert "documents      2" in err
    assert "bylines" in err and "comments" in err  # lines removed by each cleaner
    assert "languages      en 1, fr 1" in err or "languages      fr 1, en 1" in err


# -- explain ---------------------------------------------------------------------------


def test_explain_reports_each_file(tmp_path: Path) -> None:
    proc = cleanwire("--explain", *SEEDS, cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "\x1b[" not in out  # piped: plain text
    headers = [line for line in out.splitlines() if line.startswith("==> ")]
    assert [h.split(" <==")[0][4:] for h in headers] == [str(s) for s in SEEDS]
    assert "-     1 [bylines: byline] By Rwenzori Daily" in out
    assert "[normalize_quotes: curly quotes to ASCII]" in out
    colored = cleanwire("--explain", "--color", "always", SEEDS[0], cwd=tmp_path).stdout.decode()
    assert "\x1b[31m-     1 [bylines: byline] By Rwenzori Daily\x1b[0m" in colored


def test_explain_with_output_folder_writes_both(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire("--explain", "-o", "out", "a.txt", cwd=tmp_path)
    assert "[comments: comment prompt or form label] LEAVE A REPLY" in proc.stdout.decode()
    assert (tmp_path / "out" / "a.txt").read_text() == CLEANED


def test_explain_jsonl_names_the_line(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", [{"text": "Rain."}, {"text": ARTICLE}])
    out = cleanwire("--explain", "d.jsonl", cwd=tmp_path).stdout.decode()
    assert "==> d.jsonl:2 <== language: en, 2 removed, 0 changed" in out


# -- pipelines and configuration -------------------------------------------------------


def test_pipeline_presets_and_flags(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE + "\u201cQuoted.\u201d\n")
    assert "By Jane Doe" in cleanwire("--pipeline", "repair_only", "a.txt", cwd=tmp_path).stdout.decode()
    out = cleanwire("--disable", "bylines", "--no-quotes", "a.txt", cwd=tmp_path).stdout.decode()
    assert out.startswith("By Jane Doe\n") and "\u201cQuoted.\u201d" in out


def test_pipeline_toml_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Join our Telegram channel\nBy Jane Doe\nRain is due.\n")
    (tmp_path / "p.toml").write_text('disable = ["bylines"]\nquotes = true\n'
                                     '[phrases]\nsocial = ["join our telegram.*"]\n')
    for flag in ("--pipeline", "--config"):
        proc = cleanwire(flag, "p.toml", "a.txt", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.decode() == "By Jane Doe\nRain is due.\n"


def test_pyproject_is_read_unless_no_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cleanwire]\npreset = "repair_only"\n')
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert cleanwire("a.txt", cwd=tmp_path).stdout.decode() == ARTICLE
    assert cleanwire("--no-config", "a.txt", cwd=tmp_path).stdout.decode() == CLEANED
    shown = cleanwire("--show-pipeline", cwd=tmp_path).stdout.decode()
    assert shown.startswith("Pipeline([]")


@pytest.mark.parametrize("content, message", [
    ("preset = ", "invalid TOML"),
    ('quote = true', "unknown key 'quote'"),
    ('disable = ["bilines"]', "unknown cleaner(s) ['bilines']"),
    ('quotes = "yes"', "quotes must be true or false"),
])
def test_bad_config_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "p.toml").write_text(content)
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire("--config", "p.toml", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(err_lines(proc)) == 1 and message in proc.stderr.decode()
    assert proc.stdout == b""


# -- bad input and usage errors ---------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire("nope.txt", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert err_lines(proc) == ["cleanwire: error: nope.txt: no such file or directory"]
    assert proc.stdout.decode() == CLEANED  # the other inputs are still cleaned


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = cleanwire("img.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert err_lines(proc) == ["cleanwire: error: img.txt: binary file (it holds NUL bytes), skipped"]
    as_jsonl = cleanwire("--jsonl", "img.txt", cwd=tmp_path)
    assert as_jsonl.returncode == 1 and "binary file" in as_jsonl.stderr.decode()


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "broken.txt.gz").write_bytes(b"this is not gzip")
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n' * 100)[:-30])
    proc = cleanwire("broken.txt.gz", "cut.jsonl.gz", cwd=tmp_path)
    assert proc.returncode == 1
    errors = err_lines(proc)
    assert errors[0] == "cleanwire: error: broken.txt.gz: not a gzip file"
    assert errors[1].startswith("cleanwire: error: cut.jsonl.gz: corrupt or truncated gzip data")
    if os.geteuid() != 0:  # root reads everything
        locked = tmp_path / "locked.txt"
        locked.write_text(ARTICLE)
        locked.chmod(0)
        proc = cleanwire("locked.txt", cwd=tmp_path)
        assert proc.returncode == 1
        assert err_lines(proc) == ["cleanwire: error: locked.txt: permission denied"]


def test_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"The caf\xe9 opened on Tuesday.\n")
    proc = cleanwire("a.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.decode() == "The caf\ufffd opened on Tuesday.\n"
    assert err_lines(proc) == ["cleanwire: warning: a.txt: invalid UTF-8 at byte 7 (1 byte(s) replaced with U+FFFD)"]
    strict = cleanwire("--strict", "a.txt", cwd=tmp_path)
    assert strict.returncode == 1
    assert err_lines(strict) == ["cleanwire: error: a.txt: invalid UTF-8 at byte 7 (--strict)"]
    (tmp_path / "d.jsonl").write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    proc = cleanwire("--strict", "-o", "out", "d.jsonl", cwd=tmp_path)
    assert proc.returncode == 1
    assert err_lines(proc) == ["cleanwire: error: d.jsonl:2: invalid UTF-8 at byte 13 (--strict)"]
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (["--jobs", "-1", "a.txt"], "--jobs must be"),
    (["--pipeline", "fastest", "a.txt"], "neither a preset"),
    (["-o", "out"], "-o needs files or folders"),
    (["--disable", "nope", "a.txt"], "unknown cleaner"),
    (["--on-error", "ignore", "a.txt"], "invalid choice"),
])
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    proc = cleanwire(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr.decode()
    assert proc.stdout == b""


def test_help_documents_exit_codes(tmp_path: Path) -> None:
    proc = cleanwire("--help", cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for code in ("0 ", "1 ", "2 ", "130", "141", "143"):
        assert f"\n  {code}" in out
    assert "--jobs" in out and "--explain" in out and "--on-error" in out
