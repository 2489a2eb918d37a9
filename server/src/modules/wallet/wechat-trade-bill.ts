// WeChat Pay's trade bill (交易账单, bill_type=ALL): a header row, detail rows whose every field starts with a
// backtick (so spreadsheets keep long numbers as text), then a summary header (总交易单数 …) and its row.
// Amounts are yuan with two decimals: they become integer fen by string parsing, never through floats.

export interface BillPayment {
  outTradeNo: string;
  transactionId: string;
  /** 订单金额 (the order's amount.total, fen): what our order asked for. */
  orderFen: number;
  /** 交易时间 as an instant (the bill writes Asia/Shanghai local time). */
  tradeTime: Date;
  mchid: string;
  appid: string;
}

export interface BillRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  status: string;
}

export interface TradeBill {
  payments: BillPayment[];
  refunds: BillRefund[];
  /** The summary row's 总交易单数 and 订单总金额 (fen). */
  summaryCount: number;
  summaryOrderFen: number;
}

export class TradeBillFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TradeBillFormatError';
  }
}

/** '12.30' / '-0.05' / '7' → fen. Anything else is a format error (a bill is never guessed at). */
export function yuanToFen(text: string): number {
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new TradeBillFormatError(`金额格式不对：${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

const cell = (raw: string) => (raw.startsWith('`') ? raw.slice(1) : raw).trim();

/** `2026-12-01 08:30:00` (Asia/Shanghai) → instant. */
function billInstant(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) throw new TradeBillFormatError(`交易时间格式不对：${text}`);
  return new Date(`${text.replace(' ', 'T')}+08:00`);
}

const REQUIRED = ['交易时间', '公众账号ID', '商户号', '微信订单号', '商户订单号', '交易状态', '订单金额'];

/** Parses a whole bill; the detail rows must add up to the summary row, or the file is refused. */
export function parseTradeBill(text: string): TradeBill {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new TradeBillFormatError('账单为空');
  const header = lines[0].split(',').map(cell);
  const col = new Map(header.map((name, i) => [name, i]));
  for (const name of REQUIRED) if (!col.has(name)) throw new TradeBillFormatError(`账单缺少列：${name}`);
  const summaryAt = lines.findIndex((l, i) => i > 0 && cell(l.split(',')[0]) === '总交易单数');
  if (summaryAt < 0 || summaryAt + 1 >= lines.length) throw new TradeBillFormatError('账单缺少汇总行');
  const payments: BillPayment[] = [];
  const refunds: BillRefund[] = [];
  let detailOrderFen = 0;
  for (const line of lines.slice(1, summaryAt)) {
    const fields = line.split(',').map(cell);
    if (fields.length < header.length) throw new TradeBillFormatError('账单明细列数不对');
    const get = (name: string) => fields[col.get(name) ?? -1] ?? '';
    const state = get('交易状态');
    detailOrderFen += yuanToFen(get('订单金额') || '0');
    if (state === 'SUCCESS') {
      payments.push({
        outTradeNo: get('商户订单号'),
        transactionId: get('微信订单号'),
        orderFen: yuanToFen(get('订单金额')),
        tradeTime: billInstant(get('交易时间')),
        mchid: get('商户号'),
        appid: get('公众账号ID'),
      });
    } else if (state === 'REFUND') {
      refunds.push({
        outTradeNo: get('商户订单号'),
        outRefundNo: get('商户退款单号'),
        refundFen: yuanToFen(get('退款金额') || get('申请退款金额') || '0'),
        status: get('退款状态'),
      });
    }
  }
  const summaryHeader = lines[summaryAt].split(',').map(cell);
  const summary = lines[summaryAt + 1].split(',').map(cell);
  const sumAt = (name: string) => summary[summaryHeader.indexOf(name)] ?? '';
  const summaryCount = Number(sumAt('总交易单数'));
  if (!Number.isSafeInteger(summaryCount)) throw new TradeBillFormatError('汇总行的总交易单数不对');
  const summaryOrderFen = yuanToFen(sumAt('订单总金额') || '0');
  if (summaryCount !== summaryAt - 1) throw new TradeBillFormatError('明细行数与汇总的总交易单数不符');
  if (detailOrderFen !== summaryOrderFen) throw new TradeBillFormatError('明细金额与汇总的订单总金额不符');
  return { payments, refunds, summaryCount, summaryOrderFen };
}
