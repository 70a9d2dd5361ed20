"""The transplant set: articles wrapped in chrome taken from other pages, every line labelled.

A held-out score on the development corpus still measures pages whose shape the
model has seen. A *transplant* moves an article into a page it never lived in:
the article's own lines (from its first to its last line of content in the
scraped whole-page text, with whatever cruft sits inside it) go between the
header chrome of one page and the footer chrome of another, with teaser rails,
other stories' openings, reader-comment threads, author bios and disclaimers
around it, and its indentation changed. Every line keeps a label (content or
not) and a *family* (lead, closing paragraph, subheading, list item, table row,
body text; menu, header, footer, teaser card, other story, comment thread, bio,
disclaimer, cruft inside the article), so a model can be scored per family.

Everything that goes into one transplant comes from pages of one fold (the
domain folds of train_layout.py), so a model trained without that fold has
seen neither the article nor its chrome. Two sets are built with different
seeds: ``eval`` (every family, including the synthetic comment headers, bios
and disclaimers of the even-numbered templates) and ``train`` (the
odd-numbered templates), so that augmenting training never shows the model
the very wording it is tested on.

Used only at training and evaluation time: nothing here is read by the library.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from labels import TOKEN, Gold, domain, fold_of

CONTENT_FAMILIES = ("title", "lead", "subheading", "list", "table", "body", "closing")
CRUFT_FAMILIES = ("menu", "header", "footer", "teaser cards", "other story", "comment thread", "author bio",
                  "disclaimer", "inside article")

_LIST_MARK = re.compile(r"^(?:[*•·▪►▸◦‣∙+-]\s|\d{1,3}[.)]\s)")
_KEY_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*$")
_FIRST_SENTENCE = re.compile(r"^(.{30,240}?[.!?])\s")


@dataclass
class Transplant:
    """One built page: its text, and per line of ``text.splitlines()`` a label (None on blank lines)
    and a family."""

    id: str
    fold: int
    text: str
    labels: list[int | None]
    families: list[str | None]
    mode: str


def _words(text: str) -> int:
    return len(TOKEN.findall(text))


def _is_prose(text: str) -> bool:
    w = _words(text)
    return w >= 30 or (w >= 8 and _SENTENCE_END.search(text) is not None)


def _labelled(record: dict) -> tuple[list[str], list[int | None]] | None:
    text = record["inputs"].get("page_text") or ""
    if not text or not record.get("truth"):
        return None
    gold = Gold(record["truth"])
    lines = text.splitlines()
    return lines, [gold.label(line.strip()) if line.strip() else None for line in lines]


def article_core(record: dict) -> list[tuple[str, int | None, str | None]] | None:
    """The article's lines of its page text: from its first line of content to its last, each with
    its label and family; None when the page text holds too little of the article."""
    got = _labelled(record)
    if got is None:
        return None
    lines, labels = got
    content = _main_cluster(lines, labels)
    if len(content) < 3:
        return None
    lo, hi = content[0], content[-1] + 1
    gold_words = _words(record["truth"])
    core_words = sum(_words(lines[i]) for i in content)
    if gold_words < 80 or core_words < 0.6 * gold_words:
        return None
    prose = [i for i in range(lo, hi) if labels[i] == 1 and _is_prose(lines[i].strip())]
    if not prose:
        return None
    out: list[tuple[str, int | None, str | None]] = []
    for i in range(lo, hi):
        raw, y = lines[i], labels[i]
        text = raw.strip()
        if y is None:
            out.append((raw, None, None))
            continue
        if y == 0:
            out.append((raw, 0, "inside article"))
            continue
        if i == prose[0]:
            family = "lead"
        elif i == prose[-1]:
            family = "closing"
        elif i < prose[0]:
            family = "title"
        elif _LIST_MARK.match(text):
            family = "list"
        elif "|" in text or "\t" in raw.strip(" ") or (_KEY_VALUE.match(text) and _words(text) <= 15):
            family = "table"
        elif _words(text) <= 12 and not _SENTENCE_END.search(text) and _near_prose(lines, labels, i):
            family = "subheading"
        else:
            family = "body"
        out.append((raw, 1, family))
    return out


_MAX_GAP = 12


def _main_cluster(lines: list[str], labels: list[int | None]) -> list[int]:
    """The indices of the content lines of the page's main cluster: content lines are grouped where
    fewer than twelve non-blank non-content lines separate them, and the group with the most
    content words wins (a stray match in a menu or footer is not the article)."""
    groups: list[list[int]] = []
    gap = _MAX_GAP
    for i, y in enumerate(labels):
        if y == 1:
            if gap >= _MAX_GAP or not groups:
                groups.append([])
            groups[-1].append(i)
            gap = 0
        elif y == 0:
            gap += 1
    if not groups:
        return []
    return max(groups, key=lambda g: sum(_words(lines[i]) for i in g))


def _near_prose(lines: list[str], labels: list[int | None], i: int) -> bool:
    """A content line with content prose among the three non-blank lines above and below it."""
    def side(step: int) -> bool:
        j, seen = i + step, 0
        while 0 <= j < len(lines) and seen < 3:
            if labels[j] is not None:
                seen += 1
                if labels[j] == 1 and _is_prose(lines[j].strip()):
                    return True
            j += step
        return False
    return side(-1) and side(1)


def chrome(record: dict) -> tuple[list[str], list[str]] | None:
    """The header (above the first line of content) and footer (below the last) of a page text."""
    got = _labelled(record)
    if got is None:
        return None
    lines, labels = got
    content = [i for i, y in enumerate(labels) if y == 1]
    if not content:
        return None
    return lines[:content[0]], lines[content[-1] + 1:]


# -- synthetic families: templates split into two halves (even: eval, odd: train) ----------------

_NAMES = ["Maria Keller", "Tom Baker", "Aisha Rahman", "Luca Bianchi", "Sofia Nowak", "James O'Neill", "Chen Wei",
          "Hannah Schulz", "Diego Alvarez", "Priya Nair", "Oskar Lind", "Grace Mbeki"]
_DATES = ["March 4, 2024", "12 June 2023", "2023-11-02", "Jan 9, 2025 at 3:14 pm", "04.07.2024", "5 days ago",
          "2 hours ago", "Yesterday", "October 21, 2022", "1 year ago"]
_COMMENT_HEADERS = [
    "{name} on {date} said:", "{name} says:", "{name}\n{date}", "{name} · {date}", "Reply", "{n} Likes",
    "Rating: {n} votes", "{name} wrote:", "Reply ↓", "{name} | {date} | Reply", "Posted by {name} on {date}",
    "{n} replies",
]
_BIOS = [
    "{name} is a senior reporter covering climate and energy. She previously worked for a regional daily and "
    "holds a master's degree in journalism.",
    "About the author: {name} has written about travel and food for more than a decade. When not on the road, "
    "{name} lives in Lisbon with two cats.",
    "{name} is a freelance writer and editor based in Berlin. Her work has appeared in several national "
    "magazines.",
    "{name} is the founder of this site and a certified personal trainer who has coached hundreds of clients.",
    "{name} covers technology policy. Send tips by email or follow on social media.",
    "Written by {name}, a staff writer who reports on health, science and the environment.",
    "{name} is an editor at large. He has covered elections on four continents and teaches reporting at a "
    "university.",
    "About {name}: a software engineer and occasional blogger who writes about open source and developer tools.",
]
_DISCLAIMERS = [
    "This article is for informational purposes only and does not constitute legal, financial or tax advice. "
    "Consult a professional before making any decision.",
    "The content on this page is not a substitute for professional medical advice, diagnosis or treatment. "
    "Always seek the advice of your physician.",
    "We use cookies and similar technologies to personalise content and ads, and to analyse our traffic. By "
    "continuing to browse, you agree to our use of cookies.",
    "Some links in this article are affiliate links, which means we may earn a small commission at no extra "
    "cost to you.",
    "Views expressed in this article are those of the author and do not necessarily reflect the views of the "
    "publisher.",
    "All prices were correct at the time of publication and may change without notice.",
    "The information provided here is believed to be accurate but is not guaranteed. Past performance is no "
    "indication of future results.",
    "This story was produced with support from a foundation grant. The foundation had no say over its content.",
]
_TIMES = ["3 hours ago", "March 4, 2024", "4 min read", "12.03.2024", "Updated 2 days ago", "Jun 5", "1 day ago",
          "2024-05-06"]


def _templates(items: list[str], half: int) -> list[str]:
    return items[half::2]


def _teaser_cards(rng: random.Random, others: list[dict]) -> list[tuple[str, str]]:
    """Headline + one-line summary + time stamp for a few other articles, in one of a few orders."""
    order = rng.choice([("h", "s", "t"), ("t", "h", "s"), ("h", "t"), ("h", "s")])
    out: list[tuple[str, str]] = []
    for record in others:
        head, summary = _headline_and_summary(record)
        if not head:
            continue
        parts = {"h": head, "s": summary, "t": rng.choice(_TIMES)}
        for key in order:
            if parts[key]:
                out.append((parts[key], "teaser cards"))
        if rng.random() < 0.5:
            out.append(("", ""))
    return out


def _headline_and_summary(record: dict) -> tuple[str, str]:
    lines = [line.strip() for line in record["truth"].splitlines() if line.strip()]
    if not lines:
        return "", ""
    head = lines[0] if _words(lines[0]) <= 16 else " ".join(lines[0].split()[:10])
    prose = next((line for line in lines if _is_prose(line)), "")
    match = _FIRST_SENTENCE.match(prose + " ")
    summary = match.group(1) if match else " ".join(prose.split()[:22]) + "…"
    return head, summary


def _other_story(rng: random.Random, record: dict) -> list[tuple[str, str]]:
    """Another article's headline and its first one or two paragraphs."""
    lines = [line.strip() for line in record["truth"].splitlines() if line.strip()]
    head, _ = _headline_and_summary(record)
    prose = [line for line in lines if _is_prose(line)][: rng.choice([1, 2])]
    if not head or not prose:
        return []
    return [(head, "other story"), ("", ""), *((p, "other story") for p in prose)]


def _comment_thread(rng: random.Random, half: int, bodies: list[str]) -> list[tuple[str, str]]:
    headers = _templates(_COMMENT_HEADERS, half)
    out: list[tuple[str, str]] = [(rng.choice(["Comments", "3 Responses", "Discussion", "Reader comments"]),
                                   "comment thread"), ("", "")]
    for _ in range(rng.randint(3, 6)):
        header = rng.choice(headers).format(name=rng.choice(_NAMES), date=rng.choice(_DATES), n=rng.randint(1, 40))
        out.extend((h, "comment thread") for h in header.split("\n"))
        out.append((rng.choice(bodies), "comment thread"))
        out.append(("", ""))
    return out


def _bio(rng: random.Random, half: int) -> list[tuple[str, str]]:
    name = rng.choice(_NAMES)
    text = rng.choice(_templates(_BIOS, half)).format(name=name)
    return [(name, "author bio"), (text, "author bio")] if rng.random() < 0.5 else [(text, "author bio")]


def _disclaimer(rng: random.Random, half: int) -> list[tuple[str, str]]:
    return [(rng.choice(_templates(_DISCLAIMERS, half)), "disclaimer")]


def _comment_bodies(records: list[dict]) -> list[str]:
    """Reader-comment-like prose: paragraphs of forum pages' main text."""
    out = []
    for r in records:
        if r["page_type"] == "forum":
            out += [line.strip() for line in r["truth"].splitlines() if 8 <= _words(line) <= 120]
    return out or ["Great article, thanks for sharing this. I had the same problem last year and this helped."]


# -- assembling ---------------------------------------------------------------------------------

_MODES = ("as scraped", "flat", "shifted")


def _indent(segment: list[tuple[str, int | None, str | None]], mode: str, rng: random.Random,
            lead_shift: bool = False) -> list[tuple[str, int | None, str | None]]:
    if mode == "as scraped":
        return segment
    if mode == "flat":
        return [(raw.strip(), y, f) for raw, y, f in segment]
    base = rng.choice([0, 2, 4, 8, 12])
    lead = rng.choice([0, 4, 6, 10]) if lead_shift else base
    out = []
    for raw, y, f in segment:
        text = raw.strip()
        if not text:
            out.append(("", y, f))
            continue
        pad = lead if f == "lead" else base
        out.append((" " * pad + text, y, f))
    return out


def _cruft(items: list[tuple[str, str]]) -> list[tuple[str, int | None, str | None]]:
    return [(text, None, None) if not text else (text, 0, family) for text, family in items]


def _chrome_segment(lines: list[str], family: str) -> list[tuple[str, int | None, str | None]]:
    out: list[tuple[str, int | None, str | None]] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            out.append((raw, None, None))
        else:
            out.append((raw, 0, "menu" if family == "header" and _words(text) <= 4 else family))
    return out


def build(records: list[dict], seed: int, half: int, per_article: int = 1) -> list[Transplant]:
    """Build transplants of every usable article of *records*: its chrome, teasers, comments and so
    on come from pages of the same domain fold, never from its own domain. *half* picks the
    template half (0: eval, 1: train)."""
    rng = random.Random(seed)
    by_fold: dict[int, list[dict]] = {}
    for r in records:
        by_fold.setdefault(fold_of(domain(r["url"])), []).append(r)
    out: list[Transplant] = []
    for fold, pool in sorted(by_fold.items()):
        chromes = [(r, c) for r in pool if (c := chrome(r)) is not None and (len(c[0]) >= 3 or len(c[1]) >= 3)]
        articles = [r for r in pool if r["page_type"] == "article"]
        bodies = _comment_bodies(pool)
        for record in articles:
            core = article_core(record)
            if core is None:
                continue
            own = domain(record["url"])
            donors = [(r, c) for r, c in chromes if domain(r["url"]) != own]
            others = [r for r in articles if domain(r["url"]) != own]
            if not donors or len(others) < 6:
                continue
            for k in range(per_article):
                out.append(_assemble(rng, f"{record['id']}#{k}", fold, core, donors, others, bodies, half))
    return out


def _assemble(rng: random.Random, ident: str, fold: int, core: list[tuple[str, int | None, str | None]],
              donors: list[tuple[dict, tuple[list[str], list[str]]]], others: list[dict], bodies: list[str],
              half: int) -> Transplant:
    mode = rng.choice(_MODES)
    header = rng.choice(donors)[1][0][-rng.randint(8, 80):]
    footer = rng.choice(donors)[1][1][: rng.randint(8, 80)]
    above: list[tuple[str, int | None, str | None]] = []
    below: list[tuple[str, int | None, str | None]] = []
    if rng.random() < 0.3:
        above = _cruft(_teaser_cards(rng, rng.sample(others, rng.randint(3, 5))))
    extras = [
        lambda: _cruft(_teaser_cards(rng, rng.sample(others, rng.randint(3, 6)))),
        lambda: _cruft(_other_story(rng, rng.choice(others))),
        lambda: _cruft(_comment_thread(rng, half, bodies)),
        lambda: _cruft(_bio(rng, half)),
        lambda: _cruft(_disclaimer(rng, half)),
    ]
    for make in rng.sample(extras, rng.randint(1, 4)):
        below += make() + [("", None, None)]
    parts = [
        _indent(_chrome_segment(header, "header"), mode, rng),
        [("", None, None)],
        _indent(above, mode, rng),
        _indent(core, mode, rng, lead_shift=rng.random() < 0.5),
        [("", None, None)],
        _indent(below, mode, rng),
        _indent(_chrome_segment(footer, "footer"), mode, rng),
    ]
    lines = [item for part in parts for item in part]
    return Transplant(ident, fold, "\n".join(text for text, _, _ in lines),
                      [y for _, y, _ in lines], [f for _, _, f in lines], mode)


def iter_lines(t: Transplant) -> Iterator[tuple[int, str, int, str]]:
    """(1-based line number, text, label, family) of the non-blank lines of a transplant."""
    for number, (text, y, f) in enumerate(zip(t.text.splitlines(), t.labels, t.families), start=1):
        if y is not None and text.strip():
            yield number, text, y, f or ""
