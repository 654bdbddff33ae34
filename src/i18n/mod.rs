//! Every user-visible text, in zh-CN (default) and English. Texts are keyed by enums and
//! translated with exhaustive matches, so a missing translation is a compile error.

mod form;
mod lifecycle;
mod messages;
mod status;

pub use form::{
    device_type_name, field_hint, form_text, later_text, merchant_type_name, step_title, FormText,
    LaterText,
};
pub use lifecycle::{deregister_reason_text, life_text, masked_mobile, LifeText};
pub use messages::{field_label, rule_message};
pub use status::{
    age_text, duration_text, event_text, fill, local_time, reason_text, review_time_text,
    status_text, StatusText,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    /// BCP 47 tag, for `lang` attributes and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        match tag.to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" => Some(Locale::ZhCn),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    /// The other locale, for the switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }
}

/// The separator between a label and its value: full-width in Chinese text.
pub fn colon(l: Locale) -> &'static str {
    match l {
        Locale::ZhCn => "：",
        Locale::En => ": ",
    }
}

/// Keys of the shell's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppTitle,
    NavLabel,
    NavFile,
    NavStatus,
    NavGuide,
    /// The switch's label, written in the language it switches to.
    SwitchToOther,
    HelpLink,
    ConnChecking,
    ConnOk,
    ConnUnreachable,
    ConnOffline,
    ConnMaintenance,
    ConnDegraded,
    ConnMaintenanceUntil,
    RetryNow,
}

pub fn t(locale: Locale, text: Text) -> &'static str {
    use Locale::*;
    use Text::*;
    match (text, locale) {
        (AppTitle, ZhCn) => "终端报备助手",
        (AppTitle, En) => "Terminal Filing Assistant",
        (NavLabel, ZhCn) => "功能",
        (NavLabel, En) => "Sections",
        (NavFile, ZhCn) => "办理报备",
        (NavFile, En) => "File",
        (NavStatus, ZhCn) => "查询状态",
        (NavStatus, En) => "Status",
        (NavGuide, ZhCn) => "排查指南",
        (NavGuide, En) => "Guide",
        (SwitchToOther, ZhCn) => "English",
        (SwitchToOther, En) => "中文",
        (HelpLink, ZhCn) => "遇到“设备未报备”？查看排查指南",
        (HelpLink, En) => "Seeing “设备未报备” (device not filed)? Read the guide",
        (ConnChecking, ZhCn) => "正在连接报备服务…",
        (ConnChecking, En) => "Connecting to the filing service…",
        (ConnOk, ZhCn) => "报备服务连接正常",
        (ConnOk, En) => "Filing service is reachable",
        (ConnUnreachable, ZhCn) => "无法连接报备服务。已填写的内容不会丢失，请检查网络后重试。",
        (ConnUnreachable, En) => "Cannot reach the filing service. Nothing you typed is lost; check your network and try again.",
        (ConnOffline, ZhCn) => "手机当前没有网络。已填写的内容会保存在本机，联网后可继续提交。",
        (ConnOffline, En) => "Your phone is offline. What you type is kept on this phone; submit once you are back online.",
        (ConnMaintenance, ZhCn) => "报备服务正在维护，暂时无法提交，可以先查看排查指南。",
        (ConnMaintenance, En) => "The filing service is under maintenance; submitting is paused. You can read the guide meanwhile.",
        (ConnDegraded, ZhCn) => "报备服务暂时无法保存报备，请稍后再试。已填写的内容保存在本机，不会丢失。",
        (ConnDegraded, En) => "The filing service cannot save filings right now; try again later. What you typed is kept on this phone.",
        (ConnMaintenanceUntil, ZhCn) => "预计恢复时间：",
        (ConnMaintenanceUntil, En) => "Expected back at: ",
        (RetryNow, ZhCn) => "重新连接",
        (RetryNow, En) => "Try again",
    }
}

/// Texts only the views split off the first load show (the status view, the guide, and the
/// status names on the page after sending): a catalogue of their own, so that the release
/// build keeps them out of the main module with the code that shows them; [`t`] is in the
/// first load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewText {
    StatusIntro,
    LookUp,
    LookingUp,
    NotFiled,
    StatusPending,
    StatusApproved,
    StatusRejected,
    StatusRevoked,
    StatusWithdrawn,
    GuideIntro,
}

pub fn view_text(locale: Locale, text: ViewText) -> &'static str {
    use Locale::*;
    use ViewText::*;
    match (text, locale) {
        (StatusIntro, ZhCn) => "输入终端序列号（SN）或码牌编号，查看报备进度和结果。",
        (StatusIntro, En) => "Enter the terminal's serial number (SN), or a QR stand's number, to see its filing progress and result.",
        (LookUp, ZhCn) => "查询",
        (LookUp, En) => "Check",
        (LookingUp, ZhCn) => "正在查询…",
        (LookingUp, En) => "Checking…",
        (NotFiled, ZhCn) => "该终端尚未报备。",
        (NotFiled, En) => "This terminal has not been filed.",
        (StatusPending, ZhCn) => "审核中",
        (StatusPending, En) => "Under review",
        (StatusApproved, ZhCn) => "已报备",
        (StatusApproved, En) => "Filed",
        (StatusRejected, ZhCn) => "已驳回",
        (StatusRejected, En) => "Rejected",
        (StatusRevoked, ZhCn) => "已注销",
        (StatusRevoked, En) => "Revoked",
        (StatusWithdrawn, ZhCn) => "已撤回",
        (StatusWithdrawn, En) => "Withdrawn",
        (GuideIntro, ZhCn) => "收款时提示“设备未报备”“终端未登记”？按下面的原因逐项排查。",
        (GuideIntro, En) => "POS says “设备未报备” or “终端未登记”? Go through the causes below.",
    }
}
