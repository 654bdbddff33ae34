//! Field labels and validation messages. A message says what to do, not only what is wrong;
//! field-specific wording where it helps, a generic sentence with the field's label otherwise.

use filing_core::field::{Control, Normalizer};
use filing_core::rules::RuleError;
use filing_core::Field;

use super::Locale;

pub fn field_label(l: Locale, field: Field) -> &'static str {
    use Field::*;
    use Locale::*;
    match (field, l) {
        (DeviceType, ZhCn) => "设备类型",
        (DeviceType, En) => "Device type",
        (SerialNumber, ZhCn) => "终端序列号（SN）",
        (SerialNumber, En) => "Serial number (SN)",
        (Tusn, ZhCn) => "终端21号文编号（TUSN）",
        (Tusn, En) => "TUSN",
        (Manufacturer, ZhCn) => "厂商",
        (Manufacturer, En) => "Manufacturer",
        (Model, ZhCn) => "型号",
        (Model, En) => "Model",
        (NetworkLicence, ZhCn) => "入网认证编号",
        (NetworkLicence, En) => "Network licence number",
        (MerchantId, ZhCn) => "商户号",
        (MerchantId, En) => "Merchant number (MID)",
        (TerminalId, ZhCn) => "终端号",
        (TerminalId, En) => "Terminal number (TID)",
        (MerchantName, ZhCn) => "商户名称",
        (MerchantName, En) => "Merchant name",
        (CreditCode, ZhCn) => "统一社会信用代码",
        (CreditCode, En) => "Unified social credit code",
        (ContactName, ZhCn) => "联系人姓名",
        (ContactName, En) => "Contact name",
        (ContactMobile, ZhCn) => "联系人手机号",
        (ContactMobile, En) => "Contact mobile number",
        (Region, ZhCn) => "所在地区",
        (Region, En) => "Region",
        (Address, ZhCn) => "详细地址",
        (Address, En) => "Street address",
        (StoreName, ZhCn) => "门店名称",
        (StoreName, En) => "Store name",
        (Location, ZhCn) => "经纬度",
        (Location, En) => "Location (latitude, longitude)",
        (DeviceIp, ZhCn) => "设备公网 IP",
        (DeviceIp, En) => "Device public IP",
        (QrCode, ZhCn) => "码牌编号",
        (QrCode, En) => "QR stand number",
    }
}

/// The longest value a field accepts, for "at most N characters" messages.
fn max_len(field: Field) -> usize {
    field.spec().max_chars
}

/// Whether the merchant chooses the field rather than typing it ("please choose").
fn is_choice(field: Field) -> bool {
    matches!(field.spec().control, Control::Choice(_) | Control::Region)
}

/// Free text (names, address), whose length is counted in characters rather than digits.
fn is_text(field: Field) -> bool {
    field.spec().normalizer == Normalizer::Text
}

/// The message for `field` failing `error`, in the merchant's language.
pub fn rule_message(l: Locale, field: Field, error: RuleError) -> String {
    use Locale::*;
    use RuleError::*;
    let specific = match (field, error, l) {
        (Field::SerialNumber, Required, ZhCn) => Some("请填写终端序列号，印在终端背面或底部的标签上"),
        (Field::SerialNumber, Required, En) => Some("Enter the serial number printed on the label on the back or bottom of the terminal"),
        (Field::SerialNumber, BadCharacters, ZhCn) => Some("序列号只含字母、数字和“-”，请核对终端标签"),
        (Field::SerialNumber, BadCharacters, En) => Some("A serial number has only letters, digits and '-'; check the terminal's label"),
        (Field::CreditCode, BadCheckCharacter, ZhCn) => Some("统一社会信用代码第18位校验不符，请核对营业执照"),
        (Field::CreditCode, BadCheckCharacter, En) => Some("The 18th character of the credit code does not check out; copy it again from the business licence"),
        (Field::CreditCode, WrongLength, ZhCn) => Some("统一社会信用代码应为18位，请对照营业执照填写"),
        (Field::CreditCode, WrongLength, En) => Some("The credit code has 18 characters; copy it from the business licence"),
        (Field::CreditCode, BadCharacters, ZhCn) => Some("统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z），请核对营业执照"),
        (Field::CreditCode, BadCharacters, En) => Some("The credit code has only digits and capital letters (never I, O, S, V or Z); check the business licence"),
        (Field::MerchantId, WrongLength, ZhCn) => Some("商户号应为15位，可在开户通知短信或商户后台查看"),
        (Field::MerchantId, WrongLength, En) => Some("The merchant number has 15 characters; find it in the account-opening message or the merchant portal"),
        (Field::TerminalId, WrongLength, ZhCn) => Some("终端号应为8位，可在终端“关于本机”页或签购单上查看"),
        (Field::TerminalId, WrongLength, En) => Some("The terminal number has 8 characters; find it on the terminal's About page or on a sales slip"),
        (Field::NetworkLicence, WrongLength | BadCharacters, ZhCn) => Some("入网认证编号为5位字母和数字，如 P3100，印在终端背面铭牌上"),
        (Field::NetworkLicence, WrongLength | BadCharacters, En) => Some("The network licence number has 5 letters and digits, like P3100, printed on the terminal's rating plate"),
        (Field::NetworkLicence, LicenceMismatch, ZhCn) => Some("与所选型号登记的入网认证编号不一致，请核对铭牌或重新选择型号"),
        (Field::NetworkLicence, LicenceMismatch, En) => Some("This differs from the licence registered for the chosen model; check the rating plate or choose the model again"),
        (Field::ContactMobile, WrongLength | BadCharacters | BadFormat, ZhCn) => Some("请填写11位中国大陆手机号，如 13800138000"),
        (Field::ContactMobile, WrongLength | BadCharacters | BadFormat, En) => Some("Enter an 11-digit mainland China mobile number, like 13800138000"),
        (Field::Region, BadFormat | UnknownRegion, ZhCn) => Some("请依次选择省份、城市和区县"),
        (Field::Region, BadFormat | UnknownRegion, En) => Some("Choose the province, the city and the district"),
        (Field::Location, BadFormat, ZhCn) => Some("请按“纬度,经度”填写，如 31.221345,121.48352，或使用“获取当前位置”"),
        (Field::Location, BadFormat, En) => Some("Write “latitude,longitude”, like 31.221345,121.48352, or use “Use my location”"),
        (Field::Location, OutOfRange, ZhCn) => Some("经纬度不在中国境内，请检查纬度和经度是否填反"),
        (Field::Location, OutOfRange, En) => Some("This point is outside China; check that latitude and longitude are not swapped"),
        (Field::Location, LocationOrIpRequired, ZhCn) => Some("此终端须填写经纬度或设备公网 IP（至少一项）"),
        (Field::Location, LocationOrIpRequired, En) => Some("This terminal needs a location or a device public IP (at least one)"),
        (Field::DeviceIp, NotPublicIp, ZhCn) => Some("这是内网或保留地址（如 192.168.x.x），请填写设备上网时的公网 IP，可向网络服务商查询"),
        (Field::DeviceIp, NotPublicIp, En) => Some("This is a private or reserved address (like 192.168.x.x); enter the public IP the device goes online with (ask your network provider)"),
        (Field::DeviceIp, BadFormat, ZhCn) => Some("请填写 IPv4 地址，如 114.114.114.114"),
        (Field::DeviceIp, BadFormat, En) => Some("Enter an IPv4 address, like 114.114.114.114"),
        _ => None,
    };
    if let Some(text) = specific {
        return text.to_owned();
    }
    let label = field_label(l, field);
    match (error, l) {
        (Required, ZhCn) if is_choice(field) => format!("请选择{label}"),
        (Required, En) if is_choice(field) => format!("{label}: please choose one"),
        (Required, ZhCn) => format!("请填写{label}"),
        (Required, En) => format!("{label}: please fill this in"),
        (TooLong, ZhCn) if is_text(field) => {
            format!("{label}最多 {} 个字符，请精简", max_len(field))
        }
        (TooLong, En) if is_text(field) => format!(
            "{label} can have at most {} characters; shorten it",
            max_len(field)
        ),
        (TooLong, ZhCn) => format!("{label}最多 {} 位，请核对是否多输入了字符", max_len(field)),
        (TooLong, En) => format!(
            "{label} has at most {} characters; check for extra ones",
            max_len(field)
        ),
        (WrongLength, ZhCn) => format!("{label}位数不对，请核对"),
        (WrongLength, En) => format!("{label} has the wrong number of characters; check it"),
        (BadCharacters, ZhCn) => format!("{label}含有不允许的字符，请只填写字母、数字和“-”"),
        (BadCharacters, En) => {
            format!("{label} has characters it cannot contain; use letters, digits and '-' only")
        }
        (BadFormat | BadCheckCharacter, ZhCn) => format!("{label}格式不正确，请核对"),
        (BadFormat | BadCheckCharacter, En) => {
            format!("{label} is not in the right format; check it")
        }
        (NotSelectable, ZhCn) => "该类型为保留类型，请选择终端的实际类型".to_owned(),
        (NotSelectable, En) => {
            "This type is reserved; choose the terminal's actual type".to_owned()
        }
        (UnknownRegion, ZhCn) => "请从列表中依次选择省、市、区县".to_owned(),
        (UnknownRegion, En) => "Choose the province, city and district from the lists".to_owned(),
        (UnknownManufacturer | UnknownModel, ZhCn) => format!("请从列表中选择{label}"),
        (UnknownManufacturer | UnknownModel, En) => {
            format!("{label}: please choose one from the list")
        }
        (LicenceMismatch, ZhCn) => format!("{label}与登记信息不一致，请核对"),
        (LicenceMismatch, En) => format!("{label} differs from the registered one; check it"),
        (OutOfRange, ZhCn) => format!("{label}超出范围，请核对"),
        (OutOfRange, En) => format!("{label} is out of range; check it"),
        (NotPublicIp, ZhCn) => "请填写公网 IP 地址".to_owned(),
        (NotPublicIp, En) => "Enter a public IP address".to_owned(),
        (LocationOrIpRequired, ZhCn) => "须填写经纬度或设备公网 IP（至少一项）".to_owned(),
        (LocationOrIpRequired, En) => {
            "A location or a device public IP is needed (at least one)".to_owned()
        }
        (NotYourMerchant, ZhCn) => "商户号与当前登录的商户不一致，请填写本店的商户号".to_owned(),
        (NotYourMerchant, En) => "This is not the merchant number you are signed in with; enter your own".to_owned(),
        (AlreadyFiled, ZhCn) => "该序列号已有有效报备，请在“查询状态”中查看；如非本店办理，请联系收单机构".to_owned(),
        (AlreadyFiled, En) => "This serial number already has an active filing; look it up under Status, or contact your acquirer if you did not file it".to_owned(),
        (BoundElsewhere, ZhCn) => "该码牌已被其他终端或商户使用，请换用未绑定的码牌（一码一户）".to_owned(),
        (BoundElsewhere, En) => "This QR stand is already used by another terminal or merchant; use an unbound one (one stand, one merchant)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credit_code_check_message_says_what_to_do() {
        assert_eq!(
            rule_message(
                Locale::ZhCn,
                Field::CreditCode,
                RuleError::BadCheckCharacter
            ),
            "统一社会信用代码第18位校验不符，请核对营业执照"
        );
        assert_eq!(
            rule_message(Locale::En, Field::Address, RuleError::TooLong),
            "Street address can have at most 64 characters; shorten it"
        );
        assert_eq!(
            rule_message(Locale::ZhCn, Field::Region, RuleError::Required),
            "请选择所在地区"
        );
    }
}
