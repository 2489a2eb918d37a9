import { StatisticCard } from '@ant-design/pro-components';
import type { EventCounters } from '@member/shared';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { eventsApi } from '../../api/events';
import { people } from './event-labels';

/** How often the counters refresh while the page is open (check-ins at the door move them). */
export const COUNTER_REFRESH_MS = 5_000;

/**
 * 已报名 / 已签到 / 候补 / 剩余名额, refreshed every few seconds while the page is open and visible (a hidden
 * tab does not poll). `onChange` hears each new reading, so the page can reload its tables when they moved.
 */
export function EventLiveCounters({
  eventId,
  initial,
  onChange,
}: {
  eventId: number;
  initial: EventCounters;
  onChange?: (c: EventCounters) => void;
}) {
  const [counters, setCounters] = useState(initial);
  const [at, setAt] = useState(() => dayjs());
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const tick = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const c = await eventsApi.counters(eventId);
        if (cancelled) return;
        setCounters(c);
        setAt(dayjs());
        setStale(false);
        onChange?.(c);
      } catch {
        // Shown as 未能刷新 under the cards; the next tick tries again.
        if (!cancelled) setStale(true);
      }
    };
    const timer = setInterval(() => void tick(), COUNTER_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [eventId, onChange]);

  const c = counters;
  return (
    <div data-testid="event-counters">
      <StatisticCard.Group direction="row">
        <StatisticCard
          statistic={{
            title: '已报名',
            value: c.signedUpPeople,
            suffix: '人',
            description: <span data-testid="counter-signed-up">{`${people(c.signedUpParties)} 组报名`}</span>,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '已签到',
            value: c.checkedInPeople,
            suffix: '人',
            description: `${people(c.checkedInParties)} 组${c.walkInParties ? `，其中现场加入 ${people(c.walkInParties)} 组` : ''}`,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '候补',
            value: c.waitlistPeople,
            suffix: '人',
            description: `${people(c.waitlistParties)} 组排队中`,
          }}
        />
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{
            title: '剩余名额',
            value: c.seatsLeft,
            suffix: `/ ${people(c.capacity)}`,
            valueStyle: c.seatsLeft === 0 ? { color: '#cf1322' } : undefined,
            description: c.noShowParties ? `未到场 ${people(c.noShowParties)} 组` : '按人数计，同行人占名额',
          }}
        />
      </StatisticCard.Group>
      <Typography.Text type={stale ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="counter-updated">
        {stale ? '未能刷新，稍后自动重试 · ' : ''}每 {COUNTER_REFRESH_MS / 1000} 秒自动刷新 · 更新于{' '}
        {at.format('HH:mm:ss')}
      </Typography.Text>
    </div>
  );
}
