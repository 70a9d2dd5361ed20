"""The native engine gives the Python engine's answers: text, language and the whole trace.

The Python engine (``Pipeline.document``, which always runs it) is the reference; the engine
of the process (``Pipeline.run`` / ``Pipeline.clean``) is compared with it on generated
scraped-looking documents full of Unicode edge cases, for every preset and option, with
extra phrases and with a user's own cleaner. Under ``CLEANWIRE_ENGINE=python`` both sides are
the Python engine and the comparison holds trivially; these tests then skip. Without the
extension they skip too, except under CI (``CI=true``), where the extension must be there.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleanwire
from cleanwire import Pipeline
from cleanwire.document import line_key
from cruft_families import GOLDEN_DIR, SEED_PATHS, planted

CHOSEN = os.environ.get("CLEANWIRE_ENGINE", "").strip().lower()
if cleanwire.ENGINE != "native" and os.environ.get("CI") == "true" and CHOSEN != "python":
    raise AssertionError("CI: the native extension cleanwire._native did not build or import")
native_only = pytest.mark.skipif(
    cleanwire.ENGINE != "native",
    reason="the Python engine runs (CLEANWIRE_ENGINE=python, or cleanwire._native is not built): nothing to compare",
)

EDGE = [
    "\x85", "\u2028", "\u2029", "\x1c", "\x1d", "\x1e", "\x1f", "\v", "\f", "\r", "\r\n", "\x00", "\t",
    "\u00a0", "\u3000", "\u2009", "\u202f", "\u200b", "\ufeff",
    "ß", "İ", "ı", "ς", "Σ", "ΣΑΣ", "ﬁ", "ŉ", "ǰ", "ẞ", "Ꭰ", "ꭰ",
    "e\u0301", "\u0301", "\u0345", "\U0001f600", "\u2018", "\u2019", "\u201c", "\u201d", "\u2026", "\u2013",
    "\u2014", "\u02bc", "\u00b4", "\u2032", "»", "«", "•", "►", "\U00011f50", "\U00011f51", "\U0001e4f0",
    "\u0c5d", "\U00031350", "&amp;", "caf\u00c3\u00a9", "\ufffd", "<div>", "</p>", "}", ");",
]
CRUFT = [
    "LEAVE A REPLY", "Share post:", "By Jane Doe", "By JANE DOE and John Smith", "Related", "Related Posts",
    "Advertisement", "Source: Reuters", "Source: Read Full Article", "We use cookies to improve your experience.",
    "Jane says:", "Tom Baker says", "2. Ann Lee says:", "12 comments", "* * *", ">", "Photo: Getty Images",
    "5 min read", "World News", "3 May 2024", "12.05.2024 14:30", "Date:", "Facebook Twitter WhatsApp",
    "Home", "Skip to content", "Book a demo", "Copyright © 2025 Example Ltd. All rights reserved.",
    "Kommentar schreiben", "Laisser un commentaire", "Deja un comentario", "Minister resigns [UPDATE]",
    "Putin warns of new crisis (VIDEO)", "• Minister warns of new crisis in Europe", "layers",
    "A soldier stands on the rubble of a house in Kharkiv", "War in Ukraine: What the footage shows",
    "Posted by admin on 3 May 2024", "photo_camera", "Read more »", "• Related (12)",
]
PROSE = [
    "The council approved the budget on Tuesday, the mayor\u2019s office said.",
    "Prices rose again in May, the statistics office said on Friday, citing higher energy costs.",
    "Die Regierung hat am Montag neue Regeln f\u00fcr den Verkehr in der Stadt beschlossen, sagte er.",
    "Le gouvernement a adopt\u00e9 lundi de nouvelles r\u00e8gles pour la circulation dans la ville.",
    "El gobierno aprob\u00f3 el lunes nuevas normas para el tr\u00e1fico en la ciudad, dijo el alcalde.",
    "A woman walks past the rubble of a house in Irpin, Ukraine",
    "The strike ended after talks that lasted through the night and into the next morning...",
    "\u201cHe seems erratic,\u201d she said of the minister, who did not reply to requests for comment.",
    "Officials said repairs would take months and cost more than the town could pay on its own.",
    # scripts without spaces between words: few "words", so no prose line (lang.is_dense_script_prose)
    "\u5317\u4eac\u5e02\u653f\u5e9c\u5468\u4e00\u5ba3\u5e03\u4e86\u4e00\u9879\u65b0\u7684\u4ea4\u901a"
    "\u7ba1\u7406\u89c4\u5b9a\uff0c\u65e8\u5728\u7f13\u89e3\u4ea4\u901a\u62e5\u5835\u3002",
    "\u6771\u4eac\u90fd\u306f\u6708\u66dc\u65e5\u3001\u65b0\u3057\u3044\u4ea4\u901a\u898f\u5247\u3092"
    "\u767a\u8868\u3057\u307e\u3057\u305f\u3002\u5e02\u6c11\u306e\u610f\u898b\u3082\u805e\u304d\u307e\u3057\u305f\u3002",
    "\u0e23\u0e31\u0e10\u0e1a\u0e32\u0e25\u0e1b\u0e23\u0e30\u0e01\u0e32\u0e28\u0e01\u0e0e\u0e08\u0e23\u0e32\u0e08\u0e23"
    "\u0e43\u0e2b\u0e21\u0e48\u0e43\u0e19\u0e27\u0e31\u0e19\u0e08\u0e31\u0e19\u0e17\u0e23\u0e4c",
]
SEPARATORS = ["\n", "\n", "\n\n", "\n\n\n", "\r\n", "\u2028", "\x85", "\r", "\n \n", "\v", "\x1c"]

token = st.one_of(st.sampled_from(EDGE), st.text(max_size=6), st.sampled_from(["a", "the", "Ann", "says", ":"]))
noisy_line = st.lists(token, max_size=8).map(" ".join)
line = st.one_of(
    st.sampled_from(CRUFT), st.sampled_from(PROSE), noisy_line,
    st.tuples(st.sampled_from(PROSE), st.sampled_from(EDGE)).map(lambda t: t[0].replace(" ", f" {t[1]}", 2)),
    st.tuples(st.sampled_from(CRUFT), st.sampled_from(["\u2019", "\u2026", " ", "\u00a0", "!", ":"]))
    .map("".join).map(str.upper),
    st.integers(200, 3000).map(lambda n: ("word " * n).strip()),
)
indent = st.sampled_from(["", "", " ", "  ", "\t", "\u3000", "\u00a0"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A scraped-looking text: prose, cruft and noise lines with mixed separators and indents."""
    lines = draw(st.lists(st.tuples(indent, line, st.sampled_from(SEPARATORS)), max_size=30))
    return "".join(i + text + sep for i, text, sep in lines)


def reference(pipeline: Pipeline, text: str) -> tuple[object, ...]:
    doc = pipeline.document(text)
    return doc.render(), doc.language, tuple(doc.trace), pipeline.document(text, explain=False).render()


def engine(pipeline: Pipeline, text: str) -> tuple[object, ...]:
    result = pipeline.run(text)
    return result.text, result.language, result.trace, pipeline.clean(text)


def assert_same(pipeline: Pipeline, text: str) -> None:
    want, got = reference(pipeline, text), engine(pipeline, text)
    assert got == want, f"{pipeline!r} on {text!r}"


PIPELINES = [
    Pipeline.preset("default"),
    Pipeline.preset("rules"),
    Pipeline.preset("repair_only"),
    Pipeline.preset("default", quotes=False),
    Pipeline.preset("default", repair=False),
    Pipeline.preset("default", language="de"),
    Pipeline.preset("rules", language="fr"),
    Pipeline.preset("default", language="es").without("captions", "layout"),
    Pipeline.preset("default").with_phrases("navigation", [r"my site \w+", "totally custom"])
    .with_phrases("captions", [r"\bpic by\b"]).with_phrases("related", ["see also"])
    .with_phrases("bylines", [r"written by \S+"]),
]


@native_only
@given(st.data())
@settings(max_examples=60)
def test_every_pipeline_matches_the_python_engine(data: st.DataObject) -> None:
    text = data.draw(documents())
    pipeline = data.draw(st.sampled_from(PIPELINES))
    assert_same(pipeline, text)


@native_only
@given(documents())
@settings(max_examples=80)
@example("caf\u00c3\u00a9 &amp; friends\nLEAVE A REPLY\nThe mayor said \u201cno\u201d.")
@example("STRASSE ß İstanbul ΣΑΣ\nShare post:\n\u2028By Jane Doe\x85Related\r\n\n")
def test_default_pipeline_matches_the_python_engine(text: str) -> None:
    assert_same(Pipeline.preset("default"), text)


@native_only
@given(st.sampled_from(SEED_PATHS).map(lambda p: p.read_text(encoding="utf-8")).flatmap(planted))
@settings(max_examples=25)
def test_planted_cruft_on_seed_articles_matches(planted_text: tuple[str, object]) -> None:
    assert_same(Pipeline.preset("default"), planted_text[0])


# Chinese and Japanese: runs of their characters count one word per two characters, and their
# full stops end sentences (document.word_tokens, both engines).
_CJK_ALPHABET = list("北京市政府周一宣布了新的交通管理规定東京都はカタかな") + [
    "\u3002", "\uff01", "\uff1f", "\uff0c", " ", "\u3000", "a", "B", "1", "_", ".", "\u30fb", "\u3099",
    "\u309f", "\u3400", "\u4dbf", "\uf900", "\U00020000", "\U0003134f", "\U00031350", "\u2e80"]


@native_only
@given(st.lists(st.text(alphabet=st.sampled_from(_CJK_ALPHABET), min_size=1, max_size=70), max_size=14))
@settings(max_examples=80)
def test_chinese_and_japanese_text_matches(lines: list[str]) -> None:
    assert_same(Pipeline.preset("default"), "\n".join(lines))


@native_only
@given(st.text(alphabet=st.characters(), max_size=200))
@settings(max_examples=100)
def test_any_text_matches(text: str) -> None:
    """Any code point, lone surrogates included (those calls run the Python engine)."""
    assert_same(Pipeline.preset("default"), text)


@native_only
def test_lone_surrogates_get_the_python_answer() -> None:
    text = "The council approved the budget on Tuesday, the mayor said.\ud800\nLEAVE A REPLY\udfff"
    for pipeline in (Pipeline.preset("default"), Pipeline.preset("default", repair=False)):
        assert_same(pipeline, text)
    assert "\ud800" in cleanwire.clean(text, repair=False)


@native_only
def test_a_users_own_cleaner_runs_with_the_same_output() -> None:
    def no_ads(text: str) -> str | None:
        return "ad label" if text.lower() == "sponsored content" else None

    pipeline = Pipeline.preset("default").with_cleaner(no_ads, before="banners")
    text = "Sponsored content\nLEAVE A REPLY\n" + SEED_PATHS[0].read_text(encoding="utf-8")
    assert_same(pipeline, text)
    assert any(d.cleaner == "no_ads" for d in pipeline.run(text).trace)


@native_only
def test_seeds_and_every_preset_match() -> None:
    for path in SEED_PATHS:
        text = path.read_text(encoding="utf-8")
        for pipeline in PIPELINES:
            assert_same(pipeline, text)


@native_only
@given(st.lists(st.sampled_from(["<div>", "}", ");", "Home", "HOME", "home", "  Home", "Share post:",
                                 "By Jane Doe", "3 May 2024", "Related", "* * *", "Photo: Getty Images",
                                 *PROSE]), min_size=5, max_size=60),
       st.integers(min_value=1, max_value=40))
@settings(max_examples=40)
def test_repeated_lines_match_the_python_engine(lines: list[str], times: int) -> None:
    """Repeated lines (code, menus): the native engine works out a line's checks, its layout
    counts and, where the trees take the same paths, its scores once per text of a document."""
    text = "\n".join(lines * times)
    assert_same(Pipeline.preset("default"), text)
    assert_same(Pipeline.preset("default"), SEED_PATHS[0].read_text(encoding="utf-8") + "\n" + text)


def test_engine_is_reported() -> None:
    assert cleanwire.ENGINE in ("native", "python")
    if CHOSEN in ("native", "python"):
        assert cleanwire.ENGINE == CHOSEN
    out = subprocess.run([sys.executable, "-m", "cleanwire", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith(f"(engine: {cleanwire.ENGINE})")


def test_engine_choice_is_honoured_and_never_silent(tmp_path: object) -> None:
    code = "import cleanwire; print(cleanwire.ENGINE)"
    env = dict(os.environ, CLEANWIRE_ENGINE="python")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "python"
    env["CLEANWIRE_ENGINE"] = "bogus"
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "CLEANWIRE_ENGINE" in bad.stderr
    # native asked for where the extension cannot import: an ImportError, not the Python engine
    blocker = ("import sys, importlib.abc\n"
               "class B(importlib.abc.MetaPathFinder):\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name == 'cleanwire._native': raise ImportError('blocked')\n"
               "sys.meta_path.insert(0, B())\n" + code)
    env["CLEANWIRE_ENGINE"] = "native"
    blocked = subprocess.run([sys.executable, "-c", blocker], env=env, capture_output=True, text=True)
    assert blocked.returncode != 0 and "ImportError" in blocked.stderr and "CLEANWIRE_ENGINE=native" in blocked.stderr


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="the extension is required only under CI")
def test_ci_built_the_extension() -> None:
    import cleanwire._native  # noqa: F401  (fails the run when the build did not happen)


@native_only
def test_built_in_pipelines_really_run_natively() -> None:
    """The comparisons above compare two engines: every built-in pipeline has a native plan,
    and an ordinary text gets the native answer (not the Python engine's fallback)."""
    from cleanwire import _engine

    for pipeline in PIPELINES:
        assert _engine._plan(pipeline) is not None, pipeline
        assert _engine.native_run(pipeline, "LEAVE A REPLY\nThe bridge reopened.", [], True, True) is not None
    assert _engine._plan(Pipeline(["comments", lambda text: None])) is None


PIECES = ["\n", "&amp;", "\u00c3\u00a9", "Share post:", "By Jane Doe", "\u201cQuoted.\u201d", "\ud800",
          "The council approved the budget on Tuesday, the mayor said."]


@native_only
@given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), max_size=8).map("".join))
@settings(max_examples=200, deadline=None)
def test_the_one_call_path_is_the_full_one(text: str) -> None:
    """``Plan.clean`` (what ``clean()`` takes for a str) answers as ``Plan.run`` does, and leaves
    a text to repair (or not UTF-8) to the full path exactly when ``needs_repair`` says so."""
    from cleanwire import _engine
    from cleanwire.normalize import needs_repair

    for pipeline in (PIPELINES[0], PIPELINES[4]):  # default, and default with repair=False
        fast = _engine.native_clean(pipeline, text)
        if (pipeline.repair and needs_repair(text)) or "\ud800" in text:
            assert fast is None
        else:
            full = _engine.native_run(pipeline, text, [], False, False)
            assert full is not None and fast == full[0]
        assert pipeline.clean(text) == pipeline.document(text, explain=False).render()


def test_a_pipeline_that_ran_can_be_pickled() -> None:
    """Dask, Spark and the CLI's workers send pipelines to other processes."""
    import pickle

    pipeline = Pipeline.preset("default")
    text = SEED_PATHS[0].read_text(encoding="utf-8")
    before = pipeline.clean(text)
    copy = pickle.loads(pickle.dumps(pipeline))
    assert copy.clean(text) == before


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list("&#;amp\u00c3\u00a9\u00e2\u20ac\u2122\ufffd"))),
               max_size=60))
@settings(max_examples=300)
def test_the_repair_check_is_the_python_one(text: str) -> None:
    from cleanwire import _engine
    from cleanwire.normalize import needs_repair

    assert _engine.needs_repair(text) == needs_repair(text)


@native_only
def test_differential_command_ci_subset() -> None:
    """``bench/differential.py --ci`` (seeds, fixtures and a corpus slice when ../shared is there),
    limited here to 20 corpus pages: every text identical under both engines."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "differential.py"
    spec = importlib.util.spec_from_file_location("cw_differential", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--ci", "--limit", "20", "--presets", "default,rules"]) == 0


_REGEX_CLASSES = tuple(regex.compile(p).fullmatch for p in (r"\w", r"\p{Lu}", r"\p{L}", r"\d", r"\s"))


def _class_bits_by_hand(c: str) -> int:
    """The layout classes of one character, asked of ``str`` and ``regex`` one by one."""
    word, upper, letter, digit, space = _REGEX_CLASSES
    tests = (c.isalnum(), c.isupper(), c.islower(), c.isdigit(), word(c), upper(c), letter(c), digit(c), space(c))
    return sum(1 << bit for bit, yes in enumerate(tests) if yes)


def test_layout_class_runs_are_this_pythons() -> None:
    """The layout crate reads Python's character classes (str methods, the regex module's \\w,
    \\p{L} …) from the runs the native engine installs when it starts
    (``_native_spec.layout_class_runs``, computed a class at a time). They must be the classes
    this Python and this regex module give each code point, asked one character at a time."""
    from cleanwire import _native_spec as spec

    assert [name for name, _ in spec.LAYOUT_CLASSES] == [
        "ALNUM", "UPPER", "LOWER", "DIGIT", "WORD", "LU", "LETTER", "DECIMAL", "SPACE"]
    by_hand: list[tuple[int, int, int]] = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        bits = _class_bits_by_hand(chr(cp))
        if not bits:
            continue
        if by_hand and by_hand[-1][1] == cp - 1 and by_hand[-1][2] == bits:
            by_hand[-1] = (by_hand[-1][0], cp, bits)
        else:
            by_hand.append((cp, cp, bits))
    assert list(spec.layout_class_runs()) == by_hand


def _expand(runs: list[tuple[int, int, int]] | tuple[tuple[int, int, int], ...]) -> dict[int, int]:
    return {cp: bits for first, last, bits in runs for cp in range(first, last + 1)}


@native_only
def test_native_layout_reads_the_running_pythons_classes() -> None:
    """Once the native engine has started, the layout crate gives every code point the classes
    of ``layout_class_runs`` (this Python's), not those of the Python that generated its
    compiled table (native/layout/src/pytables.rs), which a new Python or regex release can
    make stale."""
    from cleanwire import _native_spec as spec
    from cleanwire._engine import _NATIVE

    cleanwire.clean("Start the engine.")
    text = spec._all_chars()
    got = _NATIVE.layout_char_classes(text)
    want = _expand(spec.layout_class_runs())
    assert got == [want.get(ord(c), 0) for c in text]


@native_only
def test_native_layout_takes_its_classes_from_the_engine_start() -> None:
    """In a fresh process, a table of classes changed before the engine starts (as another
    Python's would be: a letter that this one leaves unassigned, below and above U+0800) is the
    one the layout crate reads; and another table afterwards is refused, not mixed in."""
    code = """
import cleanwire
from cleanwire import _native_spec as spec
from cleanwire._engine import _NATIVE
runs = list(spec.layout_class_runs())
extra = [(0x378, 0x378, 0b1110011), (0x10FFFD, 0x10FFFD, 0b1000000)]
changed = tuple(sorted(runs + extra))
spec.layout_class_runs.cache_clear()
spec.unicode_tables.cache_clear()
spec.layout_class_runs = lambda: changed
cleanwire.clean("Start the engine.")
print(_NATIVE.layout_char_classes("\u0378\U0010fffdA\u00e9"))
try:
    _NATIVE.Engine({**spec.unicode_tables(), "layout_classes": runs}, spec.internal_patterns(), spec.lexicon_spec,
                   None, None)
except Exception as e:
    print(type(e).__name__)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    a_bits, e_bits = _class_bits_by_hand("A"), _class_bits_by_hand("\u00e9")
    assert done.stdout.split("\n")[:2] == [f"[115, 64, {a_bits}, {e_bits}]", "Unsupported"]


# --- ASCII variants -------------------------------------------------------------------------
# The native engine matches an ASCII line or key with each pattern's ASCII variant (every class cut
# down to its ASCII members, _native_spec._Translator). These tests would catch a variant that
# disagrees with its full pattern: directly, pattern by pattern on ASCII lines, and end to end
# on documents that mix ASCII lines with lines one non-ASCII character away from them.

# "s" and "k" have non-ASCII case partners (U+017F, U+212A); digits and "_" are \w but not letters
TRAPS = ["s", "k", "S", "K", "_", "0", "7", "42", "2024", "s_k", "__", "ks", " ", ":", "(", ")", ".", "-"]
NON_ASCII_TRAPS = ["\u017f", "\u212a", "\u00b2", "\uff11", "\u0663", "\u00e9", "\u00df", "\u00a0", "\u2019", "\u00b5"]
PHRASE_LINES = CRUFT + [
    "Click here to subscribe (sponsored)", "Sign up for our newsletter", "Subscribe now", "Photo by Getty Images",
    "Follow us on Twitter", "Posted on 3 May 2024 at 12:30", "Read more: Minister warns of new crisis",
    "<div class=\"x\">", "</div>", "});", "Story continues below advertisement", "Updated 12:30 pm",
    "Skip to main content", "Image: AFP", "(Photo by Jane Doe/Getty Images)", "Video: Putin warns",
]


def _ascii_probe_texts() -> list[str]:
    """ASCII lines and keys of the seed and golden texts and of PHRASE_LINES, and the same with
    TRAPS planted around and inside their words (deterministic)."""
    found: set[str] = set()
    raws = list(PHRASE_LINES)
    for path in [*SEED_PATHS, *sorted(GOLDEN_DIR.glob("*.txt"))]:
        raws.extend(path.read_text(encoding="utf-8").splitlines())
    for raw in raws:
        for s in (raw, raw.strip(), line_key(raw), raw.upper()):
            if s.isascii():
                found.add(s)
    base = sorted(found)
    rng = random.Random(14)
    planted_lines = []
    for text in base + PHRASE_LINES * 5:
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            chars.insert(rng.randint(0, len(chars)), rng.choice(TRAPS))
        if text.isascii():
            planted_lines.append("".join(chars))
    return base + planted_lines + ["", "s", "k", "_", "0", " _ ", "sss kkk 123 ___"]


def _pattern_pairs(code: str) -> list[tuple[str, list[str], list[str]]]:
    """(name, full pattern [+ pre-check], ASCII variant [+ pre-check]) of every pattern the
    native engine gets for *code*'s lexicon and the cleaners' own patterns."""
    from cleanwire import _native_spec as spec

    pairs: list[tuple[str, list[str], list[str]]] = []
    lex = spec.lexicon_spec(code)
    for name, value in lex.items():
        if isinstance(value, dict):
            if value["plain"] is not None:
                pairs.append((f"{name}.plain", [value["plain"]], [value["plain_ascii"]]))
            assert len(value["fancy"]) == len(value["fancy_ascii"])
            for i, (full, ascii) in enumerate(zip(value["fancy"], value["fancy_ascii"])):
                pairs.append((f"{name}.fancy[{i}]", list(full), list(ascii)))
        elif isinstance(value, str) and f"{name}_ascii" in lex:
            pairs.append((name, [value], [lex[f"{name}_ascii"]]))
    for name, (full, relaxed, ascii, ascii_relaxed) in spec.internal_patterns().items():
        pairs.append((name, [full, relaxed], [ascii, ascii_relaxed]))
    return pairs


@native_only
@pytest.mark.parametrize("code", ["en", "de", "fr", "es", "it", "pt", "nl", "pl"])
def test_ascii_variants_agree_with_their_patterns_on_ascii_lines(code: str) -> None:
    from cleanwire import _native

    texts = _ascii_probe_texts()
    pairs = _pattern_pairs(code)
    assert len(pairs) > 30
    for name, full, ascii in pairs:
        assert _native.pattern_disagreements(full, ascii, texts) == [], name


@native_only
def test_the_ascii_probe_would_catch_a_wrong_variant() -> None:
    from cleanwire import _native
    from cleanwire._native_spec import translate

    texts = _ascii_probe_texts()
    # a variant that forgot digits and "_" in \w, or upper case in \p{L}
    assert _native.pattern_disagreements([translate(r"\w+")], [r"[a-z]+"], texts)
    assert _native.pattern_disagreements([translate(r"\b\p{L}+\b")], [translate(r"\b[a-z]+\b", ascii=True)], texts)
    # and the right ones agree
    assert not _native.pattern_disagreements([translate(r"\w+")], [translate(r"\w+", ascii=True)], texts)
    assert not _native.pattern_disagreements([translate(r"\b\p{L}+\b")], [translate(r"\b\p{L}+\b", ascii=True)],
                                             texts)


@st.composite
def ascii_trap_documents(draw: st.DrawFn) -> str:
    """Phrase and prose lines with ASCII traps planted in them, some with one non-ASCII
    character (a case partner of s or k, a non-ASCII digit, a letter) planted as well."""
    out = []
    for text in draw(st.lists(st.sampled_from(PHRASE_LINES + PROSE[:9]), min_size=1, max_size=12)):
        chars = list(text)
        for trap in draw(st.lists(st.sampled_from(TRAPS), max_size=4)):
            chars.insert(draw(st.integers(0, len(chars))), trap)
        if draw(st.booleans()):
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(NON_ASCII_TRAPS)))
        out.append("".join(chars))
    return "\n".join(out)


@native_only
@given(ascii_trap_documents(), st.sampled_from(["default", "rules"]))
@settings(max_examples=80)
@example("Click here to subscribe (sponsored)\nClick here to \u017fubscribe (sponsored)\n"
         "By Jane Doe\nBy Jane Doe 2024\nBy Jane Doe \u0663\nPhoto by Getty Images \u212a", "default")
def test_ascii_and_mixed_lines_match_the_python_engine(text: str, preset: str) -> None:
    assert_same(Pipeline.preset(preset), text)
