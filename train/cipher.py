"""A made-up language: every word of a page replaced, consistently, by a pseudo-word.

The development corpus is nearly all English, but cleanwire meets pages in languages
its phrase lists do not cover (Polish, Portuguese, Chinese ...): there no phrase
rule fires, no stop word is recognised, and the layout model sees only shapes,
positions and repetition. Enciphering a page with a fixed word-for-word cipher
keeps all of that (lengths, capitals, digits, punctuation, which words repeat
where) and removes everything language-specific, so a model scored on
enciphered held-out pages shows what it does in a language it has no lists for.
The gold text and the known-boilerplate snippets go through the same cipher, so
the reference scorer can score the result.

Used only at training and evaluation time: nothing here is read by the library.
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"[^\W\d_]+")
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def pseudo_word(word: str) -> str:
    """The cipher of one word: a pronounceable string of the same length, chosen by a hash of the
    lower-cased word, with the word's capitalisation (first letter, or all letters)."""
    low = word.lower()
    digest = hashlib.blake2b(low.encode("utf-8"), digest_size=16).digest()
    letters = [(_CONSONANTS if i % 2 == 0 else _VOWELS)[digest[i % 16] % (18 if i % 2 == 0 else 5)]
               for i in range(len(low))]
    # Long words get more variety than the alternation alone gives them.
    for i in range(16, len(letters)):
        letters[i] = _CONSONANTS[(digest[i % 16] + i) % 18] if i % 2 == 0 else letters[i]
    out = "".join(letters)
    if word.isupper() and len(word) > 1:
        return out.upper()
    if word[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def encipher(text: str) -> str:
    """*text* with every run of letters replaced by its pseudo-word; all else unchanged.

    Example:
        >>> encipher("The cat, THE dog.") == encipher("The cat, THE dog.")
        True
        >>> encipher("The the")[:3] == encipher("The the")[4:].capitalize()
        True
    """
    return _WORD.sub(lambda m: pseudo_word(m.group(0)), text)


def encipher_record(record: dict) -> dict:
    """A corpus record with its page text, gold text and snippets enciphered."""
    out = dict(record)
    out["id"] = record["id"] + "~cipher"
    out["truth"] = encipher(record["truth"])
    out["with"] = [encipher(s) for s in record.get("with") or []]
    out["without"] = [encipher(s) for s in record.get("without") or []]
    out["inputs"] = {"page_text": encipher(record["inputs"].get("page_text") or "")}
    return out
