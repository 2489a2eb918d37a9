import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { showError, showSuccess } from '../../utils/feedback';

/** 导出 CSV of exactly what the filters show, named like 核销记录_20261201_1530.csv. */
export function ExportButton({
  name,
  run,
  testId,
}: {
  name: string;
  run: (fileName: string) => Promise<void>;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          await run(`${name}_${dayjs().tz('Asia/Shanghai').format('YYYYMMDD_HHmm')}.csv`);
          showSuccess('已导出');
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      导出 CSV
    </Button>
  );
}
