//! Device types as carried in payment requests (UnionPay / 银发〔2021〕259号 list).

use crate::wire::{lookup, serde_as_str};

/// A terminal's device type; the serde form is its two-digit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeviceType {
    /// 01 自动柜员机/多媒体自助终端
    Atm,
    /// 02 传统POS
    TraditionalPos,
    /// 03 mPOS
    Mpos,
    /// 04 智能POS
    SmartPos,
    /// 05 II型固定电话
    FixedLinePhone,
    /// 06 云闪付终端
    QuickPass,
    /// 07 保留使用: exists in the list, never selectable.
    Reserved,
    /// 08 手机POS
    PhonePos,
    /// 09 刷脸付终端
    FacePay,
    /// 10 条码支付受理终端
    Barcode,
    /// 11 条码支付辅助受理终端 (e.g. counter QR stand)
    BarcodeAuxiliary,
    /// 12 行业终端
    Industry,
    /// 13 MIS终端
    Mis,
}

impl DeviceType {
    pub const ALL: [DeviceType; 13] = [
        DeviceType::Atm,
        DeviceType::TraditionalPos,
        DeviceType::Mpos,
        DeviceType::SmartPos,
        DeviceType::FixedLinePhone,
        DeviceType::QuickPass,
        DeviceType::Reserved,
        DeviceType::PhonePos,
        DeviceType::FacePay,
        DeviceType::Barcode,
        DeviceType::BarcodeAuxiliary,
        DeviceType::Industry,
        DeviceType::Mis,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeviceType::Atm => "01",
            DeviceType::TraditionalPos => "02",
            DeviceType::Mpos => "03",
            DeviceType::SmartPos => "04",
            DeviceType::FixedLinePhone => "05",
            DeviceType::QuickPass => "06",
            DeviceType::Reserved => "07",
            DeviceType::PhonePos => "08",
            DeviceType::FacePay => "09",
            DeviceType::Barcode => "10",
            DeviceType::BarcodeAuxiliary => "11",
            DeviceType::Industry => "12",
            DeviceType::Mis => "13",
        }
    }

    pub fn from_code(code: &str) -> Option<DeviceType> {
        lookup(&DeviceType::ALL, DeviceType::code, code)
    }

    /// Whether a merchant may choose it (07 is reserved).
    pub fn selectable(self) -> bool {
        self != DeviceType::Reserved
    }

    /// Types whose filing must carry the hardware serial number.
    pub fn requires_serial(self) -> bool {
        matches!(
            self,
            DeviceType::TraditionalPos
                | DeviceType::Mpos
                | DeviceType::SmartPos
                | DeviceType::FixedLinePhone
                | DeviceType::QuickPass
                | DeviceType::PhonePos
                | DeviceType::FacePay
                | DeviceType::Barcode
        )
    }

    /// Barcode-payment terminals, which must report a location or a device IP.
    pub fn is_barcode(self) -> bool {
        matches!(self, DeviceType::Barcode | DeviceType::BarcodeAuxiliary)
    }
}

serde_as_str!(
    DeviceType,
    DeviceType::ALL,
    DeviceType::code,
    DeviceType::from_code
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde() {
        for d in DeviceType::ALL {
            assert_eq!(DeviceType::from_code(d.code()), Some(d));
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{}\"", d.code())
            );
        }
        assert_eq!(DeviceType::from_code("14"), None);
    }

    #[test]
    fn serial_required_exactly_for_the_listed_types() {
        let required: Vec<&str> = DeviceType::ALL
            .into_iter()
            .filter(|d| d.requires_serial())
            .map(DeviceType::code)
            .collect();
        assert_eq!(required, ["02", "03", "04", "05", "06", "08", "09", "10"]);
        assert!(!DeviceType::Reserved.selectable());
    }
}
