import {
  deductionFenFor,
  earnPoints,
  formatCny,
  maxDeductiblePoints,
  type PointsRules,
  type Tier,
} from '@member/shared';
import { Alert, Card, Col, Descriptions, Form, InputNumber, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { pctText, yuanToFen } from './rules-text';

interface Props {
  /** Rules from the form (possibly unpublished); null when the form is incomplete. */
  rules: PointsRules | null;
  tiers: Tier[];
}

/** 规则试算: runs the same integer math the server uses on a sample bill. */
export function RulesSimulator({ rules, tiers }: Props) {
  const [amount, setAmount] = useState<number | null>(128);
  const [tierId, setTierId] = useState<number | undefined>();
  const [birthday, setBirthday] = useState(false);
  const [balance, setBalance] = useState<number | null>(5000);

  const tier = tiers.find((t) => t.id === tierId) ?? tiers.find((t) => t.active && t.growthThreshold === 0) ?? tiers[0];
  const billFen = yuanToFen(amount);
  let result: { earned: number; points: number; fen: number } | null = null;
  let error: string | null = null;
  if (rules) {
    try {
      const points = maxDeductiblePoints(rules, billFen, balance ?? 0);
      const fen = deductionFenFor(rules, points);
      const earned = earnPoints(rules, billFen, tier?.pointsMultiplierPct ?? 100, birthday);
      result = { earned, points, fen };
    } catch {
      // The shared math refuses values no published rules can hold; the form says which field is wrong.
      error = '规则中有超出范围的数值，请先按提示修正后再试算';
    }
  }

  return (
    <Card title="规则试算" size="small" data-testid="rules-simulator">
      <Form layout="vertical">
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label="金额（元）">
              <InputNumber min={0} precision={2} value={amount} onChange={setAmount} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="会员等级">
              <Select
                value={tier?.id}
                onChange={setTierId}
                options={tiers.map((t) => ({ value: t.id, label: `${t.name}（${pctText(t.pointsMultiplierPct)}）` }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="积分余额">
              <InputNumber min={0} precision={0} value={balance} onChange={setBalance} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="生日月">
              <Switch checked={birthday} onChange={setBirthday} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {!rules && <Alert type="info" showIcon message="请先把规则填写完整" />}
      {error && <Alert type="error" showIcon message={error} />}
      {result && (
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="按此金额实付可得积分" span={2}>
            <span data-testid="sim-earned">{result.earned}</span> 分
          </Descriptions.Item>
          <Descriptions.Item label="按此金额账单最多可用积分">
            <span data-testid="sim-points">{result.points}</span> 分
          </Descriptions.Item>
          <Descriptions.Item label="可抵扣">
            {formatCny(result.fen)}（还需支付 {formatCny(billFen - result.fen)}）
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
