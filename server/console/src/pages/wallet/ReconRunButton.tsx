import type { ReconRun } from '@member/shared';
import { Button, DatePicker, Popconfirm, Space, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { reconciliationsApi } from '../../api/wallet-finance';
import { showError } from '../../utils/feedback';
import { businessToday } from '../../utils/format';
import { RECON_RUN_STATUS } from './recon-labels';

/** WeChat keeps trade bills for three months. */
const OLDEST_DAYS = 92;

/** 重新对账: picks a day (yesterday by default) and reconciles it now. */
export function ReconRunButton({ initialDate, onDone }: { initialDate?: string; onDone: (run: ReconRun) => void }) {
  const [date, setDate] = useState<Dayjs>(() =>
    initialDate ? dayjs(initialDate) : businessToday().subtract(1, 'day'),
  );
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await reconciliationsApi.run(date.format('YYYY-MM-DD'));
      const label = RECON_RUN_STATUS[result.status].text;
      if (result.status === 'FAILED') void message.warning(`${result.billDate} 对账失败：${result.error ?? ''}`);
      else void message.success(`${result.billDate} 对账完成：${label}，掉单已补 ${result.repairedCount} 笔`);
      onDone(result);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <span data-testid="recon-date">
        <DatePicker
          value={date}
          allowClear={false}
          onChange={(d) => d && setDate(d)}
          disabledDate={(d) => {
            const today = businessToday();
            return d.isAfter(today, 'day') || d.isBefore(today.subtract(OLDEST_DAYS, 'day'), 'day');
          }}
        />
      </span>
      <Popconfirm
        title={`重新对账 ${date.format('YYYY-MM-DD')}？`}
        description="将重新下载微信支付账单并逐笔核对，替换该日的对账结果；微信已收款未入账的订单会补入账。"
        okText="重新对账"
        cancelText="取消"
        onConfirm={run}
      >
        <Button type="primary" loading={busy} data-testid="recon-run">
          重新对账
        </Button>
      </Popconfirm>
    </Space>
  );
}
