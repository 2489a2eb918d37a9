import { lengthMessage, needsSecondApproval, TEXT_LIMITS, type FieldChange, type RuleWarning } from '@member/shared';
import { Alert, Checkbox, Input, Modal, Space, Table, Typography, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';

interface ChangeConfirmModalProps {
  open: boolean;
  /** What is being changed, e.g. 积分规则 or 等级「黄金会员」. */
  subject: string;
  changes: FieldChange[];
  warnings: RuleWarning[];
  submitting: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

const NOTE = TEXT_LIMITS.changeNote;
const NOTE_MESSAGE = lengthMessage('变更说明', NOTE);

/**
 * The last step before a rule or tier change: the diff (字段 | 当前 | 修改后), a required change note, one
 * 我确认这个数值 tick per value outside the sensible range, and word that a value beyond the hard bound
 * waits for a second operator.
 */
export function ChangeConfirmModal({
  open,
  subject,
  changes,
  warnings,
  submitting,
  onCancel,
  onConfirm,
}: ChangeConfirmModalProps) {
  const [note, setNote] = useState('');
  const [acked, setAcked] = useState<Record<string, boolean>>({});
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (open) {
      setNote('');
      setAcked({});
      setTried(false);
    }
  }, [open]);

  const approval = needsSecondApproval(warnings);
  const trimmed = note.trim();
  const noteOk = trimmed.length >= NOTE.min && trimmed.length <= NOTE.max;
  const allAcked = warnings.every((w) => acked[w.field]);

  const submit = () => {
    setTried(true);
    if (noteOk && allAcked) onConfirm(trimmed);
  };

  return (
    <Modal
      open={open}
      title={`确认修改${subject}`}
      width={620}
      onCancel={onCancel}
      onOk={submit}
      okText={approval ? '提交审批' : '确认发布'}
      cancelText="取消"
      okButtonProps={{ loading: submitting, 'data-testid': 'change-confirm' } as ButtonProps}
      destroyOnClose
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Table<FieldChange>
          data-testid="change-diff"
          rowKey="field"
          size="small"
          pagination={false}
          dataSource={changes}
          columns={[
            { title: '字段', dataIndex: 'label', width: 170 },
            { title: '当前', dataIndex: 'before', render: (v: string | null) => v ?? '—' },
            {
              title: '修改后',
              dataIndex: 'after',
              render: (v: string, r) => (
                <Typography.Text strong type={warnings.some((w) => w.field === r.field) ? 'warning' : undefined}>
                  {v}
                </Typography.Text>
              ),
            },
          ]}
        />
        {warnings.map((w) => (
          <Alert
            key={w.field}
            type={w.level === 'hard' ? 'error' : 'warning'}
            showIcon
            message={w.message}
            description={
              <Checkbox
                data-testid={`ack-${w.field}`}
                checked={!!acked[w.field]}
                onChange={(e) => setAcked((a) => ({ ...a, [w.field]: e.target.checked }))}
              >
                我确认这个数值
              </Checkbox>
            }
          />
        ))}
        {tried && !allAcked && <Typography.Text type="danger">请逐项勾选“我确认这个数值”</Typography.Text>}
        {approval && (
          <Alert
            type="info"
            showIcon
            message="需另一位运营人员审批"
            description="有数值超出单人可设范围。提交后不会立即生效，须由另一位运营人员在本页批准。"
          />
        )}
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>
            <span style={{ color: '#FA5151' }}>* </span>变更说明
          </Typography.Text>
          <Input.TextArea
            data-testid="change-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="为什么修改？例如：双十一积分加倍（记入版本历史和操作日志）"
            autoSize={{ minRows: 2, maxRows: 4 }}
            showCount
            maxLength={NOTE.max}
            status={tried && !noteOk ? 'error' : undefined}
            style={{ marginTop: 4 }}
          />
          {tried && !noteOk && <Typography.Text type="danger">{NOTE_MESSAGE}</Typography.Text>}
        </div>
      </Space>
    </Modal>
  );
}

/** A change's fields in one compact block: 入会赠送积分 100 分 → 500 分. */
export function ChangeList({ changes }: { changes: FieldChange[] }) {
  if (!changes.length) return <Typography.Text type="secondary">初始版本</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      {changes.map((c) => (
        <span key={c.field}>
          {c.label}：{c.before === null ? '' : <Typography.Text delete>{c.before}</Typography.Text>}
          {c.before === null ? '' : ' → '}
          <Typography.Text strong>{c.after}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
