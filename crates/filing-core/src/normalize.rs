//! Normalisation of what a merchant types before it is validated.
//!
//! Chinese IMEs produce full-width characters ("１２３ＡＢＣ", "－"); merchants paste serial numbers
//! with spaces. Every function here is idempotent: normalising twice equals normalising once.

/// Maps a full-width ASCII variant (U+FF01..U+FF5E) and the ideographic space to half-width.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A code such as a serial number: half-width, upper-case, with all whitespace removed.
pub fn code(input: &str) -> String {
    input
        .chars()
        .map(to_half_width)
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

    proptest::proptest! {
        #[test]
        fn code_is_idempotent(s in "\\PC*") {
            let once = code(&s);
            proptest::prop_assert_eq!(code(&once), once);
        }
    }
}
