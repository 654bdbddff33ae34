//! JSON in and out of the widget through the browser's own `JSON` and plain property reads,
//! instead of serde: serde's generic visitors cost the first load about 10 KB (brotli) for the
//! dozen types the widget reads. The server keeps serde; `filing-core`'s types stay the contract,
//! and a browser test feeds every wire type as serde writes it to these readers.
//!
//! Reading is lenient where the API is (response types accept fields they do not know, and a
//! missing optional field is its default) and strict where a value is required: a missing or
//! mistyped required member fails the whole value with a [`JsonError`] that names the member's
//! path (`filing.submission.serial_number`), which the client reports as
//! [`crate::api::ApiError::Malformed`].

use filing_core::api::{
    ChangeStatus, DeregisterReason, Deregistration, DeviceFacts, ErrorEnvelope, EventKind,
    FieldError, FilingEvent, FilingRecord, FilingStatus, Health, HealthStatus, MerchantProfile,
    PlacementChange, QrBinding, QrFacts, TerminalStatus, TransferRecord, TransferStatus,
};
use filing_core::catalog::{Catalog, Manufacturer, Model};
use filing_core::context::ReviewTime;
use filing_core::reason::{Reason, ReasonCode};
use filing_core::rules::Datum;
use filing_core::{DeviceType, Field, FilingInput, MerchantType, Policy, RuleError};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// The member a value failed at, innermost key first (`[]` for an element of a list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonError(Vec<&'static str>);

impl JsonError {
    /// The path from the outermost value, e.g. `filing.submission.serial_number`; empty when
    /// the value itself (or the text) was wrong.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for key in self.0.iter().rev() {
            if !out.is_empty() && *key != "[]" {
                out.push('.');
            }
            out.push_str(key);
        }
        out
    }
}

pub type Read<T> = Result<T, JsonError>;

/// A type read from a parsed JSON value.
pub trait FromJs: Sized {
    fn from_js(v: &JsValue) -> Read<Self>;
}

/// Parses JSON text into `T`: invalid JSON or the wrong shape is an error naming where.
pub fn parse<T: FromJs>(text: &str) -> Read<T> {
    let v = js_sys::JSON::parse(text).map_err(|_| JsonError::default())?;
    T::from_js(&v)
}

/// Something is wrong right here.
fn wrong<T>() -> Read<T> {
    Err(JsonError::default())
}

/// `read` of member `key`, its failure marked with the key.
fn at<T>(v: &JsValue, key: &'static str, read: impl FnOnce(&JsValue) -> Read<T>) -> Read<T> {
    read(&get(v, key)).map_err(|mut e| {
        e.0.push(key);
        e
    })
}

fn get(v: &JsValue, key: &str) -> JsValue {
    if !v.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn some<T>(o: Option<T>) -> Read<T> {
    o.ok_or_else(JsonError::default)
}

fn a_string(x: &JsValue) -> Read<String> {
    some(x.as_string())
}

fn a_bool(x: &JsValue) -> Read<bool> {
    some(x.as_bool())
}

fn a_u64(x: &JsValue) -> Read<u64> {
    some(
        x.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= 9_007_199_254_740_991.0)
            .map(|f| f as u64),
    )
}

fn a_u32(x: &JsValue) -> Read<u32> {
    some(
        x.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
            .map(|f| f as u32),
    )
}

/// A string of a fixed set, through the type's parser.
fn named<T>(parse: fn(&str) -> Option<T>) -> impl Fn(&JsValue) -> Read<T> {
    move |x| some(x.as_string().as_deref().and_then(parse))
}

fn string(v: &JsValue, key: &'static str) -> Read<String> {
    at(v, key, a_string)
}

/// A value that may be missing or null (`None`); anything else must read as `T`.
fn opt<T>(read: impl Fn(&JsValue) -> Read<T>) -> impl Fn(&JsValue) -> Read<Option<T>> {
    move |x| {
        if absent(x) {
            Ok(None)
        } else {
            read(x).map(Some)
        }
    }
}

fn opt_string(v: &JsValue, key: &'static str) -> Read<Option<String>> {
    at(v, key, opt(a_string))
}

/// A list; missing or null reads as empty (the API's `#[serde(default)]` lists).
fn list<T: FromJs>(v: &JsValue, key: &'static str) -> Read<Vec<T>> {
    at(
        v,
        key,
        |x| if absent(x) { Ok(vec![]) } else { read_list(x) },
    )
}

fn read_list<T: FromJs>(x: &JsValue) -> Read<Vec<T>> {
    if !Array::is_array(x) {
        return wrong();
    }
    Array::from(x)
        .iter()
        .map(|e| {
            T::from_js(&e).map_err(|mut err| {
                err.0.push("[]");
                err
            })
        })
        .collect()
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(v: &JsValue) -> Read<Self> {
        read_list(v)
    }
}

impl FromJs for DeviceType {
    fn from_js(v: &JsValue) -> Read<Self> {
        named(DeviceType::from_code)(v)
    }
}

impl FromJs for Health {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Health {
            status: at(v, "status", named(HealthStatus::from_name))?,
            until: opt_string(v, "until")?,
        })
    }
}

impl FromJs for Model {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Model {
            code: string(v, "code")?,
            name: string(v, "name")?,
            network_licence: string(v, "network_licence")?,
            device_types: at(v, "device_types", read_list)?,
            certified: at(v, "certified", a_bool)?,
        })
    }
}

impl FromJs for Manufacturer {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Manufacturer {
            code: string(v, "code")?,
            name: string(v, "name")?,
            models: at(v, "models", read_list)?,
        })
    }
}

impl FromJs for Catalog {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Catalog {
            manufacturers: at(v, "manufacturers", read_list)?,
        })
    }
}

/// Every field of a filing by its API name; a missing field is empty.
impl FromJs for FilingInput {
    fn from_js(v: &JsValue) -> Read<Self> {
        if !v.is_object() {
            return wrong();
        }
        let mut input = FilingInput::default();
        for f in Field::ALL {
            if let Some(s) = opt_string(v, f.api_name())? {
                input.set(f, s);
            }
        }
        if let Some(d) = at(v, "location_datum", opt(named(Datum::from_name)))? {
            input.location_datum = d;
        }
        Ok(input)
    }
}

impl FromJs for Reason {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Reason {
            code: ReasonCode::parse(&string(v, "code")?),
            // A field this version does not know becomes `None`: the reason still shows.
            field: opt_string(v, "field")?
                .as_deref()
                .and_then(Field::from_api_name),
            detail: opt_string(v, "detail")?,
        })
    }
}

impl FromJs for FilingRecord {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(FilingRecord {
            id: string(v, "id")?,
            status: at(v, "status", named(FilingStatus::from_name))?,
            version: at(v, "version", a_u32)?,
            submission: at(v, "submission", FilingInput::from_js)?,
            reasons: list(v, "reasons")?,
            reasons_version: at(v, "reasons_version", opt(a_u32))?,
            created_at: string(v, "created_at")?,
            updated_at: string(v, "updated_at")?,
            deregistered: at(v, "deregistered", opt(Deregistration::from_js))?,
            change: at(v, "change", opt(PlacementChange::from_js))?,
        })
    }
}

impl FromJs for Deregistration {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(Deregistration {
            at: string(v, "at")?,
            reason: at(v, "reason", named(DeregisterReason::from_name))?,
        })
    }
}

impl FromJs for PlacementChange {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(PlacementChange {
            status: at(v, "status", named(ChangeStatus::from_name))?,
            submission: at(v, "submission", FilingInput::from_js)?,
            submitted_at: string(v, "submitted_at")?,
            reasons: list(v, "reasons")?,
        })
    }
}

impl FromJs for TransferRecord {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(TransferRecord {
            id: string(v, "id")?,
            terminal: string(v, "terminal")?,
            status: at(v, "status", named(TransferStatus::from_name))?,
            created_at: string(v, "created_at")?,
            resolved_at: opt_string(v, "resolved_at")?,
        })
    }
}

impl FromJs for FilingEvent {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(FilingEvent {
            at: string(v, "at")?,
            kind: at(v, "kind", named(EventKind::from_name))?,
            version: at(v, "version", a_u32)?,
            reasons: list(v, "reasons")?,
            detail: opt_string(v, "detail")?,
        })
    }
}

impl FromJs for DeviceFacts {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(DeviceFacts {
            manufacturer: string(v, "manufacturer")?,
            model: string(v, "model")?,
            activated: at(v, "activated", a_bool)?,
            security_check_passed: at(v, "security_check_passed", a_bool)?,
            certified_model: at(v, "certified_model", a_bool)?,
            location_required: at(v, "location_required", a_bool)?,
            terminal_id: opt_string(v, "terminal_id")?,
        })
    }
}

impl FromJs for MerchantType {
    fn from_js(v: &JsValue) -> Read<Self> {
        named(MerchantType::from_code)(v)
    }
}

impl FromJs for MerchantProfile {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(MerchantProfile {
            merchant_id: string(v, "merchant_id")?,
            name: string(v, "name")?,
            merchant_type: at(v, "merchant_type", MerchantType::from_js)?,
            credit_code: opt_string(v, "credit_code")?,
            operator_id_number: opt_string(v, "operator_id_number")?,
            contact_name: string(v, "contact_name")?,
            contact_mobile: string(v, "contact_mobile")?,
            device_types: at(v, "device_types", read_list)?,
        })
    }
}

/// The policy part of `GET /reference/policy` (the per-type requirements the widget derives
/// itself from the same table).
impl FromJs for Policy {
    fn from_js(v: &JsValue) -> Read<Self> {
        let t = get(v, "review_time");
        Ok(Policy {
            location_or_ip_required: at(v, "location_or_ip_required", a_bool)?,
            terminal_id_required_for: at(v, "terminal_id_required_for", |x| {
                if absent(x) {
                    Ok(vec![])
                } else {
                    read_list::<DeviceType>(x)
                }
            })?
            .into_iter()
            .collect(),
            review_time: at(v, "review_time", |_| {
                Ok(ReviewTime {
                    typical_secs: at(&t, "typical_secs", a_u64)?,
                    longest_secs: at(&t, "longest_secs", a_u64)?,
                })
            })?,
        })
    }
}

impl FromJs for QrFacts {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(QrFacts {
            qr_code: string(v, "qr_code")?,
            binding: at(v, "binding", named(QrBinding::from_name))?,
        })
    }
}

impl FromJs for TerminalStatus {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(TerminalStatus {
            serial_number: string(v, "serial_number")?,
            filing: at(v, "filing", opt(FilingRecord::from_js))?,
            filed_by_another_merchant: at(v, "filed_by_another_merchant", opt(a_bool))?
                .unwrap_or(false),
            device: at(v, "device", opt(DeviceFacts::from_js))?,
            qr: at(v, "qr", opt(QrFacts::from_js))?,
            merchant_qualified: at(v, "merchant_qualified", opt(a_bool))?,
            transfer: at(v, "transfer", opt(TransferRecord::from_js))?,
        })
    }
}

impl FromJs for FieldError {
    fn from_js(v: &JsValue) -> Read<Self> {
        Ok(FieldError {
            field: at(v, "field", named(Field::from_api_name))?,
            code: at(v, "code", named(RuleError::from_code))?,
        })
    }
}

impl FromJs for ErrorEnvelope {
    fn from_js(v: &JsValue) -> Read<Self> {
        let e = get(v, "error");
        let code = at(v, "error", |e| string(e, "code"))?;
        // Field errors this version cannot read are dropped, the envelope kept.
        let f = get(&e, "fields");
        let fields = if Array::is_array(&f) {
            Array::from(&f)
                .iter()
                .filter_map(|x| FieldError::from_js(&x).ok())
                .collect()
        } else {
            vec![]
        };
        Ok(ErrorEnvelope {
            error: filing_core::api::ErrorBody {
                code,
                message: string(&e, "message").unwrap_or_default(),
                fields,
            },
        })
    }
}

/// Builds a JSON object value.
#[derive(Default)]
pub struct ObjectBuilder(Object);

impl ObjectBuilder {
    pub fn new() -> Self {
        ObjectBuilder(Object::new())
    }

    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        // Setting a property on a plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

/// JSON text of a value built here.
pub fn stringify(v: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(v).ok().map(String::from)
}

/// The wire body of a filing: every field by its API name (the server rejects unknown ones).
pub fn filing_input(input: &FilingInput) -> JsValue {
    Field::ALL
        .into_iter()
        .fold(ObjectBuilder::new(), |o, f| {
            o.set(f.api_name(), input.get(f))
        })
        .set("location_datum", input.location_datum.name())
        .build()
}

pub fn reason(r: &Reason) -> JsValue {
    let mut o = ObjectBuilder::new().set("code", r.code.as_str());
    if let Some(f) = r.field {
        o = o.set("field", f.api_name());
    }
    if let Some(d) = &r.detail {
        o = o.set("detail", d.as_str());
    }
    o.build()
}

pub fn list_of<T>(items: &[T], write: impl Fn(&T) -> JsValue) -> JsValue {
    items.iter().map(write).collect::<Array>().into()
}
