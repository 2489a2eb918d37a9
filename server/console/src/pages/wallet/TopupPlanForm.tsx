import {
  DrawerForm,
  ProCard,
  ProFormDateTimeRangePicker,
  ProFormDigit,
  ProFormGroup,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { ErrorCode, TOPUP_PLAN_LIMITS as L, type TopupPlan } from '@member/shared';
import { Alert, Button, Col, Form, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactElement } from 'react';
import { ApiError } from '../../api/client';
import { couponTemplatesApi } from '../../api/coupons';
import { topupPlansApi } from '../../api/wallet';
import { errorText, showError, showSuccess } from '../../utils/feedback';
import {
  DEFAULT_PLAN_VALUES,
  bonusRatioText,
  planInputOf,
  planPatchOf,
  planValuesOf,
  previewOf,
  yuanRule,
  type PlanFormValues,
} from './plan-form';
import { TopupPlanPreview } from './TopupPlanPreview';

interface FormProblem {
  conflict: boolean;
  text: string;
}

// String mode: the typed text reaches the form as is ("128.50"), never through a float.
const yuanField = { stringMode: true, precision: 2, prefix: '¥', style: { width: 200 } };

/**
 * 新建 / 编辑充值方案 in a drawer: the fields on the left, the member's plan card on the right, updated as the
 * operator types. An edit sends only the changed fields with the version it started from; when someone saved
 * in between, the drawer says so and offers the latest version.
 */
export function TopupPlanForm({
  plan: initialPlan,
  trigger,
  onSaved,
}: {
  plan?: TopupPlan;
  trigger: ReactElement;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<PlanFormValues>();
  const [plan, setPlan] = useState<TopupPlan | undefined>(initialPlan);
  const [values, setValues] = useState<Partial<PlanFormValues>>(DEFAULT_PLAN_VALUES);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  const start = () => {
    const v = initialPlan ? planValuesOf(initialPlan) : DEFAULT_PLAN_VALUES;
    setPlan(initialPlan);
    setValues(v);
    setProblem(null);
    form.setFieldsValue(v);
  };

  const loadLatest = async () => {
    if (!plan) return;
    try {
      const latest = (await topupPlansApi.list()).find((p) => p.id === plan.id);
      if (!latest) return;
      setPlan(latest);
      const v = planValuesOf(latest);
      form.setFieldsValue(v);
      setValues(v);
      setProblem(null);
    } catch (e) {
      showError(e);
    }
  };

  const submit = async (v: PlanFormValues) => {
    setProblem(null);
    try {
      if (plan) await topupPlansApi.update(plan.id, { ...planPatchOf(plan, v), version: plan.version });
      else await topupPlansApi.create(planInputOf(v));
      showSuccess(plan ? '已保存' : '已创建，上架后会员可购买');
      onSaved();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      setProblem({
        conflict: e instanceof ApiError && e.code === ErrorCode.WALLET_PLAN_VERSION_CONFLICT,
        text: errorText(e),
      });
      return false;
    }
  };

  const preview = previewOf(values);
  const sale = values.saleWindow ?? [];
  return (
    <DrawerForm<PlanFormValues>
      title={initialPlan ? `编辑充值方案：${initialPlan.name}` : '新建充值方案'}
      width={900}
      form={form}
      trigger={trigger}
      layout="vertical"
      // Keep the pickers' Dayjs values on submit (ProForm would hand over "YYYY-MM-DD HH:mm:ss" text in
      // whatever zone the picker held); planInputOf turns them into ISO instants.
      dateFormatter={false}
      initialValues={DEFAULT_PLAN_VALUES}
      onOpenChange={(open) => open && start()}
      onValuesChange={(_, all) => setValues(all)}
      onFinish={submit}
      drawerProps={{ destroyOnClose: true, maskClosable: false }}
      submitter={{
        searchConfig: { submitText: initialPlan ? '保存修改' : '创建方案', resetText: '取消' },
        submitButtonProps: { 'data-testid': 'plan-submit' },
      }}
    >
      <Row gutter={24} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {plan && plan.status !== 'DRAFT' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="plan-sold-warning"
              message={`此方案已售出 ${plan.paidCount.toLocaleString('en-US')} 笔`}
              description="修改只影响之后的充值；已支付的订单按支付时的金额和赠送入账。"
            />
          )}
          <ProFormText
            name="name"
            label="方案名称"
            placeholder="例如：充500送50"
            fieldProps={{ maxLength: L.nameChars, showCount: true }}
            rules={[
              { required: true, whitespace: true, message: '请输入方案名称' },
              { max: L.nameChars, message: `方案名称最多 ${L.nameChars} 个字` },
            ]}
          />
          <ProFormGroup>
            <ProFormDigit
              name="payYuan"
              label="充值金额（元）"
              tooltip="会员支付的金额，计入本金，可退"
              fieldProps={yuanField}
              rules={[{ required: true, message: '请输入充值金额' }, yuanRule('充值金额', L.payFen)]}
            />
            <ProFormDigit
              name="bonusYuan"
              label="赠送金额（元）"
              tooltip="随充值到账的赠送金，不可退款、不可提现；0 为不赠送"
              fieldProps={yuanField}
              extra={`赠送比例 ${bonusRatioText(preview.payFen, preview.bonusFen)}`}
              rules={[{ required: true, message: '请输入赠送金额，不赠送填 0' }, yuanRule('赠送金额', L.bonusFen)]}
            />
          </ProFormGroup>
          <ProFormDateTimeRangePicker
            name="saleWindow"
            label="销售期"
            tooltip="不填为上架后即可购买、不设截止；按北京时间"
            fieldProps={{ allowEmpty: [true, true], placeholder: ['立即开始', '不设截止'] }}
            rules={[
              {
                validator: (_: unknown, v: [Dayjs | null, Dayjs | null] | null) =>
                  !v?.[0] || !v?.[1] || v[0].isBefore(v[1])
                    ? Promise.resolve()
                    : Promise.reject(new Error('销售结束时间必须晚于开始时间')),
              },
            ]}
          />
          <ProFormGroup>
            <ProFormDigit
              name="perMemberLimit"
              label="每人限购（次）"
              tooltip="每位会员最多购买此方案的次数；不填为不限"
              placeholder="不限"
              min={L.perMemberLimit.min}
              max={L.perMemberLimit.max}
              fieldProps={{ precision: 0, style: { width: 200 } }}
            />
            <ProFormDigit
              name="sortOrder"
              label="排序"
              tooltip="数字小的排在充值页前面"
              min={L.sortOrder.min}
              max={L.sortOrder.max}
              fieldProps={{ precision: 0, style: { width: 200 } }}
              rules={[{ required: true, message: '请输入排序' }]}
            />
          </ProFormGroup>
          <ProFormSelect
            name="couponTemplateIds"
            label="加赠优惠券"
            tooltip="每笔充值到账后各发一张（模板须已上架才会发放）；会员在充值页看到“加赠 券名”"
            mode="multiple"
            placeholder="不加赠"
            fieldProps={{ maxCount: 3, 'data-testid': 'plan-coupon-templates' } as object}
            request={async () => {
              const [active, draft] = await Promise.all(
                (['ACTIVE', 'DRAFT'] as const).map((status) => couponTemplatesApi.list({ status, pageSize: 100 })),
              );
              return [...active.items, ...draft.items].map((t) => ({
                value: t.id,
                label: t.status === 'DRAFT' ? `${t.name}（未上架）` : t.name,
              }));
            }}
          />
          {problem && (
            <Alert
              type="error"
              showIcon
              data-testid="plan-server-error"
              message={problem.conflict ? '保存失败：此方案刚被他人修改' : '保存失败'}
              description={problem.text}
              action={
                problem.conflict ? (
                  <Button size="small" data-testid="plan-load-latest" onClick={() => void loadLatest()}>
                    载入最新版本
                  </Button>
                ) : undefined
              }
            />
          )}
        </Col>
        <Col flex="400px">
          <ProCard title="会员看到的样子" subTitle="随填写实时更新" bordered>
            <TopupPlanPreview
              name={preview.name}
              payFen={preview.payFen}
              bonusFen={preview.bonusFen}
              perMemberLimit={values.perMemberLimit ?? null}
              endsAt={sale[1] ? sale[1].toISOString() : null}
            />
          </ProCard>
        </Col>
      </Row>
    </DrawerForm>
  );
}
