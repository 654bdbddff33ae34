//! The fields of a filing.

use serde::{Deserialize, Serialize};

/// One field of a filing. The serde name is the field's name in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SerialNumber,
}

impl Field {
    /// The field's stable API name, as used in JSON bodies and field-error lists.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::SerialNumber => "serial_number",
        }
    }
}
