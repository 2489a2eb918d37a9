import type { ParamsType } from '@ant-design/pro-components';
import type { Page } from '@member/shared';
import { useRef, useState } from 'react';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { ExportButton } from './ExportButton';

interface RecordTableSource<F, R> {
  /** The filters of a request, from the table's params (and what the page fixes). */
  filtersOf: (params: Record<string, unknown>) => F;
  list: (query: F & { page?: number; pageSize?: number }) => Promise<Page<R>>;
  exportCsv: (query: F, fileName: string) => Promise<void>;
  /** 发券记录 / 核销记录: the CSV's name. */
  name: string;
  /** 张券 / 次核销: what the total counts. */
  unit: string;
  exportTestId: string;
}

/**
 * What the two coupon record tables share: the request (remembering the last filters for the CSV), and for
 * analysts — who read totals only (the server answers no rows and refuses the CSV) — a total in the title
 * and no export button. Spread the result into the ProTable.
 */
export function useRecordTable<F, R>(source: RecordTableSource<F, R>) {
  const { permissions } = useSession();
  const aggregateOnly = !permissions.viewMemberRows;
  const last = useRef<F>(source.filtersOf({}));
  const [total, setTotal] = useState<number | null>(null);
  return {
    headerTitle:
      aggregateOnly && total != null
        ? `共 ${total.toLocaleString('en-US')} ${source.unit}（当前账号只显示汇总数量，不显示明细）`
        : undefined,
    toolBarRender: () =>
      aggregateOnly
        ? []
        : [
            <ExportButton
              key="export"
              name={source.name}
              testId={source.exportTestId}
              run={(fileName) => source.exportCsv(last.current, fileName)}
            />,
          ],
    request: async (params: ParamsType & { current?: number; pageSize?: number }) => {
      const query = source.filtersOf(params);
      last.current = query;
      try {
        const page = await source.list({ ...query, page: params.current, pageSize: params.pageSize });
        setTotal(page.total);
        return { data: page.items, total: page.total, success: true };
      } catch (e) {
        showError(e);
        return { data: [] as R[], total: 0, success: false };
      }
    },
  };
}
