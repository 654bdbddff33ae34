//! Test-only generators of values each rule accepts, per field of the table, and of whole valid
//! filings: the properties ("a valid value is a fixed point", "a filing survives normalise →
//! validate → wire → validate unchanged") then run on real inputs, not on random Unicode that
//! almost no rule accepts.

use proptest::prelude::*;

use crate::device::DeviceType;
use crate::field::{Field, FilingInput, Requirement};
use crate::merchant::MerchantType;
use crate::regions::Regions;
use crate::rules::{self, Datum};
use crate::Policy;

/// The shipped region list, parsed once.
pub fn regions() -> &'static Regions {
    static R: std::sync::OnceLock<Regions> = std::sync::OnceLock::new();
    R.get_or_init(|| Regions::parse(include_str!("../../../static/data/regions.txt")).unwrap())
}

/// Letters, digits and '-' as printed on devices, 1..=max long.
pub fn dashed(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9][A-Z0-9-]{{0,{}}}", max - 1)).unwrap()
}

pub fn fixed(n: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9]{{{n}}}")).unwrap()
}

/// Free text as typed on a Chinese phone: Chinese, full-width brackets, Latin, digits, "·".
pub fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[上海示例餐饮店铺李记（）A-Za-z0-9·]{{1,{max}}}"))
        .unwrap()
}

pub fn credit_code() -> impl Strategy<Value = String> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    prop::collection::vec(0..31usize, 17).prop_map(|body| {
        let mut weight = 1;
        let mut sum = 0;
        for v in &body {
            sum += v * weight;
            weight = weight * 3 % 31;
        }
        let check = (31 - sum % 31) % 31;
        body.iter()
            .chain([&check])
            .map(|&v| char::from(ALPHABET[v]))
            .collect()
    })
}

pub fn resident_id() -> impl Strategy<Value = String> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    prop::collection::vec(0..10u32, 17).prop_map(|d| {
        let sum: u32 = d.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
        let check = char::from(b"10X98765432"[(sum % 11) as usize]);
        d.iter()
            .map(|v| char::from_digit(*v, 10).unwrap())
            .chain([check])
            .collect()
    })
}

pub fn mobile() -> impl Strategy<Value = String> {
    proptest::string::string_regex("1[3-9][0-9]{9}").unwrap()
}

/// A point inside mainland China's box, written in one of the ways people write one (as a map
/// picker copies it, longitude first, where the longitude is above 90).
pub fn location() -> impl Strategy<Value = String> {
    (
        3_000_000i64..=54_000_000,
        7_300_000i64..=13_600_000,
        0..4usize,
    )
        .prop_map(|(lat, lon, how)| {
            let (la, lo) = (
                format!("{}.{:06}", lat / 1_000_000, lat % 1_000_000),
                format!("{}.{:05}", lon / 100_000, lon % 100_000),
            );
            match how {
                0 => format!("{la},{lo}"),
                // Longitude first only where that is plain (above 90); the rule asks otherwise.
                1 if lon > 9_000_000 => format!("{lo},{la}"),
                1 => format!("{la} {lo}"),
                2 => format!("N{la} E{lo}"),
                _ => format!("+{la}/+{lo}"),
            }
        })
}

pub fn public_ipv4() -> impl Strategy<Value = String> {
    any::<u32>()
        .prop_map(|n| std::net::Ipv4Addr::from(n).to_string())
        .prop_filter("public", |ip| rules::device_ip(ip).is_ok())
}

pub fn global_ipv6() -> impl Strategy<Value = String> {
    (0x2000u16..0x3fff, any::<[u16; 7]>())
        .prop_filter("not documentation", |(a, rest)| {
            !(*a == 0x2001 && rest[0] == 0x0db8)
        })
        .prop_map(|(a, rest)| {
            let mut s = [0u16; 8];
            s[0] = a;
            s[1..].copy_from_slice(&rest);
            std::net::Ipv6Addr::from(s).to_string()
        })
}

/// A code a filing may carry: a county, or a prefecture without counties.
pub fn region() -> impl Strategy<Value = String> {
    proptest::sample::select(regions().finals().collect::<Vec<_>>())
}

/// A value the field's own rule accepts (without the dictionary: its codes are shapes here).
pub fn value_of(field: Field) -> BoxedStrategy<String> {
    match field {
        Field::DeviceType => proptest::sample::select(
            DeviceType::ALL
                .iter()
                .filter(|d| d.selectable())
                .map(|d| d.code().to_owned())
                .collect::<Vec<_>>(),
        )
        .boxed(),
        Field::SerialNumber => dashed(rules::SERIAL_MAX_LEN).boxed(),
        Field::TerminalId => fixed(rules::TERMINAL_ID_LEN).boxed(),
        Field::Tusn => dashed(rules::TUSN_MAX_LEN).boxed(),
        Field::Manufacturer | Field::Model => fixed(6).boxed(),
        Field::NetworkLicence => fixed(rules::NETWORK_LICENCE_LEN).boxed(),
        Field::MerchantId => fixed(rules::MERCHANT_ID_LEN).boxed(),
        Field::MerchantType => proptest::sample::select(
            MerchantType::ALL
                .iter()
                .map(|m| m.code().to_owned())
                .collect::<Vec<_>>(),
        )
        .boxed(),
        Field::MerchantName => text(rules::MERCHANT_NAME_MAX_LEN).boxed(),
        Field::CreditCode => credit_code().boxed(),
        Field::OperatorIdNumber => resident_id().boxed(),
        Field::ContactName => text(rules::CONTACT_NAME_MAX_LEN).boxed(),
        Field::ContactMobile => mobile().boxed(),
        Field::Region => region().boxed(),
        Field::Address => text(rules::ADDRESS_MAX_LEN).boxed(),
        Field::StoreName => text(rules::STORE_NAME_MAX_LEN).boxed(),
        Field::Location => location().boxed(),
        Field::DeviceIp => prop_oneof![public_ipv4(), global_ipv6()].boxed(),
        Field::QrCode => dashed(rules::QR_CODE_MAX_LEN).boxed(),
    }
}

/// A whole valid filing: every field it asks for given a valid value (optional ones sometimes
/// left empty), for its device type and merchant type, in any datum.
pub fn filing() -> impl Strategy<Value = FilingInput> {
    let values: Vec<BoxedStrategy<String>> = Field::ALL.iter().map(|f| value_of(*f)).collect();
    (
        values,
        prop::collection::vec(any::<bool>(), Field::ALL.len()),
        0..3usize,
    )
        .prop_map(|(values, keep, datum)| {
            let mut input = FilingInput {
                location_datum: Datum::ALL[datum],
                ..FilingInput::default()
            };
            for (f, v) in Field::ALL.into_iter().zip(values) {
                input.set(f, v);
            }
            for (i, f) in Field::ALL.into_iter().enumerate() {
                match input.requirement(f, &Policy::default()) {
                    Requirement::NotAsked => input.set(f, String::new()),
                    Requirement::Optional if !keep[i] && f != Field::Location => {
                        input.set(f, String::new())
                    }
                    _ => {}
                }
            }
            input
        })
}
