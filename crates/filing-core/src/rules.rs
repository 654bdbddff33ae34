//! Validation rules, one function per field format. Each normalises its input first (see
//! [`crate::normalize`]) and returns the canonical value or a typed [`RuleError`], never a
//! sentence: the widget and the server turn codes into text. Cross-field rules and the whole
//! filing live in [`crate::filing`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::catalog::Catalog;
use crate::device::DeviceType;
use crate::merchant::MerchantType;
use crate::normalize;
use crate::regions::Regions;
use crate::wire::{lookup, serde_as_str};

/// Why a field's value was refused. The serde form ([`RuleError::code`]) is the code on the wire
/// and the message key; each says which rule failed, so the message can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleError {
    /// Required and empty.
    Required,
    /// Longer than the format allows.
    TooLong,
    /// The format has a fixed length and this is not it.
    WrongLength,
    /// Contains characters the format does not allow.
    BadCharacters,
    /// Right length and characters, but the check character does not match (GB 32100).
    BadCheckCharacter,
    /// Not in the expected shape (a mobile number, a coordinate pair, an IPv4 address).
    BadFormat,
    /// A device type that exists but may not be chosen (07, reserved).
    NotSelectable,
    /// A six-digit code that is not a county in the current GB/T 2260 list.
    UnknownRegion,
    UnknownManufacturer,
    /// Not a model of the chosen manufacturer in the dictionary.
    UnknownModel,
    /// The network licence differs from the one the dictionary lists for the model.
    LicenceMismatch,
    /// A coordinate outside mainland China.
    OutOfRange,
    /// A private, reserved or otherwise non-public address (IPv4, or an IPv6 outside the
    /// global unicast range not named by a variant below).
    NotPublicIp,
    /// An IPv6 link-local address (fe80::/10): it only works on the local network.
    LinkLocalIp,
    /// An IPv6 unique-local address (fc00::/7): a private network's.
    UniqueLocalIp,
    /// An IPv6 documentation address (2001:db8::/32): an example, not a device's.
    DocumentationIp,
    /// The loopback address (::1): the device talking to itself.
    LoopbackIp,
    /// An IPv4 address written as IPv6 (::ffff:a.b.c.d): give the IPv4 address itself.
    MappedIp,
    /// Two coordinates that are inside China only the other way round (a map app copies
    /// longitude first): the merchant is asked which order was meant.
    CoordinatesSwapped,
    /// The model is not sold as the chosen device type.
    ModelNotOfType,
    /// Server-side: a masked number that is not the one on file (type the whole number).
    NotOnFile,
    /// The device type or the current policy needs a location or a device IP; both are empty.
    LocationOrIpRequired,
    /// The merchant number is not the one the merchant is signed in as.
    NotYourMerchant,
    /// Server-side: another active filing already has this serial number.
    AlreadyFiled,
    /// Server-side: this QR stand is already used by another active filing.
    BoundElsewhere,
}

impl RuleError {
    pub const ALL: [RuleError; 25] = [
        RuleError::Required,
        RuleError::TooLong,
        RuleError::WrongLength,
        RuleError::BadCharacters,
        RuleError::BadCheckCharacter,
        RuleError::BadFormat,
        RuleError::NotSelectable,
        RuleError::UnknownRegion,
        RuleError::UnknownManufacturer,
        RuleError::UnknownModel,
        RuleError::LicenceMismatch,
        RuleError::OutOfRange,
        RuleError::NotPublicIp,
        RuleError::LinkLocalIp,
        RuleError::UniqueLocalIp,
        RuleError::DocumentationIp,
        RuleError::LoopbackIp,
        RuleError::MappedIp,
        RuleError::CoordinatesSwapped,
        RuleError::ModelNotOfType,
        RuleError::NotOnFile,
        RuleError::LocationOrIpRequired,
        RuleError::NotYourMerchant,
        RuleError::AlreadyFiled,
        RuleError::BoundElsewhere,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RuleError::Required => "REQUIRED",
            RuleError::TooLong => "TOO_LONG",
            RuleError::WrongLength => "WRONG_LENGTH",
            RuleError::BadCharacters => "BAD_CHARACTERS",
            RuleError::BadCheckCharacter => "BAD_CHECK_CHARACTER",
            RuleError::BadFormat => "BAD_FORMAT",
            RuleError::NotSelectable => "NOT_SELECTABLE",
            RuleError::UnknownRegion => "UNKNOWN_REGION",
            RuleError::UnknownManufacturer => "UNKNOWN_MANUFACTURER",
            RuleError::UnknownModel => "UNKNOWN_MODEL",
            RuleError::LicenceMismatch => "LICENCE_MISMATCH",
            RuleError::OutOfRange => "OUT_OF_RANGE",
            RuleError::NotPublicIp => "NOT_PUBLIC_IP",
            RuleError::LinkLocalIp => "LINK_LOCAL_IP",
            RuleError::UniqueLocalIp => "UNIQUE_LOCAL_IP",
            RuleError::DocumentationIp => "DOCUMENTATION_IP",
            RuleError::LoopbackIp => "LOOPBACK_IP",
            RuleError::MappedIp => "MAPPED_IP",
            RuleError::CoordinatesSwapped => "COORDINATES_SWAPPED",
            RuleError::ModelNotOfType => "MODEL_NOT_OF_TYPE",
            RuleError::NotOnFile => "NOT_ON_FILE",
            RuleError::LocationOrIpRequired => "LOCATION_OR_IP_REQUIRED",
            RuleError::NotYourMerchant => "NOT_YOUR_MERCHANT",
            RuleError::AlreadyFiled => "ALREADY_FILED",
            RuleError::BoundElsewhere => "BOUND_ELSEWHERE",
        }
    }

    pub fn from_code(code: &str) -> Option<RuleError> {
        lookup(&RuleError::ALL, RuleError::code, code)
    }
}

serde_as_str!(
    RuleError,
    RuleError::ALL,
    RuleError::code,
    RuleError::from_code
);

/// Longest serial number the clearing networks accept.
pub const SERIAL_MAX_LEN: usize = 50;
pub const TUSN_MAX_LEN: usize = 64;
pub const NETWORK_LICENCE_LEN: usize = 5;
pub const MERCHANT_ID_LEN: usize = 15;
pub const TERMINAL_ID_LEN: usize = 8;
pub const MERCHANT_NAME_MAX_LEN: usize = 64;
pub const CREDIT_CODE_LEN: usize = 18;
pub const CONTACT_NAME_MAX_LEN: usize = 32;
pub const ADDRESS_MAX_LEN: usize = 64;
pub const QR_CODE_MAX_LEN: usize = 32;
/// Manufacturer and model codes of the dictionary.
pub const DICTIONARY_CODE_MAX_LEN: usize = 32;
pub const MOBILE_LEN: usize = 11;
pub const REGION_LEN: usize = 6;
/// `+31.221345/+121.48352`: sign, 2 + 6 digits, '/', sign, 3 + 5 digits.
pub const LOCATION_MAX_LEN: usize = 22;
/// The longest canonical IP address (IPv6, eight groups).
pub const IP_MAX_LEN: usize = 39;
/// 居民身份证号码 (GB 11643).
pub const RESIDENT_ID_LEN: usize = 18;

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Letters, digits and '-', up to `max` characters; the shape of serials, TUSNs and QR stand ids
/// (a label pasted in front, "SN:", is taken off).
fn dashed_code(input: &str, max: usize) -> Result<String, RuleError> {
    let c = normalize::serial(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    if len(&c) > max {
        return Err(RuleError::TooLong);
    }
    if !c.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(RuleError::BadCharacters);
    }
    Ok(c)
}

/// Exactly `n` digits and upper-case letters (MID, TID, network licence).
fn fixed_code(input: &str, n: usize) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    if !c.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(RuleError::BadCharacters);
    }
    if len(&c) != n {
        return Err(RuleError::WrongLength);
    }
    Ok(c)
}

/// Free text of 1..=max characters with no control characters.
fn free_text(input: &str, max: usize) -> Result<String, RuleError> {
    let t = normalize::text(input);
    if t.is_empty() {
        return Err(RuleError::Required);
    }
    if len(&t) > max {
        return Err(RuleError::TooLong);
    }
    if t.chars().any(char::is_control) {
        return Err(RuleError::BadCharacters);
    }
    Ok(t)
}

/// A doubt about a value that its rule accepts: shown to the merchant, never blocking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// A TUSN starts with the manufacturer's 6-digit UnionPay vendor code; this one does not.
    TusnVendorCode,
}

/// A TUSN that does not start with six digits is most likely another number of the terminal.
pub fn tusn_warning(value: &str) -> Option<Warning> {
    let c = normalize::serial(value);
    let vendor = c.len() >= 6 && c.as_bytes()[..6].iter().all(u8::is_ascii_digit);
    (!c.is_empty() && !vendor).then_some(Warning::TusnVendorCode)
}

/// The merchant type code: enterprise, individual or micro.
pub fn merchant_type(input: &str) -> Result<MerchantType, RuleError> {
    let c = input.trim().to_ascii_lowercase();
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    MerchantType::from_code(&c).ok_or(RuleError::BadFormat)
}

/// The two-digit device type code; 07 exists but is reserved.
pub fn device_type(input: &str) -> Result<DeviceType, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    match DeviceType::from_code(&c) {
        Some(d) if d.selectable() => Ok(d),
        Some(_) => Err(RuleError::NotSelectable),
        None => Err(RuleError::BadFormat),
    }
}

/// Serial number (SN): up to 50 letters, digits and '-'.
pub fn serial_number(input: &str) -> Result<String, RuleError> {
    dashed_code(input, SERIAL_MAX_LEN)
}

/// TUSN (终端21号文编号), printed on the terminal: up to 64 letters, digits and '-'.
pub fn tusn(input: &str) -> Result<String, RuleError> {
    dashed_code(input, TUSN_MAX_LEN)
}

/// Acquirer-issued QR stand id (码牌编号): up to 32 letters, digits and '-'.
pub fn qr_code(input: &str) -> Result<String, RuleError> {
    dashed_code(input, QR_CODE_MAX_LEN)
}

/// Network licence (入网认证编号): five letters and digits, e.g. P3100.
pub fn network_licence(input: &str) -> Result<String, RuleError> {
    fixed_code(input, NETWORK_LICENCE_LEN)
}

/// Merchant number (MID, ISO 8583 field 42): 15 digits and upper-case letters.
pub fn merchant_id(input: &str) -> Result<String, RuleError> {
    fixed_code(input, MERCHANT_ID_LEN)
}

/// The merchant number of a filing: well formed, and the signed-in merchant's own when known.
pub fn own_merchant_id(input: &str, signed_in: Option<&str>) -> Result<String, RuleError> {
    let mid = merchant_id(input)?;
    match signed_in {
        Some(own) if own != mid => Err(RuleError::NotYourMerchant),
        _ => Ok(mid),
    }
}

/// The network licence of a filing: well formed, and the one the dictionary lists for the
/// chosen model when the dictionary is at hand.
pub fn licence_of_model(
    input: &str,
    manufacturer: &str,
    model: &str,
    catalog: Option<&Catalog>,
) -> Result<String, RuleError> {
    let lic = network_licence(input)?;
    let listed =
        catalog.and_then(|c| c.model(&normalize::code(manufacturer), &normalize::code(model)));
    match listed {
        Some(m) if m.network_licence != lic => Err(RuleError::LicenceMismatch),
        _ => Ok(lic),
    }
}

/// Terminal number (TID, ISO 8583 field 41): 8 digits and upper-case letters.
pub fn terminal_id(input: &str) -> Result<String, RuleError> {
    fixed_code(input, TERMINAL_ID_LEN)
}

pub fn merchant_name(input: &str) -> Result<String, RuleError> {
    free_text(input, MERCHANT_NAME_MAX_LEN)
}

pub fn contact_name(input: &str) -> Result<String, RuleError> {
    free_text(input, CONTACT_NAME_MAX_LEN)
}

pub fn address(input: &str) -> Result<String, RuleError> {
    free_text(input, ADDRESS_MAX_LEN)
}

/// 门店名称: the store's sign name, free text.
pub const STORE_NAME_MAX_LEN: usize = 32;

pub fn store_name(input: &str) -> Result<String, RuleError> {
    free_text(input, STORE_NAME_MAX_LEN)
}

/// Alphabet of the unified social credit code: digits and upper-case letters without I O S V Z.
const CREDIT_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// 统一社会信用代码 (GB 32100-2015): 18 characters; the last is a check character over the
/// first 17 with weights 3^(i-1) mod 31.
pub fn credit_code(input: &str) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    let values: Option<Vec<usize>> = c.chars().map(|ch| CREDIT_ALPHABET.find(ch)).collect();
    let Some(values) = values else {
        return Err(RuleError::BadCharacters);
    };
    if values.len() != CREDIT_CODE_LEN {
        return Err(RuleError::WrongLength);
    }
    let mut weight = 1;
    let mut sum = 0;
    for v in &values[..17] {
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(RuleError::BadCheckCharacter);
    }
    Ok(c)
}

/// Weights of GB 11643 (ISO 7064 MOD 11-2) for the first 17 digits.
const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The form of a resident ID number as the API shows it: first 3 and last 4 characters, the
/// eleven between as '*'. Personal information is never shown whole.
pub fn mask_resident_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != RESIDENT_ID_LEN {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(11));
    out.extend(&chars[14..]);
    out
}

/// Whether a value is a masked resident ID ([`mask_resident_id`]'s form): "the number on file".
pub fn is_masked_resident_id(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == RESIDENT_ID_LEN
        && b[..3].iter().all(u8::is_ascii_digit)
        && b[3..14].iter().all(|c| *c == b'*')
        && b[14..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X')
}

/// 居民身份证号码 (GB 11643): 17 digits and a check character (a digit or X) over them. A masked
/// number ("110***********002X", as the API shows one it holds) stands for the number on file,
/// which the server puts back.
pub fn resident_id(input: &str) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    if is_masked_resident_id(&c) {
        return Ok(c);
    }
    if !c.chars().all(|ch| ch.is_ascii_digit() || ch == 'X') {
        return Err(RuleError::BadCharacters);
    }
    if c.len() != RESIDENT_ID_LEN {
        return Err(RuleError::WrongLength);
    }
    let digits = c.as_bytes();
    if !digits[..17].iter().all(u8::is_ascii_digit) {
        return Err(RuleError::BadCharacters);
    }
    let sum: u32 = digits[..17]
        .iter()
        .zip(RESIDENT_ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    if digits[17] != check {
        return Err(RuleError::BadCheckCharacter);
    }
    Ok(c)
}

/// Mainland mobile number: `1[3-9]` and nine more digits, after removing +86 and separators.
/// Deliberately no per-carrier prefix list: those lists reject real new prefixes (162, 192).
pub fn mobile(input: &str) -> Result<String, RuleError> {
    let m = normalize::mobile(input);
    if m.is_empty() {
        return Err(RuleError::Required);
    }
    if !m.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::BadCharacters);
    }
    if m.len() != 11 {
        return Err(RuleError::WrongLength);
    }
    if !m.starts_with('1') || !(b'3'..=b'9').contains(&m.as_bytes()[1]) {
        return Err(RuleError::BadFormat);
    }
    Ok(m)
}

/// Administrative division code (GB/T 2260, six digits). With a list, the code must be a county
/// in it, or a prefecture-level city without counties; without one (the widget before the list
/// has loaded) only the shape is checked.
pub fn region(input: &str, regions: Option<&Regions>) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    if c.len() != 6 || !c.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::BadFormat);
    }
    match regions {
        Some(r) if !r.is_final(&c) => Err(RuleError::UnknownRegion),
        _ => Ok(c),
    }
}

/// Manufacturer code from the dictionary (checked when the dictionary is at hand).
pub fn manufacturer(input: &str, catalog: Option<&Catalog>) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    match catalog {
        Some(cat) if cat.manufacturer(&c).is_none() => Err(RuleError::UnknownManufacturer),
        _ => Ok(c),
    }
}

/// Model code of the given manufacturer in the dictionary, sold as the chosen device type (when
/// one is chosen).
pub fn model(
    input: &str,
    manufacturer: &str,
    device: Option<DeviceType>,
    catalog: Option<&Catalog>,
) -> Result<String, RuleError> {
    let c = normalize::code(input);
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    let mfr = normalize::code(manufacturer);
    let Some(cat) = catalog else { return Ok(c) };
    match cat.model(&mfr, &c) {
        None => Err(RuleError::UnknownModel),
        Some(m) if device.is_some_and(|d| !m.device_types.contains(&d)) => {
            Err(RuleError::ModelNotOfType)
        }
        Some(_) => Ok(c),
    }
}

/// Coordinate reference system of a location: what the browser gives (WGS-84), what Amap and
/// Tencent Maps show (GCJ-02), what Baidu Maps shows (BD-09). A filing is stored in WGS-84: the
/// server converts the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Datum {
    #[default]
    Wgs84,
    Gcj02,
    Bd09,
}

impl Datum {
    pub const ALL: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

    pub fn name(self) -> &'static str {
        match self {
            Datum::Wgs84 => "WGS84",
            Datum::Gcj02 => "GCJ02",
            Datum::Bd09 => "BD09",
        }
    }

    pub fn from_name(name: &str) -> Option<Datum> {
        lookup(&Datum::ALL, Datum::name, name)
    }

    /// How people write it: "WGS-84", "GCJ-02", "BD-09".
    pub fn label(self) -> &'static str {
        match self {
            Datum::Wgs84 => "WGS-84",
            Datum::Gcj02 => "GCJ-02",
            Datum::Bd09 => "BD-09",
        }
    }
}

serde_as_str!(Datum, Datum::ALL, Datum::name, Datum::from_name);

/// A location's degrees as numbers (latitude, longitude), for the server's datum conversion.
pub fn location_degrees(wire: &str) -> Option<(f64, f64)> {
    let (lat, lon) = wire.split_once('/')?;
    Some((lat.parse().ok()?, lon.parse().ok()?))
}

/// The wire form of a location given in degrees (rounded to its precision).
pub fn location_wire(lat: f64, lon: f64) -> String {
    let units = |v: f64, scale: u32| (v * 10f64.powi(scale as i32)).round() as i64;
    wire((units(lat, LAT_SCALE), units(lon, LON_SCALE)))
}

/// Decimal places kept: latitude 6, longitude 5 (the wire format's precision).
const LAT_SCALE: u32 = 6;
const LON_SCALE: u32 = 5;
/// Mainland China's bounding box with a margin, in those units: a terminal filed here is in it.
const LAT_RANGE: (i64, i64) = (3_000_000, 54_000_000);
const LON_RANGE: (i64, i64) = (7_300_000, 13_600_000);

/// A signed decimal with at most `int_digits` integer digits, as a whole number of
/// 10^-`scale` units, rounded half away from zero. Exact: no floating point involved.
fn fixed(s: &str, int_digits: usize, scale: u32) -> Option<i64> {
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || int.len() > int_digits
        || !digits(int)
        || !digits(frac)
        || unsigned.ends_with('.')
    {
        return None;
    }
    let mut units: i64 = int.parse().ok()?;
    let frac = frac.as_bytes();
    for i in 0..scale as usize {
        units = units * 10 + frac.get(i).map_or(0, |b| i64::from(b - b'0'));
    }
    if frac.get(scale as usize).is_some_and(|b| *b >= b'5') {
        units += 1;
    }
    Some(if negative { -units } else { units })
}

/// `+31.221345` for 31221345 units at scale 6.
fn format_fixed(units: i64, scale: u32) -> String {
    let sign = if units < 0 { '-' } else { '+' };
    let abs = units.unsigned_abs();
    let one = 10u64.pow(scale);
    format!(
        "{sign}{}.{:0width$}",
        abs / one,
        abs % one,
        width = scale as usize
    )
}

/// Which of a pair a coordinate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Lat,
    Lon,
}

/// A coordinate as pasted: its number, and its axis when a hemisphere letter said so ("N31.2",
/// "121.4E", "东经121.4"); S and W are negative.
struct Reading<'a> {
    number: &'a str,
    axis: Option<Axis>,
    negative: bool,
}

/// A hemisphere letter at the start or the end of a token.
fn hemisphere(c: char) -> Option<(Axis, bool)> {
    match c {
        'N' => Some((Axis::Lat, false)),
        'S' => Some((Axis::Lat, true)),
        'E' => Some((Axis::Lon, false)),
        'W' => Some((Axis::Lon, true)),
        _ => None,
    }
}

/// The two coordinates of a pasted pair, in the order given.
fn readings(text: &str) -> Result<Vec<Reading<'_>>, RuleError> {
    let mut out: Vec<Reading> = Vec::new();
    let mut pending = None;
    let separator = |c: char| matches!(c, ',' | ';' | '/' | ':' | '°') || c.is_whitespace();
    for token in text.split(separator).filter(|t| !t.is_empty()) {
        let mut number = token;
        let mut mark = None;
        if let Some(h) = number.chars().next().and_then(hemisphere) {
            mark = Some(h);
            number = &number[1..];
        }
        if let Some(h) = number.chars().last().and_then(hemisphere) {
            mark = mark.or(Some(h));
            number = &number[..number.len() - 1];
        }
        if number.is_empty() {
            // A letter on its own marks the number before it ("31.2°N"), or the next one
            // ("N 31.2") when that one is marked already.
            let (axis, negative) = mark.ok_or(RuleError::BadFormat)?;
            match out.last_mut() {
                Some(last) if last.axis.is_none() => {
                    last.axis = Some(axis);
                    last.negative = negative;
                }
                _ => pending = Some((axis, negative)),
            }
            continue;
        }
        let (axis, negative) = match mark.or(pending.take()) {
            Some((a, neg)) => (Some(a), neg),
            None => (None, false),
        };
        out.push(Reading {
            number,
            axis,
            negative,
        });
    }
    Ok(out)
}

/// Latitude and longitude in units of 10^-6 and 10^-5 degrees.
fn pair(lat: &Reading, lon: &Reading) -> Option<(i64, i64)> {
    let sign = |r: &Reading, v: i64| if r.negative { -v } else { v };
    let lat_units = fixed(lat.number, 2, LAT_SCALE).map(|v| sign(lat, v))?;
    let lon_units = fixed(lon.number, 3, LON_SCALE).map(|v| sign(lon, v))?;
    Some((lat_units, lon_units))
}

fn inside_china((lat, lon): (i64, i64)) -> bool {
    (LAT_RANGE.0..=LAT_RANGE.1).contains(&lat) && (LON_RANGE.0..=LON_RANGE.1).contains(&lon)
}

/// The wire form of a pair: `+31.221345/+121.48352`.
fn wire((lat, lon): (i64, i64)) -> String {
    format!(
        "{}/{}",
        format_fixed(lat, LAT_SCALE),
        format_fixed(lon, LON_SCALE)
    )
}

/// A pasted pair as the parser reads it: half-width, upper case, Chinese hemisphere words as
/// letters.
fn coordinate_text(input: &str) -> String {
    input
        .trim()
        .replace("北纬", "N")
        .replace("南纬", "S")
        .replace("东经", "E")
        .replace("西经", "W")
        .chars()
        .map(|c| normalize::to_half_width(c).to_ascii_uppercase())
        .collect()
}

/// Location in the wire format `纬度/经度` with signs, e.g. `+31.221345/+121.48352`: latitude
/// with 6 decimals, longitude with 5 (more precise input is rounded). Accepts what people type
/// and paste: "lat,lon" and "lat lon", full-width characters, hemisphere letters ("N31.2
/// E121.4", "121.4E 31.2N", "北纬31.2 东经121.4"), and map pickers' "lon,lat" when the order is
/// plain (a first value above 90 can only be a longitude). When the pair is inside China only
/// the other way round, the merchant is asked ([`RuleError::CoordinatesSwapped`]).
pub fn location(input: &str) -> Result<String, RuleError> {
    let text = coordinate_text(input);
    if text.is_empty() {
        return Err(RuleError::Required);
    }
    let r = readings(&text)?;
    let [a, b] = r.as_slice() else {
        return Err(RuleError::BadFormat);
    };
    let (lat, lon) = match (a.axis, b.axis) {
        (Some(Axis::Lon), _) | (_, Some(Axis::Lat)) => (b, a),
        (Some(Axis::Lat), _) | (_, Some(Axis::Lon)) => (a, b),
        // Map pickers copy longitude first; no latitude is above 90.
        (None, None) if fixed(a.number, 3, LON_SCALE).is_some_and(|v| v.abs() > 90 * 100_000) => {
            (b, a)
        }
        (None, None) => (a, b),
    };
    if lat.axis.is_some() && lat.axis == lon.axis {
        return Err(RuleError::BadFormat);
    }
    let given = pair(lat, lon);
    if given.is_some_and(inside_china) {
        return given.map(wire).ok_or(RuleError::BadFormat);
    }
    let unmarked = a.axis.is_none() && b.axis.is_none();
    if unmarked && pair(lon, lat).is_some_and(inside_china) {
        return Err(RuleError::CoordinatesSwapped);
    }
    match given {
        Some(_) => Err(RuleError::OutOfRange),
        None => Err(RuleError::BadFormat),
    }
}

/// The location read the other way round, when that is what [`location`] asked about
/// ([`RuleError::CoordinatesSwapped`]): the wire form with the two values exchanged.
pub fn location_swapped(input: &str) -> Option<String> {
    let text = coordinate_text(input);
    let r = readings(&text).ok()?;
    let [a, b] = r.as_slice() else {
        return None;
    };
    pair(b, a).filter(|p| inside_china(*p)).map(wire)
}

/// The public address the device reaches the acquirer from: a public IPv4 address, or a
/// global-unicast IPv6 address (4G/5G terminals), stored in its canonical text (RFC 5952).
pub fn device_ip(input: &str) -> Result<String, RuleError> {
    let c = normalize::code(input).replace('。', ".");
    let c = c.trim_start_matches('[').trim_end_matches(']');
    if c.is_empty() {
        return Err(RuleError::Required);
    }
    match c.parse::<IpAddr>().map_err(|_| RuleError::BadFormat)? {
        IpAddr::V4(ip) if is_public(ip) => Ok(ip.to_string()),
        IpAddr::V4(_) => Err(RuleError::NotPublicIp),
        IpAddr::V6(ip) => global_v6(ip).map(|ip| ip.to_string()),
    }
}

/// A global-unicast IPv6 address (2000::/3), or why not.
fn global_v6(ip: Ipv6Addr) -> Result<Ipv6Addr, RuleError> {
    let [a, b, ..] = ip.segments();
    if ip.is_loopback() {
        Err(RuleError::LoopbackIp)
    } else if ip.to_ipv4_mapped().is_some() {
        Err(RuleError::MappedIp)
    } else if a & 0xffc0 == 0xfe80 {
        Err(RuleError::LinkLocalIp)
    } else if a & 0xfe00 == 0xfc00 {
        Err(RuleError::UniqueLocalIp)
    } else if a == 0x2001 && b == 0x0db8 {
        Err(RuleError::DocumentationIp)
    } else if a & 0xe000 != 0x2000 {
        // Unspecified, multicast, the reserved ranges: not a device's public address.
        Err(RuleError::NotPublicIp)
    } else {
        Ok(ip)
    }
}

/// Not private, loopback, link-local, shared (CGNAT), documentation, benchmarking, multicast,
/// reserved or broadcast.
fn is_public(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 168)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RuleError::*;

    type Rule = fn(&str) -> Result<String, RuleError>;

    fn table(rule: Rule, cases: &[(&str, Result<&str, RuleError>)]) {
        for (input, want) in cases {
            assert_eq!(rule(input), want.map(str::to_owned), "input {input:?}");
        }
    }

    #[test]
    fn serial_number_table() {
        let max = "A".repeat(SERIAL_MAX_LEN);
        let long = "A".repeat(SERIAL_MAX_LEN + 1);
        table(
            serial_number,
            &[
                ("sn-0001", Ok("SN-0001")),
                ("ＰＯＳ１２３", Ok("POS123")),
                (" 00 11 22 ", Ok("001122")),
                (&max, Ok(&max)),
                ("", Err(Required)),
                ("   ", Err(Required)),
                (&long, Err(TooLong)),
                ("SN_01", Err(BadCharacters)),
                ("序列号", Err(BadCharacters)),
                ("SN: N910-0001", Ok("N910-0001")),
                ("S/N：ｎ９１０－０００１", Ok("N910-0001")),
                ("序列号：SB-OK-0001", Ok("SB-OK-0001")),
                ("SN12345", Ok("SN12345")),
            ],
        );
    }

    #[test]
    fn tusn_and_qr_code_tables() {
        table(
            tusn,
            &[
                ("00000302q6nl1234", Ok("00000302Q6NL1234")),
                (&"1".repeat(65), Err(TooLong)),
                ("a/b", Err(BadCharacters)),
            ],
        );
        table(
            qr_code,
            &[
                ("qr-sh-0001", Ok("QR-SH-0001")),
                (&"1".repeat(33), Err(TooLong)),
                ("", Err(Required)),
            ],
        );
    }

    #[test]
    fn fixed_length_codes() {
        table(
            network_licence,
            &[
                ("p3100", Ok("P3100")),
                ("P310", Err(WrongLength)),
                ("P3-10", Err(BadCharacters)),
                ("", Err(Required)),
            ],
        );
        table(
            merchant_id,
            &[
                ("898310058120001", Ok("898310058120001")),
                ("８９８３１００５８１２０００Ａ", Ok("89831005812000A")),
                ("89831005812000", Err(WrongLength)),
                ("8983100581200011", Err(WrongLength)),
                ("89831005812000_", Err(BadCharacters)),
            ],
        );
        table(
            terminal_id,
            &[
                ("12345678", Ok("12345678")),
                ("a1b2c3d4", Ok("A1B2C3D4")),
                ("1234567", Err(WrongLength)),
                ("", Err(Required)),
            ],
        );
    }

    #[test]
    fn free_text_fields() {
        let long_name = "店".repeat(MERCHANT_NAME_MAX_LEN + 1);
        table(
            merchant_name,
            &[
                (
                    "  上海某某餐饮（连锁）有限公司 ",
                    Ok("上海某某餐饮（连锁）有限公司"),
                ),
                ("ＡＢＣ便利店", Ok("ABC便利店")),
                (&long_name, Err(TooLong)),
                ("", Err(Required)),
                ("店\u{7}名", Err(BadCharacters)),
            ],
        );
        table(
            contact_name,
            &[
                ("张三", Ok("张三")),
                ("阿依古丽·买买提", Ok("阿依古丽·买买提")),
                (&"名".repeat(33), Err(TooLong)),
            ],
        );
        table(
            address,
            &[
                ("徐汇区漕溪北路 88 号", Ok("徐汇区漕溪北路 88 号")),
                (&"路".repeat(65), Err(TooLong)),
                (" ", Err(Required)),
            ],
        );
    }

    #[test]
    fn credit_code_uses_gb32100_check_character() {
        table(
            credit_code,
            &[
                ("91350100M000100Y43", Ok("91350100M000100Y43")),
                ("91350100m000100y43", Ok("91350100M000100Y43")),
                (
                    "９１３５０１００Ｍ０００１００Ｙ４３",
                    Ok("91350100M000100Y43"),
                ),
                ("91350100M000100Y4Z", Err(BadCharacters)),
                ("91350100M000100Y44", Err(BadCheckCharacter)),
                ("91350100M000100Y4", Err(WrongLength)),
                ("91350100M000100YI3", Err(BadCharacters)),
                ("", Err(Required)),
            ],
        );
    }

    #[test]
    fn credit_code_check_value_31_maps_to_0() {
        // Find a 17-character body whose sum is 0 mod 31: the check character must then be '0'.
        let body = "00000000000000000";
        assert_eq!(credit_code(&format!("{body}0")), Ok(format!("{body}0")));
        assert_eq!(credit_code(&format!("{body}1")), Err(BadCheckCharacter));
    }

    #[test]
    fn resident_id_uses_the_gb11643_check_digit_and_stands_masked_for_the_one_on_file() {
        table(
            resident_id,
            &[
                ("11010519491231002X", Ok("11010519491231002X")),
                ("11010519491231002x", Ok("11010519491231002X")),
                ("440524188001010014", Ok("440524188001010014")),
                ("110105194912310021", Err(BadCheckCharacter)),
                ("11010519491231002", Err(WrongLength)),
                ("1101051949123100X2", Err(BadCharacters)),
                ("11010519491231002Y", Err(BadCharacters)),
                ("110***********002X", Ok("110***********002X")),
                ("", Err(Required)),
            ],
        );
        assert_eq!(mask_resident_id("11010519491231002X"), "110***********002X");
        assert!(is_masked_resident_id(&mask_resident_id(
            "440524188001010014"
        )));
        assert!(!is_masked_resident_id("11010519491231002X"));
    }

    #[test]
    fn a_tusn_without_a_vendor_code_is_doubted_but_accepted() {
        assert_eq!(tusn_warning("00000302Q6NL1234"), None);
        assert_eq!(tusn_warning("TUSN: 00000302Q6NL1234"), None);
        assert_eq!(tusn_warning("N910-0001"), Some(Warning::TusnVendorCode));
        assert_eq!(tusn_warning(""), None);
        assert_eq!(tusn("N910-0001"), Ok("N910-0001".into()));
    }

    #[test]
    fn mobile_table() {
        table(
            mobile,
            &[
                ("13800138000", Ok("13800138000")),
                ("+86 138 0013 8000", Ok("13800138000")),
                ("16212345678", Ok("16212345678")),
                ("19212345678", Ok("19212345678")),
                ("12345678901", Err(BadFormat)),
                ("1380013800", Err(WrongLength)),
                ("1380013800a", Err(BadCharacters)),
                ("", Err(Required)),
            ],
        );
    }

    #[test]
    fn region_checks_shape_then_list() {
        let r = Regions::parse("# regions t\n31 上海市\n3101 市辖区\n310104 徐汇区\n").unwrap();
        assert_eq!(region("310104", Some(&r)), Ok("310104".into()));
        assert_eq!(region("３１０１０４", Some(&r)), Ok("310104".into()));
        assert_eq!(region("310199", Some(&r)), Err(UnknownRegion));
        assert_eq!(region("3101", Some(&r)), Err(BadFormat));
        assert_eq!(region("31010a", None), Err(BadFormat));
        assert_eq!(region("310199", None), Ok("310199".into()));
        assert_eq!(region("", None), Err(Required));
    }

    #[test]
    fn codes_round_trip_through_serde() {
        for e in RuleError::ALL {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, format!("\"{}\"", e.code()));
            assert_eq!(serde_json::from_str::<RuleError>(&json).unwrap(), e);
        }
        let err = serde_json::from_str::<Datum>("\"NAD83\"").unwrap_err();
        assert!(err.to_string().contains("unknown value `NAD83`"), "{err}");
    }

    #[test]
    fn device_type_table() {
        assert_eq!(device_type("10"), Ok(DeviceType::Barcode));
        assert_eq!(device_type("０４"), Ok(DeviceType::SmartPos));
        assert_eq!(device_type("07"), Err(NotSelectable));
        assert_eq!(device_type("14"), Err(BadFormat));
        assert_eq!(device_type(""), Err(Required));
    }

    #[test]
    fn manufacturer_and_model_against_the_dictionary() {
        let cat: Catalog = serde_json::from_str(
            r#"{"manufacturers":[{"code":"NEWLAND","name":"新大陆","models":[
                {"code":"N910","name":"N910","network_licence":"P3100","device_types":["04"],"certified":true}]}]}"#,
        )
        .unwrap();
        assert_eq!(manufacturer("newland", Some(&cat)), Ok("NEWLAND".into()));
        assert_eq!(manufacturer("ACME", Some(&cat)), Err(UnknownManufacturer));
        assert_eq!(manufacturer("ACME", None), Ok("ACME".into()));
        assert_eq!(
            model("n910", "NEWLAND", None, Some(&cat)),
            Ok("N910".into())
        );
        assert_eq!(
            model("N920", "NEWLAND", None, Some(&cat)),
            Err(UnknownModel)
        );
        assert_eq!(model("", "NEWLAND", None, Some(&cat)), Err(Required));
        let smart_pos = Some(DeviceType::SmartPos);
        assert_eq!(
            model("N910", "NEWLAND", smart_pos, Some(&cat)),
            Ok("N910".into())
        );
        assert_eq!(
            model("N910", "NEWLAND", Some(DeviceType::FacePay), Some(&cat)),
            Err(ModelNotOfType),
            "a smart POS model is not a face-pay terminal"
        );
    }

    #[test]
    fn location_table() {
        table(
            location,
            &[
                ("+31.221345/+121.48352", Ok("+31.221345/+121.48352")),
                ("31.2213451234,121.4835249", Ok("+31.221345/+121.48352")),
                ("31.2213456,121.483526", Ok("+31.221346/+121.48353")),
                ("３１．２２，１２１．４８", Ok("+31.220000/+121.48000")),
                ("31/121", Ok("+31.000000/+121.00000")),
                ("-31.2/121.4", Err(OutOfRange)),
                ("51.5/-0.12", Err(OutOfRange)),
                ("31.2", Err(BadFormat)),
                ("nan/inf", Err(BadFormat)),
                ("123.1/121.4", Err(BadFormat)),
                ("31./121.4", Err(BadFormat)),
                ("", Err(Required)),
                // As map apps and people paste them.
                ("121.48352,31.221345", Ok("+31.221345/+121.48352")),
                ("31.221345 121.48352", Ok("+31.221345/+121.48352")),
                ("N31.221345 E121.48352", Ok("+31.221345/+121.48352")),
                ("121.48352E, 31.221345N", Ok("+31.221345/+121.48352")),
                ("北纬31.221345，东经121.48352", Ok("+31.221345/+121.48352")),
                ("31.221345°N 121.48352°E", Ok("+31.221345/+121.48352")),
                ("N 31.221345 E 121.48352", Ok("+31.221345/+121.48352")),
                ("43.82,87.61", Ok("+43.820000/+87.61000")),
                // Ürümqi as a picker copies it: only the other order is in China.
                ("87.61,43.82", Err(CoordinatesSwapped)),
                ("S31.2 E121.4", Err(OutOfRange)),
                ("N31.2 N121.4", Err(BadFormat)),
                ("31.2,121.4,5", Err(BadFormat)),
            ],
        );
        assert_eq!(
            location_swapped("87.61,43.82").as_deref(),
            Some("+43.820000/+87.61000")
        );
        assert_eq!(location_swapped("31.2,121.4"), None);
    }

    #[test]
    fn device_ip_is_public_ipv4_or_global_ipv6() {
        table(
            device_ip,
            &[
                ("2408:8207:1234::1", Ok("2408:8207:1234::1")),
                ("2408:8207:1234:0:0:0:0:1", Ok("2408:8207:1234::1")),
                ("[240E:3B4::A]", Ok("240e:3b4::a")),
                ("２４０８：８２０７：：１", Ok("2408:8207::1")),
                ("FE80::1", Err(LinkLocalIp)),
                ("fd12:3456::1", Err(UniqueLocalIp)),
                ("2001:db8::1", Err(DocumentationIp)),
                ("::1", Err(LoopbackIp)),
                ("::ffff:114.114.114.114", Err(MappedIp)),
                ("ff02::1", Err(NotPublicIp)),
                ("::", Err(NotPublicIp)),
                ("fe80::1%eth0", Err(BadFormat)),
                ("114.114.114.114", Ok("114.114.114.114")),
                ("１１４．１１４．１１４．１１４", Ok("114.114.114.114")),
                ("192.168.1.10", Err(NotPublicIp)),
                ("10.0.0.1", Err(NotPublicIp)),
                ("172.20.0.1", Err(NotPublicIp)),
                ("100.64.1.1", Err(NotPublicIp)),
                ("127.0.0.1", Err(NotPublicIp)),
                ("203.0.113.5", Err(NotPublicIp)),
                ("255.255.255.255", Err(NotPublicIp)),
                ("256.1.1.1", Err(BadFormat)),
                ("", Err(Required)),
            ],
        );
    }

    /// Every IPv4 range that is not a device's public address, at its edges, beside the public
    /// addresses next to it (and ones that share only part of a range's pattern).
    #[test]
    fn ipv4_ranges_end_where_they_end() {
        let not_public = [
            "0.1.2.3",
            "10.0.0.1",
            "127.0.0.1",
            "100.64.0.0",
            "100.127.255.255",
            "169.254.1.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.1",
            "192.0.2.1",
            "192.168.0.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.1",
            "203.0.113.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
        ];
        let public = [
            "1.1.1.1",
            "9.255.255.255",
            "11.0.0.1",
            "126.255.255.255",
            "128.0.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "100.1.1.1",
            "1.100.1.1",
            "169.253.1.1",
            "169.1.1.1",
            "1.254.1.1",
            "172.15.255.255",
            "172.32.0.1",
            "172.1.1.1",
            "1.20.1.1",
            "192.0.1.1",
            "192.0.3.1",
            "192.1.0.1",
            "192.1.2.1",
            "2.0.0.1",
            "2.0.2.1",
            "192.167.1.1",
            "192.169.1.1",
            "1.168.1.1",
            "198.17.255.255",
            "198.20.0.1",
            "1.18.1.1",
            "1.19.1.1",
            "198.51.99.1",
            "198.51.101.1",
            "198.52.100.1",
            "1.51.100.1",
            "203.0.112.1",
            "203.0.114.1",
            "203.1.113.1",
            "1.0.113.1",
            "223.255.255.255",
        ];
        for ip in not_public {
            assert_eq!(device_ip(ip), Err(NotPublicIp), "{ip}");
        }
        for ip in public {
            assert_eq!(device_ip(ip).as_deref(), Ok(ip), "{ip}");
        }
        // 2001::/16 is not all documentation: CERNET's 2001:da8::/32 is real.
        assert_eq!(
            device_ip("2001:da8:8000::1").as_deref(),
            Ok("2001:da8:8000::1")
        );
        assert_eq!(device_ip("2408:db8::1").as_deref(), Ok("2408:db8::1"));
    }

    #[test]
    fn location_edges() {
        // Exactly 90 can be a latitude, so "90,45" is not read as longitude first; the other
        // order is in China, so the merchant is asked.
        assert_eq!(location("90,45"), Err(CoordinatesSwapped));
        // One value marked, the pair impossible: not a question of order.
        assert_eq!(location("N121.4 31.2"), Err(BadFormat));
        assert_eq!(location("N31.2 W121.4"), Err(OutOfRange));
        assert_eq!(location("31.,121.4"), Err(BadFormat));
        assert_eq!(location("31.2A5,121.4"), Err(BadFormat));
        assert_eq!(location("31.2,121.4A"), Err(BadFormat));
        assert_eq!(
            location_degrees("+31.221345/+121.48352"),
            Some((31.221345, 121.48352))
        );
        assert_eq!(location_degrees("-1.5/+2"), Some((-1.5, 2.0)));
        assert_eq!(location_degrees("31.2"), None);
        assert_eq!(location_degrees("a/b"), None);
        assert_eq!(location_wire(31.221345, 121.48352), "+31.221345/+121.48352");
        assert_eq!(location_wire(31.2, 121.4), "+31.200000/+121.40000");
        assert_eq!(location_wire(0.0, -0.5), "+0.000000/-0.50000");
        assert_eq!(location_wire(-1.25, 0.0), "-1.250000/+0.00000");
        let labels: Vec<&str> = Datum::ALL.iter().map(|d| d.label()).collect();
        assert_eq!(labels, ["WGS-84", "GCJ-02", "BD-09"]);
    }

    #[test]
    fn store_name_is_free_text_of_its_own_length() {
        let longest = "店".repeat(STORE_NAME_MAX_LEN);
        let long = "店".repeat(STORE_NAME_MAX_LEN + 1);
        table(
            store_name,
            &[
                ("  老王面馆（徐汇店） ", Ok("老王面馆（徐汇店）")),
                ("ＡＢＣ　店", Ok("ABC 店")),
                (&longest, Ok(&longest)),
                (&long, Err(TooLong)),
                ("", Err(Required)),
            ],
        );
    }

    /// The rule of each field, with its generator of values it must accept.
    fn rules_and_values() -> Vec<(
        &'static str,
        Rule,
        proptest::strategy::BoxedStrategy<String>,
    )> {
        use crate::field::Field;
        use crate::valid::value_of;
        vec![
            ("serial", serial_number, value_of(Field::SerialNumber)),
            ("tusn", tusn, value_of(Field::Tusn)),
            ("qr", qr_code, value_of(Field::QrCode)),
            ("licence", network_licence, value_of(Field::NetworkLicence)),
            ("mid", merchant_id, value_of(Field::MerchantId)),
            ("tid", terminal_id, value_of(Field::TerminalId)),
            ("name", merchant_name, value_of(Field::MerchantName)),
            ("contact", contact_name, value_of(Field::ContactName)),
            ("address", address, value_of(Field::Address)),
            ("store", store_name, value_of(Field::StoreName)),
            ("credit code", credit_code, value_of(Field::CreditCode)),
            (
                "resident id",
                resident_id,
                value_of(Field::OperatorIdNumber),
            ),
            ("mobile", mobile, value_of(Field::ContactMobile)),
            ("location", location, value_of(Field::Location)),
            ("device ip", device_ip, value_of(Field::DeviceIp)),
            (
                "region",
                |s| region(s, Some(crate::valid::regions())),
                value_of(Field::Region),
            ),
        ]
    }

    /// Every rule accepts what its generator makes, and its canonical value is a fixed point;
    /// written as a phone writes it (full-width, lower case, padded), codes still canonicalise
    /// to the same value.
    #[test]
    fn every_valid_value_is_accepted_and_its_canonical_form_is_a_fixed_point() {
        use proptest::test_runner::{Config, TestRunner};
        for (name, rule, values) in rules_and_values() {
            let mut runner = TestRunner::new(Config {
                cases: 200,
                failure_persistence: None,
                ..Config::default()
            });
            runner
                .run(&values, |v| {
                    let canonical = rule(&v);
                    proptest::prop_assert!(
                        canonical.is_ok(),
                        "{name}: {v:?} refused: {canonical:?}"
                    );
                    let c = canonical.unwrap();
                    proptest::prop_assert_eq!(
                        rule(&c),
                        Ok(c.clone()),
                        "{}: not a fixed point",
                        name
                    );
                    let full_width: String = v
                        .chars()
                        .map(|ch| match ch {
                            '!'..='~' => char::from_u32(ch as u32 + 0xFEE0).unwrap(),
                            ch => ch,
                        })
                        .collect();
                    let padded = format!("  {full_width}\u{3000}");
                    if !matches!(name, "name" | "contact" | "address" | "store") {
                        proptest::prop_assert_eq!(
                            rule(&padded),
                            Ok(c.clone()),
                            "{}: {:?}",
                            name,
                            padded
                        );
                        proptest::prop_assert_eq!(
                            rule(&v.to_lowercase()),
                            Ok(c),
                            "{}: lower case",
                            name
                        );
                    }
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    proptest::proptest! {
        /// Whatever is typed, no rule panics, and what a rule accepts is a fixed point.
        #[test]
        fn no_rule_panics_on_anything_typed(s in "\\PC{0,80}") {
            for (name, rule, _) in rules_and_values() {
                if let Ok(v) = rule(&s) {
                    proptest::prop_assert_eq!(rule(&v), Ok(v.clone()), "{}", name);
                }
            }
            match device_type(&s) {
                Ok(d) => proptest::prop_assert!(d.selectable() && normalize::code(&s) == d.code()),
                Err(e) => proptest::prop_assert!(matches!(e, Required | NotSelectable | BadFormat)),
            }
            // Without the dictionary, manufacturer and model are the code as typed, or required.
            let code = normalize::code(&s);
            let expected = if code.is_empty() { Err(Required) } else { Ok(code) };
            proptest::prop_assert_eq!(manufacturer(&s, None), expected.clone());
            proptest::prop_assert_eq!(model(&s, &s, None, None), expected);
        }

        #[test]
        fn valid_coordinates_always_pass(lat in 3.0f64..54.0, lon in 73.0f64..136.0) {
            let v = location(&format!("{lat}/{lon}"));
            proptest::prop_assert!(v.is_ok(), "{:?}", v);
        }
    }
}
