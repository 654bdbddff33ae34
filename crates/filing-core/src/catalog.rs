//! The acquirer's manufacturer / model dictionary (served by `GET /reference/models`).

use serde::{Deserialize, Serialize};

use crate::device::DeviceType;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub manufacturers: Vec<Manufacturer>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manufacturer {
    pub code: String,
    pub name: String,
    pub models: Vec<Model>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    pub code: String,
    pub name: String,
    /// 入网认证编号, five characters such as "P3100".
    pub network_licence: String,
    /// Device types this model is sold as.
    pub device_types: Vec<DeviceType>,
    /// Whether the model passed the clearing network's security certification.
    pub certified: bool,
}

impl Catalog {
    pub fn manufacturer(&self, code: &str) -> Option<&Manufacturer> {
        self.manufacturers.iter().find(|m| m.code == code)
    }

    pub fn model(&self, manufacturer: &str, model: &str) -> Option<&Model> {
        self.manufacturer(manufacturer)?
            .models
            .iter()
            .find(|m| m.code == model)
    }
}
