//! Texts of the filing form.

use filing_core::{DeviceType, Field, MerchantType, Step};

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormText {
    StepReview,
    StepProgress,
    Next,
    Back,
    Submit,
    Submitting,
    RetrySubmit,
    Optional,
    ChooseOption,
    SummaryTitle,
    DraftSaved,
    DraftRestored,
    Discard,
    DiscardConfirm,
    DiscardYes,
    DiscardNo,
    Loading,
    LoadFailed,
    Reload,
    SubmitNetwork,
    GuideLink,
    /// Under a value the acquirer's records give.
    FromAcquirer,
    /// Under a TUSN that does not start with a vendor code.
    TusnDoubt,
    ReviewTypically,
    ReviewAtMost,
    MerchantEnterprise,
    MerchantIndividual,
    MerchantMicro,
}

pub fn form_text(l: Locale, t: FormText) -> &'static str {
    use FormText::*;
    use Locale::*;
    match (t, l) {
        (StepReview, ZhCn) => "确认提交",
        (StepReview, En) => "Review and submit",
        (StepProgress, ZhCn) => "步骤",
        (StepProgress, En) => "Step",
        (Next, ZhCn) => "下一步",
        (Next, En) => "Next",
        (Back, ZhCn) => "上一步",
        (Back, En) => "Back",
        (Submit, ZhCn) => "提交报备",
        (Submit, En) => "Submit filing",
        (Submitting, ZhCn) => "正在提交…",
        (Submitting, En) => "Submitting…",
        (RetrySubmit, ZhCn) => "重新提交",
        (RetrySubmit, En) => "Submit again",
        (Optional, ZhCn) => "（选填）",
        (Optional, En) => " (optional)",
        (ChooseOption, ZhCn) => "请选择",
        (ChooseOption, En) => "Choose…",
        (SummaryTitle, ZhCn) => "请先更正以下问题：",
        (SummaryTitle, En) => "Please correct the following first:",
        (DraftSaved, ZhCn) => "草稿已自动保存在本机",
        (DraftSaved, En) => "Draft saved on this phone",
        (DraftRestored, ZhCn) => "已恢复上次未提交的内容",
        (DraftRestored, En) => "Restored what you had not submitted yet",
        (Discard, ZhCn) => "清空重填",
        (Discard, En) => "Start over",
        (DiscardConfirm, ZhCn) => "确定清空已填写的全部内容吗？",
        (DiscardConfirm, En) => "Clear everything you have entered?",
        (DiscardYes, ZhCn) => "清空",
        (DiscardYes, En) => "Clear",
        (DiscardNo, ZhCn) => "保留",
        (DiscardNo, En) => "Keep",
        (Loading, ZhCn) => "正在加载…",
        (Loading, En) => "Loading…",
        (LoadFailed, ZhCn) => "加载失败，请检查网络",
        (LoadFailed, En) => "Could not load; check your network",
        (Reload, ZhCn) => "重新加载",
        (Reload, En) => "Load again",
        (SubmitNetwork, ZhCn) => "网络中断，报备尚未确认。已填写的内容已保存，恢复网络后点“重新提交”，不会重复报备。",
        (SubmitNetwork, En) => "The connection dropped before the filing was confirmed. Everything is saved; once you are online, tap “Submit again” — it cannot file twice.",
        (GuideLink, ZhCn) => "查看排查指南",
        (GuideLink, En) => "Read the guide",
        (FromAcquirer, ZhCn) => "收单机构登记的信息；如需更改，请联系收单机构",
        (FromAcquirer, En) => "As your acquirer records it; to change it, contact your acquirer",
        (TusnDoubt, ZhCn) => "TUSN 通常以6位数字的厂商代码开头，请确认填的是机身上“TUSN”后的编号（不确定可不填）",
        (TusnDoubt, En) => "A TUSN usually starts with the maker's 6-digit code; check it is the number after “TUSN” on the terminal (or leave it empty)",
        (ReviewTypically, ZhCn) => "审核通常需要",
        (ReviewTypically, En) => "Review usually takes",
        (ReviewAtMost, ZhCn) => "，最长",
        (ReviewAtMost, En) => ", at most",
        (MerchantEnterprise, ZhCn) => "企业",
        (MerchantEnterprise, En) => "Enterprise",
        (MerchantIndividual, ZhCn) => "个体工商户",
        (MerchantIndividual, En) => "Individual business",
        (MerchantMicro, ZhCn) => "小微商户（无营业执照）",
        (MerchantMicro, En) => "Micro merchant (no business licence)",
    }
}

/// Texts of the form's later parts only: the placement's region and location, the review, a
/// submission's failure, the page after sending, a correction's banner. A catalogue of their
/// own, so that the release build keeps them in the form's chunk with the code that shows them
/// (`crate::filing::later`); [`form_text`] is in the first load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaterText {
    ReviewIntro,
    Edit,
    Empty,
    UseMyLocation,
    Locating,
    LocationFailed,
    Datum,
    DatumWgs84,
    DatumGcj02,
    Province,
    City,
    District,
    SubmitMaintenance,
    SubmitStoreUnavailable,
    /// Followed by a number of minutes (from the server's Retry-After).
    RetryInMinutes,
    Minutes,
    SubmitServer,
    SubmitAuth,
    SubmitMalformed,
    SubmitRateLimited,
    SubmitDailyLimit,
    SubmittedTitle,
    SubmittedBody,
    ViewStatus,
    FileAnother,
    DatumBd09,
    /// The button that reads a swapped pair longitude first.
    ReadLongitudeFirst,
    /// The district select of a city without districts.
    NoDistricts,
}

pub fn later_text(l: Locale, t: LaterText) -> &'static str {
    use LaterText::*;
    use Locale::*;
    match (t, l) {
        (ReviewIntro, ZhCn) => "请核对以下信息，确认无误后提交。",
        (ReviewIntro, En) => "Check the details below, then submit.",
        (Edit, ZhCn) => "修改",
        (Edit, En) => "Edit",
        (Empty, ZhCn) => "未填写",
        (Empty, En) => "Not given",
        (UseMyLocation, ZhCn) => "获取当前位置",
        (UseMyLocation, En) => "Use my location",
        (Locating, ZhCn) => "正在定位…",
        (Locating, En) => "Locating…",
        (LocationFailed, ZhCn) => "无法获取位置：请在浏览器中允许定位，或手动填写经纬度",
        (LocationFailed, En) => "Could not get your location: allow location access in the browser, or type it in",
        (Datum, ZhCn) => "坐标系",
        (Datum, En) => "Coordinate system",
        (DatumWgs84, ZhCn) => "WGS-84（手机定位、GPS）",
        (DatumWgs84, En) => "WGS-84 (phone location, GPS)",
        (DatumGcj02, ZhCn) => "GCJ-02（高德、腾讯地图）",
        (DatumGcj02, En) => "GCJ-02 (Amap, Tencent Maps)",
        (Province, ZhCn) => "省份",
        (Province, En) => "Province",
        (City, ZhCn) => "城市",
        (City, En) => "City",
        (District, ZhCn) => "区县",
        (District, En) => "District",
        (SubmitMaintenance, ZhCn) => "报备服务正在维护，暂时无法提交。内容已保存，请稍后点“重新提交”。",
        (SubmitStoreUnavailable, ZhCn) => "报备服务暂时无法保存，这次没有提交成功。内容已保存在本机，请稍后点“重新提交”。",
        (SubmitStoreUnavailable, En) => "The filing service cannot save right now, so this was not submitted. Everything is kept on this phone; tap “Submit again” later.",
        (SubmitMaintenance, En) => "The filing service is under maintenance. Everything is saved; tap “Submit again” later.",
        (RetryInMinutes, ZhCn) => "预计约 ",
        (RetryInMinutes, En) => "Try again in about ",
        (Minutes, ZhCn) => " 分钟后可以重试。",
        (Minutes, En) => " min.",
        (SubmitServer, ZhCn) => "报备服务暂时出错。内容已保存，请稍后点“重新提交”，不会重复报备。",
        (SubmitServer, En) => "The filing service had a problem. Everything is saved; tap “Submit again” shortly — it cannot file twice.",
        (SubmitAuth, ZhCn) => "登录已过期。内容已保存，请重新打开本页面后提交。",
        (SubmitAuth, En) => "Your session has expired. Everything is saved; reopen this page, then submit.",
        (SubmitMalformed, ZhCn) => "服务返回了无法识别的结果。请到“查询状态”确认是否已提交，再决定是否重新提交。",
        (SubmitMalformed, En) => "The service answered with something unreadable. Check under Status whether the filing went through before submitting again.",
        (SubmitRateLimited, ZhCn) => "操作太频繁，请稍等片刻再提交。",
        (SubmitDailyLimit, ZhCn) => "今天提交的新报备已达上限，这台终端还没有提交。内容已保存在本机，请明天再提交；着急的话请联系收单机构。",
        (SubmitDailyLimit, En) => "Today's limit of new filings is reached, so this terminal was not submitted. Everything is kept on this phone; submit it tomorrow, or contact your acquirer if it is urgent.",
        (SubmitRateLimited, En) => "Too many attempts; wait a moment, then submit again.",
        (SubmittedTitle, ZhCn) => "已提交，正在审核",
        (SubmittedTitle, En) => "Submitted and under review",
        (SubmittedBody, ZhCn) => "结果可在“查询状态”中查看。",
        (SubmittedBody, En) => "Follow it under Status.",
        (ViewStatus, ZhCn) => "查看审核状态",
        (ViewStatus, En) => "See its status",
        (FileAnother, ZhCn) => "再办理一台",
        (FileAnother, En) => "File another terminal",
        (DatumBd09, ZhCn) => "BD-09（百度地图）",
        (DatumBd09, En) => "BD-09 (Baidu Maps)",
        (ReadLongitudeFirst, ZhCn) => "按“经度,纬度”理解",
        (ReadLongitudeFirst, En) => "Read as longitude, latitude",
        (NoDistricts, ZhCn) => "该市不设区县，选择城市即可",
        (NoDistricts, En) => "This city has no districts; the city is enough",
    }
}

pub fn step_title(l: Locale, step: Step) -> &'static str {
    match (step, l) {
        (Step::Device, Locale::ZhCn) => "设备信息",
        (Step::Device, Locale::En) => "Device",
        (Step::Merchant, Locale::ZhCn) => "商户信息",
        (Step::Merchant, Locale::En) => "Merchant",
        (Step::Placement, Locale::ZhCn) => "安装位置",
        (Step::Placement, Locale::En) => "Placement",
    }
}

pub fn device_type_name(l: Locale, d: DeviceType) -> &'static str {
    use DeviceType::*;
    use Locale::*;
    match (d, l) {
        (Atm, ZhCn) => "自动柜员机 / 自助终端",
        (Atm, En) => "ATM or self-service kiosk",
        (TraditionalPos, ZhCn) => "传统POS",
        (TraditionalPos, En) => "Traditional POS",
        (Mpos, ZhCn) => "mPOS",
        (Mpos, En) => "mPOS",
        (SmartPos, ZhCn) => "智能POS",
        (SmartPos, En) => "Smart POS",
        (FixedLinePhone, ZhCn) => "II型固定电话",
        (FixedLinePhone, En) => "Type-II fixed-line phone",
        (QuickPass, ZhCn) => "云闪付终端",
        (QuickPass, En) => "UnionPay QuickPass terminal",
        (Reserved, ZhCn) => "保留",
        (Reserved, En) => "Reserved",
        (PhonePos, ZhCn) => "手机POS",
        (PhonePos, En) => "Phone POS",
        (FacePay, ZhCn) => "刷脸付终端",
        (FacePay, En) => "Face-pay terminal",
        (Barcode, ZhCn) => "条码支付受理终端",
        (Barcode, En) => "Barcode payment terminal",
        (BarcodeAuxiliary, ZhCn) => "条码支付辅助受理终端（如扫码盒）",
        (BarcodeAuxiliary, En) => "Auxiliary barcode terminal (e.g. counter scanner)",
        (Industry, ZhCn) => "行业终端（如公交）",
        (Industry, En) => "Industry terminal (e.g. transit)",
        (Mis, ZhCn) => "MIS终端",
        (Mis, En) => "MIS terminal",
    }
}

pub fn merchant_type_name(l: Locale, m: MerchantType) -> &'static str {
    form_text(
        l,
        match m {
            MerchantType::Enterprise => FormText::MerchantEnterprise,
            MerchantType::Individual => FormText::MerchantIndividual,
            MerchantType::Micro => FormText::MerchantMicro,
        },
    )
}

/// A short hint under a field: where to find the value (none where the label says it all).
pub fn field_hint(l: Locale, field: Field) -> Option<&'static str> {
    use Field::*;
    use Locale::*;
    Some(match (field, l) {
        (DeviceType | Manufacturer | Model | ContactName | Region | MerchantType, _) => return None,
        (SerialNumber, ZhCn) => "印在终端背面或底部的标签上，可直接粘贴",
        (SerialNumber, En) => "On the label on the back or bottom of the terminal; pasting works",
        (Tusn, ZhCn) => "终端上“TUSN”字样后的编号",
        (Tusn, En) => "The number after “TUSN” on the terminal",
        (NetworkLicence, ZhCn) => "型号的入网认证编号（如 P3100），选择型号后自动填写；不是铭牌上的进网许可证号",
        (NetworkLicence, En) => "The model's licence number (like P3100), filled in with the model; not the number on the rating plate",
        (MerchantId, ZhCn) => "15位，见开户通知短信或商户后台",
        (MerchantId, En) => "15 characters, in the account-opening message or the merchant portal",
        (TerminalId, ZhCn) => "8位，收单机构安装终端时分配，见终端“关于本机”或签购单；没有就不填",
        (TerminalId, En) => "8 characters, assigned by the acquirer at installation, on the terminal's About page or a sales slip; leave it empty if there is none",
        (OperatorIdNumber, ZhCn) => "小微商户经营者的18位身份证号码，仅用于核验，不会完整显示",
        (OperatorIdNumber, En) => "The 18-character ID number of the 小微 merchant's operator, for verification only; never shown whole",
        (MerchantName, ZhCn) => "与营业执照上的名称一致",
        (MerchantName, En) => "Exactly as on the business licence",
        (CreditCode, ZhCn) => "18位，见营业执照",
        (CreditCode, En) => "18 characters, on the business licence",
        (ContactMobile, ZhCn) => "收单机构核实信息时联系此号码；审核结果在“查询状态”中查看",
        (ContactMobile, En) => "The acquirer calls this number if it needs to check something; see the review's result under Status",
        (Address, ZhCn) => "街道、门牌号，最多64字",
        (Address, En) => "Street and number, up to 64 characters",
        (StoreName, ZhCn) => "店招上的名称，与登记名称不同时填写",
        (StoreName, En) => "The name on the shop sign, if it differs from the registered name",
        (Location, ZhCn) => "纬度,经度，如 31.221345,121.48352；也可粘贴地图应用复制的坐标",
        (Location, En) => "latitude,longitude, like 31.221345,121.48352; coordinates copied from a map app work too",
        (DeviceIp, ZhCn) => "终端上网使用的公网 IPv4 或 IPv6 地址，可在终端“设置 → 网络”或“关于本机”中查看；与经纬度至少填一项（条码终端必填）",
        (DeviceIp, En) => "The public IPv4 or IPv6 address the terminal goes online with, under Settings → Network or About on the terminal; give this or the location (required for barcode terminals)",
        (QrCode, ZhCn) => "码牌上的编号，如 QR-FREE-0001；一个码牌只能绑定一个商户，码牌（类型11）必填",
        (QrCode, En) => "The number on the QR stand, like QR-FREE-0001; one stand serves one merchant; required for QR stands (type 11)",
    })
}
