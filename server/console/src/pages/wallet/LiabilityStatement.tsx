import type { ProColumns } from '@ant-design/pro-components';
import { ProTable } from '@ant-design/pro-components';
import {
  formatCny,
  type LiabilityFigures,
  type LiabilityReport,
  type LiabilityRow,
  type PrincipalBonus,
} from '@member/shared';
import { Table, Typography } from 'antd';
import { rowData } from '../../utils/labels';

type Line = keyof LiabilityFigures;

/** The statement's lines, in order, and how each moves the balance (shown as a sign before the amount). */
export const STATEMENT_LINES: { key: Line; label: string; sign: '' | '+' | '−' }[] = [
  { key: 'opening', label: '期初余额', sign: '' },
  { key: 'topups', label: '本金充值', sign: '+' },
  { key: 'bonusGranted', label: '赠送', sign: '+' },
  { key: 'spent', label: '消费', sign: '−' },
  { key: 'spendReturned', label: '消费退回（销售退款）', sign: '+' },
  { key: 'refunded', label: '退款（本金退回会员）', sign: '−' },
  { key: 'forfeited', label: '赠送作废', sign: '−' },
  { key: 'adjustments', label: '调整', sign: '+' },
  { key: 'closing', label: '期末余额', sign: '' },
];

const money = (fen: number) => formatCny(fen);

/** The total as a statement: one line per movement, principal / bonus / total. */
export function TotalStatement({ total }: { total: LiabilityFigures }) {
  const rows = STATEMENT_LINES.map((l) => ({ ...l, ...total[l.key] }));
  const strong = (key: Line) => key === 'opening' || key === 'closing';
  const cell = (key: Line, fen: number) =>
    strong(key) ? <Typography.Text strong>{money(fen)}</Typography.Text> : money(fen);
  return (
    <Table
      data-testid="liability-statement"
      rowKey="key"
      size="middle"
      pagination={false}
      dataSource={rows}
      onRow={(r) => rowData({ 'data-line': r.key })}
      columns={[
        {
          title: '项目',
          dataIndex: 'label',
          render: (_, r) => (
            <Typography.Text strong={strong(r.key)}>
              {r.sign && <Typography.Text type="secondary">{r.sign} </Typography.Text>}
              {r.label}
            </Typography.Text>
          ),
        },
        { title: '本金', key: 'p', align: 'right', render: (_, r) => cell(r.key, r.principalFen) },
        { title: '赠送', key: 'b', align: 'right', render: (_, r) => cell(r.key, r.bonusFen) },
        { title: '合计', key: 't', align: 'right', render: (_, r) => cell(r.key, r.totalFen) },
      ]}
    />
  );
}

const amount = (title: string, pick: (f: LiabilityFigures) => number, width = 120): ProColumns<LiabilityRow> => ({
  title,
  key: title,
  align: 'right',
  width,
  render: (_, r) => money(pick(r)),
});
const split = (title: string, line: Line): ProColumns<LiabilityRow> => ({
  title,
  children: [
    amount('本金', (f) => (f[line] as PrincipalBonus).principalFen, 110),
    amount('赠送', (f) => (f[line] as PrincipalBonus).bonusFen, 100),
  ],
});

/** Per store or member: one row each, the statement's lines as columns, and the total row last. */
export function GroupedStatement({ report }: { report: LiabilityReport }) {
  const byStore = report.groupBy === 'store';
  const columns: ProColumns<LiabilityRow>[] = [
    { title: byStore ? '门店' : '会员号', dataIndex: 'label', fixed: 'left', width: 160 },
    ...(byStore ? [] : [amount('期初', (f) => f.opening.totalFen)]),
    amount('本金充值', (f) => f.topups.totalFen),
    amount('赠送', (f) => f.bonusGranted.totalFen),
    split('消费', 'spent'),
    amount('消费退回', (f) => f.spendReturned.totalFen),
    amount('退款', (f) => f.refunded.totalFen),
    amount('赠送作废', (f) => f.forfeited.totalFen),
    amount('调整', (f) => f.adjustments.totalFen),
    ...(byStore ? [amount('本期净额', (f) => f.closing.totalFen)] : [split('期末', 'closing')]),
  ];
  const totalRow: LiabilityRow = { ...report.total, key: 'total', label: '合计' };
  if (byStore)
    totalRow.closing = { ...totalRow.closing, totalFen: report.total.closing.totalFen - report.total.opening.totalFen };
  return (
    <ProTable<LiabilityRow>
      data-testid="liability-groups"
      rowKey="key"
      columns={columns}
      dataSource={[...report.rows, totalRow]}
      search={false}
      options={false}
      bordered
      size="small"
      scroll={{ x: 1400 }}
      pagination={{ defaultPageSize: 50, showSizeChanger: true }}
      onRow={(r) => rowData({ 'data-testid': 'liability-row', 'data-key': r.key })}
      headerTitle={
        byStore ? '按门店（消费计入发生门店；充值与退款不属于门店，计入“线上充值”）' : '按会员（余额从高到低）'
      }
    />
  );
}
