import { ModalForm, ProFormDependency, ProFormDigit, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import type { CreateTierRequest, Tier } from '@member/shared';
import { ColorPicker, Form, type FormInstance } from 'antd';
import type { ReactElement } from 'react';
import { loyaltyApi } from '../../api/admin';
import { showError, showSuccess } from '../../utils/feedback';
import { TierBadge } from './TierBadge';

interface TierFormProps {
  /** Absent: create a tier. Present: edit it (the code is fixed once created). */
  tier?: Tier;
  /** Suggested sort order for a new tier. */
  nextSortOrder?: number;
  trigger: ReactElement;
  onSaved: () => void;
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

export function TierForm({ tier, nextSortOrder = 10, trigger, onSaved }: TierFormProps) {
  return (
    <ModalForm<CreateTierRequest>
      title={tier ? `编辑等级：${tier.name}` : '新建等级'}
      width={560}
      trigger={trigger}
      modalProps={{ destroyOnClose: true }}
      grid
      initialValues={
        tier ?? {
          pointsMultiplierPct: 100,
          birthdayGift: false,
          active: true,
          badgeColor: '#8C8C8C',
          sortOrder: nextSortOrder,
        }
      }
      onFinish={async (values) => {
        const body = {
          name: values.name.trim(),
          growthThreshold: values.growthThreshold,
          retentionThreshold: values.retentionThreshold,
          pointsMultiplierPct: values.pointsMultiplierPct,
          discountText: values.discountText?.trim() ?? '',
          birthdayGift: !!values.birthdayGift,
          badgeColor: values.badgeColor,
          sortOrder: values.sortOrder,
          active: !!values.active,
        };
        try {
          if (tier) {
            await loyaltyApi.updateTier(tier.id, body);
            showSuccess('等级已更新');
          } else {
            await loyaltyApi.createTier({ ...body, code: values.code.trim() });
            showSuccess('等级已创建');
          }
          onSaved();
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="name"
        label="等级名称"
        colProps={{ span: 12 }}
        fieldProps={{ maxLength: 32 }}
        rules={[{ required: true, whitespace: true, message: '请输入等级名称' }]}
      />
      <ProFormText
        name="code"
        label="等级编码"
        colProps={{ span: 12 }}
        disabled={!!tier}
        tooltip="全局唯一，创建后不可修改"
        rules={[
          { required: !tier, whitespace: true, message: '请输入等级编码' },
          { pattern: /^[A-Za-z0-9_-]{2,32}$/, message: '2-32 位字母、数字、_ 或 -' },
        ]}
      />
      <ProFormDigit
        name="growthThreshold"
        label="升级门槛（元）"
        tooltip="累计实付金额达到后升级"
        colProps={{ span: 12 }}
        min={0}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, message: '请输入升级门槛' }]}
      />
      <ProFormDigit
        name="retentionThreshold"
        label="保级门槛（元）"
        tooltip="不能高于升级门槛"
        colProps={{ span: 12 }}
        min={0}
        fieldProps={{ precision: 0 }}
        dependencies={['growthThreshold']}
        rules={[
          { required: true, message: '请输入保级门槛' },
          ({ getFieldValue }: Pick<FormInstance, 'getFieldValue'>) => ({
            validator: (_: unknown, value: number) =>
              value === undefined || value === null || value <= (getFieldValue('growthThreshold') ?? 0)
                ? Promise.resolve()
                : Promise.reject(new Error('保级门槛不能高于升级门槛')),
          }),
        ]}
      />
      <ProFormDigit
        name="pointsMultiplierPct"
        label="积分倍率（%）"
        tooltip="100 = 1 倍，150 = 1.5 倍"
        colProps={{ span: 12 }}
        min={0}
        max={1000}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, message: '请输入积分倍率' }]}
      />
      <ProFormDigit
        name="sortOrder"
        label="排序"
        tooltip="从低到高；启用的等级按排序升级门槛须递增"
        colProps={{ span: 12 }}
        min={0}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, message: '请输入排序' }]}
      />
      <ProFormText name="discountText" label="折扣说明" fieldProps={{ maxLength: 64 }} placeholder="例如：全场 95 折" />
      <Form.Item
        name="badgeColor"
        label="徽章颜色"
        style={{ width: '50%', paddingInline: 12 }}
        getValueFromEvent={(color: { toHexString(): string }) => color.toHexString().toUpperCase()}
        rules={[{ required: true, pattern: COLOR, message: '请选择颜色' }]}
      >
        <ColorPicker disabledAlpha showText format="hex" />
      </Form.Item>
      <ProFormDependency name={['name', 'badgeColor']}>
        {({ name, badgeColor }) => (
          <Form.Item label="预览" style={{ width: '50%', paddingInline: 12 }}>
            <TierBadge name={name || '等级名称'} color={COLOR.test(badgeColor ?? '') ? badgeColor : '#8C8C8C'} />
          </Form.Item>
        )}
      </ProFormDependency>
      <ProFormSwitch name="birthdayGift" label="生日礼" colProps={{ span: 12 }} />
      <ProFormSwitch name="active" label="启用" colProps={{ span: 12 }} />
    </ModalForm>
  );
}
