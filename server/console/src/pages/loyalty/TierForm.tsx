import { ModalForm, ProFormDependency, ProFormDigit, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import {
  BADGE_COLOR_PATTERN as COLOR,
  lengthMessage,
  TEXT_LIMITS,
  TIER_CODE_PATTERN,
  TIER_CODE_RULE,
  TIER_LIMITS as L,
  tierDiff,
  tierWarnings,
  type Tier,
  type TierFields,
} from '@member/shared';
import { ColorPicker, Form, type FormInstance } from 'antd';
import { useState, type ReactElement } from 'react';
import { loyaltyApi } from '../../api/admin';
import { showError, showSuccess } from '../../utils/feedback';
import { ChangeConfirmModal } from './ChangeConfirmModal';
import { boundWarning, intRule } from './form-rules';
import { TierBadge } from './TierBadge';

interface TierFormProps {
  /** Absent: create a tier. Present: edit it (the code is fixed once created). */
  tier?: Tier;
  /** Suggested sort order for a new tier. */
  nextSortOrder?: number;
  trigger: ReactElement;
  onSaved: () => void;
}

// No min/max on the number inputs: antd would clamp out-of-range input without a word; the rules say why.
const numberRules = (limit: (typeof L)[keyof typeof L], required: string) => [
  { required: true, message: required },
  intRule(limit),
  boundWarning(limit),
];

/** The fields an edit changes (the server takes only those), or every field for a new tier. */
function changedFields(tier: Tier | undefined, body: TierFields): Partial<TierFields> {
  if (!tier) return body;
  const { code: _code, ...rest } = body;
  return Object.fromEntries(
    Object.entries(rest).filter(([k, v]) => tier[k as keyof Tier] !== v),
  ) as Partial<TierFields>;
}

export function TierForm({ tier, nextSortOrder = 10, trigger, onSaved }: TierFormProps) {
  const [open, setOpen] = useState(false);
  // The values waiting in the confirmation dialog.
  const [draft, setDraft] = useState<Partial<TierFields> | null>(null);
  const [saving, setSaving] = useState(false);
  const warnings = draft ? tierWarnings(tier ?? null, draft) : [];

  const save = async (note: string) => {
    if (!draft) return;
    setSaving(true);
    try {
      const meta = { note, acknowledgeWarnings: warnings.length > 0 };
      const result = tier
        ? await loyaltyApi.updateTier(tier.id, { ...draft, ...meta })
        : await loyaltyApi.createTier({ ...(draft as TierFields), ...meta });
      showSuccess(
        result.status === 'pending' ? '已提交审批：须由另一位运营人员批准后生效' : tier ? '等级已更新' : '等级已创建',
      );
      setDraft(null);
      setOpen(false);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <ModalForm<TierFields>
        title={tier ? `编辑等级：${tier.name}` : '新建等级'}
        width={560}
        trigger={trigger}
        open={open}
        onOpenChange={setOpen}
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
          const body: TierFields = {
            code: tier ? tier.code : values.code.trim(),
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
          const changes = changedFields(tier, body);
          if (!tierDiff(tier ?? null, changes).length) {
            showError(new Error('没有任何改动，无需保存'));
            return false;
          }
          // The form stays open behind the confirmation; a successful save closes both.
          setDraft(changes);
          return false;
        }}
      >
        <ProFormText
          name="name"
          label="等级名称"
          colProps={{ span: 12 }}
          fieldProps={{ maxLength: TEXT_LIMITS.tierName.max, showCount: true }}
          rules={[
            { required: true, whitespace: true, message: '请输入等级名称' },
            { max: TEXT_LIMITS.tierName.max, message: lengthMessage('等级名称', TEXT_LIMITS.tierName) },
          ]}
        />
        <ProFormText
          name="code"
          label="等级编码"
          colProps={{ span: 12 }}
          disabled={!!tier}
          tooltip="全局唯一，创建后不可修改"
          rules={[
            { required: !tier, whitespace: true, message: '请输入等级编码' },
            { pattern: TIER_CODE_PATTERN, message: TIER_CODE_RULE },
          ]}
        />
        <ProFormDigit
          name="growthThreshold"
          label="升级门槛（元）"
          tooltip="累计实付金额达到后升级"
          colProps={{ span: 12 }}
          rules={numberRules(L.growthThreshold, '请输入升级门槛')}
        />
        <ProFormDigit
          name="retentionThreshold"
          label="保级门槛（元）"
          tooltip="不能高于升级门槛"
          colProps={{ span: 12 }}
          dependencies={['growthThreshold']}
          rules={[
            ...numberRules(L.retentionThreshold, '请输入保级门槛'),
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
          rules={numberRules(L.pointsMultiplierPct, '请输入积分倍率')}
        />
        <ProFormDigit
          name="sortOrder"
          label="排序"
          tooltip="从低到高；启用的等级按排序升级门槛须递增"
          colProps={{ span: 12 }}
          rules={numberRules(L.sortOrder, '请输入排序')}
        />
        <ProFormText
          name="discountText"
          label="折扣说明"
          fieldProps={{ maxLength: TEXT_LIMITS.tierDiscountText.max, showCount: true }}
          placeholder="例如：全场 95 折"
        />
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
      <ChangeConfirmModal
        open={!!draft}
        subject={tier ? `等级「${tier.name}」` : '等级（新建）'}
        changes={draft ? tierDiff(tier ?? null, draft) : []}
        warnings={warnings}
        submitting={saving}
        onCancel={() => setDraft(null)}
        onConfirm={(note) => void save(note)}
      />
    </>
  );
}
