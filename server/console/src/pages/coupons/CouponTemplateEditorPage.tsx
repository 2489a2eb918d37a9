import { PageContainer, ProCard, ProForm } from '@ant-design/pro-components';
import { ErrorCode, type CouponTemplate, type Tier } from '@member/shared';
import { Alert, Button, Col, Form, Result, Row, Skeleton, Space } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { loyaltyApi } from '../../api/admin';
import { ApiError } from '../../api/client';
import { couponTemplatesApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { useStores } from '../../components/useStores';
import { errorText, showError, showSuccess } from '../../utils/feedback';
import { CouponCardPreview } from './CouponCardPreview';
import { TEMPLATE_STATUS_LABELS } from './coupon-labels';
import { IssueFields, KindFields, ScopeFields, ValidityFields } from './TemplateFormSections';
import { DEFAULT_VALUES, inputOf, previewOf, valuesOf, type TemplateFormValues } from './template-form';

/** A refusal the form shows in place (not a toast): the server's reason and what to do next. */
interface FormProblem {
  kind: 'terms' | 'conflict' | 'other';
  text: string;
}

function problemOf(e: unknown): FormProblem {
  if (e instanceof ApiError && e.code === ErrorCode.COUPON_TEMPLATE_VERSION_CONFLICT)
    return { kind: 'conflict', text: e.message };
  if (e instanceof ApiError && e.code === ErrorCode.COUPON_TEMPLATE_TERMS_INVALID)
    return { kind: 'terms', text: e.message };
  return { kind: 'other', text: errorText(e) };
}

function metaLine(v: Partial<TemplateFormValues>): string {
  const parts = [
    v.unlimited ? '不限量' : v.totalStock ? `共 ${v.totalStock.toLocaleString('en-US')} 张` : null,
    v.trigger === 'CLAIM' && v.perMemberLimit ? `每人限领 ${v.perMemberLimit} 张` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** 新建 / 编辑优惠券: sections on the left, the member's card on the right, updated as the operator types. */
export function CouponTemplateEditorPage() {
  const { id: idParam } = useParams();
  const id = idParam ? Number(idParam) : null;
  const navigate = useNavigate();
  const { permissions } = useSession();
  const { stores } = useStores();
  const [form] = Form.useForm<TemplateFormValues>();
  const [template, setTemplate] = useState<CouponTemplate | null>(null);
  const [loading, setLoading] = useState(id != null);
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [values, setValues] = useState<Partial<TemplateFormValues>>(DEFAULT_VALUES);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    if (id == null) return;
    setLoading(true);
    try {
      const t = await couponTemplatesApi.get(id);
      setTemplate(t);
      setValues(valuesOf(t));
      form.setFieldsValue(valuesOf(t));
      setProblem(null);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [id, form]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    loyaltyApi.tiers().then(setTiers, showError);
  }, []);
  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problem]);

  const preview = useMemo(() => previewOf(values), [values]);

  if (!permissions.manageCoupons) return <Result status="403" title="没有权限" subTitle="当前账号无权编辑优惠券" />;
  if (id != null && loading && !template) return <Skeleton active style={{ padding: 24 }} />;
  if (template?.status === 'ENDED')
    return <Result status="warning" title="已结束的优惠券不能修改" subTitle="可以复制规则新建一张券" />;

  const submit = async (v: TemplateFormValues) => {
    setProblem(null);
    try {
      const input = inputOf(v);
      const saved = template
        ? await couponTemplatesApi.update(template.id, { ...input, version: template.version })
        : await couponTemplatesApi.create(input);
      showSuccess(template ? '已保存' : '已创建，启用后开始发放');
      navigate(`/coupons/templates/${saved.id}`);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      setProblem(problemOf(e));
      return false;
    }
  };

  const issuedNote =
    template && template.status !== 'DRAFT' ? (
      <Alert
        type="warning"
        showIcon
        data-testid="template-active-warning"
        style={{ marginBottom: 16 }}
        message={`此券${TEMPLATE_STATUS_LABELS[template.status]}，已发出 ${template.issued.toLocaleString('en-US')} 张`}
        description="修改只影响之后发出的券；会员手中已有的券保持领取时的面额、门槛、有效期和使用范围。总库存不能少于已发出的数量。"
      />
    ) : null;

  return (
    <PageContainer
      title={template ? `编辑优惠券：${template.name}` : '新建优惠券'}
      onBack={() => navigate(template ? `/coupons/templates/${template.id}` : '/coupons/templates')}
    >
      {issuedNote}
      <Row gutter={24} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <ProForm<TemplateFormValues>
            form={form}
            layout="vertical"
            // Keep the pickers' Dayjs values (ProForm would hand over formatted text); inputOf reads them as
            // Beijing time and sends ISO instants.
            dateFormatter={false}
            initialValues={template ? valuesOf(template) : DEFAULT_VALUES}
            onValuesChange={(_, all) => setValues(all)}
            onFinish={submit}
            scrollToFirstError
            submitter={{
              render: (_, dom) => (
                <ProCard>
                  <Space>
                    {dom[1]}
                    <Button onClick={() => navigate(-1)}>取消</Button>
                  </Space>
                </ProCard>
              ),
              searchConfig: { submitText: template ? '保存修改' : '创建优惠券' },
              submitButtonProps: { 'data-testid': 'template-submit' },
            }}
          >
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <ProCard title="1. 类型与面额" bordered>
                <KindFields kind={values.kind ?? 'CASH_OFF'} />
              </ProCard>
              <ProCard title="2. 发放与库存" bordered>
                <IssueFields
                  trigger={values.trigger ?? 'CLAIM'}
                  unlimited={!!values.unlimited}
                  issued={template?.issued ?? 0}
                />
              </ProCard>
              <ProCard title="3. 有效期" bordered>
                <ValidityFields validityKind={values.validityKind ?? 'RELATIVE'} />
              </ProCard>
              <ProCard title="4. 适用范围" bordered>
                <ScopeFields tiers={tiers} stores={stores} trigger={values.trigger ?? 'CLAIM'} />
              </ProCard>
              {problem && (
                <div ref={problemRef}>
                  <Alert
                    type="error"
                    showIcon
                    data-testid="template-server-error"
                    message={problem.kind === 'conflict' ? '保存失败：此券刚被他人修改' : '保存失败'}
                    description={problem.text}
                    action={
                      problem.kind === 'conflict' ? (
                        <Button size="small" onClick={() => void load()}>
                          载入最新版本
                        </Button>
                      ) : undefined
                    }
                  />
                </div>
              )}
            </Space>
          </ProForm>
        </Col>
        <Col flex="400px">
          <div style={{ position: 'sticky', top: 72 }}>
            <ProCard title="会员看到的样子" subTitle="随填写实时更新" bordered>
              <CouponCardPreview
                terms={preview.terms}
                validity={preview.validity}
                meta={metaLine(values)}
                action={values.trigger === 'CLAIM' ? '立即领取' : null}
              />
            </ProCard>
          </div>
        </Col>
      </Row>
    </PageContainer>
  );
}
