import { PageContainer, ProDescriptions } from '@ant-design/pro-components';
import {
  COUPON_KIND_LABELS,
  couponCondition,
  percentOffLabel,
  validityText,
  formatCny,
  type CouponTemplate,
} from '@member/shared';
import { Badge, Button, Col, Result, Row, Skeleton, Space } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { loyaltyApi } from '../../api/admin';
import { couponTemplatesApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { useStores } from '../../components/useStores';
import { errorText } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { BatchTable } from './BatchTable';
import { CouponCardPreview } from './CouponCardPreview';
import { CouponIssueTable } from './CouponIssueTable';
import { TEMPLATE_STATUS_ENUM, TRIGGER_LABELS } from './coupon-labels';
import { CouponUseTable } from './CouponUseTable';
import { TemplateStatusActions } from './TemplateStatusActions';

// The charts (G2) are most of this page's weight: they load with the 数据概览 tab only.
const CouponStatsPanel = lazy(async () => ({ default: (await import('./CouponStatsPanel')).CouponStatsPanel }));

type Tab = 'stats' | 'rules' | 'issues' | 'uses' | 'batches';

function RulesTab({ t }: { t: CouponTemplate }) {
  const { stores } = useStores();
  const [tierNames, setTierNames] = useState<Record<number, string>>({});
  useEffect(() => {
    loyaltyApi.tiers().then(
      (list) => setTierNames(Object.fromEntries(list.map((x) => [x.id, x.name]))),
      () => undefined,
    );
  }, []);
  const storeName = (id: number) => stores.find((s) => s.id === id)?.name ?? `#${id}`;
  return (
    <Row gutter={24} wrap={false}>
      <Col flex="auto">
        <ProDescriptions column={2} bordered size="small">
          <ProDescriptions.Item label="类型">{COUPON_KIND_LABELS[t.kind]}</ProDescriptions.Item>
          <ProDescriptions.Item label="面额">
            {t.kind === 'PERCENT_OFF' ? percentOffLabel(t.percentOff ?? 0) : formatCny(t.faceValueFen)}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="使用条件" span={2}>
            {couponCondition(t)}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="发放方式">{TRIGGER_LABELS[t.trigger]}</ProDescriptions.Item>
          <ProDescriptions.Item label="库存">
            {t.totalStock == null ? '不限量' : `${t.totalStock.toLocaleString('en-US')} 张（剩余 ${t.remaining}）`}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="每人限领">{t.perMemberLimit} 张</ProDescriptions.Item>
          <ProDescriptions.Item label="领取时间">
            {t.trigger !== 'CLAIM'
              ? '—'
              : `${t.claimStartsAt ? formatTime(t.claimStartsAt) : '启用即开始'} 至 ${t.claimEndsAt ? formatTime(t.claimEndsAt) : '不设截止'}`}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="有效期" span={2}>
            {validityText(t.validity, formatTime)}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="会员等级">
            {t.tierIds ? t.tierIds.map((id) => tierNames[id] ?? `#${id}`).join('、') : '全部等级'}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="可用门店">
            {t.storeIds ? t.storeIds.map(storeName).join('、') : '全部门店'}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="叠加">
            {t.stackable ? '可与其他可叠加券同用' : '每单限用一张'}
          </ProDescriptions.Item>
          <ProDescriptions.Item label="转赠">{t.giftable ? '可转赠' : '不可转赠'}</ProDescriptions.Item>
          <ProDescriptions.Item label="使用说明" span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{t.instructions || '—'}</span>
          </ProDescriptions.Item>
          <ProDescriptions.Item label="创建时间">{formatTime(t.createdAt)}</ProDescriptions.Item>
          <ProDescriptions.Item label="最近修改">{formatTime(t.updatedAt)}</ProDescriptions.Item>
        </ProDescriptions>
      </Col>
      <Col flex="400px">
        <CouponCardPreview
          terms={t}
          validity={t.validity}
          off={t.status === 'ENDED'}
          meta={t.remaining != null ? `剩余 ${t.remaining.toLocaleString('en-US')} 张` : null}
          action={t.trigger === 'CLAIM' ? '立即领取' : null}
        />
      </Col>
    </Row>
  );
}

/** One template: its dashboard, rules, records and batches as tabs; edit and status moves in the header. */
export function CouponTemplateDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { permissions } = useSession();
  const [search, setSearch] = useSearchParams();
  const [template, setTemplate] = useState<CouponTemplate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tabs: { key: Tab; tab: string }[] = [
    ...(permissions.viewCouponFigures ? [{ key: 'stats' as const, tab: '数据概览' }] : []),
    { key: 'rules', tab: '券规则' },
    { key: 'issues', tab: '发券记录' },
    { key: 'uses', tab: '核销记录' },
    ...(permissions.viewCouponFigures ? [{ key: 'batches' as const, tab: '批量发券' }] : []),
  ];
  const requested = search.get('tab') as Tab | null;
  const tab: Tab = tabs.some((t) => t.key === requested) ? requested! : tabs[0].key;

  const load = useCallback(() => {
    couponTemplatesApi.get(id).then(setTemplate, (e) => setError(errorText(e)));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Result status="404" title="找不到这张券" subTitle={error} />;
  if (!template) return <Skeleton active style={{ padding: 24 }} />;
  const status = TEMPLATE_STATUS_ENUM[template.status];

  return (
    <PageContainer
      title={template.name}
      subTitle={`${COUPON_KIND_LABELS[template.kind]} · ${TRIGGER_LABELS[template.trigger]}`}
      tags={<Badge status={status.status.toLowerCase() as 'success'} text={status.text} />}
      onBack={() => navigate('/coupons/templates')}
      extra={
        permissions.manageCoupons ? (
          <Space size={16}>
            <TemplateStatusActions template={template} onDone={load} />
            {template.status !== 'ENDED' && (
              <Link to={`/coupons/templates/${template.id}/edit`}>
                <Button type="primary" data-testid="template-edit">
                  编辑
                </Button>
              </Link>
            )}
          </Space>
        ) : null
      }
      tabList={tabs}
      tabActiveKey={tab}
      onTabChange={(key) => setSearch({ tab: key }, { replace: true })}
    >
      {tab === 'stats' && (
        <Suspense fallback={<Skeleton active />}>
          <CouponStatsPanel templateId={template.id} />
        </Suspense>
      )}
      {tab === 'rules' && <RulesTab t={template} />}
      {tab === 'issues' && <CouponIssueTable templateId={template.id} />}
      {tab === 'uses' && <CouponUseTable templateId={template.id} />}
      {tab === 'batches' && <BatchTable templateId={template.id} />}
    </PageContainer>
  );
}
