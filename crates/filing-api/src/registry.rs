//! The acquirer's records the reviewer and the status look-up consult: the device registry, QR
//! stands and their bindings, merchant records. The reference server fills them from the
//! sandbox seed (`seed/sandbox.json`), which makes every cause of "设备未报备" reproducible.

use crate::params;
use crate::sql::{self, Conn};
use filing_core::api::{FilingStatus, MerchantProfile};
use filing_core::catalog::Catalog;
use filing_core::{rules, DeviceType, FilingInput, MerchantType};
use serde::Deserialize;

use crate::store;

/// The seed shipped with the server.
pub const SANDBOX_SEED: &str = include_str!("../seed/sandbox.json");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub catalog: Catalog,
    pub merchants: Vec<MerchantRecord>,
    pub devices: Vec<Device>,
    pub qr_stands: Vec<QrStand>,
    pub filings: Vec<SeedFiling>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MerchantRecord {
    pub merchant_id: String,
    pub name: String,
    pub merchant_type: MerchantType,
    /// Licensed merchants' unified social credit code (empty for 小微 merchants).
    #[serde(default)]
    pub credit_code: String,
    /// 小微 merchants' operator's resident ID number, whole: it never leaves the server so.
    #[serde(default)]
    pub operator_id_number: Option<String>,
    pub contact_name: String,
    pub contact_mobile: String,
    /// Device types the merchant is qualified to use.
    pub device_types: Vec<DeviceType>,
}

impl MerchantRecord {
    /// The record as the merchant may see it (`GET /merchant`): the ID number masked.
    pub fn profile(&self) -> MerchantProfile {
        MerchantProfile {
            merchant_id: self.merchant_id.clone(),
            name: self.name.clone(),
            merchant_type: self.merchant_type,
            credit_code: self
                .merchant_type
                .licensed()
                .then(|| self.credit_code.clone()),
            operator_id_number: self
                .operator_id_number
                .as_deref()
                .map(rules::mask_resident_id),
            contact_name: self.contact_name.clone(),
            contact_mobile: self.contact_mobile.clone(),
            device_types: self.device_types.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub serial_number: String,
    pub manufacturer: String,
    pub model: String,
    pub activated: bool,
    pub security_passed: bool,
    /// The clearing network's newer rule for this device: location or device IP mandatory.
    #[serde(default)]
    pub location_required: bool,
    /// Sandbox-only special outcome: "reject_without_reason" or "unknown_code".
    #[serde(default)]
    pub outcome: Option<String>,
    /// The terminal number the acquirer assigned when it installed the device, if it did.
    #[serde(default)]
    pub terminal_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QrStand {
    pub qr_code: String,
    #[serde(default)]
    pub bound_merchant: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFiling {
    pub merchant_id: String,
    pub status: FilingStatus,
    pub serial_number: String,
    pub manufacturer: String,
    pub model: String,
    pub network_licence: String,
}

pub fn parse_seed(text: &str) -> Result<Seed, serde_json::Error> {
    serde_json::from_str(text)
}

/// Loads the registries and settled filings of the seed; idempotent across restarts.
pub async fn load(db: &crate::db::Db, seed: &Seed) -> sql::Result<()> {
    let mut tx = db.begin().await?;
    for m in &seed.merchants {
        let types: Vec<&str> = m.device_types.iter().map(|d| d.code()).collect();
        tx.execute(
            "INSERT INTO merchants (merchant_id, name, credit_code, device_types,
                 merchant_type, operator_id_number, contact_name, contact_mobile)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (merchant_id) DO UPDATE SET name = excluded.name,
                 credit_code = excluded.credit_code, device_types = excluded.device_types,
                 merchant_type = excluded.merchant_type,
                 operator_id_number = excluded.operator_id_number,
                 contact_name = excluded.contact_name, contact_mobile = excluded.contact_mobile",
            params![
                m.merchant_id,
                m.name,
                m.credit_code,
                types.join(","),
                m.merchant_type.code(),
                m.operator_id_number,
                m.contact_name,
                m.contact_mobile
            ],
        )
        .await?;
    }
    for d in &seed.devices {
        tx.execute(
            "INSERT INTO devices (serial_number, manufacturer, model, activated, security_passed,
                 location_required, outcome, terminal_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (serial_number) DO UPDATE SET manufacturer = excluded.manufacturer,
                 model = excluded.model, activated = excluded.activated,
                 security_passed = excluded.security_passed,
                 location_required = excluded.location_required, outcome = excluded.outcome,
                 terminal_id = excluded.terminal_id",
            params![
                d.serial_number,
                d.manufacturer,
                d.model,
                d.activated,
                d.security_passed,
                d.location_required,
                d.outcome,
                d.terminal_id
            ],
        )
        .await?;
    }
    for q in &seed.qr_stands {
        tx.execute(
            "INSERT INTO qr_stands (qr_code, bound_merchant) VALUES (?1, ?2)
             ON CONFLICT (qr_code) DO UPDATE SET bound_merchant = excluded.bound_merchant",
            params![q.qr_code, q.bound_merchant],
        )
        .await?;
    }
    for f in &seed.filings {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM filings WHERE serial_number = ?1 AND merchant_id = ?2)",
            params![f.serial_number, f.merchant_id],
            |r| r.get(0),
        ).await?;
        if exists {
            continue;
        }
        let Some(m) = seed
            .merchants
            .iter()
            .find(|m| m.merchant_id == f.merchant_id)
        else {
            continue;
        };
        let input = FilingInput {
            device_type: "04".into(),
            serial_number: f.serial_number.clone(),
            manufacturer: f.manufacturer.clone(),
            model: f.model.clone(),
            network_licence: f.network_licence.clone(),
            merchant_id: m.merchant_id.clone(),
            merchant_type: m.merchant_type.code().to_owned(),
            terminal_id: "10000001".into(),
            merchant_name: m.name.clone(),
            credit_code: m.credit_code.clone(),
            operator_id_number: m.operator_id_number.clone().unwrap_or_default(),
            contact_name: m.contact_name.clone(),
            contact_mobile: m.contact_mobile.clone(),
            region: "310104".into(),
            address: "沙盒路 1 号".into(),
            ..FilingInput::default()
        };
        match store::insert_settled(&mut tx, &m.merchant_id, &input, f.status).await {
            Ok(()) => {}
            Err(store::WriteError::Db(e)) => return Err(e),
            Err(e) => tracing::warn!(?e, serial = %f.serial_number, "seed filing skipped"),
        }
    }
    tx.commit().await
}

pub async fn device(conn: &mut Conn, serial: &str) -> sql::Result<Option<Device>> {
    conn.query_opt(
        "SELECT serial_number, manufacturer, model, activated, security_passed, location_required, outcome, terminal_id
         FROM devices WHERE serial_number = ?1",
        params![serial],
        |r| {
            Ok(Device {
                serial_number: r.get(0)?,
                manufacturer: r.get(1)?,
                model: r.get(2)?,
                activated: r.get(3)?,
                security_passed: r.get(4)?,
                location_required: r.get(5)?,
                outcome: r.get(6)?,
                terminal_id: r.get(7)?,
            })
        },
    ).await
}

/// `None`: no such stand; `Some(None)`: free; `Some(Some(mid))`: bound to that merchant.
pub async fn qr_binding(conn: &mut Conn, qr: &str) -> sql::Result<Option<Option<String>>> {
    conn.query_opt(
        "SELECT bound_merchant FROM qr_stands WHERE qr_code = ?1",
        params![qr],
        |r| r.get(0),
    )
    .await
}

pub async fn merchant(conn: &mut Conn, mid: &str) -> sql::Result<Option<MerchantRecord>> {
    conn.query_opt(
        "SELECT merchant_id, name, credit_code, device_types, merchant_type, operator_id_number,
                contact_name, contact_mobile
         FROM merchants WHERE merchant_id = ?1",
        params![mid],
        |r| {
            let types: String = r.get(3)?;
            let kind: String = r.get(4)?;
            Ok(MerchantRecord {
                merchant_id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                device_types: types.split(',').filter_map(DeviceType::from_code).collect(),
                merchant_type: MerchantType::from_code(&kind).ok_or_else(|| {
                    rusqlite::Error::InvalidColumnType(
                        4,
                        format!("merchant type {kind}"),
                        rusqlite::types::Type::Text,
                    )
                })?,
                operator_id_number: r.get(5)?,
                contact_name: r.get(6)?,
                contact_mobile: r.get(7)?,
            })
        },
    )
    .await
}

/// A complete filing by the demo merchant for a sandbox serial, with the device the registry
/// holds for it: manufacturer, model, the model's licence and first device type, and a device IP
/// for barcode terminals. A serial not in the registry gets [`demo_filing`]'s NEWLAND N910.
/// Filed as is, each sandbox serial ends in the outcome the README documents for it.
pub fn sandbox_filing(serial: &str) -> FilingInput {
    let mut f = demo_filing(serial);
    let Ok(seed) = parse_seed(SANDBOX_SEED) else {
        return f;
    };
    let device = seed.devices.iter().find(|d| d.serial_number == serial);
    if let Some((d, m)) = device.and_then(|d| {
        seed.catalog
            .model(&d.manufacturer, &d.model)
            .map(|m| (d, m))
    }) {
        f.manufacturer = d.manufacturer.clone();
        f.model = d.model.clone();
        f.network_licence = m.network_licence.clone();
        if let Some(t) = m.device_types.first() {
            f.device_type = t.code().to_owned();
            if t.is_barcode() {
                f.device_ip = "114.114.114.114".into();
            }
        }
    }
    f
}

/// A complete, valid filing by the sandbox's demo merchant for `serial`: a certified NEWLAND
/// N910 smart POS in 上海市徐汇区. Tests and examples change what their case needs.
pub fn demo_filing(serial: &str) -> FilingInput {
    FilingInput {
        device_type: "04".into(),
        serial_number: serial.into(),
        manufacturer: "NEWLAND".into(),
        model: "N910".into(),
        network_licence: "P3100".into(),
        merchant_id: crate::config::DEMO_MERCHANT.into(),
        merchant_type: "enterprise".into(),
        terminal_id: "12345678".into(),
        merchant_name: "上海示例餐饮（连锁）有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        contact_name: "张三".into(),
        contact_mobile: "13800138000".into(),
        region: "310104".into(),
        address: "漕溪北路 88 号".into(),
        ..FilingInput::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_seed_parses_and_its_records_validate() {
        let seed = parse_seed(SANDBOX_SEED).unwrap();
        for m in &seed.merchants {
            assert_eq!(
                filing_core::rules::merchant_id(&m.merchant_id).as_deref(),
                Ok(m.merchant_id.as_str())
            );
            match &m.operator_id_number {
                Some(id) => {
                    assert_eq!(m.merchant_type, MerchantType::Micro);
                    assert_eq!(rules::resident_id(id).as_deref(), Ok(id.as_str()));
                }
                None => assert_eq!(
                    rules::credit_code(&m.credit_code).as_deref(),
                    Ok(m.credit_code.as_str())
                ),
            }
            assert_eq!(
                rules::mobile(&m.contact_mobile).as_deref(),
                Ok(m.contact_mobile.as_str())
            );
        }
        for d in &seed.devices {
            assert!(
                seed.catalog.model(&d.manufacturer, &d.model).is_some(),
                "{}",
                d.serial_number
            );
            assert_eq!(
                filing_core::rules::serial_number(&d.serial_number).as_deref(),
                Ok(d.serial_number.as_str())
            );
        }
    }
}
