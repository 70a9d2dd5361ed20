//! `normalize.needs_repair`'s pattern matched by hand: one pass over the bytes that stops only
//! at a control character, an `&` or a byte beyond ASCII (a table lookup per byte, where the
//! `regex` crate's lazy DFA took about twice the instructions).
//!
//! The pattern (`_SUSPECT` of `normalize.py`):
//! `[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]|&#?[a-zA-Z0-9]{1,32};|[\xc2-\xf4][\x80-\xbf...]`,
//! whose last class lists the characters that UTF-8 read as cp1252 gives after a lead byte.

/// What a byte may start ([`BYTE_KIND`]).
const PLAIN: u8 = 0;
/// A control character of the pattern's first class.
const CONTROL: u8 = 1;
/// `&`: perhaps an entity.
const AMP: u8 = 2;
/// The first byte of a character beyond ASCII.
const WIDE: u8 = 3;

/// The kind of each byte value.
static BYTE_KIND: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            0x00..=0x08 | 0x0b | 0x0e..=0x1f | 0x7f => CONTROL,
            b'&' => AMP,
            0x80..=0xff => WIDE,
            _ => PLAIN,
        };
        b += 1;
    }
    t
};

/// Whether `needs_repair(text)`: `_SUSPECT.search(text)` finds something.
pub fn needs_repair(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i = plain_run_end(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match BYTE_KIND[usize::from(b)] {
            CONTROL => return true,
            AMP => {
                if entity_at(&bytes[i + 1..]) {
                    return true;
                }
                i += 1;
            }
            _ => {
                let c = text[i..].chars().next().expect("i is a char boundary");
                if suspect_char(c) {
                    return true;
                }
                if ('\u{c2}'..='\u{f4}').contains(&c)
                    && text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(mojibake_tail)
                {
                    return true;
                }
                i += c.len_utf8();
            }
        }
    }
    false
}

/// The first byte from `i` on that is not [`PLAIN`] (or the length): eight bytes at a time
/// (their kinds or-ed together, one branch) while they are all plain.
#[inline]
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    let kind = |b: &u8| BYTE_KIND[usize::from(*b)];
    while let Some(chunk) = bytes.get(i..i + 8) {
        if chunk.iter().fold(PLAIN, |k, b| k | kind(b)) != PLAIN {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && kind(&bytes[i]) == PLAIN {
        i += 1;
    }
    i
}

/// Whether `rest` (what follows an `&`) starts with `#?[a-zA-Z0-9]{1,32};`.
fn entity_at(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"#").unwrap_or(rest);
    let run = rest
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (1..=32).contains(&run) && rest.get(run) == Some(&b';')
}

/// A character beyond ASCII of the pattern's first class: C1 controls and U+FFFD.
fn suspect_char(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{fffd}')
}

/// A character of the pattern's last class: what may follow a lead byte read as Latin-1.
fn mojibake_tail(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{bf}'
            | '\u{152}'
            | '\u{153}'
            | '\u{160}'
            | '\u{161}'
            | '\u{178}'
            | '\u{17d}'
            | '\u{17e}'
            | '\u{192}'
            | '\u{2c6}'
            | '\u{2dc}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2018}'..='\u{201e}'
            | '\u{2020}'..='\u{2022}'
            | '\u{2026}'
            | '\u{2030}'
            | '\u{2039}'
            | '\u{203a}'
            | '\u{20ac}'
            | '\u{2122}'
    )
}

#[cfg(test)]
mod tests {
    use super::needs_repair;

    /// The pattern as the `regex` crate matched it before: the oracle.
    fn by_regex() -> regex::Regex {
        regex::Regex::new(concat!(
            r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x{9f}\x{fffd}]|&#?[a-zA-Z0-9]{1,32};",
            r"|[\x{c2}-\x{f4}][\x{80}-\x{bf}\x{152}\x{153}\x{160}\x{161}\x{178}\x{17d}\x{17e}\x{192}\x{2c6}\x{2dc}",
            r"\x{2013}\x{2014}\x{2018}-\x{201e}\x{2020}-\x{2022}\x{2026}\x{2030}\x{2039}\x{203a}\x{20ac}\x{2122}]",
        ))
        .unwrap()
    }

    #[test]
    fn the_hand_matcher_answers_as_the_pattern() {
        let alphabet: Vec<char> = [
            'a', 'Z', '0', '9', ';', '#', '&', ' ', '\t', '\n', '\r', '\x0b', '\x0c', '\x00',
            '\x08', '\x1f', '\x7f', '\u{80}', '\u{9f}', '\u{a0}', '\u{bf}', '\u{c0}', '\u{c1}',
            '\u{c2}', '\u{c3}', '\u{e9}', '\u{f4}', '\u{f5}', '\u{152}', '\u{17e}', '\u{2013}',
            '\u{2019}', '\u{201f}', '\u{2022}', '\u{2023}', '\u{20ac}', '\u{2122}', '\u{fffd}',
            '\u{fffe}', 'é', 'ж', '中', '😀',
        ]
        .to_vec();
        // every text of up to three characters of the alphabet
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let more: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(more);
        }
        // entities of every length around the limit, with and without '#'
        for n in [0usize, 1, 2, 31, 32, 33, 40] {
            for hash in ["", "#", "##"] {
                for end in [";", "", " ;", "x;"] {
                    texts.push(format!(
                        "a &{hash}{}{end} b",
                        "x9".repeat(n).get(..n).unwrap()
                    ));
                    texts.push(format!("&{hash}{}{end}", "A".repeat(n)));
                    texts.push(format!("&&{hash}{}{end}", "1".repeat(n)));
                }
            }
        }
        // and the shorter ones again at every place of eight-byte chunks of plain text
        let padded: Vec<String> = texts
            .iter()
            .filter(|t| t.chars().count() <= 2)
            .flat_map(|t| (0..10).map(move |k| format!("{}{t}{}", &"plain text"[..k], "tail end.")))
            .collect();
        let re = by_regex();
        for t in texts.iter().chain(&padded) {
            assert_eq!(needs_repair(t), re.is_match(t), "{t:?}");
        }
    }
}
