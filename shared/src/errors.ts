import { CHECKOUT_TTL_SECONDS } from './enums';

// Every failure the API can answer with. The server maps each code to an HTTP status and a
// zh-CN message shown to users; clients branch on `code`, never on the message text.
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IN_PROGRESS = 'IN_PROGRESS',

  WECHAT_CODE_INVALID = 'WECHAT_CODE_INVALID',
  WECHAT_USER_BLOCKED = 'WECHAT_USER_BLOCKED',
  WECHAT_UNAVAILABLE = 'WECHAT_UNAVAILABLE',

  MEMBER_NOT_FOUND = 'MEMBER_NOT_FOUND',
  MEMBER_DISABLED = 'MEMBER_DISABLED',
  PHONE_ALREADY_BOUND = 'PHONE_ALREADY_BOUND',
  BIRTHDAY_ALREADY_SET = 'BIRTHDAY_ALREADY_SET',
  PRIVACY_VERSION_UNKNOWN = 'PRIVACY_VERSION_UNKNOWN',
  PRIVACY_CONSENT_REQUIRED = 'PRIVACY_CONSENT_REQUIRED',
  MEMBER_DELETION_PENDING = 'MEMBER_DELETION_PENDING',
  DELETION_ALREADY_REQUESTED = 'DELETION_ALREADY_REQUESTED',
  DELETION_REAUTH_MISMATCH = 'DELETION_REAUTH_MISMATCH',
  DELETION_REQUEST_NOT_FOUND = 'DELETION_REQUEST_NOT_FOUND',
  DELETION_NOT_DUE = 'DELETION_NOT_DUE',
  DELETION_ALREADY_DECIDED = 'DELETION_ALREADY_DECIDED',
  DATA_EXPORT_LINK_INVALID = 'DATA_EXPORT_LINK_INVALID',

  MEMBER_CODE_UNKNOWN = 'MEMBER_CODE_UNKNOWN',
  MEMBER_CODE_EXPIRED = 'MEMBER_CODE_EXPIRED',
  MEMBER_CODE_USED = 'MEMBER_CODE_USED',

  CHECKOUT_NOT_FOUND = 'CHECKOUT_NOT_FOUND',
  CHECKOUT_OTHER_STAFF = 'CHECKOUT_OTHER_STAFF',
  CHECKOUT_EXPIRED = 'CHECKOUT_EXPIRED',
  CHECKOUT_CLOSED = 'CHECKOUT_CLOSED',
  CHECKOUT_OWN_CARD = 'CHECKOUT_OWN_CARD',
  SALE_APPROVAL_REQUIRED = 'SALE_APPROVAL_REQUIRED',
  SALE_APPROVAL_INVALID = 'SALE_APPROVAL_INVALID',
  SALE_APPROVER_INVALID = 'SALE_APPROVER_INVALID',
  STAFF_PIN_WRONG = 'STAFF_PIN_WRONG',
  STAFF_PIN_LOCKED = 'STAFF_PIN_LOCKED',
  STAFF_PIN_NOT_SET = 'STAFF_PIN_NOT_SET',
  STAFF_DISABLED = 'STAFF_DISABLED',

  NOT_STAFF = 'NOT_STAFF',
  STORE_DISABLED = 'STORE_DISABLED',
  STAFF_ALREADY_BOUND = 'STAFF_ALREADY_BOUND',
  INVITE_UNKNOWN = 'INVITE_UNKNOWN',
  INVITE_EXPIRED = 'INVITE_EXPIRED',
  INVITE_USED = 'INVITE_USED',

  STORE_NOT_FOUND = 'STORE_NOT_FOUND',
  STORE_CODE_TAKEN = 'STORE_CODE_TAKEN',

  LOGIN_FAILED = 'LOGIN_FAILED',
  OPERATOR_USERNAME_TAKEN = 'OPERATOR_USERNAME_TAKEN',
  OPERATOR_NOT_FOUND = 'OPERATOR_NOT_FOUND',
  OPERATOR_SELF_ACTION = 'OPERATOR_SELF_ACTION',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  CURRENT_PASSWORD_WRONG = 'CURRENT_PASSWORD_WRONG',
  PASSWORD_UNCHANGED = 'PASSWORD_UNCHANGED',

  TIER_NOT_FOUND = 'TIER_NOT_FOUND',
  TIER_CODE_TAKEN = 'TIER_CODE_TAKEN',
  POINTS_RULES_VERSION_CONFLICT = 'POINTS_RULES_VERSION_CONFLICT',
  CHANGE_NOTE_REQUIRED = 'CHANGE_NOTE_REQUIRED',
  CHANGE_EMPTY = 'CHANGE_EMPTY',
  VALUE_NEEDS_CONFIRMATION = 'VALUE_NEEDS_CONFIRMATION',
  RULE_CHANGE_NOT_FOUND = 'RULE_CHANGE_NOT_FOUND',
  RULE_CHANGE_SELF_APPROVAL = 'RULE_CHANGE_SELF_APPROVAL',
  RULE_CHANGE_DECIDED = 'RULE_CHANGE_DECIDED',
  RULE_CHANGE_STALE = 'RULE_CHANGE_STALE',
  RULE_CHANGE_APPROVER_NOT_INDEPENDENT = 'RULE_CHANGE_APPROVER_NOT_INDEPENDENT',

  POINTS_DEDUCTION_NOT_ALLOWED = 'POINTS_DEDUCTION_NOT_ALLOWED',
  PURCHASE_NOT_FOUND = 'PURCHASE_NOT_FOUND',
  REFUND_EXCEEDS_PURCHASE = 'REFUND_EXCEEDS_PURCHASE',

  ADJUSTMENT_DAILY_LIMIT = 'ADJUSTMENT_DAILY_LIMIT',
  ADJUSTMENT_NOT_FOUND = 'ADJUSTMENT_NOT_FOUND',
  ADJUSTMENT_ALREADY_DECIDED = 'ADJUSTMENT_ALREADY_DECIDED',
  ADJUSTMENT_SELF_APPROVAL = 'ADJUSTMENT_SELF_APPROVAL',
  ADJUSTMENT_APPROVER_NOT_INDEPENDENT = 'ADJUSTMENT_APPROVER_NOT_INDEPENDENT',
  ADJUSTMENT_INSUFFICIENT_POINTS = 'ADJUSTMENT_INSUFFICIENT_POINTS',

  LEDGER_ACCOUNT_NOT_FOUND = 'LEDGER_ACCOUNT_NOT_FOUND',
  LEDGER_ENTRY_NOT_FOUND = 'LEDGER_ENTRY_NOT_FOUND',
  LEDGER_INSUFFICIENT_BALANCE = 'LEDGER_INSUFFICIENT_BALANCE',
  LEDGER_IDEMPOTENCY_CONFLICT = 'LEDGER_IDEMPOTENCY_CONFLICT',
  LEDGER_NOT_REVERSIBLE = 'LEDGER_NOT_REVERSIBLE',
  LEDGER_REVERSAL_EXCEEDS = 'LEDGER_REVERSAL_EXCEEDS',

  OUTBOX_ITEM_NOT_FOUND = 'OUTBOX_ITEM_NOT_FOUND',
  OUTBOX_NOT_RETRYABLE = 'OUTBOX_NOT_RETRYABLE',
}

export interface ErrorSpec {
  status: number;
  message: string;
}

export const ERRORS: Record<ErrorCode, ErrorSpec> = {
  [ErrorCode.VALIDATION_FAILED]: { status: 400, message: '提交的内容有误，请检查后重试' },
  [ErrorCode.UNAUTHENTICATED]: { status: 401, message: '登录已失效，请重新登录' },
  [ErrorCode.FORBIDDEN]: { status: 403, message: '没有权限执行此操作' },
  [ErrorCode.NOT_FOUND]: { status: 404, message: '请求的内容不存在' },
  [ErrorCode.RATE_LIMITED]: { status: 429, message: '操作太频繁，请稍后再试' },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { status: 413, message: '提交的内容过大，请精简后重试' },
  [ErrorCode.INTERNAL_ERROR]: { status: 500, message: '系统繁忙，请稍后再试' },
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: { status: 409, message: '该单号已用于另一笔内容不同的操作，请换一个单号' },
  [ErrorCode.IN_PROGRESS]: { status: 409, message: '同一单号的操作正在处理中，请稍后查看结果' },

  [ErrorCode.WECHAT_CODE_INVALID]: { status: 400, message: '微信授权已失效，请重新进入小程序' },
  [ErrorCode.WECHAT_USER_BLOCKED]: { status: 403, message: '当前微信账号存在风险，暂时无法登录' },
  [ErrorCode.WECHAT_UNAVAILABLE]: { status: 502, message: '微信服务繁忙，请稍后再试' },

  [ErrorCode.MEMBER_NOT_FOUND]: { status: 404, message: '会员不存在' },
  [ErrorCode.MEMBER_DISABLED]: { status: 403, message: '会员账号已停用，请联系门店' },
  [ErrorCode.PHONE_ALREADY_BOUND]: { status: 409, message: '该手机号已绑定其他会员' },
  [ErrorCode.BIRTHDAY_ALREADY_SET]: { status: 409, message: '生日设置后不可自行修改，如需更正请联系门店' },
  [ErrorCode.PRIVACY_VERSION_UNKNOWN]: { status: 400, message: '隐私政策版本已更新，请重新阅读后同意' },
  [ErrorCode.PRIVACY_CONSENT_REQUIRED]: { status: 403, message: '请先阅读并同意《会员隐私政策》后使用会员卡' },
  [ErrorCode.MEMBER_DELETION_PENDING]: {
    status: 409,
    message: '账号正在注销冷静期，会员卡已暂停使用；如需继续使用，请在“隐私与数据”中撤销注销',
  },
  [ErrorCode.DELETION_ALREADY_REQUESTED]: { status: 409, message: '您已提交注销申请，请勿重复提交' },
  [ErrorCode.DELETION_REAUTH_MISMATCH]: { status: 403, message: '微信身份确认失败，请使用本人微信重新确认' },
  [ErrorCode.DELETION_REQUEST_NOT_FOUND]: { status: 404, message: '注销申请不存在或已处理' },
  [ErrorCode.DELETION_NOT_DUE]: { status: 409, message: '冷静期尚未结束，暂不能处理该注销申请' },
  [ErrorCode.DELETION_ALREADY_DECIDED]: { status: 409, message: '该注销申请已处理，请刷新后查看' },
  [ErrorCode.DATA_EXPORT_LINK_INVALID]: { status: 410, message: '下载链接已失效，请在小程序中重新导出' },

  // Forged (bad check digits) and unknown codes get this one answer, so check digits cannot be probed.
  [ErrorCode.MEMBER_CODE_UNKNOWN]: { status: 404, message: '会员码无效，请让会员刷新后重新出示' },
  [ErrorCode.MEMBER_CODE_EXPIRED]: { status: 410, message: '会员码已过期，请让会员刷新后重试' },
  [ErrorCode.MEMBER_CODE_USED]: { status: 409, message: '会员码已使用，请让会员刷新后重试' },

  [ErrorCode.CHECKOUT_NOT_FOUND]: { status: 404, message: '未找到本店的这次扫码，请重新扫描会员码' },
  [ErrorCode.CHECKOUT_OTHER_STAFF]: { status: 403, message: '这位会员由其他店员扫码，请由您重新扫描会员码' },
  [ErrorCode.CHECKOUT_EXPIRED]: {
    status: 410,
    message: `扫码已超过 ${CHECKOUT_TTL_SECONDS / 60} 分钟，请让会员刷新会员码后重新扫码`,
  },
  [ErrorCode.CHECKOUT_CLOSED]: { status: 409, message: '这次扫码已完成一笔消费，如需再次收款请重新扫码' },
  [ErrorCode.CHECKOUT_OWN_CARD]: { status: 403, message: '不能为自己的会员卡收款，请由其他店员为您结账' },
  [ErrorCode.SALE_APPROVAL_REQUIRED]: { status: 403, message: '本单超出店员权限，需要店长输入密码确认' },
  [ErrorCode.SALE_APPROVAL_INVALID]: { status: 403, message: '店长确认已失效或与本单不符，请重新确认' },
  [ErrorCode.SALE_APPROVER_INVALID]: { status: 403, message: '只有本店店长可以确认' },
  [ErrorCode.STAFF_PIN_WRONG]: { status: 403, message: '店长密码不正确' },
  [ErrorCode.STAFF_PIN_LOCKED]: { status: 429, message: '密码错误次数过多，请 15 分钟后再试' },
  [ErrorCode.STAFF_PIN_NOT_SET]: { status: 409, message: '店长尚未设置确认密码，请先在店员工作台设置' },
  [ErrorCode.STAFF_DISABLED]: { status: 403, message: '您的店员身份已被停用，如有疑问请联系店长' },

  [ErrorCode.NOT_STAFF]: { status: 403, message: '您还不是门店店员' },
  [ErrorCode.STORE_DISABLED]: { status: 403, message: '所在门店已停用，暂时无法使用店员功能，请联系管理员' },
  [ErrorCode.STAFF_ALREADY_BOUND]: { status: 409, message: '您已是门店店员，无需重复绑定' },
  [ErrorCode.INVITE_UNKNOWN]: { status: 404, message: '邀请码不存在，请核对后重试' },
  [ErrorCode.INVITE_EXPIRED]: { status: 410, message: '邀请码已过期，请联系管理员重新生成' },
  [ErrorCode.INVITE_USED]: { status: 409, message: '邀请码已被使用' },

  [ErrorCode.STORE_NOT_FOUND]: { status: 404, message: '门店不存在' },
  [ErrorCode.STORE_CODE_TAKEN]: { status: 409, message: '门店编码已存在' },

  [ErrorCode.LOGIN_FAILED]: { status: 401, message: '用户名或密码错误' },
  [ErrorCode.OPERATOR_USERNAME_TAKEN]: { status: 409, message: '用户名已存在' },
  [ErrorCode.OPERATOR_NOT_FOUND]: { status: 404, message: '运营账号不存在' },
  [ErrorCode.OPERATOR_SELF_ACTION]: { status: 409, message: '不能对自己的账号执行此操作，请在右上角菜单中修改密码' },
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: { status: 403, message: '请先修改密码后再继续操作' },
  [ErrorCode.CURRENT_PASSWORD_WRONG]: { status: 400, message: '当前密码不正确' },
  [ErrorCode.PASSWORD_UNCHANGED]: { status: 400, message: '新密码不能与当前密码相同' },

  [ErrorCode.TIER_NOT_FOUND]: { status: 404, message: '会员等级不存在' },
  [ErrorCode.TIER_CODE_TAKEN]: { status: 409, message: '等级编码已存在' },
  [ErrorCode.POINTS_RULES_VERSION_CONFLICT]: { status: 409, message: '积分规则刚被他人更新，请刷新后重试' },
  [ErrorCode.CHANGE_NOTE_REQUIRED]: { status: 400, message: '请填写变更说明（2-255 个字），说明为什么修改' },
  [ErrorCode.CHANGE_EMPTY]: { status: 400, message: '没有任何改动，无需发布' },
  // details lists each warning; the console shows them and asks for 我确认这个数值.
  [ErrorCode.VALUE_NEEDS_CONFIRMATION]: { status: 400, message: '部分数值超出常用范围，请逐项确认后再提交' },
  [ErrorCode.RULE_CHANGE_NOT_FOUND]: { status: 404, message: '变更申请不存在' },
  [ErrorCode.RULE_CHANGE_SELF_APPROVAL]: { status: 403, message: '不能审批自己提交的变更，请由另一位运营人员审批' },
  [ErrorCode.RULE_CHANGE_DECIDED]: { status: 409, message: '该变更申请已被处理，请刷新后查看' },
  [ErrorCode.RULE_CHANGE_STALE]: {
    status: 409,
    message: '申请提交后设置已被他人修改，不能再批准；请驳回后按当前设置重新提交',
  },
  [ErrorCode.RULE_CHANGE_APPROVER_NOT_INDEPENDENT]: {
    status: 403,
    message: '审批人不能是申请人在 24 小时内创建的账号，请由另一位运营人员审批',
  },

  [ErrorCode.PURCHASE_NOT_FOUND]: { status: 404, message: '本店没有这张小票的消费记录' },
  [ErrorCode.REFUND_EXCEEDS_PURCHASE]: { status: 409, message: '退款金额超过该笔消费可退金额' },
  [ErrorCode.ADJUSTMENT_DAILY_LIMIT]: { status: 409, message: '今日积分调整额度已用完，请明天再试或联系管理员' },
  [ErrorCode.ADJUSTMENT_NOT_FOUND]: { status: 404, message: '积分调整申请不存在' },
  [ErrorCode.ADJUSTMENT_ALREADY_DECIDED]: { status: 409, message: '该申请已处理，请刷新后查看' },
  [ErrorCode.ADJUSTMENT_SELF_APPROVAL]: { status: 403, message: '不能审批自己提交的积分调整' },
  [ErrorCode.ADJUSTMENT_APPROVER_NOT_INDEPENDENT]: {
    status: 403,
    message: '审批人不能是申请人在 24 小时内创建的账号，请由其他运营审批',
  },
  [ErrorCode.ADJUSTMENT_INSUFFICIENT_POINTS]: { status: 409, message: '会员当前积分不足，无法扣减' },
  [ErrorCode.POINTS_DEDUCTION_NOT_ALLOWED]: { status: 409, message: '抵扣积分超出本单可用上限，请重新确认' },

  [ErrorCode.LEDGER_ACCOUNT_NOT_FOUND]: { status: 404, message: '账户不存在' },
  [ErrorCode.LEDGER_ENTRY_NOT_FOUND]: { status: 404, message: '交易记录不存在' },
  [ErrorCode.LEDGER_INSUFFICIENT_BALANCE]: { status: 409, message: '余额不足' },
  [ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT]: { status: 409, message: '业务单号已使用，且内容不一致' },
  [ErrorCode.LEDGER_NOT_REVERSIBLE]: { status: 409, message: '该交易不能冲正' },
  [ErrorCode.LEDGER_REVERSAL_EXCEEDS]: { status: 409, message: '冲正金额超过原交易可冲正金额' },

  [ErrorCode.OUTBOX_ITEM_NOT_FOUND]: { status: 404, message: '任务不存在' },
  [ErrorCode.OUTBOX_NOT_RETRYABLE]: {
    status: 409,
    message: '该任务当前不能立即重试（仅限失败或死信且未在执行），请刷新后查看',
  },
};

/** Body of every failed API response. `details` lists bad fields for VALIDATION_FAILED. */
export interface ApiErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: { field: string; message: string }[];
}
