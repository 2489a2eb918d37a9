import { PageContainer } from '@ant-design/pro-components';
import {
  POINTS_RULE_LIMITS as L,
  pointsRulesDiff,
  pointsRulesWarnings,
  type PointsRules,
  type PointsRulesChange,
  type PointsRulesVersion,
  type Tier,
} from '@member/shared';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { ruleChangesApi } from '../../api/points-admin';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { ChangeConfirmModal, ChangeList } from './ChangeConfirmModal';
import { boundWarning, intRule, yuanRule } from './form-rules';
import { PendingChanges } from './PendingChanges';
import { RulesSimulator } from './RulesSimulator';
import { fenToYuanInput, rulesSummary, yuanToFen } from './rules-text';

// The form edits yuan for the minimum spend; everything else is already an integer in the rules.
interface RulesForm {
  pointsPerYuan: number;
  birthdayMultiplierPct: number;
  signUpBonus: number;
  expiryKind: 'days' | 'end_of_next_year';
  expiryDays?: number;
  deductionPointsPerYuan: number;
  maxPercentOfBill: number;
  minSpendYuan: number;
}

const toForm = (r: PointsRules): RulesForm => ({
  pointsPerYuan: r.pointsPerYuan,
  birthdayMultiplierPct: r.birthdayMultiplierPct,
  signUpBonus: r.signUpBonus,
  expiryKind: r.expiry.kind,
  expiryDays: r.expiry.kind === 'days' ? r.expiry.days : 365,
  deductionPointsPerYuan: r.deduction.pointsPerYuan,
  maxPercentOfBill: r.deduction.maxPercentOfBill,
  minSpendYuan: fenToYuanInput(r.deduction.minSpendFen),
});

/** Rules from form values, or null while a required field is empty. */
function fromForm(v: Partial<RulesForm> | undefined): PointsRules | null {
  if (!v) return null;
  const ints = [v.pointsPerYuan, v.birthdayMultiplierPct, v.signUpBonus, v.deductionPointsPerYuan, v.maxPercentOfBill];
  if (ints.some((n) => typeof n !== 'number') || typeof v.minSpendYuan !== 'number') return null;
  if (v.expiryKind === 'days' && typeof v.expiryDays !== 'number') return null;
  if (!v.deductionPointsPerYuan) return null;
  return {
    pointsPerYuan: v.pointsPerYuan!,
    birthdayMultiplierPct: v.birthdayMultiplierPct!,
    signUpBonus: v.signUpBonus!,
    expiry: v.expiryKind === 'days' ? { kind: 'days', days: v.expiryDays! } : { kind: 'end_of_next_year' },
    deduction: {
      pointsPerYuan: v.deductionPointsPerYuan,
      maxPercentOfBill: v.maxPercentOfBill!,
      minSpendFen: yuanToFen(v.minSpendYuan),
    },
  };
}

export function PointsRulesPage() {
  const { permissions } = useSession();
  const readOnly = !permissions.manageLoyalty;
  const [form] = Form.useForm<RulesForm>();
  const values = Form.useWatch([], form) as Partial<RulesForm> | undefined;
  const [current, setCurrent] = useState<PointsRulesVersion | null>(null);
  const [versions, setVersions] = useState<PointsRulesVersion[]>([]);
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [pending, setPending] = useState<PointsRulesChange[]>([]);
  const [loading, setLoading] = useState(true);
  const [publishing, setPublishing] = useState(false);
  // The rules waiting in the confirmation dialog.
  const [draft, setDraft] = useState<PointsRules | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [cur, history, tierList, waiting] = await Promise.all([
        loyaltyApi.currentRules(),
        loyaltyApi.ruleVersions(),
        loyaltyApi.tiers(),
        ruleChangesApi.pointsRules('pending'),
      ]);
      setCurrent(cur);
      setVersions(history);
      setTiers(tierList.filter((t) => t.active));
      setPending(waiting);
      form.setFieldsValue(toForm(cur.rules));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Validates the form and opens the confirmation with the diff against the rules in force. */
  const review = async () => {
    let v: RulesForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const rules = fromForm(v);
    if (!rules || !current) return;
    if (!pointsRulesDiff(current.rules, rules).length) {
      showError(new Error('没有任何改动，无需发布'));
      return;
    }
    setDraft(rules);
  };

  const publish = async (note: string) => {
    if (!draft || !current) return;
    setPublishing(true);
    try {
      const acknowledgeWarnings = pointsRulesWarnings(current.rules, draft).length > 0;
      const result = await loyaltyApi.publishRules({ rules: draft, note, acknowledgeWarnings });
      showSuccess(
        result.status === 'pending'
          ? '已提交审批：须由另一位运营人员批准后生效'
          : `已发布第 ${result.version} 版积分规则`,
      );
      setDraft(null);
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setPublishing(false);
    }
  };

  // No min/max on the inputs: antd would clamp 99999999 to the max without a word; the rules say why instead.
  const int = { style: { width: '100%' } } as const;
  const numberRules = (limit: (typeof L)[keyof typeof L]) => [
    { required: true, message: `请输入${limit.label}` },
    intRule(limit),
    boundWarning(limit),
  ];

  return (
    <PageContainer
      title="积分规则"
      subTitle={current ? `当前第 ${current.version} 版，${formatTime(current.createdAt)} 生效` : undefined}
    >
      <Spin spinning={loading}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title="当前规则" size="small">
            <Form form={form} layout="vertical" disabled={readOnly} data-testid="rules-form">
              <Row gutter={16}>
                <Col span={6}>
                  <Form.Item name="pointsPerYuan" label="每消费 ¥1 得积分" rules={numberRules(L.pointsPerYuan)}>
                    <InputNumber {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item
                    name="birthdayMultiplierPct"
                    label="生日月倍率（%）"
                    tooltip="100 = 不加倍，200 = 双倍"
                    rules={numberRules(L.birthdayMultiplierPct)}
                  >
                    <InputNumber {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="signUpBonus" label="入会赠送积分" rules={numberRules(L.signUpBonus)}>
                    <InputNumber {...int} data-testid="rules-signUpBonus" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item label="积分有效期" required>
                    <Space.Compact style={{ width: '100%' }}>
                      <Form.Item name="expiryKind" noStyle>
                        <Select
                          style={{ width: 110 }}
                          options={[
                            { value: 'days', label: '按天数' },
                            { value: 'end_of_next_year', label: '次年年底' },
                          ]}
                        />
                      </Form.Item>
                      {values?.expiryKind !== 'end_of_next_year' && (
                        <Form.Item name="expiryDays" noStyle rules={numberRules(L['expiry.days'])}>
                          <InputNumber addonAfter="天" style={{ flex: 1 }} />
                        </Form.Item>
                      )}
                    </Space.Compact>
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={16}>
                <Col span={6}>
                  <Form.Item
                    name="deductionPointsPerYuan"
                    label="多少积分抵 ¥1"
                    rules={numberRules(L['deduction.pointsPerYuan'])}
                  >
                    <InputNumber {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item
                    name="maxPercentOfBill"
                    label="最多抵扣账单（%）"
                    rules={numberRules(L['deduction.maxPercentOfBill'])}
                  >
                    <InputNumber {...int} data-testid="rules-maxPercentOfBill" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item
                    name="minSpendYuan"
                    label="满多少元可用积分"
                    rules={[
                      { required: true, message: '请输入满多少元可用积分' },
                      yuanRule(L['deduction.minSpendFen']),
                      boundWarning(L['deduction.minSpendFen'], yuanToFen),
                    ]}
                  >
                    <InputNumber prefix="¥" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            {!readOnly && (
              <Space>
                <Button type="primary" onClick={() => void review()} data-testid="rules-publish">
                  发布新版本…
                </Button>
                <Button onClick={() => current && form.setFieldsValue(toForm(current.rules))}>恢复当前版本</Button>
              </Space>
            )}
            {readOnly && <Typography.Text type="secondary">当前账号只能查看积分规则。</Typography.Text>}
          </Card>

          <PendingChanges<PointsRulesChange>
            items={pending}
            subjectOf={(c) => `积分规则（基于第 ${c.baseVersion} 版）`}
            decide={(id, decision, note) => ruleChangesApi.decidePointsRules(id, decision, { note })}
            onDecided={() => void load()}
          />

          <RulesSimulator rules={fromForm(values)} tiers={tiers} />

          <Card title="版本历史" size="small">
            <Table<PointsRulesVersion>
              rowKey="version"
              size="small"
              dataSource={versions}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                {
                  title: '版本',
                  dataIndex: 'version',
                  width: 90,
                  render: (v: number) => (v === current?.version ? <Tag color="green">v{v} 当前</Tag> : `v${v}`),
                },
                { title: '变更内容', key: 'changes', render: (_, r) => <ChangeList changes={r.changes} /> },
                { title: '变更说明', dataIndex: 'note', width: 220, render: (n: string | null) => n ?? '—' },
                {
                  title: '发布人',
                  key: 'by',
                  width: 150,
                  render: (_, r) => (
                    <Space direction="vertical" size={0}>
                      {r.createdBy?.name ?? '系统默认'}
                      {r.approvedBy && <Typography.Text type="secondary">审批：{r.approvedBy.name}</Typography.Text>}
                    </Space>
                  ),
                },
                { title: '生效时间', dataIndex: 'createdAt', width: 170, render: (t: string) => formatTime(t) },
              ]}
              expandable={{
                expandedRowRender: (r) => (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="完整规则">{rulesSummary(r.rules)}</Descriptions.Item>
                    {r.warnings.length > 0 && (
                      <Descriptions.Item label="已确认的提示">
                        <Space direction="vertical" size={0}>
                          {r.warnings.map((w) => (
                            <span key={w.field}>{w.message}</span>
                          ))}
                        </Space>
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                ),
              }}
            />
          </Card>
        </Space>
      </Spin>
      <ChangeConfirmModal
        open={!!draft}
        subject="积分规则"
        changes={draft && current ? pointsRulesDiff(current.rules, draft) : []}
        warnings={draft && current ? pointsRulesWarnings(current.rules, draft) : []}
        submitting={publishing}
        onCancel={() => setDraft(null)}
        onConfirm={(note) => void publish(note)}
      />
    </PageContainer>
  );
}
