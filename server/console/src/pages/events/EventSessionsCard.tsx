import { ProCard } from '@ant-design/pro-components';
import type { EventSessionAdmin } from '@member/shared';
import { Button, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { minute, people } from './event-labels';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "2026-12-20 周六 10:00 – 11:30" of a session. */
export function sessionText(s: { startsAt: string; endsAt: string }): string {
  const a = dayjs(s.startsAt).tz('Asia/Shanghai');
  const b = dayjs(s.endsAt).tz('Asia/Shanghai');
  return `${a.format('YYYY-MM-DD')} ${WEEKDAYS[a.day()]} ${a.format('HH:mm')} – ${b.isSame(a, 'day') ? b.format('HH:mm') : b.format('MM-DD HH:mm')}`;
}

/**
 * 场次 on the event's page: each session's time, seats and counters (已报名 / 候补 / 签到 / 未到场); 查看报名
 * filters the sign-ups below to that session (the URL keeps it).
 */
export function EventSessionsCard({
  sessions,
  selected,
  onPick,
}: {
  sessions: EventSessionAdmin[];
  selected: number | undefined;
  onPick: (sessionId: number | undefined) => void;
}) {
  const now = Date.now();
  return (
    <ProCard
      bordered
      title={`场次（${sessions.length}）`}
      subTitle="每个场次单独计名额、候补和签到"
      extra={
        selected ? (
          <Button size="small" onClick={() => onPick(undefined)} data-testid="session-filter-clear">
            查看全部场次的报名
          </Button>
        ) : undefined
      }
    >
      <Table<EventSessionAdmin>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={sessions}
        data-testid="event-sessions-table"
        onRow={(s) => ({ 'data-testid': 'event-session-row', 'data-session-id': s.id }) as object}
        rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: '场次',
            key: 'time',
            render: (_, s) => (
              <span>
                {sessionText(s)}{' '}
                {Date.parse(s.endsAt) <= now ? (
                  <Tag>已结束</Tag>
                ) : Date.parse(s.startsAt) <= now ? (
                  <Tag color="processing">进行中</Tag>
                ) : null}
              </span>
            ),
          },
          {
            title: '名额',
            key: 'seats',
            align: 'right',
            render: (_, s) => `${people(s.counters.seatsTaken)} / ${people(s.capacity)}`,
          },
          {
            title: '已报名',
            key: 'signedUp',
            align: 'right',
            render: (_, s) => (
              <span data-testid="session-signed-up">
                {people(s.counters.signedUpPeople)} 人（{people(s.counters.signedUpParties)} 组）
              </span>
            ),
          },
          {
            title: '候补',
            key: 'waitlist',
            align: 'right',
            render: (_, s) => <span data-testid="session-waitlist">{people(s.counters.waitlistParties)} 组</span>,
          },
          {
            title: '签到',
            key: 'checkedIn',
            align: 'right',
            render: (_, s) => <span data-testid="session-checked-in">{people(s.counters.checkedInPeople)} 人</span>,
          },
          {
            title: '未到场',
            key: 'noShow',
            align: 'right',
            render: (_, s) => (s.counters.noShowParties ? `${people(s.counters.noShowParties)} 组` : '—'),
          },
          {
            title: '取消截止',
            key: 'deadline',
            render: (_, s) => <Typography.Text type="secondary">{minute(s.cancelDeadline)}</Typography.Text>,
          },
          {
            title: '',
            key: 'pick',
            align: 'right',
            render: (_, s) =>
              s.id === selected ? (
                <Tag color="blue">已筛选</Tag>
              ) : (
                <Button type="link" size="small" onClick={() => onPick(s.id)} data-testid="session-pick">
                  查看报名
                </Button>
              ),
          },
        ]}
      />
    </ProCard>
  );
}
