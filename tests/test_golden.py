"""The seeds against their reviewed golden outputs, and the review checklist as named tests.

``fixtures/golden/<seed>.txt`` holds the expected ``clean()`` output of
``fixtures/seeds/<seed>.txt`` (plus a final newline). After an intended change,
regenerate with ``python examples/clean_seeds.py --write-golden`` and review
the diff line by line against the checklist below before committing it.
"""

from __future__ import annotations

import difflib

import pytest

from cleanwire import clean, clean_and_explain
from cleanwire.normalize import uncurl_quotes
from cruft_families import GOLDEN_DIR, HOSTS, ROOT, SEED_DIR, SEEDS

SEED_NAMES = sorted(SEEDS)


def _seed(prefix: str) -> str:
    (name,) = [n for n in SEED_NAMES if n.startswith(prefix)]
    return name


def test_every_seed_has_a_golden_file() -> None:
    assert SEED_NAMES, "no seeds found in fixtures/seeds"
    assert sorted(p.stem for p in GOLDEN_DIR.glob("*.txt")) == SEED_NAMES


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_matches_golden(name: str) -> None:
    expected = (GOLDEN_DIR / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")
    got = clean(SEEDS[name])
    if got != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), got.splitlines(), "golden", "clean()",
                                              lineterm=""))
        trace = clean_and_explain(SEEDS[name]).explain()
        pytest.fail(f"{name} differs from its golden file:\n{diff}\n\ntrace:\n{trace}")


def test_fixture_seeds_are_the_shared_seeds() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in sorted(shared.glob("*.txt")):
        assert (SEED_DIR / path.name).read_bytes() == path.read_bytes(), f"fixtures/seeds/{path.name} drifted"


# -- the review checklist ------------------------------------------------------------------------

# (kind, seed prefix, the line as it appears in the seed)
CRUFT = [
    ("consent banner", "001", "We use your sign-up to provide content in ways you’ve consented to"),
    ("source footer 'Read Full Article'", "001", "Source: Read Full Article"),
    ("source footer 'Read Full Article' (002)", "002", "Source: Read Full Article"),
    ("source footer naming the site", "004", "Source: Belfastlive"),
    ("comment prompt 'LEAVE A REPLY'", "004", "LEAVE A REPLY"),
    ("comment form 'Please enter your comment!'", "004", "Please enter your comment!"),
    ("comment form 'Please enter your name here'", "004", "Please enter your name here"),
    ("share widget 'Share post:'", "004", "Share post:"),
    ("subscribe widget", "004", "Subscribe"),
    ("related header 'Popular'", "004", "Popular"),
    ("related header 'More like this'", "004", "More like this"),
    ("related header 'Related'", "004", "Related"),
    ("teaser headline", "004", "Loss of millions – AUA strike also costs the airport a lot of money"),
    ("teaser cut off with '...'", "004", "Bitter financial balance of the 36-hour AUA strike, which..."),
    ("teaser headline in quotes", "004", "“Frightening image” – BVT espionage affair: Security Council involved"),
    ("teaser cut off with '...' (2)", "004", "The arrest of the former Federal Office for the..."),
    ("teaser headline (3)", "004", "The Minister of Education wants fewer foreign students in Italian classrooms"),
    ("teaser cut off with '...' (3)", "004", "There is currently a debate going on in Italy..."),
    ("[UPDATE] headline", "001", "Angela Rayner goes head to head with Keir Starmer [UPDATE]"),
    ("[EXPRESS COMMENT] headline", "001", "The RMT is engaged in economic vandalism [EXPRESS COMMENT]"),
    ("[INSIGHT] headline", "001", "Labour’s Wes Streeting issues an apology for ‘abusive’ Tweets [INSIGHT]"),
    ("bullet related link", "002", "• 'Suicide drone' that picks own targets seen in Ukraine"),
    ("byline", "000", "By Rwenzori Daily"),
    ("empty 'Date:' label", "004", "Date:"),
    ("section label", "001", "World News"),
    ("lone '>'", "003", ">"),
    ("video title under the headline", "001", "Ukraine: Russian vehicles targeted by howitzer artillery"),
    ("caption with 'pictured'", "003", "A Ukrainian soldier, pictured yesterday, helps a wounded fellow soldier"),
    ("caption with gallery icon residue", "003", "Social media videos showed Russian troops facing down"),
    ("caption glued to a repeated paragraph", "003", "A Ukrainian soldier holds up a Russian flag to demonstrate"),
    ("photo caption (soldier)", "004", "A Ukrainian soldier stands on top of a destroyed Russian troop carrier"),
    ("photo caption (woman)", "004", "A woman finds herself under the rubble of a dilapidated house"),
    ("photo caption after an image gap", "004", "The wounded man talks to a left-wing soldier"),
]

CONTENT = [
    ("short quoted line", "000", "“He seems erratic."),
    ("short quoted line closing a quote", "000", "“He was always calculating and cold, but this is different."),
    ("subheading 'The price of war'", "004", "The price of war"),
    ("subheading 'More penalties'", "004", "More penalties"),
    ("subheading 'Skilled workers leave Russia'", "004", "Skilled workers leave Russia"),
    ("prose with brackets and an ellipsis", "001",
     "The Russian soldier told his wife: “I’m thumping [drunk…] Because I’m scared."),
    ("prose opening with a quote and a bracket", "003",
     "‘Learning about the number of deaths’ [estimated to be up to 43,000]"),
    ("prose with a parenthesis", "001", "Yesterday (Wednesday), Boris Johnson revealed"),
    ("headline (001)", "001",
     "Putin humiliated as ‘scared’ Russian troops fleeing war in masses over ‘family’ concerns"),
    ("headline (002)", "002", "Putin sending in execution squads to kill Russian troops fleeing Ukraine war"),
    ("headline (004)", "004", "Russian forces defect as Vladimir Putin faces problems at home"),
    ("first paragraph under a byline", "000", "RUSSIAN soldiers are abandoning Vladimir Putin’s invasion"),
    ("first paragraph under a lone '>'", "003", "Russian soldiers are refusing to fight in Ukraine"),
    ("last paragraph before the footer", "004", "We will continue to impose more sanctions"),
    ("short sentence", "003", "The embarrassing turnaround would also affect Putin at home."),
    ("paragraph starting like a caption", "001", "The Russian invasion of Ukraine has been dogged by miscommunication"),
    ("quote ending a paragraph", "002", "“I think we are steadily going back to a USSR,\" she said."),
]


def _norm(line: str) -> str:
    """The form a kept line takes in the output: ASCII quotes, single spaces (no-break spaces too)."""
    return " ".join(uncurl_quotes(line).split())


def _find(name: str, fragment: str) -> list[str]:
    lines = [line.strip() for line in SEEDS[name].splitlines() if _norm(fragment) in _norm(line)]
    assert lines, f"checklist entry not found in seed {name}: {fragment!r}"
    return lines


def _output_lines(name: str) -> list[str]:
    return [_norm(line) for line in clean(SEEDS[name]).splitlines()]


@pytest.mark.parametrize(("kind", "prefix", "fragment"), CRUFT, ids=[c[0] for c in CRUFT])
def test_cruft_is_removed(kind: str, prefix: str, fragment: str) -> None:
    name = _seed(prefix)
    out = _output_lines(name)
    for line in _find(name, fragment):
        assert _norm(line) not in out, f"{kind} kept in {name}: {line!r}"


def test_repeated_paragraph_appears_once() -> None:
    name = _seed("003")
    repeated = ("However, Ukrainian officials said it was important to distinguish between capturing territory "
                "and making sure it was completely safe.")
    assert clean(SEEDS[name]).count(repeated) == 1


@pytest.mark.parametrize(("kind", "prefix", "fragment"), CONTENT, ids=[c[0] for c in CONTENT])
def test_content_is_kept(kind: str, prefix: str, fragment: str) -> None:
    name = _seed(prefix)
    out = _output_lines(name)
    for line in _find(name, fragment):
        if _norm(line) not in out:
            trace = [d for d in clean_and_explain(SEEDS[name]).removed if _norm(d.text) == _norm(line)]
            pytest.fail(f"{kind} dropped from {name}: {line!r}; trace: {trace}")


@pytest.mark.parametrize("lang", sorted(HOSTS))
def test_clean_articles_in_other_languages_are_kept_whole(lang: str) -> None:
    text = HOSTS[lang]
    result = clean_and_explain(text)
    assert result.language == lang
    assert result.removed == ()
    assert result.text == uncurl_quotes(text).strip()

