"""The Pipeline API, presets, options and errors of ``clean``.

Tests of options and composition use the ``rules`` preset on tiny texts, so
they test the machinery, not the learned ``layout`` cleaner's judgement; what
the default pipeline must keep is tested separately below.
"""

from __future__ import annotations

from typing import ClassVar

import pytest

import cleanwire
from cleanwire import BUILTIN_CLEANERS, PRESETS, Document, Line, LineCleaner, Pipeline, clean, clean_and_explain
from cleanwire.lexicon import Lexicon

BODY = "The council approved the new budget on Tuesday after a long and heated debate."
CRUFTY = f"World News\nBy Jane Doe\nLEAVE A REPLY\n{BODY}\nShare post:\nSource: Belfastlive"
MOJIBAKE = "Putin\u00e2\u20ac\u2122s war &amp; peace"  # "Putin’s war & peace" read as cp1252, with an entity


# -- construction ---------------------------------------------------------------------------------


def test_from_names_keeps_the_given_order() -> None:
    p = Pipeline.from_names(["social", "comments"])
    assert p.names == ("social", "comments")
    assert len(p) == 2
    assert [c.name for c in p] == ["social", "comments"]


def test_unknown_cleaner_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown cleaner 'comment'.*built-in cleaners are: stray_markup"):
        Pipeline.from_names(["comment"])


def test_duplicate_cleaner_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        Pipeline(["comments", "comments"])


def test_cleaner_of_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError, match="a cleaner must be"):
        Pipeline([42])  # type: ignore[list-item]


def test_without_removes_and_leaves_the_original_alone() -> None:
    full = Pipeline.preset("default")
    less = full.without("comments", "social")
    assert "comments" not in less.names and "social" not in less.names
    assert full.names == PRESETS["default"]
    assert "LEAVE A REPLY" in less.clean(CRUFTY)
    assert "LEAVE A REPLY" not in full.clean(CRUFTY)


def test_without_unknown_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="not in this pipeline"):
        Pipeline(["comments"]).without("social")


def _shout(text: str) -> str | None:
    return "shouting" if text.isupper() else None


def test_with_cleaner_at_end_before_and_after() -> None:
    base = Pipeline(["comments", "social"])
    assert base.with_cleaner(_shout).names == ("comments", "social", "_shout")
    assert base.with_cleaner(_shout, before="comments").names == ("_shout", "comments", "social")
    assert base.with_cleaner(_shout, after="comments").names == ("comments", "_shout", "social")


def test_with_cleaner_position_decides_who_drops_a_line() -> None:
    text = f"LEAVE A REPLY\n{BODY}"
    first = Pipeline(["comments"]).with_cleaner(_shout, before="comments").run(text)
    last = Pipeline(["comments"]).with_cleaner(_shout, after="comments").run(text)
    assert [d.cleaner for d in first.removed] == ["_shout"]
    assert [d.cleaner for d in last.removed] == ["comments"]


def test_with_cleaner_errors() -> None:
    base = Pipeline(["comments"])
    with pytest.raises(ValueError, match="no cleaner named 'social'"):
        base.with_cleaner(_shout, before="social")
    with pytest.raises(ValueError, match="not both"):
        base.with_cleaner(_shout, before="comments", after="comments")
    with pytest.raises(ValueError, match="unique"):
        base.with_cleaner("comments")


def test_with_phrases_adds_a_family_to_a_builtin_cleaner() -> None:
    text = f"{BODY}\nJoin our WhatsApp channel\nJoin our Telegram channel"
    plain = Pipeline.preset("rules")
    extended = plain.with_phrases("social", [r"join our \w+ channel"])
    assert plain.clean(text) == text
    result = extended.run(text)
    assert result.text == BODY
    assert {(d.cleaner, d.reason) for d in result.removed} == {("social", "matches a user phrase")}
    assert extended.names == plain.names


def test_with_phrases_on_related_and_captions() -> None:
    other = BODY.replace("Tuesday", "Friday")
    text = f"{BODY}\nOur picks\nA teaser headline about the match\n{other}\nSnap: AFP/Jo Bloggs"
    p = Pipeline.preset("default").with_phrases("related", ["our picks"]).with_phrases("captions", [r"snap: "])
    out = p.clean(text)
    assert "Our picks" not in out and "Snap:" not in out
    # a header (built-in or a user's phrase) takes only itself: the line under it is judged on its own
    assert "A teaser headline about the match" in out
    assert out.count("The council approved") == 2


def test_with_phrases_errors() -> None:
    p = Pipeline.preset("default")
    with pytest.raises(TypeError, match="list of patterns"):
        p.with_phrases("social", "join our channel")
    with pytest.raises(ValueError, match="takes no phrases"):
        p.with_phrases("duplicates", ["x"])
    with pytest.raises(ValueError, match="no cleaner named"):
        p.without("social").with_phrases("social", ["x"])


# -- custom cleaners --------------------------------------------------------------------------------


def test_plain_function_cleaner_reason_and_default_reason() -> None:
    def no_ads(text: str) -> object:
        if text == "Sponsored content":
            return "ad label"
        return text.startswith("AD:")

    result = Pipeline(["comments", no_ads]).run(f"Sponsored content\nAD: buy now\n{BODY}")
    assert result.text == BODY
    assert [(d.cleaner, d.reason) for d in result.removed] == [("no_ads", "ad label"), ("no_ads", "rejected by no_ads")]


def test_function_cleaner_sees_only_lines_still_kept() -> None:
    seen: list[str] = []

    def spy(text: str) -> None:
        seen.append(text)

    Pipeline(["comments", spy]).run(f"LEAVE A REPLY\n{BODY}")
    assert BODY in seen
    assert "LEAVE A REPLY" not in seen


class DropQuestions:
    """A cleaner that is not a subclass of anything: a ``name`` and an ``apply``."""

    name = "questions"

    def apply(self, doc: Document, lexicon: Lexicon) -> None:
        for line in doc.kept():
            if line.text.endswith("?"):
                doc.drop(line, self.name, "question")


def test_class_cleaner_with_name_and_apply() -> None:
    p = Pipeline.preset("rules").with_cleaner(DropQuestions(), before="duplicates")
    assert p.names[-2:] == ("questions", "duplicates")
    result = p.run(f"What do you think of this?\n{BODY}\nWill it pass?")
    assert result.text == BODY
    # "What do you think?" is a comment prompt only without "of this"; here the class cleaner takes both
    assert [(d.line, d.cleaner) for d in result.removed] == [(1, "questions"), (3, "questions")]
    assert isinstance(DropQuestions(), cleanwire.Cleaner)


class Paywall(LineCleaner):
    name: ClassVar[str] = "paywall"

    def check(self, line: Line, lexicon: Lexicon) -> str | None:
        return "paywall" if "subscribers only" in line.key else None


def test_line_cleaner_subclass_with_extra_phrases() -> None:
    p = Pipeline([Paywall(extra=[r"premium"])])
    result = p.run(f"This story is for SUBSCRIBERS ONLY\nPremium\n{BODY}")
    assert result.text == BODY
    assert [d.reason for d in result.removed] == ["paywall", "matches a user phrase"]
    assert repr(Paywall()) == "Paywall()"


# -- presets and options -------------------------------------------------------------------------------


def test_presets() -> None:
    default, rules = Pipeline.preset("default").names, Pipeline.preset("rules").names
    assert set(rules) <= set(default) <= set(BUILTIN_CLEANERS)
    assert [n for n in BUILTIN_CLEANERS if n in default] == list(default)  # built-in order
    assert Pipeline.preset("repair_only").names == ()
    assert clean(CRUFTY, pipeline="rules") == BODY


def test_repair_only_repairs_and_normalizes_but_removes_nothing() -> None:
    text = f"LEAVE A REPLY\n{MOJIBAKE}\n\u201cHe seems erratic.\u201d"
    result = clean_and_explain(text, pipeline="repair_only")
    assert result.text == "LEAVE A REPLY\nPutin's war & peace\n\"He seems erratic.\""
    assert result.removed == ()
    assert {d.cleaner for d in result.changed} == {"repair_encoding", "normalize_quotes"}


def test_unknown_preset_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown preset 'strict'; presets are: default"):
        clean(BODY, pipeline="strict")
    with pytest.raises(ValueError, match="unknown preset"):
        Pipeline.preset("strict")


def test_pipeline_argument_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="preset name or a Pipeline"):
        clean(BODY, pipeline=["comments"])  # type: ignore[arg-type]


def test_a_pipeline_object_can_be_passed_to_clean() -> None:
    p = Pipeline(["comments"])
    assert clean(CRUFTY, pipeline=p) == "World News\nBy Jane Doe\n" + BODY + "\nShare post:\nSource: Belfastlive"


def test_quotes_false_keeps_curly_quotes() -> None:
    text = "\u201cHe seems erratic.\u201d Putin\u2019s aides said."
    assert clean(text, pipeline="rules") == "\"He seems erratic.\" Putin's aides said."
    assert clean(text, pipeline="rules", quotes=False) == text
    assert Pipeline.preset("rules", quotes=False).clean(text) == text


def test_repair_false_keeps_mojibake() -> None:
    assert clean(MOJIBAKE, pipeline="rules") == "Putin's war & peace"
    assert clean(MOJIBAKE, pipeline="rules", quotes=False) == "Putin\u2019s war & peace"
    assert clean(MOJIBAKE, pipeline="rules", repair=False) == MOJIBAKE


def test_language_forces_the_phrase_lists() -> None:
    # English prose, German furniture: detection says English, so the German prompt stays.
    text = f"Kommentar schreiben\n{BODY}"
    assert clean(text, pipeline="rules") == text
    result = clean_and_explain(text, pipeline="rules", language="de")
    assert result.language == "de"
    assert result.text == BODY
    with pytest.raises(TypeError, match="language code"):
        Pipeline(language=1)  # type: ignore[arg-type]


def test_stop_words_of_one_language_settle_what_shared_ones_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanwire import lang

    # English whose stop words are also Polish ("to", "a") or Dutch ("in", "is") fails the
    # vote's first look; "if", "you", "the" and "what" are English only, so langdetect is
    # not needed (it would answer the same, but costs far more on a short text).
    english = "If you're ready to hit the road in a rented car, here is what you need to do:"
    swedish = "Stockholm är Sveriges huvudstad och landets största stad, med nästan en miljon invånare."
    assert lang.detect_language([english]) == "en"
    assert lang.detect_language([swedish]) == "sv"  # no list for Swedish: langdetect answers
    calls: list[str] = []
    real = lang._langdetect
    monkeypatch.setattr(lang, "_langdetect", lambda joined, default: calls.append(joined) or real(joined, default))
    assert lang.detect_language([english]) == "en"
    assert calls == []
    assert lang.detect_language([swedish]) == "sv"
    assert calls == [swedish]
    # mixed own words keep the vote out: three English, two Dutch ("het", "een")
    assert lang._stopword_vote("the cat and het huis een the tree of a house with the many".split()) is None
    # both engines agree, the text as a whole included
    assert clean_and_explain(english + "\n" + english.upper()).language == "en"


ZH_PAGE = (
    "首页 | 新闻 | 体育 | 娱乐\n"
    "北京市政府周一宣布了一项新的交通管理规定，旨在缓解城市中心区域的交通拥堵问题。\n"
    "市交通委员会负责人在新闻发布会上表示，这项措施是在广泛征求市民意见后制定的。\n"
    "分享到：微信 微博"
)


def test_a_page_in_a_script_without_spaces_gets_its_language() -> None:
    # Chinese lines count a handful of \w+ "words", so none is a prose line; the language sample
    # falls back to the lines of running Chinese text instead of answering the default "en".
    result = clean_and_explain(ZH_PAGE)
    assert result.language == "zh"
    # Chinese has no phrase lists: the English ones apply, as they did when "en" was answered
    assert result.text == clean(ZH_PAGE, language="en")
    # a document with no line of such text still gets the default without detection
    assert clean_and_explain("首页 | 新闻\n体育").language == "en"


def test_disable_by_name_or_names() -> None:
    assert clean(CRUFTY, pipeline="rules", disable="comments") == f"LEAVE A REPLY\n{BODY}"
    assert clean(CRUFTY, pipeline="rules", disable=["comments", "attribution"]) == (
        f"LEAVE A REPLY\n{BODY}\nSource: Belfastlive"
    )
    with pytest.raises(ValueError, match="not in this pipeline"):
        clean(CRUFTY, disable=["comment"])


def test_replace_options() -> None:
    p = Pipeline(["comments"]).replace(quotes=False, language="fr")
    assert (p.quotes, p.repair, p.language, p.names) == (False, True, "fr", ("comments",))
    with pytest.raises(TypeError, match="unknown option"):
        p.replace(quote=False)


def test_options_of_clean_build_their_pipeline_once() -> None:
    """clean(text, language=..., quotes=..., disable=...) reuses the pipeline derived for those
    options (building one costs more than cleaning a short text), and gives the same answers."""
    from cleanwire import _pipeline

    first = _pipeline("rules", False, None, "en", ["comments"])
    assert _pipeline("rules", False, None, "en", ("comments",)) is first
    assert _pipeline("rules", False, None, "en", "comments") is first
    assert (first.quotes, first.language, "comments" in first.names) == (False, "en", False)
    assert _pipeline("rules", None, None, "de", ()) is not _pipeline("rules", None, None, "fr", ())
    own = Pipeline(["comments", "attribution"])
    derived = _pipeline(own, None, None, "de", ["attribution"])
    assert _pipeline(own, None, None, "de", ["attribution"]) is derived
    assert derived.names == ("comments",) and own.names == ("comments", "attribution")
    assert _pipeline(own, None, None, None, ()) is own
    for _ in range(2):  # the second call is answered by the cached pipeline
        assert clean(CRUFTY, pipeline="rules", disable="comments") == f"LEAVE A REPLY\n{BODY}"
        with pytest.raises(TypeError, match="language code"):
            clean(BODY, language=1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="not in this pipeline"):
            clean(CRUFTY, disable=["comment"])


def test_the_cache_of_derived_pipelines_is_bounded() -> None:
    import cleanwire as cw

    for i in range(cw._DERIVED_MAX + 10):
        clean(BODY, pipeline="rules", language=f"x{i}")
    assert 0 < len(cw._DERIVED_CACHE) <= cw._DERIVED_MAX


def test_a_repeated_mojibake_line_is_repaired_on_every_line() -> None:
    text = "\n".join([MOJIBAKE, BODY, MOJIBAKE, MOJIBAKE])
    result = clean_and_explain(text, pipeline="repair_only")
    assert result.text == "\n".join(["Putin's war & peace", BODY, "Putin's war & peace", "Putin's war & peace"])
    assert [d.line for d in result.changed if d.cleaner == "repair_encoding"] == [1, 3, 4]


def test_unknown_keyword_to_clean_is_an_error() -> None:
    with pytest.raises(TypeError):
        clean(BODY, quote=False)  # type: ignore[call-arg]


@pytest.mark.parametrize("bad", [b"bytes", bytearray(b"x"), None, 3, ["a list"]])
def test_non_str_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expected str"):
        clean(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected str"):
        clean_and_explain(bad)  # type: ignore[arg-type]


def test_bytes_error_points_to_decode() -> None:
    with pytest.raises(TypeError, match=r"cleanwire.decode\(\)"):
        clean(b"caf\xc3\xa9")  # type: ignore[arg-type]
    assert cleanwire.decode(b"\xef\xbb\xbfcaf\xc3\xa9") == "caf\u00e9"


def test_decode_errors() -> None:
    assert cleanwire.decode(b"a\xffb") == "a\ufffdb"
    with pytest.raises(UnicodeDecodeError):
        cleanwire.decode(b"a\xffb", errors="strict")
    with pytest.raises(TypeError, match="expects bytes"):
        cleanwire.decode("text")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\t \r\n"])
def test_empty_and_blank_input(text: str) -> None:
    assert clean(text) == ""


def test_repr_names_the_cleaners() -> None:
    assert repr(Pipeline(["comments"], quotes=False)) == (
        "Pipeline(['comments'], quotes=False, repair=True, language=None)"
    )


# -- what the default pipeline must keep ------------------------------------------------------------------

SHORT_DOCUMENTS = [
    ("one sentence", "The mayor resigned on Friday.", "The mayor resigned on Friday."),
    ("two words with a curly apostrophe", "Putin\u2019s war", "Putin's war"),
    ("one paragraph under a share widget", "Share post:\nThe mayor\u2019s plan passed.", "The mayor's plan passed."),
    ("one paragraph among cruft", CRUFTY, BODY),
    ("German paragraph under a prompt",
     "Kommentar schreiben\nDie Stadt plant neue Radwege, die im kommenden Jahr gebaut werden sollen.",
     "Die Stadt plant neue Radwege, die im kommenden Jahr gebaut werden sollen."),
]


@pytest.mark.parametrize(("case", "text", "expected"), SHORT_DOCUMENTS, ids=[c[0] for c in SHORT_DOCUMENTS])
def test_default_pipeline_keeps_the_content_of_a_short_document(case: str, text: str, expected: str) -> None:
    """The learned cleaner must not empty a short text: dropping real content is worse than keeping cruft."""
    result = clean_and_explain(text)
    assert result.text == expected, f"{case}:\n{result.explain()}"
