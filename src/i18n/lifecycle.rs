//! Texts of a filing's life after submission: withdraw, deregister, placement changes, a
//! terminal someone else holds and its transfer request.

use filing_core::api::DeregisterReason;

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifeText {
    Withdraw,
    WithdrawAsk,
    WithdrawConfirm,
    Cancel,
    WithdrawnBody,
    Deregister,
    DeregisterAsk,
    DeregisterConfirm,
    DeregisteredOn,
    DeregisteredReason,
    TransferredBody,
    Move,
    ChangePendingTitle,
    ChangePendingBody,
    ChangeRejectedTitle,
    ChangeRejectedBody,
    Now,
    ChangesTo,
    HeldElsewhereBody,
    HeldBadge,
    HeldSecondHand,
    HeldMistake,
    HeldNotYours,
    RequestTransfer,
    TransferPending,
    TransferRejected,
    TransferApproved,
    ActionFailed,
    ActionStale,
    NotifyBy,
    MovingTitle,
    MovingBody,
    MoveSubmittedTitle,
    MoveSubmittedBody,
    SupportGeneric,
    SupportTitle,
    SupportHotline,
    SupportHours,
    SupportChat,
    NotGiven,
    PosPrompt,
    PosPromptHint,
    FailedAt,
    Share,
}

pub fn life_text(l: Locale, k: LifeText) -> &'static str {
    use LifeText::*;
    use Locale::*;
    match (k, l) {
        (Withdraw, ZhCn) => "撤回报备",
        (Withdraw, En) => "Withdraw filing",
        (WithdrawAsk, ZhCn) => "撤回后这份报备不再审核，也不再占用这台终端；之后可以重新报备。确定撤回吗？",
        (WithdrawAsk, En) => "Once withdrawn, this filing is not reviewed and no longer holds the terminal; you can file it again later. Withdraw it?",
        (WithdrawConfirm, ZhCn) => "确认撤回",
        (WithdrawConfirm, En) => "Yes, withdraw",
        (Cancel, ZhCn) => "取消",
        (Cancel, En) => "Cancel",
        (WithdrawnBody, ZhCn) => "这份报备已撤回，不再占用这台终端。需要时可以重新报备。",
        (WithdrawnBody, En) => "This filing was withdrawn and no longer holds the terminal. You can file it again when you need to.",
        (Deregister, ZhCn) => "注销终端",
        (Deregister, En) => "Deregister terminal",
        (DeregisterAsk, ZhCn) => "注销后这台终端不能再收款，它的序列号和码牌会释放出来，别人可以报备。请选择原因：",
        (DeregisterAsk, En) => "Once deregistered, the terminal can no longer take payments, and its serial number and QR stand are freed for someone else to file. Choose why:",
        (DeregisterConfirm, ZhCn) => "确认注销",
        (DeregisterConfirm, En) => "Deregister",
        (DeregisteredOn, ZhCn) => "注销时间：",
        (DeregisteredOn, En) => "Deregistered on ",
        (DeregisteredReason, ZhCn) => "原因：",
        (DeregisteredReason, En) => "Reason: ",
        (TransferredBody, ZhCn) => "这台终端已通过转让申请转给其他商户，这份报备随之注销。",
        (TransferredBody, En) => "This terminal was transferred to another merchant on request, and this filing was deregistered with it.",
        (Move, ZhCn) => "变更布放信息",
        (Move, En) => "Change placement",
        (ChangePendingTitle, ZhCn) => "布放信息变更审核中",
        (ChangePendingTitle, En) => "Placement change under review",
        (ChangePendingBody, ZhCn) => "审核通过前，原来的布放信息仍然有效，收款不受影响。",
        (ChangePendingBody, En) => "Until it is approved, the current placement stays in force and payments are not affected.",
        (ChangeRejectedTitle, ZhCn) => "布放信息变更被驳回",
        (ChangeRejectedTitle, En) => "Placement change rejected",
        (ChangeRejectedBody, ZhCn) => "原来的布放信息仍然有效。可以按下面的原因修改后重新提交变更。",
        (ChangeRejectedBody, En) => "The current placement stays in force. You can change it as the reasons below say and submit again.",
        (Now, ZhCn) => "现在",
        (Now, En) => "Now",
        (ChangesTo, ZhCn) => "变更为",
        (ChangesTo, En) => "Changes to",
        (HeldElsewhereBody, ZhCn) => "这台终端已由其他商户报备，所以您不能报备它。常见原因：",
        (HeldElsewhereBody, En) => "Another merchant has filed this terminal, so you cannot file it. Usually because:",
        (HeldBadge, ZhCn) => "其他商户已报备",
        (HeldBadge, En) => "Filed by another merchant",
        (HeldSecondHand, ZhCn) => "终端是二手的，前一位店主的报备还没有注销；",
        (HeldSecondHand, En) => "the terminal is second-hand and its previous owner's filing was never deregistered;",
        (HeldMistake, ZhCn) => "有人填错了序列号，占用了您的终端；",
        (HeldMistake, En) => "someone typed this serial number by mistake;",
        (HeldNotYours, ZhCn) => "这台设备不是您的，请与给您装机的人核实。",
        (HeldNotYours, En) => "the device is not yours: check with whoever installed it.",
        (RequestTransfer, ZhCn) => "申请转让给我",
        (RequestTransfer, En) => "Ask to transfer it to me",
        (TransferPending, ZhCn) => "转让申请审核中：收单机构会核实终端归属，通过后原报备注销，您就可以报备。",
        (TransferPending, En) => "Transfer requested: the acquirer is checking who the terminal belongs to. Once granted, the other filing is deregistered and you can file it.",
        (TransferRejected, ZhCn) => "转让申请没有通过：收单机构核实这台终端仍属于原商户。如有疑问请联系收单机构。",
        (TransferRejected, En) => "Transfer refused: the acquirer found the terminal still belongs to the other merchant. Contact the acquirer if you disagree.",
        (TransferApproved, ZhCn) => "转让申请已通过，现在可以报备这台终端。",
        (TransferApproved, En) => "Transfer granted: you can file this terminal now.",
        (ActionFailed, ZhCn) => "没能完成，请检查网络后再试一次。",
        (ActionFailed, En) => "That did not go through; check your network and try again.",
        (ActionStale, ZhCn) => "这份报备刚刚有了变化，下面是最新状态，请再看一下。",
        (ActionStale, En) => "This filing has just changed; here is how it is now, please check again.",
        (NotifyBy, ZhCn) => "审核有结果后会发短信到 ",
        (NotifyBy, En) => "When the review is done, a text message goes to ",
        (MovingTitle, ZhCn) => "正在变更布放信息：",
        (MovingTitle, En) => "Changing the placement of ",
        (MovingBody, ZhCn) => "只修改安装位置；审核通过前，原来的布放信息仍然有效。",
        (MovingBody, En) => "Only the placement changes; the current one stays in force until the change is approved.",
        (MoveSubmittedTitle, ZhCn) => "布放信息变更已提交",
        (MoveSubmittedTitle, En) => "Placement change submitted",
        (MoveSubmittedBody, ZhCn) => "审核通过前，原来的布放信息仍然有效，收款不受影响。",
        (MoveSubmittedBody, En) => "Until it is approved, the current placement stays in force and payments are not affected.",
        (SupportGeneric, ZhCn) => "把这些信息发给给您办理收款的收单机构客服（银行或支付公司），他们会据此查找您的终端。",
        (SupportGeneric, En) => "Send these details to the support desk of the acquirer (bank or payment company) that set up your payments; they use them to find your terminal.",
        (SupportTitle, ZhCn) => "收单机构客服",
        (SupportTitle, En) => "Your acquirer's support",
        (SupportHotline, ZhCn) => "客服电话",
        (SupportHotline, En) => "Hotline",
        (SupportHours, ZhCn) => "服务时间",
        (SupportHours, En) => "Hours",
        (SupportChat, ZhCn) => "在线客服",
        (SupportChat, En) => "Chat with support",
        (NotGiven, ZhCn) => "（未填写）",
        (NotGiven, En) => "(not given)",
        (PosPrompt, ZhCn) => "POS 上的提示或应答码",
        (PosPrompt, En) => "What the POS showed (message or response code)",
        (PosPromptHint, ZhCn) => "照着 POS 屏幕或签购单填写，如“设备未报备”“终端未登记 97”",
        (PosPromptHint, En) => "As the POS screen or slip shows it, e.g. “设备未报备” or “终端未登记 97”",
        (FailedAt, ZhCn) => "收款失败的时间",
        (FailedAt, En) => "When the payment failed",
        (Share, ZhCn) => "发送给客服",
        (Share, En) => "Send to support",
    }
}

pub fn deregister_reason_text(l: Locale, r: DeregisterReason) -> &'static str {
    use DeregisterReason::*;
    use Locale::*;
    match (r, l) {
        (Sold, ZhCn) => "已转卖或送人",
        (Sold, En) => "Sold or given away",
        (Broken, ZhCn) => "设备损坏",
        (Broken, En) => "Broken",
        (ShopClosed, ZhCn) => "店铺停业",
        (ShopClosed, En) => "Shop closed",
        (Replaced, ZhCn) => "换了新设备",
        (Replaced, En) => "Replaced by a new device",
        (Other, ZhCn) => "其他原因",
        (Other, En) => "Another reason",
        (Transferred, ZhCn) => "转让给其他商户",
        (Transferred, En) => "Transferred to another merchant",
    }
}

/// A mobile number as the notice shows it: "138****8000".
pub fn masked_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mobile_number_shows_only_its_ends() {
        assert_eq!(masked_mobile("13800138000"), "138****8000");
        assert_eq!(masked_mobile("123"), "***");
    }
}
