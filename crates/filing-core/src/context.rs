//! What validation consults besides the filing itself: the reference lists and the policy in
//! force. Shared by the field table ([`crate::field`]) and validation ([`crate::filing`]).

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::device::DeviceType;
use crate::regions::Regions;

/// Rules that the acquirer or the clearing network may tighten over time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// When set, every terminal (not only barcode terminals) needs a location or a device IP.
    pub location_or_ip_required: bool,
}

impl Policy {
    /// Whether a filing for `device` needs a location or a device IP: barcode terminals always,
    /// every terminal when the policy says so.
    pub fn needs_location_or_ip(self, device: Option<DeviceType>) -> bool {
        self.location_or_ip_required || device.is_some_and(DeviceType::is_barcode)
    }
}

/// What validation may consult. The server always has the region list and dictionary; the widget
/// validates shapes until they have loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub regions: Option<&'a Regions>,
    pub catalog: Option<&'a Catalog>,
    pub policy: Policy,
    /// The merchant number the merchant is signed in as; a filing must carry it.
    pub merchant_id: Option<&'a str>,
}
