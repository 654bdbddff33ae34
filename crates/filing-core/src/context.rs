//! What validation consults besides the filing itself: the reference lists and the policy in
//! force. Shared by the field table ([`crate::field`]) and validation ([`crate::filing`]).

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::device::DeviceType;
use crate::regions::Regions;

/// Rules that the acquirer or the clearing network may tighten over time, and what the acquirer
/// promises about its review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// When set, every terminal (not only barcode terminals) needs a location or a device IP.
    pub location_or_ip_required: bool,
    /// Device types whose filing must carry the terminal number (the acquirer assigns it when
    /// it installs a terminal, so for the others it is asked for but not required).
    #[serde(default)]
    pub terminal_id_required_for: DeviceSet,
    /// How long the acquirer's review usually takes, and at most.
    pub review_time: ReviewTime,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            location_or_ip_required: false,
            terminal_id_required_for: DeviceSet::default(),
            review_time: ReviewTime {
                typical_secs: 24 * 3600,
                longest_secs: 3 * 24 * 3600,
            },
        }
    }
}

/// The review's expected duration, in seconds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTime {
    pub typical_secs: u64,
    pub longest_secs: u64,
}

/// A set of device types; on the wire, the list of their codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceSet(u16);

impl DeviceSet {
    pub fn contains(self, d: DeviceType) -> bool {
        self.0 & (1 << d as u16) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = DeviceType> {
        DeviceType::ALL
            .into_iter()
            .filter(move |d| self.contains(*d))
    }
}

impl FromIterator<DeviceType> for DeviceSet {
    fn from_iter<I: IntoIterator<Item = DeviceType>>(iter: I) -> Self {
        DeviceSet(iter.into_iter().fold(0, |set, d| set | 1 << d as u16))
    }
}

impl Serialize for DeviceSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for DeviceSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<DeviceType>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DeviceSet {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(<DeviceType as utoipa::PartialSchema>::schema())
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DeviceSet {}

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
