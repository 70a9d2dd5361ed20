"""The layout model's machinery: compiled trees, explanations, the decision rule, and bad model files."""

from __future__ import annotations

import copy
import json
import random
from importlib import resources
from typing import Any

import pytest

from cleanwire import Pipeline, clean_and_explain
from cleanwire.cleaners.layout import (
    GATE_NAMES,
    MODEL_FEATURES,
    STACK_NAMES,
    BoostedTrees,
    LayoutClassifier,
    LayoutModel,
    StackFeatures,
    _sigmoid,
    gate_features,
    load_model,
    stack_features,
)
from cleanwire.document import Document


def _spec() -> dict[str, Any]:
    text = resources.files("cleanwire").joinpath("models", "layout.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def _walk(trees: BoostedTrees, row: list[float]) -> float:
    """The plain reading of the ensemble: follow each tree from its root to a leaf."""
    total = trees.base
    for nodes in trees.trees:
        f, t, left, right, v = nodes[0]
        while f >= 0:
            f, t, left, right, v = nodes[left if row[f] <= t else right]
        total += v
    return total


def _rows(n: int, width: int, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    return [[rng.choice((0.0, 1.0, rng.random(), rng.uniform(-1, 6))) for _ in range(width)] for _ in range(n)]


@pytest.mark.parametrize("regime", ["page", "extract"])
def test_compiled_trees_agree_with_walking_them(regime: str) -> None:
    stage1, stage2, _ = load_model().regimes[regime]
    for trees, width in ((stage1, len(MODEL_FEATURES)), (stage2, len(MODEL_FEATURES) + len(STACK_NAMES))):
        for row in _rows(300, width, seed=width):
            assert trees.log_odds(row) == pytest.approx(_walk(trees, row), abs=1e-9)


def test_contributions_add_up_to_the_score() -> None:
    """Explanations are exact: the root's mean plus every feature's contribution is the log-odds."""
    stage2 = load_model().regimes["page"][1]
    root = stage2.base + sum(nodes[0][4] for nodes in stage2.trees)
    for row in _rows(200, stage2.width, seed=7):
        assert root + sum(stage2.contributions(row)) == pytest.approx(stage2.log_odds(row), abs=1e-9)


def test_stack_features_are_window_means_of_the_stage_one_scores() -> None:
    p = [random.Random(3).random() for _ in range(40)]
    rows = stack_features(p)
    assert rows[10] == StackFeatures(p).row(10)
    assert rows[10][0] == p[10]
    assert rows[10][1] == pytest.approx((p[9] + p[11]) / 2)
    assert rows[10][5] == pytest.approx((p[7] + p[8] + p[9]) / 3)
    assert rows[0][7] == 0.0 and rows[-1][8] == 0.0  # nothing above the first line, nothing below the last


@pytest.mark.parametrize("regime", ["page", "extract"])
def test_scoring_a_row_in_two_parts_or_by_index_gives_the_same_floats(regime: str) -> None:
    """``log_odds2(row, stack)`` (stage two without joining the two lists) and the indexed form
    that rows of another length take give exactly the floats of ``log_odds`` on the whole row."""
    stage1, stage2, _ = load_model().regimes[regime]
    width = len(MODEL_FEATURES)
    assert stage2.split == width and stage1.split == 0
    for row in _rows(300, width + len(STACK_NAMES), seed=11):
        assert stage2.log_odds2(row[:width], row[width:]) == stage2.log_odds(row) == _walk(stage2, row)
        assert stage2.log_odds([*row, 0.5]) == stage2.log_odds(tuple(row)) == stage2.log_odds(row)
        assert stage1.log_odds(row) == stage1.log_odds(row[:width]) == _walk(stage1, row)
    with pytest.raises(IndexError):
        stage1.log_odds([0.0])


def test_a_model_of_constant_trees_and_no_features_compiles() -> None:
    constant = BoostedTrees({"base": 0.25, "trees": [[[-1, 0.0, 0, 0, 1.0]]]}, 0)
    assert constant.log_odds([]) == constant.log_odds2([], []) == 1.25
    assert BoostedTrees({"base": -1.0, "trees": []}, 3, 2).log_odds2([1.0, 2.0], [3.0]) == -1.0


@pytest.mark.parametrize("regime", ["page", "extract"])
def test_scoring_all_rows_in_one_loop_gives_the_floats_of_scoring_them_one_by_one(regime: str) -> None:
    """``probabilities`` and ``stacked_probabilities`` (the loops written out, the stack features
    worked out inline) give exactly the sigmoid of ``log_odds`` and of ``log_odds2`` with
    ``StackFeatures.row``, at the edges of short documents too."""
    stage1, stage2, _ = load_model().regimes[regime]
    rng = random.Random(5)
    for n in [*range(25), 64, 301]:
        rows = _rows(n, len(MODEL_FEATURES), seed=n)
        p = stage1.probabilities(rows)
        assert p == [_sigmoid(stage1.log_odds(row)) for row in rows]
        p = [rng.choice((0.0, 1.0, rng.random(), q)) for q in p]
        view = StackFeatures(p)
        expected = [_sigmoid(stage2.log_odds2(row, view.row(i))) for i, row in enumerate(rows)]
        assert stage2.stacked_probabilities(rows, view) == expected


@pytest.mark.parametrize(
    ("where", "value"),
    [("base", "nan"), ("threshold", "inf"), ("feature", 10_000), ("child", 999)],
)
def test_a_broken_model_file_is_refused(where: str, value: object) -> None:
    spec = copy.deepcopy(_spec())
    tree = spec["regimes"]["page"]["stage1"]["trees"][0]
    if where == "base":
        spec["regimes"]["page"]["stage1"]["base"] = value
    elif where == "threshold":
        tree[0][1] = value
    elif where == "feature":
        tree[0][0] = value
    else:
        tree[0][2] = value
    with pytest.raises(ValueError, match="layout model"):
        LayoutModel(spec)


@pytest.mark.parametrize("key", ["features", "gate_features", "stack_features"])
def test_a_model_for_other_features_is_refused(key: str) -> None:
    spec = _spec()
    spec[key] = spec[key][:-1]
    with pytest.raises(ValueError, match="retrain"):
        LayoutModel(spec)


@pytest.mark.parametrize(
    "words",
    [{"scale": 0, "scores": {}}, {"scale": 1.5, "scores": {}}, {"scale": 100, "scores": {"menu": 2.5}},
     {"scale": 100, "scores": {"menu": True}}, {"scale": 100, "scores": {"menu": 10**7}}, {"scale": 100},
     ["menu", 3]],
)
def test_a_broken_word_table_is_refused(words: object) -> None:
    spec = _spec()
    spec["words"] = words
    with pytest.raises(ValueError, match="word scores"):
        LayoutModel(spec)


def test_the_shipped_model_scores_words_of_many_sites_only() -> None:
    """The table holds no word of one site: every word in it was seen on many domains, so it
    has the words menus, sign-ups and notices are written in, and not a site's name."""
    model = load_model()
    scores = model.words.scores
    assert len(scores) > 1000 and model.meta["word_min_domains"] >= 15
    assert scores["subscribe"] > 0 and scores["newsletter"] > 0 and scores["cookies"] > 0
    assert scores["said"] < 0 and scores["however"] < 0


def test_the_word_columns_read_the_model_s_table() -> None:
    """The last four features are a line's mean word score, its neighbours', and the share of its
    words scored, under the model's table: the same lines under another table get other values
    there, and the same shape values."""
    from cleanwire.cleaners.layout import model_rows
    from cleanwire.features import SHAPE_FEATURE_NAMES, WORD_FEATURE_NAMES, WordScores
    from cleanwire.lexicon import lexicon_for

    assert MODEL_FEATURES[-4:] == WORD_FEATURE_NAMES and GATE_NAMES[:-1] == SHAPE_FEATURE_NAMES[1:]
    kept, gaps = Document.from_text("Subscribe to our newsletter\nThe council met on Monday.\nHome").kept_gaps()
    table = WordScores({"subscribe": 300, "newsletter": 100, "council": -150, "home": 50})
    plain = model_rows(kept, gaps, lexicon_for("en"))
    scored = model_rows(kept, gaps, lexicon_for("en"), words=table)
    shape = len(SHAPE_FEATURE_NAMES)
    assert [row[:shape] for row in plain] == [row[:shape] for row in scored]
    assert [row[shape:] for row in plain] == [[0.0] * 4] * 3
    # "subscribe", "newsletter" of four words: (300 + 100) / 2 / 100; "council" of five; "home" alone
    assert [row[shape:] for row in scored] == [[2.0, 0.0, -1.5, 0.5], [-1.5, 2.0, 0.5, 0.2], [0.5, -1.5, 0.0, 1.0]]


def test_the_model_reads_only_the_lines_the_rules_kept() -> None:
    """What the rules removed leaves no trace in the features: the same kept lines give the
    same rows, whatever was removed between them (so removed cruft cannot sway the model)."""
    from cleanwire.cleaners.layout import model_rows
    from cleanwire.lexicon import lexicon_for

    plain = Document.from_text("Intro line of the story, told at length.\n\nA later line.\nAnother one.")
    planted = Document.from_text("\n\nFollow us\n\nIntro line of the story, told at length.\n\nShare this:\n\n"
                                 "A later line.\nAnother one.")
    planted.drop(planted.lines[0], "social", "follow widget")
    planted.drop(planted.lines[2], "social", "share widget")
    kept, gaps = planted.kept_gaps()
    assert model_rows(kept, gaps, lexicon_for("en")) == model_rows(*plain.kept_gaps(), lexicon_for("en"))


_PROSE = [
    "The council approved the budget for new schools on Monday evening, after a long debate about the cost "
    "of repairs and the number of teachers the town will need next year.",
    "Officials said the first projects would start in the spring, once the money arrives from the regional "
    "government and the contracts have been signed by the builders.",
    "Residents who spoke to reporters said they were relieved that a decision had finally been made, although "
    "some parents worried that the work would disrupt lessons.",
    "The mayor said the town would publish a timetable for the repairs before the end of the month, and "
    "promised regular updates at the monthly public meetings.",
]
_WORDS = ("Products Pricing Stories Careers Press Investors Partners Events Gifts Stores Accessibility Sitemap "
          "Help Returns Shipping Orders Brands Outlet Guides Recipes Gardens Kitchens Lighting Rugs Beds Sofas "
          "Desks Chairs Shelves Mirrors").split()


def test_layout_drops_a_page_s_menus_and_names_its_reasons() -> None:
    menu = [f"  * {w}" for w in _WORDS[:20]]
    footer = [f"    + {w} {v}" for w, v in zip(_WORDS[10:], _WORDS[:20])]
    result = clean_and_explain("\n".join([*menu, *_PROSE, *footer]))
    assert result.text == "\n".join(_PROSE)
    by_layout = [d for d in result.removed if d.cleaner == "layout"]
    assert len(by_layout) >= 30
    assert all(d.reason.startswith("p(content)=") and "(page)" in d.reason for d in by_layout)


def test_without_explain_the_same_lines_go_with_shorter_reasons() -> None:
    menu = [f"  * {w}" for w in _WORDS[:20]]
    footer = [f"    + {w} {v}" for w, v in zip(_WORDS[10:], _WORDS[:20])]
    text = "\n".join([*menu, *_PROSE, *footer])
    pipeline = Pipeline.preset("default")
    explained, quick = pipeline.document(text), pipeline.document(text, explain=False)
    def decisions(doc: Document) -> list[tuple[bool, str | None]]:
        return [(line.keep, line.cleaner) for line in doc.lines]

    assert decisions(quick) == decisions(explained)
    assert quick.render() == explained.render() == pipeline.clean(text)
    pairs = [(a.reason, b.reason) for a, b in zip(explained.lines, quick.lines) if a.cleaner == "layout"]
    assert pairs
    for long, short in pairs:  # the same score and regime; only the named features are left out
        assert long is not None and short is not None
        assert ";" in long and long.startswith(short + "; ")


def test_threshold_zero_keeps_everything_the_rules_kept() -> None:
    text = "Home\nNews\nSport\nWeather\nThe council approved the budget on Monday evening after a debate."
    assert Pipeline([LayoutClassifier(threshold=0.0)]).clean(text) == text


def test_a_headline_that_opens_the_text_is_kept_even_when_the_model_would_drop_it() -> None:
    title = "Council approves the budget for new schools"
    text = "\n".join([title, *_PROSE, *_PROSE[:2]])
    everything_dropped = Pipeline([LayoutClassifier(threshold=1.01)])
    assert everything_dropped.clean(text).splitlines() == [title]  # the title, and nothing else
    # Anywhere else, the same line is the model's to judge.
    moved = "\n".join([*_PROSE[:1], title, *_PROSE[1:], *_PROSE[:2]])
    assert everything_dropped.clean(moved) == ""


def test_the_cut_offs_blend_with_the_gate() -> None:
    """A clear gate uses one regime's cut-off; an unclear one blends both, line length by line length."""
    spec = copy.deepcopy(_spec())
    spec["regimes"]["page"].update({"threshold": 0.4, "short_threshold": 0.6, "short_words": 25})
    spec["regimes"]["extract"].update({"threshold": 0.2})
    model = LayoutModel(spec)
    p = [0.5, 0.5]
    _, page, regime = model.combine(0.95, p, None)
    assert regime == "page" and (page(3), page(26)) == (0.6, 0.4)
    _, extract, regime = model.combine(0.05, None, p)
    assert regime == "extract" and (extract(3), extract(26)) == (0.2, 0.2)
    blended, mixed, regime = model.combine(0.5, [1.0, 0.0], [0.0, 1.0])
    assert regime == "page" and blended == [0.5, 0.5]
    assert (mixed(3), mixed(26)) == (pytest.approx(0.4), pytest.approx(0.3))
    with pytest.raises(ValueError, match="both regimes"):
        model.combine(0.5, p, None)


def test_a_gate_of_trees_and_a_logistic_gate_read_alike() -> None:
    """The model file's gate is a logistic regression (``weights``, ``intercept``) or boosted trees
    (``base``, ``trees``, as a stage); a gate of trees gives the sigmoid of its walked sum, and one
    splitting on a feature the gate lacks is refused."""
    spec = copy.deepcopy(_spec())
    spec["gate"] = {"weights": [0.0] * len(GATE_NAMES), "intercept": 3.0}
    linear = LayoutModel(spec)
    spec["gate"] = {"base": 3.0, "trees": []}
    flat = LayoutModel(spec)
    rows = _rows(10, len(MODEL_FEATURES), seed=3)
    assert linear.page_probability(rows, [0] * 10) == flat.page_probability(rows, [0] * 10) == _sigmoid(3.0)
    split = len(GATE_NAMES) - 1  # indent_variety
    spec["gate"] = {"base": -1.0, "trees": [[[split, 0.25, 1, 2, 0.0], [-1, 0.0, 0, 0, -2.0], [-1, 0.0, 0, 0, 4.0]]]}
    trees = LayoutModel(spec)
    assert isinstance(trees.gate, BoostedTrees)
    for indents in ([0] * 10, [0, 2] * 5):
        x = gate_features(rows, indents)
        assert trees.page_probability(rows, indents) == _sigmoid(_walk(trees.gate, x))
    assert trees.page_probability(rows, [0] * 10) == _sigmoid(-3.0)
    assert trees.page_probability(rows, [0, 2] * 5) == _sigmoid(3.0)
    spec["gate"]["trees"][0][0][0] = len(GATE_NAMES)
    with pytest.raises(ValueError, match="layout model"):
        LayoutModel(spec)


def test_a_non_finite_cut_off_is_refused() -> None:
    spec = copy.deepcopy(_spec())
    spec["regimes"]["page"]["short_threshold"] = "nan"
    spec["regimes"]["page"]["short_words"] = 25
    with pytest.raises(ValueError, match="layout model"):
        LayoutModel(spec)


def test_the_classifier_applies_the_cut_off_line_by_line() -> None:
    """A model that gives every line p(content) = 0.55 on a page dump: its short lines go (cut-off
    0.6) and its paragraphs stay (0.45); a user threshold replaces both."""
    spec = copy.deepcopy(_spec())
    spec["gate"] = {"base": 10.0, "trees": []}  # a clear page dump
    spec["regimes"]["page"]["stage2"] = {"base": 0.2006707, "trees": []}  # log-odds of 0.55
    spec["regimes"]["page"].update({"threshold": 0.45, "short_words": 25, "short_threshold": 0.6})
    model = LayoutModel(spec)
    story = [f"Paragraph {i} of the story tells how the council voted on the budget for the coming year, "
             "and what the mayor said about it afterwards in a long interview." for i in range(6)]
    text = "\n".join(["Home", "News", "Sport", *story, "Contact us"])
    assert Pipeline([LayoutClassifier(model=model)]).clean(text) == "\n".join(story)
    assert Pipeline([LayoutClassifier(threshold=0.5, model=model)]).clean(text) == text


def _two_leaf_model(fill: float, rescue: dict[str, float] | None = None) -> LayoutModel:
    """A page-dump model that gives lines of up to six words p(content) = 0.2 and longer lines 0.9,
    with cut-off 0.45, dips filled at *fill* and the given *rescue* (None: none)."""
    spec = copy.deepcopy(_spec())
    spec.pop("rescue", None)
    if rescue is not None:
        spec["rescue"] = rescue
    spec["gate"] = {"base": 10.0, "trees": []}  # a clear page dump
    words = MODEL_FEATURES.index("log_words")  # log1p(words): 6 words -> 1.95
    spec["regimes"]["page"]["stage2"] = {
        "base": 0.0,
        "trees": [[[words, 2.0, 1, 2, 0.0], [-1, 0.0, 0, 0, -1.3862944], [-1, 0.0, 0, 0, 2.1972246]]],
    }
    spec["regimes"]["page"].update({"threshold": 0.45, "short_words": 25, "short_threshold": 0.45})
    spec["fill"] = fill
    return LayoutModel(spec)


def test_a_doubted_line_between_kept_paragraphs_stays_and_cruft_at_the_edges_goes() -> None:
    """fill_dips: a subheading (p 0.2, cut-off 0.45: log-odds -1.19 under it) between paragraphs the
    model keeps stays with them at fill 2; a run of three such lines (-3.56) goes, and so do lines
    above the first kept line and below the last, however close to it."""
    story = [f"Paragraph {i} of the story tells how the council voted on the budget for the coming year, "
             "and what the mayor said about it afterwards in a long interview." for i in range(6)]
    lines = ["Home", "News", *story[:2], "How the vote went", *story[2:4], "Share", "Tweet", "Email",
             *story[4:], "Contact us"]
    text = "\n".join(lines)
    filled = Pipeline([LayoutClassifier(model=_two_leaf_model(2.0))]).run(text)
    assert filled.text.splitlines() == [*story[:2], "How the vote went", *story[2:]]
    assert [lines[d.line - 1] for d in filled.removed] == ["Home", "News", "Share", "Tweet", "Email", "Contact us"]
    assert all(d.cleaner == "layout" and d.reason.startswith("p(content)=0.20") for d in filled.removed)
    alone = Pipeline([LayoutClassifier(model=_two_leaf_model(0.0))]).clean(text)
    assert alone.splitlines() == story
    with pytest.raises(ValueError, match="fill"):
        _two_leaf_model(-1.0)


def test_a_chinese_page_is_read_as_prose_and_its_menus_go() -> None:
    """Chinese is written without spaces between words: its sentences must still read as prose
    (one word per two characters, and 。 ends a sentence), so the page regime judges the page, its
    menu, related links and footer go, and its paragraphs stay."""
    menu = ["首页", "新闻", "体育", "财经", "科技", "娱乐", "登录", "注册"]
    paragraphs = [
        "北京时间周一晚上，市议会批准了一项新的学校建设预算，计划在未来三年内新建十二所小学和四所中学。",
        "官员表示，第一批项目将在明年春天资金到位后开工，预计将为当地创造数千个就业岗位。",
        "教育局长在新闻发布会上说，新学校将采用节能设计，并配备现代化的图书馆和实验室，以满足不断增长的学生人数。",
        "一些家长对这一决定表示欢迎，但也有人担心施工期间的交通问题和噪音影响。",
        "市议会还要求教育部门每半年提交一次进度报告，并在网站上公开所有合同信息。",
    ]
    footer = ["相关新闻", "本地交通改造计划公布", "新图书馆下月开放", "版权所有 © 2024 某某新闻网",
              "关于我们", "联系我们", "隐私政策"]
    result = clean_and_explain("\n".join(menu + paragraphs + footer))
    assert result.language == "zh"
    kept = result.text.splitlines()
    assert all(p in kept for p in paragraphs)
    assert not set(menu + footer) & set(kept)
    assert {d.reason.split(" (")[1].split(")")[0] for d in result.trace if d.cleaner == "layout"} == {"page"}


def test_a_page_the_cut_offs_would_nearly_empty_is_decided_again_with_lower_ones() -> None:
    """rescue: a listing of short items (p 0.2, cut-off 0.45) would keep only its one long line,
    under a fifth of its words; with rescue share 0.2 and factor 0.4 it is decided again at cut-off
    0.18, and the items stay. A page whose paragraphs carry most words keeps losing its menus, a
    user's threshold is taken as given, and a share or factor outside [0, 1] is refused."""
    items = [f"Oak table number {i} in stock" for i in range(14)]  # 6 words each: p 0.2
    intro = "Our tables are made by hand in the workshop from oak grown in local woods."  # 15 words: p 0.9
    listing = "\n".join(["Home", intro, *items])
    rescue = {"share": 0.2, "factor": 0.4}
    strict = Pipeline([LayoutClassifier(model=_two_leaf_model(0.0))]).clean(listing)
    assert strict == intro
    rescued = Pipeline([LayoutClassifier(model=_two_leaf_model(0.0, rescue))]).run(listing)
    assert rescued.text == listing  # "Home" (p 0.2) stays too: 0.2 >= 0.18
    assert not rescued.removed
    story = [f"Paragraph {i} of the story tells how the council voted on the budget for the coming year, "
             "and what the mayor said about it afterwards in a long interview." for i in range(6)]
    page = "\n".join(["Home", "News", *story, "Contact us"])
    assert Pipeline([LayoutClassifier(model=_two_leaf_model(0.0, rescue))]).clean(page) == "\n".join(story)
    assert Pipeline([LayoutClassifier(threshold=0.45, model=_two_leaf_model(0.0, rescue))]).clean(listing) == intro
    for bad in ({"share": 1.5, "factor": 0.5}, {"share": 0.2, "factor": -0.1}, {"share": 0.2}, [0.2, 0.5]):
        with pytest.raises(ValueError, match="layout model: rescue"):
            _two_leaf_model(0.0, bad)  # type: ignore[arg-type]

