import { lengthMessage, TEXT_LIMITS, type RuleChangeBase } from '@member/shared';
import { Alert, Button, Card, Input, List, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { ChangeList } from './ChangeConfirmModal';

interface PendingChangesProps<T extends RuleChangeBase> {
  items: T[];
  /** Heading of one item, e.g. 积分规则 or 等级「黄金会员」. */
  subjectOf: (item: T) => string;
  decide: (id: number, decision: 'approve' | 'reject', note: string | undefined) => Promise<unknown>;
  onDecided: () => void;
}

const NOTE = TEXT_LIMITS.changeNote;

/**
 * Changes beyond a hard bound waiting for a second operator. The requester sees them but cannot decide
 * (the server refuses too); approving puts the change in force at once, rejecting needs a reason.
 */
export function PendingChanges<T extends RuleChangeBase>({
  items,
  subjectOf,
  decide,
  onDecided,
}: PendingChangesProps<T>) {
  const { operator, permissions } = useSession();
  const [deciding, setDeciding] = useState<{ item: T; decision: 'approve' | 'reject' } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  if (!items.length) return null;

  const noteOk =
    deciding?.decision === 'approve'
      ? note.trim().length === 0 || note.trim().length >= NOTE.min
      : note.trim().length >= NOTE.min;
  const submit = async () => {
    setTried(true);
    if (!deciding || !noteOk) return;
    setBusy(true);
    try {
      await decide(deciding.item.id, deciding.decision, note.trim() || undefined);
      showSuccess(deciding.decision === 'approve' ? '已批准，变更已生效' : '已驳回');
      setDeciding(null);
      onDecided();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={`待审批的变更（${items.length}）`} size="small" data-testid="pending-changes">
      <List<T>
        dataSource={items}
        renderItem={(item) => {
          const own = item.requestedBy.operatorId === operator.id;
          return (
            <List.Item
              actions={
                permissions.manageLoyalty
                  ? [
                      <Tooltip key="approve" title={own ? '不能审批自己提交的变更，请由另一位运营人员审批' : undefined}>
                        <Button
                          type="primary"
                          size="small"
                          disabled={own}
                          data-testid={`approve-${item.id}`}
                          onClick={() => {
                            setNote('');
                            setTried(false);
                            setDeciding({ item, decision: 'approve' });
                          }}
                        >
                          批准
                        </Button>
                      </Tooltip>,
                      <Tooltip key="reject" title={own ? '不能审批自己提交的变更，请由另一位运营人员审批' : undefined}>
                        <Button
                          danger
                          size="small"
                          disabled={own}
                          onClick={() => {
                            setNote('');
                            setTried(false);
                            setDeciding({ item, decision: 'reject' });
                          }}
                        >
                          驳回
                        </Button>
                      </Tooltip>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color="orange">待审批</Tag>
                    {subjectOf(item)}
                    <Typography.Text type="secondary">
                      {item.requestedBy.name} 提交于 {formatTime(item.requestedAt)}
                    </Typography.Text>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={4}>
                    <ChangeList changes={item.changes} />
                    <span>变更说明：{item.note}</span>
                    {item.warnings.map((w) => (
                      <Typography.Text key={w.field} type={w.level === 'hard' ? 'danger' : 'warning'}>
                        {w.message}（提交人已确认）
                      </Typography.Text>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'approve' ? '批准变更' : '驳回变更'}
        okText={deciding?.decision === 'approve' ? '批准并生效' : '驳回'}
        okButtonProps={{ danger: deciding?.decision === 'reject', loading: busy }}
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setDeciding(null)}
        destroyOnClose
      >
        {deciding && (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
            <ChangeList changes={deciding.item.changes} />
            {deciding.decision === 'approve' && (
              <Alert type="warning" showIcon message="批准后立即生效，新会员和新消费将按新数值计算" />
            )}
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={deciding.decision === 'approve' ? '审批意见（选填）' : '驳回原因（必填）'}
              maxLength={NOTE.max}
              showCount
              status={tried && !noteOk ? 'error' : undefined}
            />
            {tried && !noteOk && (
              <Typography.Text type="danger">
                {lengthMessage(deciding.decision === 'approve' ? '审批意见' : '驳回原因', NOTE)}
              </Typography.Text>
            )}
          </Space>
        )}
      </Modal>
    </Card>
  );
}
