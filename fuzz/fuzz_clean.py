#!/usr/bin/env python3
"""Coverage-guided fuzz target for ``cleanwire.clean`` (atheris / libFuzzer).

The first input byte picks how the rest becomes text:
  even  ``cleanwire.decode`` of the bytes (UTF-8, invalid sequences repaired) --
        the seeds in fuzz/seeds are a 0x00 byte plus a scraped text from
        fixtures/seeds;
  odd   the bytes read as UTF-16-LE with ``surrogatepass`` (any code point,
        lone surrogates included).

Checked for every input: ``clean`` returns a ``str`` and raises nothing, and
``clean_and_explain`` agrees with it. Under the native engine (``cleanwire.ENGINE``,
printed at start) the answer -- text, language and whole trace -- must also equal the
Python engine's (``Pipeline.document``, the reference), so the fuzzer drives the native
engine and checks it. With ``CLEANWIRE_FUZZ_PROPERTIES=1`` also idempotence
(``clean(clean(x)) == clean(x)``).

Run (from the project root; needs ``pip install atheris``):
  .venv/bin/python fuzz/fuzz_clean.py -max_total_time=600 -dict=fuzz/clean.dict -artifact_prefix=fuzz/ \
      fuzz/corpus fuzz/seeds
New inputs go to fuzz/corpus (git-ignored; seeds in fuzz/seeds); a crash is written to
fuzz/crash-<sha1>; reproduce it with ``.venv/bin/python fuzz/fuzz_clean.py fuzz/crash-<sha1>``.
"""

from __future__ import annotations

import os
import sys

import atheris

with atheris.instrument_imports(include=["cleanwire"]):
    import cleanwire

PROPERTIES = os.environ.get("CLEANWIRE_FUZZ_PROPERTIES") == "1"
DEFAULT = cleanwire.Pipeline.preset("default")


def to_text(data: bytes) -> str:
    """Map fuzzer bytes to a str (see the module docstring)."""
    if not data:
        return ""
    if data[0] % 2 == 0:
        return cleanwire.decode(data[1:])
    body = data[1:]
    return body[: len(body) // 2 * 2].decode("utf-16-le", errors="surrogatepass")


def test_one_input(data: bytes) -> None:
    """The fuzz target: clean one input and check the invariants."""
    text = to_text(data)
    out = cleanwire.clean(text)
    if not isinstance(out, str):
        raise AssertionError(f"clean() returned {type(out).__name__}")
    result = cleanwire.clean_and_explain(text)
    if result.text != out:
        raise AssertionError("clean_and_explain().text differs from clean()")
    if cleanwire.ENGINE == "native":
        doc = DEFAULT.document(text)
        if (doc.render(), doc.language, tuple(doc.trace)) != (result.text, result.language, result.trace):
            raise AssertionError(f"native and Python engines differ on {text!r}")
    if PROPERTIES and cleanwire.clean(out) != out:
        raise AssertionError(f"not idempotent: {text!r} -> {out!r} -> {cleanwire.clean(out)!r}")


def main() -> None:
    print(f"cleanwire engine: {cleanwire.ENGINE}", file=sys.stderr)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
