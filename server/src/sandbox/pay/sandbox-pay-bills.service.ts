import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { addBizDays, Clock, shanghaiDate } from '../../common/clock';
import { billTime } from './sandbox-pay-format';
import { SandboxPayStore, type SandboxOrder, type SandboxRefund } from './sandbox-pay-store.service';
import { paramError, SandboxPayError } from './sandbox-pay.error';

/** Where WeChat's bill links point; the merchant's client rewrites the origin like any other call. */
export const BILL_DOWNLOAD_URL = 'https://api.mch.weixin.qq.com/v3/billdownload/file';
const LINK_TTL_MS = 5 * 60_000;
/** Bills of the last three months only. */
const BILL_DAYS = 92;
/** The sandbox merchant's fee rate: 0.6% (6 units of 0.00001 yuan per fen). */
const FEE_UNITS_PER_FEN = 6;
const FEE_RATE = '0.60%';

type BillType = 'ALL' | 'SUCCESS' | 'REFUND';

// Column sets of WeChat's trade bill per bill_type; detail fields are written with a leading backtick.
// prettier-ignore
const COLUMNS: Record<BillType, string[]> = {
  ALL: [
    '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型',
    '交易状态', '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额',
    '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额',
    '费率备注',
  ],
  SUCCESS: [
    '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型',
    '交易状态', '付款银行', '货币种类', '应结订单金额', '代金券金额', '商品名称', '商户数据包', '手续费', '费率',
    '订单金额', '费率备注',
  ],
  REFUND: [
    '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型',
    '交易状态', '付款银行', '货币种类', '应结订单金额', '代金券金额', '退款申请时间', '退款成功时间', '微信退款单号',
    '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包', '手续费', '费率',
    '订单金额', '申请退款金额', '费率备注',
  ],
};
const SUMMARY = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
];

interface BillRow {
  fields: Record<string, string>;
  settledFen: number;
  refundFen: number;
  feeUnits: number;
  orderFen: number;
  refundAskedFen: number;
}

interface BillLink {
  content: Buffer;
  gzip: boolean;
  expiresAtMs: number;
}

/** yuan with two decimals from integer fen, no separators (bill files are CSV). */
export function billYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function feeYuan(units: number): string {
  return `${Math.floor(units / 100_000)}.${String(units % 100_000).padStart(5, '0')}`;
}

/** Trade bills: a day's payments and refunds as WeChat's CSV, fetched through a short-lived download link. */
@Injectable()
export class SandboxPayBillsService {
  private readonly links = new Map<string, BillLink>();

  constructor(
    private readonly store: SandboxPayStore,
    private readonly clock: Clock,
  ) {}

  /** GET /v3/bill/tradebill?bill_date&bill_type&tar_type */
  tradeBill(query: Record<string, unknown>) {
    const { date, type, gzip } = this.parseQuery(query);
    const rows = this.rows(date, type);
    if (rows.length === 0) throw new SandboxPayError('NO_STATEMENT_EXIST');
    const content = Buffer.from(this.render(type, rows), 'utf8');
    const nowMs = this.clock.nowMs();
    for (const [stale, link] of this.links) if (link.expiresAtMs < nowMs) this.links.delete(stale);
    const token = randomBytes(32).toString('base64url');
    this.links.set(token, { content, gzip, expiresAtMs: nowMs + LINK_TTL_MS });
    return {
      hash_type: 'SHA1',
      hash_value: createHash('sha1').update(content).digest('hex'),
      download_url: `${BILL_DOWNLOAD_URL}?token=${token}`,
    };
  }

  /** GET /v3/billdownload/file?token= → the file (gzipped when asked), or a WeChat error. */
  download(query: Record<string, unknown>): { body: Buffer; gzip: boolean } {
    const token = typeof query.token === 'string' ? query.token : '';
    if (!token) throw paramError('/query/token', '为必填字段');
    const link = this.links.get(token);
    if (!link || link.expiresAtMs < this.clock.nowMs()) {
      this.links.delete(token);
      throw new SandboxPayError('INVALID_REQUEST', '下载链接已失效，请重新申请账单');
    }
    return { body: link.gzip ? gzipSync(link.content) : link.content, gzip: link.gzip };
  }

  private parseQuery(query: Record<string, unknown>): { date: string; type: BillType; gzip: boolean } {
    const date = query.bill_date;
    if (
      typeof date !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      shanghaiDate(new Date(`${date}T12:00:00+08:00`)) !== date
    ) {
      throw paramError('/query/bill_date', '应为 yyyy-MM-DD 格式的日期');
    }
    const today = this.clock.today();
    // The sandbox also serves the current day (WeChat's is ready the next morning), so tests need not wait.
    if (date > today) throw new SandboxPayError('INVALID_REQUEST', '账单日期不能晚于今天');
    if (date < addBizDays(today, -BILL_DAYS)) throw new SandboxPayError('INVALID_REQUEST', '只能下载三个月以内的账单');
    const type = query.bill_type ?? 'ALL';
    if (type !== 'ALL' && type !== 'SUCCESS' && type !== 'REFUND') {
      throw paramError('/query/bill_type', '应为 ALL、SUCCESS 或 REFUND');
    }
    const tar = query.tar_type;
    if (tar !== undefined && tar !== 'GZIP') throw paramError('/query/tar_type', '只支持 GZIP');
    return { date, type, gzip: tar === 'GZIP' };
  }

  private rows(date: string, type: BillType): BillRow[] {
    const onDay = (ms: number | null) => ms !== null && shanghaiDate(new Date(ms)) === date;
    const payments = this.store
      .allOrders()
      .filter((order) => onDay(order.successTimeMs))
      .sort((a, b) => (a.successTimeMs as number) - (b.successTimeMs as number));
    const refunds = this.store
      .allOrders()
      .flatMap((order) => order.refunds)
      .filter((refund) => onDay(refund.createdAtMs))
      .sort((a, b) => a.createdAtMs - b.createdAtMs);
    const rows: BillRow[] = [];
    if (type !== 'REFUND') rows.push(...payments.map((order) => this.paymentRow(order)));
    if (type !== 'SUCCESS') rows.push(...refunds.map((refund) => this.refundRow(refund)));
    if (type === 'ALL') rows.sort((a, b) => a.fields['交易时间'].localeCompare(b.fields['交易时间']));
    return rows;
  }

  private common(order: SandboxOrder, at: number, state: string, settledFen: number): Record<string, string> {
    const { params } = order;
    return {
      交易时间: billTime(at),
      公众账号ID: params.appid,
      商户号: params.mchid,
      特约商户号: '0',
      设备号: '',
      微信订单号: order.transactionId ?? '',
      商户订单号: params.out_trade_no,
      用户标识: params.payer.openid,
      交易类型: 'JSAPI',
      交易状态: state,
      付款银行: 'OTHERS',
      货币种类: 'CNY',
      应结订单金额: billYuan(settledFen),
      代金券金额: '0.00',
      商品名称: params.description,
      商户数据包: params.attach ?? '',
      费率: FEE_RATE,
      费率备注: '',
    };
  }

  private paymentRow(order: SandboxOrder): BillRow {
    const total = order.params.amount.total;
    const feeUnits = total * FEE_UNITS_PER_FEN;
    const fields = {
      ...this.common(order, order.successTimeMs as number, 'SUCCESS', total),
      微信退款单号: '0',
      商户退款单号: '0',
      退款金额: '0.00',
      充值券退款金额: '0.00',
      退款类型: '',
      退款状态: '',
      手续费: feeYuan(feeUnits),
      订单金额: billYuan(total),
      申请退款金额: '0.00',
    };
    return { fields, settledFen: total, refundFen: 0, feeUnits, orderFen: total, refundAskedFen: 0 };
  }

  private refundRow(refund: SandboxRefund): BillRow {
    const amount = refund.params.amount.refund;
    const fields = {
      ...this.common(refund.order, refund.createdAtMs, 'REFUND', 0),
      退款申请时间: billTime(refund.createdAtMs),
      退款成功时间: refund.successTimeMs === null ? '' : billTime(refund.successTimeMs),
      微信退款单号: refund.refundId,
      商户退款单号: refund.params.out_refund_no,
      退款金额: billYuan(amount),
      充值券退款金额: '0.00',
      退款类型: 'ORIGINAL',
      退款状态: refund.status,
      手续费: feeYuan(0),
      订单金额: '0.00',
      申请退款金额: billYuan(amount),
    };
    return { fields, settledFen: 0, refundFen: amount, feeUnits: 0, orderFen: 0, refundAskedFen: amount };
  }

  private render(type: BillType, rows: BillRow[]): string {
    const columns = COLUMNS[type];
    const sum = (pick: (row: BillRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
    // Fields never contain commas here except free text, which WeChat does not quote either: strip them.
    const cell = (value: string) => '`' + value.replace(/[,\r\n]/g, ' ');
    const lines = [
      columns.join(','),
      ...rows.map((row) => columns.map((column) => cell(row.fields[column] ?? '')).join(',')),
      SUMMARY.join(','),
      [
        String(rows.length),
        billYuan(sum((r) => r.settledFen)),
        billYuan(sum((r) => r.refundFen)),
        '0.00',
        feeYuan(sum((r) => r.feeUnits)),
        billYuan(sum((r) => r.orderFen)),
        billYuan(sum((r) => r.refundAskedFen)),
      ]
        .map(cell)
        .join(','),
    ];
    return lines.join('\r\n') + '\r\n';
  }
}
