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

/// Dashes people paste: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en and em dash,
/// horizontal bar, minus sign (full-width ones are half-width by then).
const DASHES: [char; 8] = [
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
];

/// A mainland mobile number: half-width digits only, without a leading +86 / 0086 / 86 country
/// code, spaces, dashes of any kind, dots or parentheses, as numbers are pasted
/// ("(+86) 138-0013-8000", "+86 (138) 0013 8000", "138—0013—8000"). Anything else is left in
/// place for the rule to reject.
pub fn mobile(input: &str) -> String {
    let s: String = code(input)
        .chars()
        .filter(|c| !DASHES.contains(c) && !matches!(c, '(' | ')' | '.'))
        .collect();
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

/// Labels printed before a serial number, pasted with it ("SN:", "S/N：", "序列号：").
const SERIAL_LABELS: [&str; 9] = [
    "S/N",
    "SN",
    "S.N.",
    "SERIALNO",
    "SERIAL",
    "TUSN",
    "序列号",
    "机身号",
    "设备序列号",
];

/// A serial number or TUSN: a [`code`], without a label pasted in front of it. A label counts
/// only with its colon, so a serial that starts with "SN" stays as it is.
pub fn serial(input: &str) -> String {
    let c = code(input);
    let mut rest = c.as_str();
    // Until no label is left, so that normalising twice is normalising once.
    while let Some(r) = SERIAL_LABELS
        .iter()
        .find_map(|label| rest.strip_prefix(label).and_then(|r| r.strip_prefix(':')))
    {
        rest = r;
    }
    rest.to_owned()
}

/// Text as a reviewer compares it: every full-width form half-width (punctuation too), the
/// bracket variants as "()", no whitespace, ASCII upper case. "上海某某（连锁）有限公司" and
/// "上海某某(连锁) 有限公司" compare equal; only what the words are matters.
pub fn for_comparison(input: &str) -> String {
    input
        .chars()
        .map(to_half_width)
        .map(|c| match c {
            '【' | '〔' | '［' | '〖' => '(',
            '】' | '〕' | '］' | '〗' => ')',
            '[' => '(',
            ']' => ')',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
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
            ("(+86) 138-0013-8000", "13800138000"),
            ("+86 (138) 0013 8000", "13800138000"),
            ("138—0013—8000", "13800138000"),
            ("１３８．００１３．８０００", "13800138000"),
            ("（+86）13800138000", "13800138000"),
        ];
        for (input, want) in cases {
            assert_eq!(mobile(input), want, "input {input:?}");
        }
    }

    #[test]
    fn a_pasted_label_is_taken_off_a_serial() {
        let cases = [
            ("SN:N910-0001", "N910-0001"),
            ("S/N：n910-0001", "N910-0001"),
            ("序列号： SB-OK-0001", "SB-OK-0001"),
            ("TUSN: 00000302Q6NL1234", "00000302Q6NL1234"),
            ("SN12345", "SN12345"),
            ("SN:SN:N910-1", "N910-1"),
            ("SN-OK-1", "SN-OK-1"),
        ];
        for (input, want) in cases {
            assert_eq!(serial(input), want, "input {input:?}");
        }
    }

    #[test]
    fn names_compare_whatever_brackets_width_and_spaces_were_typed() {
        let a = for_comparison("上海某某餐饮（连锁）有限公司");
        assert_eq!(a, for_comparison("上海某某餐饮(连锁)有限公司"));
        assert_eq!(a, for_comparison(" 上海某某餐饮 (连锁) 有限公司 "));
        assert_eq!(a, for_comparison("上海某某餐饮【连锁】有限公司"));
        assert_ne!(a, for_comparison("上海某某餐饮有限公司"));
        assert_eq!(for_comparison("91350100m000100y43"), "91350100M000100Y43");
    }

    proptest::proptest! {
        #[test]
        fn normalisers_are_idempotent(s in "\\PC*") {
            for f in [code, text, mobile, serial, for_comparison] {
                let once = f(&s);
                proptest::prop_assert_eq!(f(&once), once);
            }
        }
    }
}
