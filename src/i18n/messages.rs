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
        (Tusn, ZhCn) => "TUSN（终端唯一序列号）",
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
        (MerchantType, ZhCn) => "商户类型",
        (MerchantType, En) => "Merchant type",
        (OperatorIdNumber, ZhCn) => "经营者身份证号",
        (OperatorIdNumber, En) => "Operator's resident ID number",
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
        (Field::NetworkLicence, Required, ZhCn) => Some("请先选择厂商和型号，入网认证编号随型号自动填写"),
        (Field::NetworkLicence, Required, En) => Some("Choose the manufacturer and the model first; the licence number comes with the model"),
        (Field::NetworkLicence, _, ZhCn) => Some("入网认证编号随型号自动填写，请重新选择型号"),
        (Field::NetworkLicence, _, En) => Some("The licence number comes with the model; choose the model again"),
        (Field::Model, ModelNotOfType, ZhCn) => Some("这个型号不是所选的设备类型，请核对设备类型或型号"),
        (Field::Model, ModelNotOfType, En) => Some("This model is not sold as the chosen device type; check the type or the model"),
        (Field::OperatorIdNumber, WrongLength | BadCharacters, ZhCn) => Some("请填写经营者的18位居民身份证号码（最后一位可能是 X）"),
        (Field::OperatorIdNumber, WrongLength | BadCharacters, En) => Some("Enter the operator's 18-character resident ID number (the last may be X)"),
        (Field::OperatorIdNumber, BadCheckCharacter, ZhCn) => Some("身份证号码最后一位校验不符，请对照身份证逐位核对"),
        (Field::OperatorIdNumber, BadCheckCharacter, En) => Some("The last character of the ID number does not check out; compare it with the ID card"),
        (Field::OperatorIdNumber, NotOnFile, ZhCn) => Some("这个号码与登记的不一致，请填写完整的身份证号码"),
        (Field::OperatorIdNumber, NotOnFile, En) => Some("This is not the number on file; enter the whole ID number"),
        (Field::ContactMobile, WrongLength | BadCharacters | BadFormat, ZhCn) => Some("请填写11位中国大陆手机号，如 13800138000"),
        (Field::ContactMobile, WrongLength | BadCharacters | BadFormat, En) => Some("Enter an 11-digit mainland China mobile number, like 13800138000"),
        (Field::Region, BadFormat | UnknownRegion, ZhCn) => Some("请依次选择省份、城市和区县"),
        (Field::Region, BadFormat | UnknownRegion, En) => Some("Choose the province, the city and the district"),
        (Field::Location, BadFormat, ZhCn) => Some("请填写两个数：纬度和经度，如 31.221345,121.48352；可直接粘贴地图应用复制的坐标，或使用“获取当前位置”"),
        (Field::Location, BadFormat, En) => Some("Give two numbers, latitude and longitude, like 31.221345,121.48352; coordinates copied from a map app work, or use “Use my location”"),
        (Field::Location, CoordinatesSwapped, ZhCn) => Some("这两个数按“纬度,经度”不在中国境内；地图应用复制的坐标是“经度,纬度”。是否按经度在前理解？"),
        (Field::Location, CoordinatesSwapped, En) => Some("Read as “latitude, longitude” this is outside China; map apps copy “longitude, latitude”. Read it longitude first?"),
        (Field::Location, OutOfRange, ZhCn) => Some("经纬度不在中国境内，请检查纬度和经度是否填反"),
        (Field::Location, OutOfRange, En) => Some("This point is outside China; check that latitude and longitude are not swapped"),
        (Field::Location, LocationOrIpRequired, ZhCn) => Some("此终端须填写经纬度或设备公网 IP（至少一项）"),
        (Field::Location, LocationOrIpRequired, En) => Some("This terminal needs a location or a device public IP (at least one)"),
        (Field::DeviceIp, NotPublicIp, ZhCn) => Some("这是内网或保留地址（如 192.168.x.x），请填写设备上网时的公网 IP，可向网络服务商查询"),
        (Field::DeviceIp, NotPublicIp, En) => Some("This is a private or reserved address (like 192.168.x.x); enter the public IP the device goes online with (ask your network provider)"),
        (Field::DeviceIp, BadFormat, ZhCn) => Some("请填写 IPv4 地址（如 114.114.114.114）或 IPv6 地址（如 2408:8207::1）"),
        (Field::DeviceIp, BadFormat, En) => Some("Enter an IPv4 address (like 114.114.114.114) or an IPv6 address (like 2408:8207::1)"),
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
        (LinkLocalIp, ZhCn) => "这是仅在本地网络有效的 IPv6 地址（fe80 开头），请填写以 2 开头的公网 IPv6 地址".to_owned(),
        (LinkLocalIp, En) => "This IPv6 address (fe80…) only works on the local network; give the public one, which starts with 2".to_owned(),
        (UniqueLocalIp, ZhCn) => "这是内网 IPv6 地址（fc 或 fd 开头），请填写以 2 开头的公网 IPv6 地址".to_owned(),
        (UniqueLocalIp, En) => "This is a private network's IPv6 address (fc…/fd…); give the public one, which starts with 2".to_owned(),
        (DocumentationIp, ZhCn) => "这是示例地址（2001:db8 开头），请填写终端实际的 IP 地址".to_owned(),
        (DocumentationIp, En) => "This is an example address (2001:db8…); give the terminal's own address".to_owned(),
        (LoopbackIp, ZhCn) => "这是本机回环地址（::1），请填写终端上网使用的公网地址".to_owned(),
        (LoopbackIp, En) => "This is the loopback address (::1); give the public address the terminal goes online with".to_owned(),
        (MappedIp, ZhCn) => "这是写成 IPv6 形式的 IPv4 地址，请直接填写其中的 IPv4 地址".to_owned(),
        (MappedIp, En) => "This is an IPv4 address written as IPv6; give the IPv4 address itself".to_owned(),
        (CoordinatesSwapped, ZhCn) => "纬度和经度可能填反了".to_owned(),
        (CoordinatesSwapped, En) => "Latitude and longitude may be the other way round".to_owned(),
        (ModelNotOfType, ZhCn) => format!("{label}与所选设备类型不符，请核对"),
        (ModelNotOfType, En) => format!("{label} does not match the chosen device type; check it"),
        (NotOnFile, ZhCn) => format!("{label}与登记信息不一致，请填写完整内容"),
        (NotOnFile, En) => format!("{label} is not the one on file; enter it in full"),
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
