"""Each built-in cleaner on its own: lines it must drop, and lines it must keep.

Every case runs a one-cleaner pipeline, so a failure names the cleaner at
fault; the expected drops are compared as a set, so a case fails both when
cruft stays and when anything else goes.
"""

from __future__ import annotations

import pytest

from cleanwire import PRESETS, Pipeline

P1 = "The council approved the new budget on Tuesday after a long and heated debate."
P2 = "Officials said the first projects would start in the spring, once the money arrives."
P3 = "Residents who spoke to reporters said they were relieved that a decision had finally been made."

# (cleaner, case id, text, lines that cleaner must drop)
CASES: list[tuple[str, str, str, set[str]]] = [
    # stray_markup
    ("stray_markup", "lone >", f">\n{P1}", {">"}),
    ("stray_markup", "symbol rows and tags", f"{P1}\n* * *\n<br>\n</div>\n{P2}", {"* * *", "<br>", "</div>"}),
    ("stray_markup", "keeps the tags of a code sample",
     f"{P1}\n<form method=\"post\">\n<p><input type=text name=user>\n</form>\n{P2}", set()),
    ("stray_markup", "keeps numbers and quoted replies", f"{P1}\n2024\n> Quoted reply from a reader\n<3 {P2}", set()),
    ("stray_markup", "keeps tags written out in code and between code lines",
     f"{P1}\n<img className=\"avatar\" />\nreturn (\n<div>\n<h1>Welcome</h1>\n</div>\n);\n{P2}", set()),
    ("stray_markup", "keeps runs of closing tags and braces that end a code sample",
     f"{P1}\nreturn (\n<div>\n<button onClick={{() => go()}}>\nClick me\n</button>\n</div>\n);\n}}\n"
     f"{P2}\n{P3}\n}}", {"}"}),
    # banners
    ("banners", "cookie banner", f"We use cookies to improve your experience.\n{P1}",
     {"We use cookies to improve your experience."}),
    ("banners", "newsletter sign-up", f"{P1}\nSign up to our free daily newsletter\n{P2}",
     {"Sign up to our free daily newsletter"}),
    ("banners", "sign-up consent", f"{P1}\nWe use your sign-up to provide content in ways you've consented to.",
     {"We use your sign-up to provide content in ways you've consented to."}),
    ("banners", "German cookie banner", "Wir verwenden Cookies, um die Seite zu verbessern.\nDie Stadt plant neue "
     "Radwege, die im kommenden Jahr gebaut werden sollen, sagte der Bürgermeister.",
     {"Wir verwenden Cookies, um die Seite zu verbessern."}),
    ("banners", "affiliate disclosures",
     f"When you purchase through links on our site, we may earn an affiliate commission.\n{P1}\n"
     "As an Amazon Associate we earn from qualifying purchases.",
     {"When you purchase through links on our site, we may earn an affiliate commission.",
      "As an Amazon Associate we earn from qualifying purchases."}),
    ("banners", "consent dialogs of ad partners and sign-up forms",
     f"We, and our 228 partners use cookies and similar methods to recognize visitors.\n{P1}\n"
     "Let us know you agree to cookies\nStore and/or access information on a device.\n"
     "By submitting, you acknowledge Example Data's Privacy Policy\n"
     "Prices were accurate at the time this article was published but may change over time.",
     {"We, and our 228 partners use cookies and similar methods to recognize visitors.",
      "Let us know you agree to cookies", "Store and/or access information on a device.",
      "By submitting, you acknowledge Example Data's Privacy Policy",
      "Prices were accurate at the time this article was published but may change over time."}),
    ("banners", "keeps prose about third-party cookies and submitting forms",
     f"Browsers will phase out third-party cookies next year, the company said.\n"
     f"By submitting the form late, the council lost its grant.\n{P1}", set()),
    ("banners", "affiliate and mailing-list notes",
     f"{P1}\nDisclosure: As an Affiliate Marketer, I earn from qualifying purchases.\n"
     "We will never sell your information. Modify your preferences or unsubscribe at any time.\n"
     "You received this email because you signed up for emails from Example.",
     {"Disclosure: As an Affiliate Marketer, I earn from qualifying purchases.",
      "We will never sell your information. Modify your preferences or unsubscribe at any time.",
      "You received this email because you signed up for emails from Example."}),
    ("banners", "keeps prose about cookies and newsletters",
     f"The bakery sold cookies to the council at cost.\nNewsletter editors met on Monday.\n{P1}", set()),
    # attribution
    ("attribution", "source footers", f"{P1}\nSource: Read Full Article\nSource: Belfastlive\nVia: Reuters",
     {"Source: Read Full Article", "Source: Belfastlive", "Via: Reuters"}),
    ("attribution", "read-more links", f"{P1}\nRead more »\nContinue reading\n{P2}",
     {"Read more »", "Continue reading"}),
    ("attribution", "French source", "Source : AFP\nLe gouvernement a présenté mardi son projet de loi sur le "
     "logement, qui sera débattu au Parlement le mois prochain.", {"Source : AFP"}),
    ("attribution", "keeps sentences that start with Source",
     f"{P1}\nSource: a senior official who asked not to be named said the talks had collapsed.\n"
     "Sources said the talks had stalled.", set()),
    # comments
    ("comments", "comment prompts", f"{P1}\nLEAVE A REPLY\nPlease enter your comment!\nPlease enter your name here\n"
     "12 Comments", {"LEAVE A REPLY", "Please enter your comment!", "Please enter your name here", "12 Comments"}),
    ("comments", "comment widgets and author headers",
     f"{P1}\nLoad Disqus Comments\n1. Anonymous says:\n✉️ Reply by email",
     {"Load Disqus Comments", "1. Anonymous says:", "✉️ Reply by email"}),
    ("comments", "comment form notes and recipe rating prompts",
     f"{P1}\nSave my name, email, and site URL in my browser for next time I post a comment.\n"
     "Notify me of follow-up comments via email. You can also subscribe without commenting.\n"
     "Comment via: facebook, substack\n"
     "Did you make one of my recipes? Please take a moment to leave a star rating.",
     {"Save my name, email, and site URL in my browser for next time I post a comment.",
      "Notify me of follow-up comments via email. You can also subscribe without commenting.",
      "Comment via: facebook, substack",
      "Did you make one of my recipes? Please take a moment to leave a star rating."}),
    ("comments", "moderation notes and the recent-comments widget",
     f"{P1}\nAll comments are moderated before being published.\nRecent Comments",
     {"All comments are moderated before being published.", "Recent Comments"}),
    ("comments", "keeps a sentence introducing a quote",
     f"{P1}\nHere is what my son says:\nThe minister says: the plan stays.", set()),
    ("comments", "Spanish prompt", "El ayuntamiento aprobó el plan de transporte tras un largo debate en el pleno.\n"
     "Deja un comentario", {"Deja un comentario"}),
    ("comments", "the reader-comment thread under an article, to the end",
     f"{P1}\n{P2}\n{P3}\n{P1}\nSharon says\nIs that your cabbage in the picture?\n2. Jill Winger says:\n"
     "Yes, my cabbages are doing well this year!\n+ Sharon says\nThey look great.\nLeave a Comment",
     {"Sharon says", "Is that your cabbage in the picture?", "2. Jill Winger says:",
      "Yes, my cabbages are doing well this year!", "+ Sharon says", "They look great.", "Leave a Comment"}),
    ("comments", "keeps 'says' lines above the article and headings of what someone says",
     f"Ann says\nNice post!\nBob says\nThanks.\nCarl says\nMore please.\n{P1}\n{P2}\n{P3}\n{P1}\n"
     f"What the study says\n{P2}\nWhat the mayor says\n{P3}\nWhat the critics says\n{P1}", set()),
    ("comments", "keeps a short text with a few 'says' lines",
     f"{P1}\nAnn says\nNice post!\nBob says\nThanks.\nCarl says\nMore please.", set()),
    ("comments", "keeps prose about comments and replies",
     f"Comments from the minister drew sharp criticism.\nReply to the letter came within a day.\n{P1}", set()),
    # social
    ("social", "share and subscribe",
     f"{P1}\nShare post:\nSubscribe\nFacebook Twitter WhatsApp\nFollow us on Instagram",
     {"Share post:", "Subscribe", "Facebook Twitter WhatsApp", "Follow us on Instagram"}),
    ("social", "glued and chatty share prompts",
     f"{P1}\nSubscribeSign in\nLike what you see? Share with a friend",
     {"SubscribeSign in", "Like what you see? Share with a friend"}),
    ("social", "German share", "Artikel teilen\nDie Stadt plant neue Radwege, die im kommenden Jahr gebaut werden "
     "sollen, sagte der Bürgermeister.", {"Artikel teilen"}),
    ("social", "asks to share the post", f"{P1}\nIf you like it, please share it!\nIf you enjoyed this post, share it "
     "with your friends", {"If you like it, please share it!", "If you enjoyed this post, share it with your friends"}),
    ("social", "keeps prose about shares and subscribers",
     "Share prices fell sharply on Monday.\nSubscribers will pay more from May.\nFollow the money, he said.", set()),
    # navigation
    ("navigation", "site furniture", f"Skip to content\nMenu\nAdvertisement\n{P1}\nBack to top",
     {"Skip to content", "Menu", "Advertisement", "Back to top"}),
    ("navigation", "menus of page words and post navigation",
     f"Home Blog About\n{P1}\nPrevious: Paying for the rides I took years ago\nPowered by Bear",
     {"Home Blog About", "Previous: Paying for the rides I took years ago", "Powered by Bear"}),
    ("navigation", "consent buttons, topic links and read-less toggles",
     f"{P1}\nAcceptRejectRead More\nPrevious topic - Next topic\nRead less\n{P2}",
     {"AcceptRejectRead More", "Previous topic - Next topic", "Read less"}),
    ("navigation", "breadcrumbs, filing and posting lines",
     f"Home » Travel » Hotels\n{P1}\nFiled under: Best Of, Japan, Travel Guides\n"
     "Posted by David at December 16, 2025 11:15 AM\nPosted: 2 days ago Last Modified: 2 days ago",
     {"Home » Travel » Hotels", "Filed under: Best Of, Japan, Travel Guides",
      "Posted by David at December 16, 2025 11:15 AM", "Posted: 2 days ago Last Modified: 2 days ago"}),
    ("navigation", "sign-in links and page counters", f"Join / Sign in\n{P1}\nPage 1 of 8",
     {"Join / Sign in", "Page 1 of 8"}),
    ("navigation", "keeps sentences that start with home or posted",
     f"{P1}\nHome is where the heart is.\nPosted on the wall of the school was a notice.", set()),
    ("navigation", "keeps headings made of one page word and sentences about home",
     f"About\n{P1}\nThe home is about privacy, she said.", set()),
    ("navigation", "keeps lines that merely start with a label",
     f"Home secretary announces new rules\nMenu prices rose by a third.\n{P1}", set()),
    ("navigation", "pictograph bullets, arrows and glued widget labels",
     f"⬅️ Back to all posts\nOpen in app\n{P1}\nExpand All Collapse All\nRandom post • Older post →\n"
     "Privacy policy Terms and conditions",
     {"⬅️ Back to all posts", "Open in app", "Expand All Collapse All", "Random post • Older post →",
      "Privacy policy Terms and conditions"}),
    # promotions
    ("promotions", "calls to action and legal footer",
     f"{P1}\nBook a demo\nStart free trial\nCopyright © 2025 Example Ltd. All rights reserved.\n"
     "Privacy Policy | Sitemap | Terms of Use",
     {"Book a demo", "Start free trial", "Copyright © 2025 Example Ltd. All rights reserved.",
      "Privacy Policy | Sitemap | Terms of Use"}),
    ("promotions", "newsletter prompts",
     f"{P1}\nThanks for reading! Subscribe for free to receive new posts and support my work.\n"
     "Would you like to receive notifications about new posts?",
     {"Thanks for reading! Subscribe for free to receive new posts and support my work.",
      "Would you like to receive notifications about new posts?"}),
    ("promotions", "buttons, glued buttons and sponsored teasers",
     f"{P1}\nBook Now\nSign-Up for Free\nStart free trialGet a demo\nSee price at Amazon\n"
     "Reading time about 6 minutes\nFive ways to cut your cloud bill (Sponsored)",
     {"Book Now", "Sign-Up for Free", "Start free trialGet a demo", "See price at Amazon",
      "Reading time about 6 minutes", "Five ways to cut your cloud bill (Sponsored)"}),
    ("promotions", "links to more, paywall notes and a licence footer",
     f"{P1}\nRead The Review\nView All Best Projector Categories\nShow Full Specification Details ▼\n"
     "This article is exclusive to STAT+ subscribers\nCopyright Jane Doe 2012-2025. CC BY-NC 4.0.",
     {"Read The Review", "View All Best Projector Categories", "Show Full Specification Details ▼",
      "This article is exclusive to STAT+ subscribers", "Copyright Jane Doe 2012-2025. CC BY-NC 4.0."}),
    ("promotions", "shop notices, cart dialogs and placeholder text",
     f"{P1}\nFREE SHIPPING ON ORDERS OVER $150\nTaxes, discounts and shipping calculated at checkout.\n"
     "Remove all 0 items from your cart? Remove all Cancel\nSign up for Email Updates!\n"
     "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
     {"FREE SHIPPING ON ORDERS OVER $150", "Taxes, discounts and shipping calculated at checkout.",
      "Remove all 0 items from your cart? Remove all Cancel", "Sign up for Email Updates!",
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit."}),
    ("promotions", "keeps sentences about shipping and carts",
     f"{P1}\nFree shipping on orders over $50 cost the retailer millions last year.\n"
     "Shoppers left items in their carts when prices rose.", set()),
    ("promotions", "inline related links and review credits",
     f"{P1}\nRelated: What is the Crypto Travel Rule? An Overview\n"
     "You might also like: The Challenges of Sustainable Palm Oil Production\n"
     "Medically reviewed by Jane Roe, RDN — Written by John Doe, MS — Updated on March 7, 2025",
     {"Related: What is the Crypto Travel Rule? An Overview",
      "You might also like: The Challenges of Sustainable Palm Oil Production",
      "Medically reviewed by Jane Roe, RDN — Written by John Doe, MS — Updated on March 7, 2025"}),
    ("promotions", "membership, follow-on-Google and store buttons, test notes",
     f"{P1}\nBecome a patron\nAdd as a preferred source on Google\nAdd Example News on Google\nView on Amazon\n"
     "Sign up for Newsletters\nQuestions? We are here to help.\nWe independently test everything we recommend.",
     {"Become a patron", "Add as a preferred source on Google", "Add Example News on Google", "View on Amazon",
      "Sign up for Newsletters", "Questions? We are here to help.", "We independently test everything we recommend."}),
    ("promotions", "keeps sentences that start like a button",
     f"{P1}\nBook now, pay later schemes drew criticism from regulators.\n"
     "Reading time fell by a third among teenagers, the survey found.", set()),
    ("promotions", "keeps prose that mentions trials and demos",
     f"{P1}\nI learn more every day from my students.\nThe demo was booked for Friday, the mayor said.", set()),
    # bylines
    ("bylines", "byline and empty label", f"By Jane Doe\nDate:\n{P1}", {"By Jane Doe", "Date:"}),
    ("bylines", "byline naming an outlet", f"By Rwenzori Daily\n{P1}", {"By Rwenzori Daily"}),
    ("bylines", "datelines", f"Published: 3 May 2024\n5 min read\n{P1}", {"Published: 3 May 2024", "5 min read"}),
    ("bylines", "section label above the article", f"World News\nPutin faces revolt at home\n{P1}", {"World News"}),
    ("bylines", "French byline", "Par Marie Dupont\nLe gouvernement a présenté mardi son projet de loi sur le "
     "logement, qui sera débattu au Parlement le mois prochain.", {"Par Marie Dupont"}),
    ("bylines", "posted and edited dates", f"Posted on May 3, 2024\nEdited April 2024\n{P1}",
     {"Posted on May 3, 2024", "Edited April 2024"}),
    ("bylines", "published-by byline", f"{P1}\nPublished by Damien Walter", {"Published by Damien Walter"}),
    ("bylines", "keeps a sentence naming a publisher", f"{P1}\nPublished by Penguin in 2019, the book sold well.",
     set()),
    ("bylines", "keeps sentences starting with By", f"{P1}\nBy Tuesday the river had risen.\n"
     "By the end of the week, prices had doubled.", set()),
    ("bylines", "keeps a one-word subheading inside the article", f"{P1}\nBusiness\n{P2}", set()),
    # related
    ("related", "headers and a teaser run", f"{P1}\nMore like this\nRelated\nAirport counts the cost of the strike\n"
     "The bitter balance of the strike, which...\nUnions plan new walkouts\nThe next round of talks, which...",
     {"More like this", "Related", "Airport counts the cost of the strike",
      "The bitter balance of the strike, which...", "Unions plan new walkouts",
      "The next round of talks, which..."}),
    ("related", "a header between a teaser's headline and summary hides no pair",
     f"{P1}\nAirport counts the cost of the strike\nRelated\nThe bitter balance of the strike, which...\n"
     "Unions plan new walkouts\nThe next round of talks, which...",
     {"Related", "Airport counts the cost of the strike", "The bitter balance of the strike, which...",
      "Unions plan new walkouts", "The next round of talks, which..."}),
    ("related", "a longer header over a bulleted list: the header alone",
     f"{P1}\nYou Might Also Enjoy Some of My Other Posts\n* Code Kata: Creating A Fluent Builder API\n"
     "* Closures Versus Components: A Performance Exploration",
     {"You Might Also Enjoy Some of My Other Posts"}),
    ("related", "a header above a subheading takes only itself", f"{P1}\nRelated\nWhat happens next\n{P2}",
     {"Related"}),
    ("related", "bracket-tag headlines", f"{P1}\nMinister resigns over expenses row [UPDATE]\n"
     "Council in crisis after vote [EXPRESS COMMENT]\n{P2}",
     {"Minister resigns over expenses row [UPDATE]", "Council in crisis after vote [EXPRESS COMMENT]"}),
    ("related", "lone bullet link", f"{P1}\n• 'Suicide drone' that picks own targets seen in Ukraine\n{P2}",
     {"• 'Suicide drone' that picks own targets seen in Ukraine"}),
    ("related", "a bullet next to a heading may be a list item", f"{P1}\nWhat to bring\n• A valid passport\n{P2}",
     set()),
    ("related", "keeps the prose under a header", f"{P1}\nYou may also like\n{P2}", {"You may also like"}),
    ("related", "more headers of teaser lists", f"{P1}\nYou may also like these\nRead this next\n"
     "Other articles you may find interesting\nRead More from Jane Doe\nRead More News on\nSee more in:\n"
     "Recently by Jane Doe\n{P2}",
     {"You may also like these", "Read this next", "Other articles you may find interesting",
      "Read More from Jane Doe", "Read More News on", "See more in:", "Recently by Jane Doe"}),
    ("related", "keeps sentences that start like those headers",
     f"{P1}\nRead this next to the original report, and the gap is plain.\n"
     "Recently by the river, families have gathered every Sunday to fish.", set()),
    ("related", "keeps bullet lists", f"{P1}\n• Bread\n• Milk and cheese\n• Fresh vegetables\n{P2}", set()),
    ("related", "keeps prose with brackets and ellipses",
     f"{P1}\nThe Russian soldier told his wife: \"I'm thumping [drunk…] Because I'm scared.\"\n"
     f"Popular opinion has shifted against the plan.\nRelated to the case, police arrested two men.", set()),
    # captions
    ("captions", "marked captions", f"{P1}\nThe mayor, pictured, in Belfast\nProtesters in Lyon (Image: Getty)\n{P2}",
     {"The mayor, pictured, in Belfast", "Protesters in Lyon (Image: Getty)"}),
    ("captions", "image credit in brackets", f"{P1}\nThe new watch on a wrist (Image credit: Wareable)\n{P2}",
     {"The new watch on a wrist (Image credit: Wareable)"}),
    ("captions", "icon residue", f"{P1}\nSocial media videos showed troops in Kharkiv. layers\n{P2}",
     {"Social media videos showed troops in Kharkiv. layers"}),
    ("captions", "caption shape between paragraphs",
     f"{P1}\nA Ukrainian soldier stands on top of a destroyed troop carrier after a battle in Kharkiv\n{P2}",
     {"A Ukrainian soldier stands on top of a destroyed troop carrier after a battle in Kharkiv"}),
    ("captions", "video title under the headline",
     f"Putin faces revolt over the war at home\nUkraine: Russian vehicles targeted by artillery\n{P1}\n{P2}",
     {"Ukraine: Russian vehicles targeted by artillery"}),
    ("captions", "keeps the headline and said-sentences",
     f"A soldier walks past the rubble of a house in Irpin\n{P1}\n"
     f"A spokesman says the talks will resume on Monday in Geneva\n{P2}\n"
     f"The Russian invasion of Ukraine has been dogged by miscommunication and disorganisation.\n{P3}", set()),
    ("captions", "keeps label: value lines further down a page without prose",
     "Ergonomic monitor arms\nDual arm for two screens\nScreen Size: Up to 37 in\nFor Monitors: 5-22 lbs", set()),
    ("captions", "keeps a container image in a configuration sample",
     f"{P1}\nservices:\ndb:\nimage: postgres:18\n{P2}", set()),
    ("captions", "keeps prose whose 'verb' only ends in s",
     f"{P1}\nA bit of past history as we saw this error here back in February\n{P2}", set()),
    ("captions", "keeps a subheading with a colon in the body",
     f"Putin faces revolt over the war at home\n{P1}\nAnalysis: What the vote means for the city\n{P2}", set()),
    # duplicates
    ("duplicates", "repeated paragraph", f"{P1}\n{P2}\n{P1}", {P1}),
    ("duplicates", "caption glued to the paragraph", f"{P1}\nA soldier holds up a flag in Kharkiv. {P2}\n{P2}",
     {f"A soldier holds up a flag in Kharkiv. {P2}"}),
    ("duplicates", "keeps short repeats and near-duplicates",
     f"Yes.\n{P1}\nYes.\n{P1.replace('Tuesday', 'Wednesday')}", set()),
]


def test_cases_cover_every_rule_cleaner() -> None:
    """Every cleaner of the ``rules`` preset has a drop case and a must-keep case here."""
    covered = {c[0] for c in CASES}
    assert set(PRESETS["rules"]) <= covered, f"add cases for {sorted(set(PRESETS['rules']) - covered)}"
    for name in PRESETS["rules"]:
        assert any(c[0] == name and c[3] for c in CASES), f"no positive case for {name}"
        assert any(c[0] == name and not c[3] for c in CASES), f"no negative case for {name}"


@pytest.mark.parametrize(("cleaner", "case", "text", "expected"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_builtin_cleaner(cleaner: str, case: str, text: str, expected: set[str]) -> None:
    result = Pipeline([cleaner]).run(text)
    dropped = {d.text for d in result.removed}
    assert {d.cleaner for d in result.removed} <= {cleaner}
    assert dropped - expected == set(), f"{cleaner} dropped content: {sorted(dropped - expected)}"
    assert expected - dropped == set(), f"{cleaner} kept cruft: {sorted(expected - dropped)}"
    assert all(d.reason for d in result.removed)


@pytest.mark.parametrize("cleaner", PRESETS["rules"])
def test_builtin_cleaner_keeps_plain_prose(cleaner: str) -> None:
    text = f"{P1}\n\n{P2}\n\n{P3}"
    assert Pipeline([cleaner]).clean(text) == text


def test_cleaners_only_judge_lines_still_kept() -> None:
    # "Comments" is both a comment prompt and a widget word: the first cleaner in the pipeline takes it.
    result = Pipeline(["comments", "social"]).run(f"{P1}\nComments")
    assert [(d.cleaner, d.text) for d in result.removed] == [("comments", "Comments")]


@pytest.mark.parametrize(("items", "dates_stay"), [(1, False), (3, False), (4, True), (20, True)])  # 2 hits per item
def test_bylines_keep_the_dates_of_a_listing_s_items(items: int, dates_stay: bool) -> None:
    item = "{} March\nBy Jane Doe\nTalk number {} on the history of the town bridge."
    text = "\n".join(item.format(d, d) for d in range(items))
    kept = Pipeline.preset("rules").clean(text).splitlines()
    talks = [line for line in kept if line.startswith("Talk")]
    assert len(talks) == items
    assert (len(kept) == 3 * items) is dates_stay
    if not dates_stay:
        assert kept == talks
