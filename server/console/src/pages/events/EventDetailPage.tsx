import { EditOutlined, SmileOutlined } from '@ant-design/icons';
import { PageContainer, ProCard, ProDescriptions, type ActionType } from '@ant-design/pro-components';
import { EVENT_FEE_KIND_LABELS, type EventAdmin, type EventCounters } from '@member/shared';
import { Badge, Button, Image, Result, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { loyaltyApi } from '../../api/admin';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/AuthContext';
import { eventsApi } from '../../api/events';
import { showError } from '../../utils/feedback';
import { EventLiveCounters } from './EventLiveCounters';
import { EventSessionsCard } from './EventSessionsCard';
import { EventStatusActions } from './EventStatusActions';
import { EVENT_STATUS_ENUM, feeText, minute, people, timeRange } from './event-labels';
import { SignupTable, type SignupTab } from './SignupTable';

type BadgeStatus = 'success' | 'processing' | 'default' | 'error' | 'warning';
const TABS: { key: SignupTab; tab: string }[] = [
  { key: 'signups', tab: '报名名单' },
  { key: 'waitlist', tab: '候补' },
  { key: 'checkins', tab: '签到' },
];

/**
 * 活动详情: the event's terms, live counters (refreshing while the page is open), and its people in three tabs
 * (报名名单 / 候补 / 签到, each filtered through the URL with a CSV of exactly those rows); writers publish,
 * close sign-up, edit or cancel from here.
 */
export function EventDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { permissions } = useSession();
  const [search, setSearch] = useSearchParams();
  const [event, setEvent] = useState<EventAdmin | null>(null);
  const [missing, setMissing] = useState(false);
  const tableRef = useRef<ActionType>();
  const lastCounters = useRef<string>('');
  // Tier names for 可报名等级 (roles that cannot read tiers see the codes).
  const [tierNames, setTierNames] = useState<Map<string, string>>(new Map());
  const tab = (TABS.find((t) => t.key === search.get('tab'))?.key ?? 'signups') as SignupTab;

  const load = useCallback(async () => {
    try {
      const e = await eventsApi.get(id);
      lastCounters.current = JSON.stringify(e.counters);
      setEvent(e);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else showError(e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!permissions.viewLoyalty) return;
    loyaltyApi.tiers().then((list) => setTierNames(new Map(list.map((t) => [t.code, t.name]))), showError);
  }, [permissions.viewLoyalty]);

  // A sign-up, check-in or cancellation moved the counters: the open tab shows the new rows too.
  const onCounters = useCallback(
    (c: EventCounters) => {
      const key = JSON.stringify(c);
      if (key === lastCounters.current) return;
      lastCounters.current = key;
      void tableRef.current?.reload();
      // The sessions' counters come with the event.
      void load();
    },
    [load],
  );

  // A cancellation moves every sign-up at once: reload the event and the open tab's rows.
  const afterAction = () => {
    void load();
    void tableRef.current?.reload();
  };

  if (missing)
    return (
      <Result
        status="404"
        title="活动不存在"
        subTitle="活动不存在，或不属于当前账号可查看的门店"
        extra={<Button onClick={() => navigate('/events/list')}>返回活动列表</Button>}
      />
    );
  if (!event) return <Skeleton active style={{ padding: 24 }} />;

  const status = EVENT_STATUS_ENUM[event.status];
  const canEdit = event.status === 'DRAFT' || event.status === 'PUBLISHED';
  const setParams = (next: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
    setSearch(params, { replace: true });
  };
  const initialFilters = {
    status: search.get('status') ?? undefined,
    memberNo: search.get('memberNo') ?? undefined,
    sessionId: search.get('sessionId') ?? undefined,
  };
  const sessionId = Number(search.get('sessionId')) || undefined;

  return (
    <PageContainer
      title={event.title}
      subTitle={<Badge status={status.status.toLowerCase() as BadgeStatus} text={status.text} />}
      onBack={() => navigate('/events/list')}
      extra={
        <Space>
          {canEdit &&
            (permissions.manageEvents ? (
              <Button
                icon={<EditOutlined />}
                data-testid="event-edit"
                onClick={() => navigate(`/events/${event.id}/edit`)}
              >
                编辑
              </Button>
            ) : (
              <Tooltip title="无权限">
                <Button icon={<EditOutlined />} disabled>
                  编辑
                </Button>
              </Tooltip>
            ))}
          {event.status !== 'DRAFT' && (
            <Button
              icon={<SmileOutlined />}
              data-testid="event-feedback"
              onClick={() => navigate(`/events/${event.id}/feedback`)}
            >
              活动评价
            </Button>
          )}
          <EventStatusActions event={event} canManage={permissions.manageEvents} onDone={afterAction} />
        </Space>
      }
      tabList={TABS}
      tabActiveKey={tab}
      onTabChange={(key) => setParams({ tab: key })}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard bordered>
          <ProDescriptions<EventAdmin> column={2} size="small" dataSource={event} data-testid="event-descriptions">
            <ProDescriptions.Item label="海报" span={2}>
              {event.posters.length ? (
                <Image.PreviewGroup>
                  <Space>
                    {event.posters.map((p) => (
                      <Image
                        key={p.id}
                        src={p.thumbUrl}
                        preview={{ src: p.url }}
                        width={96}
                        height={54}
                        style={{ objectFit: 'cover', borderRadius: 4 }}
                        alt=""
                        data-testid="event-detail-poster"
                      />
                    ))}
                  </Space>
                </Image.PreviewGroup>
              ) : (
                '无海报'
              )}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="活动时间">
              {timeRange(event.startsAt, event.endsAt)}
              {event.sessions.length ? `（共 ${event.sessions.length} 个场次）` : ''}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="地点">
              {event.store.name}
              {event.address ? ` · ${event.address}` : event.store.address ? ` · ${event.store.address}` : ''}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="报名时间">
              {minute(event.signupStartsAt)} 至 {minute(event.signupEndsAt)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="取消截止">
              {event.sessions.length
                ? `每场开始前 ${Math.round((Date.parse(event.startsAt) - Date.parse(event.cancelDeadline)) / 3_600_000)} 小时`
                : minute(event.cancelDeadline)}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="名额">
              {event.sessions.length ? '按场次（见下表）' : `${people(event.capacity)} 人`} · 每人可带同行{' '}
              {event.maxCompanions} 人
            </ProDescriptions.Item>
            <ProDescriptions.Item label="报名费用">
              <Space size={4}>
                <Tag>{EVENT_FEE_KIND_LABELS[event.feeKind]}</Tag>
                {event.feeKind !== 'FREE' && feeText(event)}
              </Space>
            </ProDescriptions.Item>
            <ProDescriptions.Item label="可报名等级">
              {event.tierCodes?.length ? event.tierCodes.map((c) => tierNames.get(c) ?? c).join('、') : '全部等级'}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="签到奖励">
              {[
                event.rewardPoints ? `${people(event.rewardPoints)} 积分` : null,
                event.rewardCoupon ? `优惠券「${event.rewardCoupon.name}」` : null,
              ]
                .filter(Boolean)
                .join(' + ') || '无'}
            </ProDescriptions.Item>
            <ProDescriptions.Item label="发布时间">{minute(event.publishedAt)}</ProDescriptions.Item>
            <ProDescriptions.Item label="更新时间">{minute(event.updatedAt)}</ProDescriptions.Item>
            {event.status === 'CANCELLED' && (
              <ProDescriptions.Item label="取消原因" span={2}>
                <Typography.Text type="danger" data-testid="event-cancel-reason">
                  {minute(event.cancelledAt)} 取消：{event.cancelReason}
                </Typography.Text>
              </ProDescriptions.Item>
            )}
            {event.description && (
              <ProDescriptions.Item label="活动介绍" span={2}>
                <Typography.Paragraph
                  ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}
                  style={{ margin: 0, whiteSpace: 'pre-wrap' }}
                >
                  {event.description}
                </Typography.Paragraph>
              </ProDescriptions.Item>
            )}
          </ProDescriptions>
        </ProCard>
        <EventLiveCounters key={event.version} eventId={event.id} initial={event.counters} onChange={onCounters} />
        {event.sessions.length > 0 && (
          <EventSessionsCard
            sessions={event.sessions}
            selected={sessionId}
            onPick={(id) => setParams({ tab, ...initialFilters, sessionId: id ? String(id) : undefined })}
          />
        )}
        <SignupTable
          key={`${tab}:${sessionId ?? ''}`}
          eventId={event.id}
          sessions={event.sessions}
          tab={tab}
          initial={initialFilters}
          actionRef={tableRef}
          onFilters={(f) =>
            setParams({ tab, ...f, sessionId: 'sessionId' in f && f.sessionId ? String(f.sessionId) : undefined })
          }
        />
      </Space>
    </PageContainer>
  );
}
