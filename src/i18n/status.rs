//! Texts of the status view: states, history, reasons and what to do about each.

use filing_core::api::EventKind;
use filing_core::reason::ReasonCode;

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusText {
    MyFilings,
    MyFilingsEmpty,
    MoreFilings,
    MoreFilingsFailed,
    Refresh,
    LastChecked,
    JustNow,
    MinutesAgo,
    HoursAgo,
    DaysAgo,
    ShowingLastKnown,
    NeverChecked,
    History,
    Submission,
    PendingBody,
    ApprovedBody,
    RejectedBody,
    ReasonsTitle,
    NoReasonBody,
    SupportReport,
    Copy,
    Copied,
    StaleReasons,
    RevokedBody,
    FileAgain,
    NotFiledBody,
    StartFiling,
    FiledByOther,
    Correct,
    UnknownReason,
    ReasonField,
    HowToFix,
    ReviewerNote,
    CorrectingTitle,
    CorrectingBody,
    CancelCorrection,
    StaleVersion,
    NoLongerRejected,
    CorrectedTitle,
    ReportFiling,
    ReportReasons,
    ReportUpdated,
}

pub fn status_text(l: Locale, k: StatusText) -> &'static str {
    use Locale::*;
    use StatusText::*;
    match (k, l) {
        (MyFilings, ZhCn) => "我的报备",
        (MyFilings, En) => "My filings",
        (MyFilingsEmpty, ZhCn) => "还没有报备记录。",
        (MyFilingsEmpty, En) => "No filings yet.",
        (MoreFilings, ZhCn) => "显示更多报备",
        (MoreFilings, En) => "Show more filings",
        (MoreFilingsFailed, ZhCn) => "没能加载更多报备，请检查网络后再点一次。",
        (MoreFilingsFailed, En) => "Could not load more filings; check your network and tap again.",
        (Refresh, ZhCn) => "刷新",
        (Refresh, En) => "Refresh",
        (LastChecked, ZhCn) => "最后查询：",
        (LastChecked, En) => "Last checked: ",
        (JustNow, ZhCn) => "刚刚",
        (JustNow, En) => "just now",
        (MinutesAgo, ZhCn) => " 分钟前",
        (MinutesAgo, En) => " min ago",
        (HoursAgo, ZhCn) => " 小时前",
        (HoursAgo, En) => " h ago",
        (DaysAgo, ZhCn) => " 天前",
        (DaysAgo, En) => " days ago",
        (ShowingLastKnown, ZhCn) => "无法连接报备服务，下面是上次查到的状态，可能已有变化。",
        (ShowingLastKnown, En) => "Cannot reach the filing service. Below is the last known status; it may have changed since.",
        (NeverChecked, ZhCn) => "无法连接报备服务，暂时查不到状态。请检查网络后重试。",
        (NeverChecked, En) => "Cannot reach the filing service, so the status is unknown for now. Check your network and try again.",
        (History, ZhCn) => "办理记录",
        (History, En) => "History",
        (Submission, ZhCn) => "第 {} 次提交",
        (Submission, En) => "submission {}",
        (PendingBody, ZhCn) => "正在审核。停留在此页面会自动刷新结果。",
        (PendingBody, En) => "Under review. Stay on this page and it refreshes by itself.",
        (ApprovedBody, ZhCn) => "报备有效，终端可以正常收款。如仍提示“设备未报备”，请让终端重新签到后再试。",
        (ApprovedBody, En) => "The filing is valid and the terminal can take payments. If it still says “设备未报备”, sign the terminal in again and retry.",
        (RejectedBody, ZhCn) => "报备被驳回。请按下面的原因更正，然后重新提交。",
        (RejectedBody, En) => "The filing was rejected. Correct it as the reasons below say, then resubmit.",
        (ReasonsTitle, ZhCn) => "驳回原因",
        (ReasonsTitle, En) => "Why it was rejected",
        (NoReasonBody, ZhCn) => "报备被驳回，但审核方没有说明原因。请联系收单机构客服，把下面的信息发给对方。",
        (NoReasonBody, En) => "The filing was rejected, but the reviewer gave no reason. Contact your acquirer's support and send them the details below.",
        (SupportReport, ZhCn) => "发给客服的信息",
        (SupportReport, En) => "Details for support",
        (Copy, ZhCn) => "复制",
        (Copy, En) => "Copy",
        (Copied, ZhCn) => "已复制",
        (Copied, En) => "Copied",
        (StaleReasons, ZhCn) => "以下原因针对第 {} 次提交；更正后的第 {} 次提交正在审核，结果出来后原因会更新。",
        (StaleReasons, En) => "These reasons are for submission {}; the corrected submission {} is under review and the reasons will update when it is decided.",
        (RevokedBody, ZhCn) => "该终端的报备已注销，不能再用于收款。如需继续使用这台终端，请重新办理报备。",
        (RevokedBody, En) => "This terminal's filing was revoked, so it cannot take payments. To keep using the terminal, file it again.",
        (FileAgain, ZhCn) => "重新办理报备",
        (FileAgain, En) => "File it again",
        (NotFiledBody, ZhCn) => "该终端还没有报备，所以收款时会提示“设备未报备”。现在就可以为它办理报备。",
        (NotFiledBody, En) => "This terminal has not been filed, which is why payments say “设备未报备”. You can file it now.",
        (StartFiling, ZhCn) => "为该终端办理报备",
        (StartFiling, En) => "File this terminal",
        (FiledByOther, ZhCn) => "该终端已由其他商户报备。一台终端只能属于一个商户；如果这台终端是你的，请联系收单机构客服办理变更。",
        (FiledByOther, En) => "Another merchant has filed this terminal. A terminal belongs to one merchant only; if it is yours, ask your acquirer's support to transfer it.",
        (Correct, ZhCn) => "更正并重新提交",
        (Correct, En) => "Correct and resubmit",
        (UnknownReason, ZhCn) => "审核方给出了本助手暂不认识的原因，请按说明处理，或联系客服。代码：",
        (UnknownReason, En) => "The reviewer gave a reason this assistant does not know yet; follow its note or contact support. Code: ",
        (ReasonField, ZhCn) => "涉及：",
        (ReasonField, En) => "Concerns: ",
        (HowToFix, ZhCn) => "查看排查方法",
        (HowToFix, En) => "How to fix this",
        (ReviewerNote, ZhCn) => "审核说明：",
        (ReviewerNote, En) => "Reviewer's note: ",
        (CorrectingTitle, ZhCn) => "正在更正被驳回的报备",
        (CorrectingTitle, En) => "Correcting a rejected filing",
        (CorrectingBody, ZhCn) => "已按上次提交的内容填好，标红的是被驳回的项目。改好后在最后一步重新提交。",
        (CorrectingBody, En) => "Everything is filled in as last submitted; the rejected items are marked. Fix them, then resubmit on the last step.",
        (CancelCorrection, ZhCn) => "放弃更正",
        (CancelCorrection, En) => "Stop correcting",
        (StaleVersion, ZhCn) => "这份报备在你更正期间已有更新，驳回原因已刷新。你填写的内容都保留着，请核对后再次提交。",
        (StaleVersion, En) => "This filing changed while you were correcting it; the reasons have been refreshed. Everything you typed is kept; check it and resubmit.",
        (NoLongerRejected, ZhCn) => "这份报备已不是驳回状态，无需再更正。请查看它的最新状态。",
        (NoLongerRejected, En) => "This filing is no longer rejected, so there is nothing to correct. See its latest status.",
        (CorrectedTitle, ZhCn) => "更正已提交，等待审核",
        (CorrectedTitle, En) => "Correction submitted for review",
        (ReportFiling, ZhCn) => "报备编号",
        (ReportFiling, En) => "Filing id",
        (ReportReasons, ZhCn) => "原因代码",
        (ReportReasons, En) => "Reason codes",
        (ReportUpdated, ZhCn) => "最后更新",
        (ReportUpdated, En) => "Last updated",
    }
}

/// `template` with each `{}` replaced by the next number.
pub fn fill(template: &str, numbers: &[u32]) -> String {
    let mut out = String::new();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (part, n) in parts.zip(numbers.iter().chain(std::iter::repeat(&0))) {
        out.push_str(&n.to_string());
        out.push_str(part);
    }
    out
}

pub fn event_text(l: Locale, kind: EventKind) -> &'static str {
    use EventKind::*;
    use Locale::*;
    match (kind, l) {
        (Submitted, ZhCn) => "提交报备",
        (Submitted, En) => "Submitted",
        (Corrected, ZhCn) => "更正后重新提交",
        (Corrected, En) => "Corrected and resubmitted",
        (Approved, ZhCn) => "审核通过",
        (Approved, En) => "Approved",
        (Rejected, ZhCn) => "被驳回",
        (Rejected, En) => "Rejected",
        (Revoked, ZhCn) => "已注销",
        (Revoked, En) => "Revoked",
        (Withdrawn, ZhCn) => "撤回报备",
        (Withdrawn, En) => "Withdrawn",
        (Deregistered, ZhCn) => "注销终端",
        (Deregistered, En) => "Deregistered",
        (ChangeSubmitted, ZhCn) => "提交布放信息变更",
        (ChangeSubmitted, En) => "Placement change submitted",
        (ChangeApproved, ZhCn) => "布放信息变更通过",
        (ChangeApproved, En) => "Placement change approved",
        (ChangeRejected, ZhCn) => "布放信息变更被驳回",
        (ChangeRejected, En) => "Placement change rejected",
        (TransferredAway, ZhCn) => "转让给其他商户",
        (TransferredAway, En) => "Transferred to another merchant",
    }
}

/// What a reason means and what to do about it. `None` for codes this version does not know.
pub fn reason_text(l: Locale, code: &ReasonCode) -> Option<(&'static str, &'static str)> {
    use Locale::*;
    use ReasonCode::*;
    Some(match (code, l) {
        (DeviceNotActivated, ZhCn) => ("终端还没有完成激活或签到。", "请按终端说明书完成激活、绑定商户信息和签到，然后重新提交。"),
        (DeviceNotActivated, En) => ("The terminal has not completed activation or sign-in.", "Activate the terminal, bind the merchant details and sign in as its manual says, then resubmit."),
        (DeviceSecurityCheckFailed, ZhCn) => ("终端没有通过安全检测。", "请联系设备厂商或收单机构检修、升级或更换终端。"),
        (DeviceSecurityCheckFailed, En) => ("The terminal failed the security check.", "Ask the maker or your acquirer to repair, upgrade or replace the terminal."),
        (SerialNotFound, ZhCn) => ("设备库里查不到这个序列号。", "请对照机身标签重新填写序列号，注意 0 和 O、1 和 I。"),
        (SerialNotFound, En) => ("The device registry does not know this serial number.", "Copy the serial number again from the terminal's label; mind 0 and O, 1 and I."),
        (ModelNotCertified, ZhCn) => ("这个型号不是认证机型。", "请换用认证机型的终端，或联系厂商升级。"),
        (ModelNotCertified, En) => ("This model is not certified.", "Use a terminal of a certified model, or ask the maker for an upgrade."),
        (QrCodeBoundElsewhere, ZhCn) => ("这个码牌已绑定其他商户。", "请换用未绑定的码牌，或删去码牌编号。"),
        (QrCodeBoundElsewhere, En) => ("This QR stand is bound to another merchant.", "Use a QR stand that is not bound, or remove the QR stand number."),
        (MerchantNotQualified, ZhCn) => ("商户暂无使用这类终端的资质。", "请向收单机构申请开通这类终端的权限，或选用已开通的终端类型。"),
        (MerchantNotQualified, En) => ("Your merchant account may not use this type of terminal.", "Ask your acquirer to enable this terminal type, or use a type you are enabled for."),
        (MerchantInfoMismatch, ZhCn) => ("商户信息与收单机构登记的不一致。", "请核对标出的项目（名称、统一社会信用代码或经营者身份证号）；登记信息有误请联系收单机构更正。"),
        (MerchantInfoMismatch, En) => ("The merchant details differ from the acquirer's records.", "Check the marked item (name, credit code or the operator's ID number); if the acquirer's record is wrong, ask the acquirer to correct it."),
        (DeviceModelMismatch, ZhCn) => ("所填型号与设备登记库中这台终端的型号不一致。", "请选择终端铭牌或包装上的型号后重新提交。"),
        (DeviceModelMismatch, En) => ("The model differs from the one the device registry holds for this terminal.", "Choose the model on the terminal's label or box, then resubmit."),
        (LocationRequired, ZhCn) => ("新规定要求这台终端填写位置或设备 IP。", "请补充经纬度或设备公网 IP，然后重新提交。"),
        (LocationRequired, En) => ("New rules require a location or device IP for this terminal.", "Add the location or the device's public IP, then resubmit."),
        (FieldInvalid, ZhCn) => ("有一项信息不符合要求。", "请按标出的项目修改后重新提交。"),
        (FieldInvalid, En) => ("One of the details does not meet the requirements.", "Change the marked item, then resubmit."),
        (MoveOutsideCity, ZhCn) => ("新地址在另一个城市，不能用变更布放信息的方式移机。", "请先注销这台终端，再在新地址重新报备。"),
        (MoveOutsideCity, En) => ("The new address is in another city, which a placement change cannot cover.", "Deregister the terminal, then file it again at its new address."),
        (Other(_), _) => return None,
    })
}

/// A duration as a merchant reads it: "5 秒" / "3 小时" / "2 天" ("5 s", "3 h", "2 days").
pub fn duration_text(l: Locale, secs: u64) -> String {
    let (n, zh, en) = match secs {
        0..=59 => (secs, "秒", " s"),
        60..=3599 => (secs.div_ceil(60), "分钟", " min"),
        3600..=86_399 => (secs.div_ceil(3600), "小时", " h"),
        _ => (secs.div_ceil(86_400), "天", " days"),
    };
    match l {
        Locale::ZhCn => format!("{n} {zh}"),
        Locale::En => format!("{n}{en}"),
    }
}

/// "审核通常需要 1 天，最长 3 天。": the acquirer's promise, from the served policy.
pub fn review_time_text(l: Locale, t: filing_core::context::ReviewTime) -> String {
    use super::{form_text, FormText};
    let end = if l == Locale::ZhCn { "。" } else { "." };
    format!(
        "{} {}{} {}{end}",
        form_text(l, FormText::ReviewTypically),
        duration_text(l, t.typical_secs),
        form_text(l, FormText::ReviewAtMost),
        duration_text(l, t.longest_secs)
    )
}

/// "3 分钟前" / "3 min ago" for an age in milliseconds.
pub fn age_text(l: Locale, age_ms: f64) -> String {
    let minutes = (age_ms / 60_000.0).max(0.0) as u32;
    let (n, unit) = match minutes {
        0 => return status_text(l, StatusText::JustNow).to_owned(),
        1..=59 => (minutes, StatusText::MinutesAgo),
        60..=1439 => (minutes / 60, StatusText::HoursAgo),
        _ => (minutes / 1440, StatusText::DaysAgo),
    };
    format!("{n}{}", status_text(l, unit))
}

/// A server time (RFC 3339) in the phone's local time, "2026-11-25 14:03".
pub fn local_time(rfc3339: &str) -> String {
    let d = js_sys::Date::new(&rfc3339.into());
    if d.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
