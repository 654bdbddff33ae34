//! Validation rules. Each returns a typed error code, never a sentence.

use serde::{Deserialize, Serialize};

use crate::normalize;

/// Why a field's value was refused. The serde name is the code on the wire and the message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleError {
    /// The field is required and empty.
    Required,
    /// Longer than the format allows.
    TooLong,
    /// Contains characters the format does not allow.
    BadCharacters,
}

/// Longest serial number the clearing networks accept.
pub const SERIAL_MAX_LEN: usize = 50;

/// Serial number (SN): up to 50 letters, digits and '-', after [`normalize::code`].
pub fn serial_number(input: &str) -> Result<String, RuleError> {
    let sn = normalize::code(input);
    if sn.is_empty() {
        return Err(RuleError::Required);
    }
    if sn.chars().count() > SERIAL_MAX_LEN {
        return Err(RuleError::TooLong);
    }
    if !sn.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(RuleError::BadCharacters);
    }
    Ok(sn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_number_table() {
        let long = "A".repeat(SERIAL_MAX_LEN + 1);
        let max = "A".repeat(SERIAL_MAX_LEN);
        let cases: [(&str, Result<&str, RuleError>); 7] = [
            ("sn-0001", Ok("SN-0001")),
            ("ＰＯＳ１２３", Ok("POS123")),
            (" 00 11 22 ", Ok("001122")),
            (&max, Ok(&max)),
            ("", Err(RuleError::Required)),
            (&long, Err(RuleError::TooLong)),
            ("SN_01", Err(RuleError::BadCharacters)),
        ];
        for (input, want) in cases {
            assert_eq!(
                serial_number(input),
                want.map(str::to_owned),
                "input {input:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn serial_number_never_panics_and_valid_stays_valid(s in "\\PC*") {
            if let Ok(sn) = serial_number(&s) {
                proptest::prop_assert_eq!(serial_number(&sn), Ok(sn.clone()));
            }
        }
    }
}
