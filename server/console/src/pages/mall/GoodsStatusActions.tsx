import type { MallGoodsAdmin, MallGoodsStatus } from '@member/shared';
import { App, Space, Tooltip, Typography } from 'antd';
import { mallGoodsApi } from '../../api/mall';
import { showError, showSuccess } from '../../utils/feedback';
import { GOODS_MOVES } from './mall-labels';

const IMPACT: Record<MallGoodsStatus, (g: MallGoodsAdmin) => string> = {
  ON_SALE: (g) =>
    g.featured
      ? '上架后会员可在积分商城兑换（在兑换时间内），并显示在小程序首页的推荐商品。'
      : '上架后会员可在积分商城兑换（在兑换时间内）。',
  OFF_SALE: (g) =>
    `下架后会员不能再兑换；已兑的 ${g.soldCount.toLocaleString('en-US')} 件订单照常自提或使用。可随时重新上架。`,
  DRAFT: () => '',
};

/** 上架 / 下架 for one goods, each behind a confirmation naming its effect; disabled with 无权限 for readers. */
export function GoodsStatusActions({
  goods,
  canManage,
  onDone,
}: {
  goods: MallGoodsAdmin;
  canManage: boolean;
  onDone: () => void;
}) {
  const { modal } = App.useApp();
  const confirm = (to: MallGoodsStatus, label: string) =>
    modal.confirm({
      title: `${label}「${goods.name}」？`,
      content: IMPACT[to](goods),
      okText: label,
      okButtonProps: { danger: to === 'OFF_SALE', 'data-testid': 'goods-status-confirm' },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await mallGoodsApi.setStatus(goods.id, to, goods.version);
          showSuccess(`已${label}`);
        } catch (e) {
          showError(e);
        }
        onDone();
      },
    });
  return (
    <Space size={12}>
      {GOODS_MOVES[goods.status].map(({ to, label }) =>
        canManage ? (
          <Typography.Link
            key={to}
            type={to === 'OFF_SALE' ? 'danger' : undefined}
            data-testid={`goods-${to === 'ON_SALE' ? 'on-sale' : 'off-sale'}`}
            onClick={() => confirm(to, label)}
          >
            {label}
          </Typography.Link>
        ) : (
          <Tooltip key={to} title="无权限">
            <Typography.Link disabled>{label}</Typography.Link>
          </Tooltip>
        ),
      )}
    </Space>
  );
}
