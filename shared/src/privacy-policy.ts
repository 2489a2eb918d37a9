// The privacy policy members accept, in one place: its version, the marketing consent's version and the
// text the mini-program shows. Change the text → change the version, so every member is asked again.

/** Current privacy policy version; members must accept it before the member card works. */
export const PRIVACY_POLICY_VERSION = '2026-12-01';

/** Version of the optional marketing consent text (separate from the policy, never required). */
export const MARKETING_CONSENT_VERSION = '2026-12-01';

/** What a marketing consent covers, shown beside its switch. */
export const MARKETING_CONSENT_TEXT = '同意接收会员活动、优惠等营销信息（可选，可随时关闭，不影响会员卡使用）';

export interface PolicySection {
  title: string;
  paragraphs: string[];
}

/**
 * 《会员隐私政策》. It describes only what the product does today; `{coolingOffDays}` and
 * `{exportLinkMinutes}` are filled in from the server's settings when shown.
 */
export const PRIVACY_POLICY_SECTIONS: PolicySection[] = [
  {
    title: '一、适用范围',
    paragraphs: [
      '本政策说明我们在会员小程序及门店会员服务中如何处理您的个人信息。您同意本政策后才能使用会员卡；不同意时您仍可浏览小程序，但无法出示会员码、累积或使用积分。',
    ],
  },
  {
    title: '二、我们保存哪些信息',
    paragraphs: [
      '微信身份标识（OpenID，如有则含 UnionID）：登录时由微信提供，用于识别您的会员账号，不向门店展示。',
      '昵称、性别：您在“我的”中填写或修改的内容。',
      '手机号（仅在您点击授权绑定后）：加密保存，门店和后台只显示部分号码。',
      '生日（仅在您填写后）：用于会员资料和等级中的生日权益；设置后如需更正请联系门店。',
      '积分与成长值记录：每一笔获得、使用、过期和退回的积分及余额。',
      '消费与退款记录：门店、小票号、金额、积分抵扣、时间及办理的店员。',
      '会员码：每 60 秒更新一次，只用于门店扫码识别您，使用后即失效。',
      '您的授权记录：同意或撤回本政策及营销授权的版本和时间。',
    ],
  },
  {
    title: '三、我们如何使用',
    paragraphs: [
      '提供会员卡、积分累积与抵扣、会员等级和售后退款。',
      '积分到期提醒：仅在您订阅对应的微信消息后发送，每次订阅发送一次。',
      '营销信息：仅在您另行开启“营销授权”后发送；不开启不影响会员卡的任何功能，开启后可随时关闭。',
    ],
  },
  {
    title: '四、谁能看到您的信息',
    paragraphs: [
      '门店店员在扫码结账时可看到您的昵称、会员号、等级和积分，用于完成本次消费。',
      '运营人员在后台处理会员服务和售后时可查看您的会员资料（手机号部分隐藏），所有查看和修改均留有审计记录。',
      '微信：登录、手机号授权和订阅消息由微信提供。我们不出售您的个人信息，也不向其他第三方提供。',
    ],
  },
  {
    title: '五、保存期限',
    paragraphs: [
      '在您的会员账号存续期间保存。注销完成后，我们删除或不可逆地匿名化您的昵称、性别、生日、手机号和微信身份标识。',
      '消费、退款和积分流水属于交易记录，依法保留，但只关联一个匿名编号，无法再对应到您本人。',
    ],
  },
  {
    title: '六、您的权利',
    paragraphs: [
      '在“我的 → 隐私与数据”中，您可以：查看授权记录；随时开启或关闭营销授权；导出我的数据（Excel 文件，含资料、积分明细、消费与退款记录和授权记录，下载链接 {exportLinkMinutes} 分钟内有效）；注销账号。',
      '注销账号需重新进行微信登录确认，之后进入 {coolingOffDays} 天冷静期：期间会员卡暂停使用，您可随时撤销；冷静期结束后我们删除您的个人信息，注销后无法恢复，积分随之作废。',
      '撤回对本政策的同意后，会员卡将停止使用；如需同时删除个人信息，请申请注销账号。',
    ],
  },
  {
    title: '七、安全与更新',
    paragraphs: [
      '手机号加密保存，访问受权限控制并记录审计日志。',
      '本政策内容变化时会更新版本号，并在您下次使用会员卡前再次征得您的同意。如有疑问，请联系门店。',
    ],
  },
];

/** The policy text with the server's settings filled in. */
export function privacyPolicyText(text: string, settings: { coolingOffDays: number; exportLinkMinutes: number }) {
  return text
    .replace(/\{coolingOffDays\}/g, String(settings.coolingOffDays))
    .replace(/\{exportLinkMinutes\}/g, String(settings.exportLinkMinutes));
}
