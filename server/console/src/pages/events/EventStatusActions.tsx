import { ModalForm, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { EVENT_TEXT_LIMITS as T, lengthMessage, type EventAdmin } from '@member/shared';
import { Alert, App, Button, Space, Tooltip, Typography } from 'antd';
import { eventsApi } from '../../api/events';
import { showError, showSuccess } from '../../utils/feedback';
import { people } from './event-labels';

/** Who a cancellation reaches: parties holding seats (refunded when they paid points) and the waitlist. */
export function cancelImpact(e: EventAdmin): string {
  const c = e.counters;
  // Checked-in parties came already: their sign-ups stay as they are.
  const holding = Math.max(0, c.signedUpParties - c.checkedInParties);
  const parts: string[] = [];
  if (holding && e.feeKind === 'POINTS') parts.push(`将退还 ${people(holding)} 人的报名积分并通知他们`);
  else if (holding) parts.push(`将取消 ${people(holding)} 人的报名并通知他们`);
  if (c.waitlistParties) parts.push(`${parts.length ? '，' : '将'}通知 ${people(c.waitlistParties)} 位候补会员`);
  return parts.length ? `${parts.join('')}。` : '目前没有会员报名或候补。';
}

type Size = 'small' | 'middle';

/**
 * 发布 / 截止报名 / 取消活动 for one event, each behind a confirmation naming its effect. Cancelling refunds
 * and tells everyone, so it asks for a reason and the event's title typed in. Readers see them disabled.
 */
export function EventStatusActions({
  event,
  canManage,
  onDone,
  size = 'middle',
  asLinks = false,
  withCancel = true,
}: {
  event: EventAdmin;
  canManage: boolean;
  onDone: () => void;
  size?: Size;
  /** Table rows show links; the detail page shows buttons. */
  asLinks?: boolean;
  /** 取消活动 too (the detail page, where its impact is in view); table rows leave it out. */
  withCancel?: boolean;
}) {
  const { modal } = App.useApp();
  const run = (label: string, call: () => Promise<unknown>) => async () => {
    try {
      await call();
      showSuccess(`已${label}`);
    } catch (e) {
      showError(e);
    }
    onDone();
  };
  const confirm = (label: string, content: string, call: () => Promise<unknown>, danger = false) =>
    modal.confirm({
      title: `${label}「${event.title}」？`,
      content,
      okText: label,
      okButtonProps: { danger, 'data-testid': 'event-status-confirm' },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: run(label, call),
    });

  const action = (key: string, label: string, onClick: () => void, danger = false) => {
    const testId = `event-${key}`;
    if (!canManage)
      return (
        <Tooltip key={key} title="无权限">
          {asLinks ? (
            <Typography.Link disabled>{label}</Typography.Link>
          ) : (
            <Button size={size} disabled>
              {label}
            </Button>
          )}
        </Tooltip>
      );
    return asLinks ? (
      <Typography.Link key={key} type={danger ? 'danger' : undefined} data-testid={testId} onClick={onClick}>
        {label}
      </Typography.Link>
    ) : (
      <Button
        key={key}
        size={size}
        danger={danger}
        type={key === 'publish' ? 'primary' : 'default'}
        data-testid={testId}
        onClick={onClick}
      >
        {label}
      </Button>
    );
  };

  const ended = new Date(event.endsAt).getTime() <= Date.now();
  const list = [];
  if (event.status === 'DRAFT')
    list.push(
      action('publish', '发布', () =>
        confirm('发布', '发布后会员可在小程序「活动」中看到，并在报名时间内报名。报名费用发布后不能修改。', () =>
          eventsApi.publish(event.id, event.version),
        ),
      ),
    );
  if (event.status === 'PUBLISHED')
    list.push(
      action('close', '截止报名', () =>
        confirm(
          '截止报名',
          `截止后会员不能再报名或加入候补；已报名的 ${people(event.counters.signedUpParties)} 人照常参加并签到，候补会员不再递补。`,
          () => eventsApi.close(event.id, event.version),
        ),
      ),
    );
  if (!withCancel || event.status === 'CANCELLED' || ended) return <Space size={asLinks ? 12 : 8}>{list}</Space>;
  if (canManage)
    list.push(
      <CancelEventForm
        key="cancel"
        event={event}
        onDone={onDone}
        trigger={action('cancel', '取消活动', () => undefined, true)}
      />,
    );
  else list.push(action('cancel', '取消活动', () => undefined, true));
  return <Space size={asLinks ? 12 : 8}>{list}</Space>;
}

/** 取消活动: the impact in words, a reason members are told, and the title typed in to confirm. */
function CancelEventForm({ event, trigger, onDone }: { event: EventAdmin; trigger: JSX.Element; onDone: () => void }) {
  return (
    <ModalForm<{ reason: string; confirmTitle: string }>
      title={`取消活动「${event.title}」`}
      trigger={trigger}
      width={520}
      modalProps={{ destroyOnClose: true, maskClosable: false, okButtonProps: { danger: true } }}
      submitter={{
        searchConfig: { submitText: '取消活动', resetText: '不取消' },
        submitButtonProps: { danger: true, 'data-testid': 'event-cancel-submit' },
        resetButtonProps: { autoFocus: true },
      }}
      onFinish={async ({ reason }) => {
        try {
          await eventsApi.cancel(event.id, event.version, reason.trim());
          showSuccess('已取消活动');
          onDone();
          return true;
        } catch (e) {
          showError(e);
          onDone();
          return false;
        }
      }}
    >
      <Alert
        type="error"
        showIcon
        data-testid="event-cancel-impact"
        style={{ marginBottom: 16 }}
        message={cancelImpact(event)}
        description="取消后不能恢复；已签到的报名不受影响。"
      />
      <ProFormTextArea
        name="reason"
        label="取消原因（会告知会员）"
        placeholder="例如：场地临时维修，活动取消，给您带来不便深表歉意"
        fieldProps={{ maxLength: T.cancelReason.max, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
        rules={[
          { required: true, whitespace: true, message: '请输入取消原因' },
          { min: T.cancelReason.min, max: T.cancelReason.max, message: lengthMessage('取消原因', T.cancelReason) },
        ]}
      />
      <ProFormText
        name="confirmTitle"
        label={
          <span>
            请输入活动标题 <Typography.Text code>{event.title}</Typography.Text> 以确认
          </span>
        }
        rules={[
          {
            validator: (_, v: string | undefined) =>
              v?.trim() === event.title ? Promise.resolve() : Promise.reject(new Error('输入的标题与活动标题不一致')),
          },
        ]}
      />
    </ModalForm>
  );
}
