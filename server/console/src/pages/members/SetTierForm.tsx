import { CrownOutlined } from '@ant-design/icons';
import { ModalForm, ProFormSelect, ProFormSwitch, ProFormTextArea } from '@ant-design/pro-components';
import { TEXT_LIMITS, type MemberTierView, type Tier } from '@member/shared';
import { Button, Space, Typography } from 'antd';
import { loyaltyApi } from '../../api/admin';
import { pointsAdminApi } from '../../api/points-admin';
import { showError, showSuccess } from '../../utils/feedback';
import { formatYuan } from '../../utils/format';
import { TierBadge } from '../loyalty/TierBadge';

interface FormValues {
  tierCode: string;
  pinned: boolean;
  reason: string;
}

interface SetTierFormProps {
  memberId: number;
  /** The member's tier now (null while loading: the form opens without defaults). */
  tier: MemberTierView | null;
  onSaved: (tier: MemberTierView) => void;
}

/** Manual tier change; pinning keeps automatic promotion and re-evaluation away from the member. */
export function SetTierForm({ memberId, tier, onSaved }: SetTierFormProps) {
  return (
    <ModalForm<FormValues>
      title="设置会员等级"
      width={480}
      trigger={
        <Button icon={<CrownOutlined />} data-testid="member-set-tier">
          设置等级
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={tier ? { tierCode: tier.current.code, pinned: tier.pinned } : { pinned: false }}
      onFinish={async (values) => {
        try {
          const updated = await pointsAdminApi.setMemberTier(memberId, {
            tierCode: values.tierCode,
            pinned: !!values.pinned,
            reason: values.reason.trim(),
          });
          showSuccess(
            updated.pinned ? `等级已设为 ${updated.current.name}，并已锁定` : `等级已设为 ${updated.current.name}`,
          );
          onSaved(updated);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormSelect<string>
        name="tierCode"
        label="等级"
        width="md"
        rules={[{ required: true, message: '请选择等级' }]}
        request={async () => {
          try {
            const tiers = await loyaltyApi.tiers();
            return tiers
              .filter((t) => t.active)
              .sort((a, b) => a.sortOrder - b.sortOrder)
              .map((t: Tier) => ({
                value: t.code,
                label: (
                  <Space size={8}>
                    <TierBadge name={t.name} color={t.badgeColor} />
                    <Typography.Text type="secondary">升级门槛 {formatYuan(t.growthThreshold)}</Typography.Text>
                  </Space>
                ),
              }));
          } catch (e) {
            showError(e);
            return [];
          }
        }}
      />
      <ProFormSwitch name="pinned" label="锁定等级" extra="锁定后不会因成长值自动升级，也不参与保级复评降级" />
      <ProFormTextArea
        name="reason"
        label="原因"
        placeholder="例如：门店大客户，经店长确认保留金卡"
        fieldProps={{ maxLength: TEXT_LIMITS.reason.max, showCount: true, rows: 3 }}
        rules={[
          { required: true, whitespace: true, message: '请填写原因' },
          {
            transform: (v: string) => v?.trim(),
            min: TEXT_LIMITS.reason.min,
            max: TEXT_LIMITS.reason.max,
            message: `需 ${TEXT_LIMITS.reason.min}-${TEXT_LIMITS.reason.max} 个字`,
          },
        ]}
      />
    </ModalForm>
  );
}
