import { GENDER_LABELS, CONSENT_KIND_LABELS, type ConsentRecord, type Gender } from '@member/shared';
import type { Workbook } from 'exceljs';
import type { ExportPurchase, ExportRefund } from './member-data.repository';

export interface ExportProfile {
  memberNo: string;
  nickname: string;
  gender: Gender;
  birthday: string | null;
  /** The full number, decrypted: this file is the member's own copy. */
  phone: string | null;
  openid: string;
  hasUnionid: boolean;
  joinedAt: Date;
}

export interface ExportPointsEntry {
  at: Date;
  type: string;
  amount: number;
  balanceAfter: number;
  reason: string;
}

export interface MemberExport {
  profile: ExportProfile;
  pointsBalance: number;
  points: ExportPointsEntry[];
  purchases: ExportPurchase[];
  refunds: ExportRefund[];
  consents: ConsentRecord[];
  exportedAt: Date;
}

const ENTRY_LABELS: Record<string, string> = { CREDIT: '获得', DEBIT: '使用', EXPIRE: '过期', REVERSAL: '退回/扣回' };

/** Asia/Shanghai wall time, as the member reads it everywhere else. */
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
/** Plain "1234.50" (no separators), exact integer arithmetic, as spreadsheets expect it. */
const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** "我的数据": one sheet per kind of data, headers in zh-CN, money in yuan with 2 decimals. */
export function fillMemberWorkbook(wb: Workbook, data: MemberExport): void {
  wb.creator = '会员中心';
  wb.created = data.exportedAt;
  const sheet = (name: string, columns: [string, number][], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    return ws;
  };
  const p = data.profile;
  sheet(
    '基本资料',
    [
      ['项目', 18],
      ['内容', 40],
    ],
    [
      ['会员号', p.memberNo],
      ['昵称', p.nickname],
      ['性别', GENDER_LABELS[p.gender] ?? p.gender],
      ['生日', p.birthday ?? '未填写'],
      ['手机号', p.phone ?? '未绑定'],
      ['微信 OpenID', p.openid],
      ['微信 UnionID', p.hasUnionid ? '已关联' : '未关联'],
      ['注册时间', local(p.joinedAt)],
      ['当前积分', data.pointsBalance],
      ['导出时间', local(data.exportedAt)],
    ],
  );
  sheet(
    '积分明细',
    [
      ['时间', 20],
      ['类型', 10],
      ['积分变动', 12],
      ['变动后余额', 12],
      ['说明', 36],
    ],
    data.points.map((e) => [local(e.at), ENTRY_LABELS[e.type] ?? e.type, e.amount, e.balanceAfter, e.reason]),
  );
  sheet(
    '消费记录',
    [
      ['时间', 20],
      ['门店', 20],
      ['小票号', 18],
      ['消费金额(元)', 14],
      ['积分抵扣(元)', 14],
      ['实付(元)', 12],
      ['使用积分', 10],
      ['获得积分', 10],
      ['已退款(元)', 12],
    ],
    data.purchases.map((r) => [
      local(r.createdAt),
      r.storeName,
      r.receiptNo,
      yuan(r.amountFen),
      yuan(r.deductionFen),
      yuan(r.payableFen),
      r.pointsUsed,
      r.pointsEarned,
      yuan(r.refundedFen),
    ]),
  );
  sheet(
    '退款记录',
    [
      ['时间', 20],
      ['小票号', 18],
      ['退款单号', 18],
      ['退款金额(元)', 14],
      ['退回现金(元)', 14],
      ['退回积分', 10],
      ['扣回积分', 10],
    ],
    data.refunds.map((r) => [
      local(r.createdAt),
      r.receiptNo,
      r.refundNo,
      yuan(r.amountFen),
      yuan(r.cashRefundedFen),
      r.pointsReturned,
      r.pointsClawedBack,
    ]),
  );
  sheet(
    '授权记录',
    [
      ['时间', 20],
      ['授权', 12],
      ['版本', 14],
      ['操作', 10],
    ],
    data.consents.map((c) => [
      local(new Date(c.at)),
      CONSENT_KIND_LABELS[c.kind],
      c.version,
      c.granted ? '同意' : '撤回',
    ]),
  );
}
