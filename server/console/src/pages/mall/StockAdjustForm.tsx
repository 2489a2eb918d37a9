import { ModalForm, ProFormDependency, ProFormDigit, ProFormTextArea } from '@ant-design/pro-components';
import { lengthMessage, MALL_LIMITS as L, MALL_TEXT_LIMITS as T, type MallGoodsAdmin } from '@member/shared';
import { Alert, Descriptions, Typography } from 'antd';
import type { ReactElement } from 'react';
import { mallGoodsApi } from '../../api/mall';
import { showError, showSuccess } from '../../utils/feedback';
import { intRule } from '../loyalty/form-rules';
import { points } from './mall-labels';
import { stockAfter } from './goods-form';

interface StockValues {
  delta: number;
  reason: string;
}

/**
 * 库存调整: +n adds, −n removes (never below 0); the reason is required and goes into the audit log. Shows the
 * stock now and after the change as the operator types.
 */
export function StockAdjustForm({
  goods,
  trigger,
  onDone,
}: {
  goods: MallGoodsAdmin;
  trigger: ReactElement;
  onDone: () => void;
}) {
  const current = goods.stock ?? 0;
  return (
    <ModalForm<StockValues>
      title={`库存调整：${goods.name}`}
      width={480}
      trigger={trigger}
      modalProps={{ destroyOnClose: true, maskClosable: false }}
      submitter={{ submitButtonProps: { 'data-testid': 'stock-submit' } }}
      onFinish={async (v) => {
        try {
          await mallGoodsApi.adjustStock(goods.id, { delta: v.delta, reason: v.reason.trim(), version: goods.version });
          showSuccess('库存已调整');
          onDone();
          return true;
        } catch (e) {
          showError(e);
          // A stale version or a stock that moved: the list reloads so the next try starts from the truth.
          onDone();
          return false;
        }
      }}
    >
      <ProFormDigit
        name="delta"
        label="调整数量（件）"
        tooltip="正数为增加，负数为减少；减少后不能少于 0"
        placeholder="例如 50 或 -10"
        // pro-field's digit input starts at min 0, which would clamp a removal to 0 silently.
        fieldProps={
          { precision: 0, min: Number.MIN_SAFE_INTEGER, style: { width: 200 }, 'data-testid': 'stock-delta' } as object
        }
        rules={[
          { required: true, message: '请输入调整数量' },
          intRule(L.stockDelta),
          {
            validator: (_: unknown, v: unknown) => {
              const after = stockAfter(current, v);
              if (v === 0) return Promise.reject(new Error('调整数量不能为 0'));
              return after != null && after < 0
                ? Promise.reject(new Error(`最多减少 ${points(current)} 件`))
                : Promise.resolve();
            },
          },
        ]}
      />
      <ProFormDependency name={['delta']}>
        {({ delta }) => {
          const after = stockAfter(current, delta);
          return (
            <Descriptions
              size="small"
              column={2}
              bordered
              style={{ marginBottom: 16 }}
              data-testid="stock-preview"
              items={[
                { key: 'now', label: '当前库存', children: `${points(current)} 件` },
                {
                  key: 'after',
                  label: '调整后',
                  children:
                    after == null ? (
                      '—'
                    ) : (
                      <Typography.Text type={after < 0 ? 'danger' : undefined} strong>
                        {points(after)} 件
                      </Typography.Text>
                    ),
                },
              ]}
            />
          );
        }}
      </ProFormDependency>
      <ProFormTextArea
        name="reason"
        label="调整原因"
        placeholder="例如：补货 50 件；盘点损耗"
        fieldProps={{ maxLength: T.stockReason.max, showCount: true, 'data-testid': 'stock-reason' } as object}
        rules={[
          { required: true, whitespace: true, message: '请填写调整原因' },
          { min: T.stockReason.min, max: T.stockReason.max, message: lengthMessage('调整原因', T.stockReason) },
        ]}
      />
      <Alert type="info" showIcon message="调整记录在审计日志中，包括操作人、调整前后库存和原因。" />
    </ModalForm>
  );
}
