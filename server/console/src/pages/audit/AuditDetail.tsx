import type { AuditLogEntry } from '@member/shared';
import { Col, Row, Typography } from 'antd';
import { formatJson } from '../../utils/format';

/** Expanded row: what changed (before → after) and why. */
export function AuditDetail({ entry }: { entry: AuditLogEntry }) {
  return (
    <div data-testid="audit-detail" style={{ padding: '4px 8px' }}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">原因：</Typography.Text>
        {entry.reason ?? '—'}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">修改前</Typography.Text>
          <pre className="json-block">{formatJson(entry.before)}</pre>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">修改后</Typography.Text>
          <pre className="json-block">{formatJson(entry.after)}</pre>
        </Col>
      </Row>
    </div>
  );
}
