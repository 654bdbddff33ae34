//! Who the merchant is, as the acquirer recorded it: the merchant type decides how the merchant
//! is identified (a business licence's credit code, or the operator's resident ID number).

use crate::wire::{lookup, serde_as_str};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MerchantType {
    /// 企业: a company with a business licence.
    Enterprise,
    /// 个体工商户: an individual business with a business licence.
    Individual,
    /// 小微商户: an individual trader without a licence, identified by the operator's ID number.
    Micro,
}

impl MerchantType {
    pub const ALL: [MerchantType; 3] = [
        MerchantType::Enterprise,
        MerchantType::Individual,
        MerchantType::Micro,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MerchantType::Enterprise => "enterprise",
            MerchantType::Individual => "individual",
            MerchantType::Micro => "micro",
        }
    }

    pub fn from_code(code: &str) -> Option<MerchantType> {
        lookup(&MerchantType::ALL, MerchantType::code, code)
    }

    /// Whether the merchant holds a business licence (and so a unified social credit code).
    pub fn licensed(self) -> bool {
        self != MerchantType::Micro
    }
}

serde_as_str!(
    MerchantType,
    MerchantType::ALL,
    MerchantType::code,
    MerchantType::from_code
);
