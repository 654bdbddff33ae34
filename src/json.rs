//! JSON in and out of the widget through the browser's own `JSON` and plain property reads,
//! instead of serde: serde's generic visitors cost the first load about 10 KB (brotli) for the
//! dozen types the widget reads. The server keeps serde; `filing-core`'s types stay the contract.
//!
//! Reading is lenient where the API is (response types accept fields they do not know, and a
//! missing optional field is its default) and strict where a value is required: a missing or
//! mistyped required field makes the whole value `None`, which the client reports as
//! [`crate::api::ApiError::Malformed`].

use filing_core::api::{
    DeviceFacts, ErrorEnvelope, EventKind, FieldError, FilingEvent, FilingRecord, FilingStatus,
    Health, HealthStatus, QrBinding, QrFacts, TerminalStatus,
};
use filing_core::catalog::{Catalog, Manufacturer, Model};
use filing_core::reason::{Reason, ReasonCode};
use filing_core::rules::Datum;
use filing_core::{DeviceType, Field, FilingInput, RuleError};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A type read from a parsed JSON value.
pub trait FromJs: Sized {
    fn from_js(v: &JsValue) -> Option<Self>;
}

/// Parses JSON text into `T`; `None` for invalid JSON or the wrong shape.
pub fn parse<T: FromJs>(text: &str) -> Option<T> {
    let v = js_sys::JSON::parse(text).ok()?;
    T::from_js(&v)
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

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// A string that may be missing or null (`Some(None)`); any other type is malformed (`None`).
fn opt_string(v: &JsValue, key: &str) -> Option<Option<String>> {
    let x = get(v, key);
    if absent(&x) {
        return Some(None);
    }
    x.as_string().map(Some)
}

fn number_u32(x: &JsValue) -> Option<u32> {
    x.as_f64()
        .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
        .map(|f| f as u32)
}

fn opt<T>(x: &JsValue, read: impl Fn(&JsValue) -> Option<T>) -> Option<Option<T>> {
    if absent(x) {
        Some(None)
    } else {
        read(x).map(Some)
    }
}

/// A list; missing or null reads as empty (the API's `#[serde(default)]` lists).
fn list<T: FromJs>(v: &JsValue, key: &str) -> Option<Vec<T>> {
    let x = get(v, key);
    if absent(&x) {
        return Some(vec![]);
    }
    read_list(&x)
}

fn read_list<T: FromJs>(x: &JsValue) -> Option<Vec<T>> {
    if !Array::is_array(x) {
        return None;
    }
    Array::from(x).iter().map(|e| T::from_js(&e)).collect()
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        read_list(v)
    }
}

impl FromJs for Health {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Health {
            status: HealthStatus::from_name(&string(v, "status")?)?,
            until: opt_string(v, "until")?,
        })
    }
}

impl FromJs for Model {
    fn from_js(v: &JsValue) -> Option<Self> {
        let types = get(v, "device_types");
        if !Array::is_array(&types) {
            return None;
        }
        Some(Model {
            code: string(v, "code")?,
            name: string(v, "name")?,
            network_licence: string(v, "network_licence")?,
            device_types: Array::from(&types)
                .iter()
                .map(|t| t.as_string().and_then(|c| DeviceType::from_code(&c)))
                .collect::<Option<_>>()?,
            certified: get(v, "certified").as_bool()?,
        })
    }
}

impl FromJs for Manufacturer {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Manufacturer {
            code: string(v, "code")?,
            name: string(v, "name")?,
            models: read_list(&get(v, "models"))?,
        })
    }
}

impl FromJs for Catalog {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Catalog {
            manufacturers: read_list(&get(v, "manufacturers"))?,
        })
    }
}

/// Every field of a filing by its API name; a missing field is empty.
impl FromJs for FilingInput {
    fn from_js(v: &JsValue) -> Option<Self> {
        if !v.is_object() {
            return None;
        }
        let mut input = FilingInput::default();
        for f in Field::ALL {
            if let Some(s) = opt_string(v, f.api_name())? {
                input.set(f, s);
            }
        }
        if let Some(d) = opt_string(v, "location_datum")? {
            input.location_datum = Datum::from_name(&d)?;
        }
        Some(input)
    }
}

impl FromJs for Reason {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Reason {
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
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(FilingRecord {
            id: string(v, "id")?,
            status: FilingStatus::from_name(&string(v, "status")?)?,
            version: number_u32(&get(v, "version"))?,
            submission: FilingInput::from_js(&get(v, "submission"))?,
            reasons: list(v, "reasons")?,
            reasons_version: opt(&get(v, "reasons_version"), number_u32)?,
            created_at: string(v, "created_at")?,
            updated_at: string(v, "updated_at")?,
        })
    }
}

impl FromJs for FilingEvent {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(FilingEvent {
            at: string(v, "at")?,
            kind: EventKind::from_name(&string(v, "kind")?)?,
            version: number_u32(&get(v, "version"))?,
            reasons: list(v, "reasons")?,
        })
    }
}

impl FromJs for DeviceFacts {
    fn from_js(v: &JsValue) -> Option<Self> {
        let flag = |k: &str| get(v, k).as_bool();
        Some(DeviceFacts {
            manufacturer: string(v, "manufacturer")?,
            model: string(v, "model")?,
            activated: flag("activated")?,
            security_check_passed: flag("security_check_passed")?,
            certified_model: flag("certified_model")?,
            location_required: flag("location_required")?,
        })
    }
}

impl FromJs for QrFacts {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(QrFacts {
            qr_code: string(v, "qr_code")?,
            binding: QrBinding::from_name(&string(v, "binding")?)?,
        })
    }
}

impl FromJs for TerminalStatus {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(TerminalStatus {
            serial_number: string(v, "serial_number")?,
            filing: opt(&get(v, "filing"), FilingRecord::from_js)?,
            filed_by_another_merchant: opt(&get(v, "filed_by_another_merchant"), JsValue::as_bool)?
                .unwrap_or(false),
            device: opt(&get(v, "device"), DeviceFacts::from_js)?,
            qr: opt(&get(v, "qr"), QrFacts::from_js)?,
            merchant_qualified: opt(&get(v, "merchant_qualified"), JsValue::as_bool)?,
        })
    }
}

impl FromJs for FieldError {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(FieldError {
            field: Field::from_api_name(&string(v, "field")?)?,
            code: RuleError::from_code(&string(v, "code")?)?,
        })
    }
}

impl FromJs for ErrorEnvelope {
    fn from_js(v: &JsValue) -> Option<Self> {
        let e = get(v, "error");
        Some(ErrorEnvelope {
            error: filing_core::api::ErrorBody {
                code: string(&e, "code")?,
                message: string(&e, "message").unwrap_or_default(),
                // Field errors this version cannot read are dropped, the envelope kept.
                fields: {
                    let f = get(&e, "fields");
                    if Array::is_array(&f) {
                        Array::from(&f)
                            .iter()
                            .filter_map(|x| FieldError::from_js(&x))
                            .collect()
                    } else {
                        vec![]
                    }
                },
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
