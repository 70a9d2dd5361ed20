"""The review page (``cleanwire --report``): its escaping, its sampling, and the command that writes it.

What a person sees in a real browser is checked in ``test_review_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleanwire import Pipeline
from cleanwire._html_report import escape, render_review
from cleanwire._report import Stats
from cleanwire._review import ReviewCollector, ReviewPart, observe, reason_key
from review_inputs import HOSTILE, hostile_document, run_cleanwire

ROOT = Path(__file__).resolve().parents[1]

class _Elements(HTMLParser):
    """Every start tag of a page, with its attributes, and the text outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def review_of(texts: list[str], **collector_options: int) -> tuple[str, ReviewCollector]:
    pipeline = Pipeline.preset("default")
    collector = ReviewCollector(**collector_options)
    stats = Stats()
    for number, text in enumerate(texts, start=1):
        doc = pipeline.document(text)
        collector.add(observe(doc, source=0, number=number, request=collector.request()))
        stats.docs += 1
        stats.languages[doc.language] += 1
        for d in doc.trace:
            (stats.removed if d.action == "drop" else stats.changed)[d.cleaner] += 1
    return render_review(collector, stats, names=["dump.jsonl"], jsonl=[True]), collector


# -- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_markup(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "'" not in escaped
    assert parse(f"<p title=\"{escaped}\">{escaped}</p>").tags == [("p", {"title": text})]
    assert "".join(parse(f"<p>{escaped}</p>").text) == text


def test_escape_replaces_what_html_cannot_hold() -> None:
    assert escape("a\x00b\x1bc\ud800d\tе\n") == "a\ufffdb\ufffdc\ufffdd\tе\n"
    escape("\ud800").encode("utf-8")  # a lone surrogate no longer stops the page from being written


def test_hostile_text_reaches_the_page_as_text_only() -> None:
    page, _ = review_of([hostile_document(), "Share post:\nAn ordinary story about the weather today."])
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert not {"img", "iframe", "a", "base", "textarea"} & set(tags)
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    text = "".join(parsed.text)
    for line in HOSTILE:
        assert line in text  # shown, whole, as text (once among the kept or removed lines)
    # the one script and the one style sheet are the page's own, and the policy allows only them
    [policy] = [a["content"] for t, a in parsed.tags
                if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy is not None and "default-src 'none'" in policy

    def digest(s: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    assert f"script-src '{digest(''.join(parsed.scripts))}'" in policy
    assert f"style-src '{digest(''.join(parsed.styles))}'" in policy


def test_cleaner_names_and_reasons_from_user_code_are_escaped_too() -> None:
    def odd_rule(text: str) -> str | None:
        return "<b onmouseover=alert(1)>" if text.startswith("Promo") else None

    pipeline = Pipeline(["comments", odd_rule])
    collector = ReviewCollector()
    doc = pipeline.document("Promo code inside\nThe story goes on here.")
    collector.add(observe(doc, source=0, number=0, request=collector.request()))
    stats = Stats(docs=1)
    stats.removed["odd_rule"] += 1
    parsed = parse(render_review(collector, stats, names=["<i>name</i>.txt"], jsonl=[False]))
    assert not {"b", "i"} & {tag for tag, _ in parsed.tags}
    assert "<b onmouseover=alert(1)>" in "".join(parsed.text) and "<i>name</i>.txt" in "".join(parsed.text)


# -- sampling ------------------------------------------------------------------------------


def test_samples_are_bounded_and_independent_of_arrival_order() -> None:
    texts = [f"Share post:\nStory number {i} is told here in full.\nLEAVE A REPLY" for i in range(60)]
    _, forward = review_of(texts, max_docs=7, per_cleaner=3)
    assert len(forward.documents()) == 7
    assert {c: len(v) for c, v in forward.samples().items()} == {"comments": 3, "social": 3}
    assert forward.reasons[("social", "share or subscribe widget")] == 60  # counts are kept in full

    # the same documents arriving in another order (as from several workers) give the same sample
    pipeline = Pipeline.preset("default")
    backward = ReviewCollector(max_docs=7, per_cleaner=3)
    for number in reversed(range(1, 61)):
        part = ReviewPart()
        observe(pipeline.document(texts[number - 1]), source=0, number=number, request=backward.request(),
                into=part)
        backward.add(part)
    assert forward.documents() == backward.documents()
    assert forward.samples() == backward.samples()


def test_long_documents_are_cut_on_the_page() -> None:
    from cleanwire._review import MAX_LINES_PER_DOC

    text = "\n".join(f"Line {i} of a very long page with many words." for i in range(MAX_LINES_PER_DOC + 5))
    _, collector = review_of([text])
    [view] = collector.documents()
    assert len(view.lines) == MAX_LINES_PER_DOC and view.more_lines == 5


def test_reason_key_groups_scores() -> None:
    assert reason_key("p(content)=0.12 (page); short line") == reason_key("p(content)=0.31 (page); short line")
    assert reason_key("photo caption") == "photo caption"


# -- the command -----------------------------------------------------------------------------


def write_dump(path: Path, count: int) -> list[str]:
    texts = [hostile_document()] + [f"Share post:\nStory number {i} is told here in full.\nLEAVE A REPLY"
                                    for i in range(count - 1)]
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return texts


def test_report_replaces_standard_output_and_is_the_same_with_any_jobs(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump.jsonl", 40)
    one = run_cleanwire("--report", "one.html", "--report-docs", "5", "--batch-bytes", "300", "dump.jsonl",
                        cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout == ""  # a review run prints no cleaned text
    two = run_cleanwire("--report", "two.html", "--report-docs", "5", "--batch-bytes", "300", "-j", "2",
                        "dump.jsonl", cwd=tmp_path)
    assert two.returncode == 0, two.stderr
    page = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert page == (tmp_path / "two.html").read_text(encoding="utf-8")
    assert page.count('<details class="doc"') == 5
    assert ">40</td>" in page  # 40 documents counted, 5 shown

    with_output = run_cleanwire("--report", "three.html", "-o", "clean", "dump.jsonl", cwd=tmp_path)
    assert with_output.returncode == 0, with_output.stderr
    assert (tmp_path / "clean" / "dump.jsonl").is_file() and (tmp_path / "three.html").is_file()


def test_report_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump.jsonl", 2)
    before = (tmp_path / "dump.jsonl").read_bytes()
    proc = run_cleanwire("--report", "dump.jsonl", "dump.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and "refusing to overwrite an input" in proc.stderr
    assert (tmp_path / "dump.jsonl").read_bytes() == before
    proc = run_cleanwire("--report", ".", "dump.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and "give the name of an HTML file" in proc.stderr
    proc = run_cleanwire("--report", "r.html", "--report-docs", "-1", "dump.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and not (tmp_path / "r.html").exists()
