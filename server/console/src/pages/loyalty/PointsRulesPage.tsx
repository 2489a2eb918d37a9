import { PageContainer } from '@ant-design/pro-components';
import type { PointsRules, PointsRulesVersion, Tier } from '@member/shared';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
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
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
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
  note?: string;
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
  const [loading, setLoading] = useState(true);
  const [publishing, setPublishing] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [cur, history, tierList] = await Promise.all([
        loyaltyApi.currentRules(),
        loyaltyApi.ruleVersions(),
        loyaltyApi.tiers(),
      ]);
      setCurrent(cur);
      setVersions(history);
      setTiers(tierList.filter((t) => t.active));
      form.setFieldsValue({ ...toForm(cur.rules), note: undefined });
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const publish = async () => {
    let v: RulesForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const rules = fromForm(v);
    if (!rules) return;
    setPublishing(true);
    try {
      const created = await loyaltyApi.publishRules({ rules, note: v.note?.trim() || undefined });
      showSuccess(`已发布第 ${created.version} 版积分规则`);
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setPublishing(false);
    }
  };

  const int = { precision: 0, style: { width: '100%' } } as const;

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
                  <Form.Item name="pointsPerYuan" label="每消费 ¥1 得积分" rules={[{ required: true }]}>
                    <InputNumber min={0} max={1000} {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item
                    name="birthdayMultiplierPct"
                    label="生日月倍率（%）"
                    tooltip="100 = 不加倍，200 = 双倍"
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={100} max={1000} {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="signUpBonus" label="入会赠送积分" rules={[{ required: true }]}>
                    <InputNumber min={0} max={1_000_000} {...int} />
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
                        <Form.Item name="expiryDays" noStyle rules={[{ required: true, message: '请输入天数' }]}>
                          <InputNumber min={1} max={3650} precision={0} addonAfter="天" style={{ flex: 1 }} />
                        </Form.Item>
                      )}
                    </Space.Compact>
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={16}>
                <Col span={6}>
                  <Form.Item name="deductionPointsPerYuan" label="多少积分抵 ¥1" rules={[{ required: true }]}>
                    <InputNumber min={1} max={1_000_000} {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="maxPercentOfBill" label="最多抵扣账单（%）" rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} {...int} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="minSpendYuan" label="满多少元可用积分" rules={[{ required: true }]}>
                    <InputNumber min={0} max={10_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="note" label="变更说明（记入审计日志）">
                    <Input maxLength={255} placeholder="例如：双十一积分加倍" />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            {!readOnly && (
              <Space>
                <Popconfirm title="发布新版本？" description="发布后立即生效，历史版本保留不变。" onConfirm={publish}>
                  <Button type="primary" loading={publishing} data-testid="rules-publish">
                    发布新版本
                  </Button>
                </Popconfirm>
                <Button onClick={() => current && form.setFieldsValue(toForm(current.rules))}>恢复当前版本</Button>
              </Space>
            )}
            {readOnly && <Typography.Text type="secondary">当前账号只能查看积分规则。</Typography.Text>}
          </Card>

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
                { title: '规则', key: 'rules', render: (_, r) => rulesSummary(r.rules) },
                { title: '发布人', key: 'by', width: 120, render: (_, r) => r.createdBy?.name ?? '系统默认' },
                { title: '发布时间', dataIndex: 'createdAt', width: 170, render: (t: string) => formatTime(t) },
              ]}
              expandable={{
                expandedRowRender: (r) => (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="JSON">
                      <Typography.Text code>{JSON.stringify(r.rules)}</Typography.Text>
                    </Descriptions.Item>
                  </Descriptions>
                ),
              }}
            />
          </Card>
        </Space>
      </Spin>
    </PageContainer>
  );
}
