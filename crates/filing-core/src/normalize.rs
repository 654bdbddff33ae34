//! Normalisation of what a merchant types before it is validated.
//!
//! Chinese IMEs produce full-width characters ("１２３ＡＢＣ", "－", "　"); merchants paste serial
//! numbers with spaces and phone numbers with "+86". Every function here is idempotent:
//! normalising twice equals normalising once.

/// Maps a full-width ASCII variant (U+FF01..U+FF5E) and the ideographic space to half-width.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A code (serial number, MID, TID, credit code...): half-width, upper-case, no whitespace.
pub fn code(input: &str) -> String {
    input
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Free text (names, address): full-width letters, digits and spaces become half-width, outer
/// whitespace is trimmed and inner runs collapse to one space. Full-width punctuation is kept:
/// registered Chinese business names are written with "（）", and rewriting them would make the
/// name differ from the business licence.
pub fn text(input: &str) -> String {
    let mapped = input.chars().map(|c| {
        let h = to_half_width(c);
        if h.is_ascii_alphanumeric() || h == ' ' {
            h
        } else {
            c
        }
    });
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in mapped {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A mainland mobile number: half-width digits only, without a leading +86 / 0086 / 86 country
/// code, spaces or dashes. Anything else is left in place for the rule to reject.
pub fn mobile(input: &str) -> String {
    let s: String = code(input).chars().filter(|c| *c != '-').collect();
    // Strip until nothing changes, so the result is a fixed point (idempotent).
    let mut national = s.as_str();
    while let Some(rest) = national
        .strip_prefix("+86")
        .or_else(|| national.strip_prefix("0086"))
        .or_else(|| {
            (national.len() == 13)
                .then(|| national.strip_prefix("86"))
                .flatten()
        })
    {
        national = rest;
    }
    national.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_normalises_full_width_case_and_spaces() {
        let cases = [
            ("ｓｎ－１２３", "SN-123"),
            ("  ab 12\u{3000}cd ", "AB12CD"),
            ("P3100", "P3100"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(code(input), want, "input {input:?}");
        }
    }

    #[test]
    fn text_keeps_chinese_punctuation_and_collapses_spaces() {
        let cases = [
            (
                "  上海某某餐饮（连锁）有限公司 ",
                "上海某某餐饮（连锁）有限公司",
            ),
            ("ＡＢＣ　便利店", "ABC 便利店"),
            ("张\t\t三", "张 三"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(text(input), want, "input {input:?}");
        }
    }

    #[test]
    fn mobile_strips_country_code_and_separators() {
        let cases = [
            ("+86 138-0013-8000", "13800138000"),
            ("８６１３８００１３８０００", "13800138000"),
            ("0086 13800138000", "13800138000"),
            ("13800138000", "13800138000"),
            ("8613", "8613"),
        ];
        for (input, want) in cases {
            assert_eq!(mobile(input), want, "input {input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn normalisers_are_idempotent(s in "\\PC*") {
            for f in [code, text, mobile] {
                let once = f(&s);
                proptest::prop_assert_eq!(f(&once), once);
            }
        }
    }
}
