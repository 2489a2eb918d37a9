import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, Loading, Tag } from '@nutui/nutui-react-taro';
import type { EventCheckinResult, EventCounters, StaffEventToday } from '@member/shared';
import { PageShell } from '../../../components/PageShell';
import { showInfo } from '../../../components/feedback';
import { PlatformError, platform } from '../../../platform';
import { errorMessage } from '../../../services/api-error';
import { staffEventsApi } from '../../../services/events-api';
import {
  bannerOfError,
  bannerOfResult,
  counterText,
  eventTimeRange,
  isCheckinCode,
  newEventRequestId,
  normalizeCheckinCode,
  type CheckinBanner,
} from '../../../utils/events';
import { sessionText } from '../../../utils/event-sessions';
import { StaffGate, useStaff } from '../StaffGate';
import { WalkInSheet } from './WalkInSheet';
import '../staff.scss';
import './index.scss';

// Counters refresh while the page is on screen: other clerks check people in at the same door.
const COUNTER_POLL_MS = 5000;
// How long the banner stays before the camera opens again in continuous scanning.
const RESCAN_DELAY_MS = 1500;

/** An entry's time: the session of the day for an event with sessions. */
const doorTime = (t: StaffEventToday) =>
  t.session ? `场次 ${sessionText(t.session)}` : eventTimeRange(t.event.startsAt, t.event.endsAt);

interface Shown extends CheckinBanner {
  /** Changes with every scan, so the same banner twice still flashes. */
  seq: number;
}

function EventPicker(props: {
  list: StaffEventToday[] | null;
  error: string | null;
  onPick: (t: StaffEventToday) => void;
  onReload: () => void;
}) {
  const { list, error } = props;
  if (!list) {
    return (
      <View className="staff__scan">
        {error ? (
          <>
            <Text id="checkin-events-error" className="staff__error">
              {error}
            </Text>
            <Button type="primary" onClick={props.onReload}>
              重新加载
            </Button>
          </>
        ) : (
          <Loading type="circular">加载今日活动…</Loading>
        )}
      </View>
    );
  }
  if (list.length === 0) {
    return (
      <View id="checkin-no-events" className="staff__scan">
        <Text className="staff__label">本店今天没有活动</Text>
        <Text className="staff__tip">只有在本店举办、今天进行的活动可以在这里签到</Text>
        <Button fill="outline" type="primary" onClick={props.onReload}>
          刷新
        </Button>
      </View>
    );
  }
  return (
    <View id="checkin-events" className="checkin-events">
      <Text className="checkin-events__title">选择要签到的活动</Text>
      {list.map((t) => (
        <View
          key={`${t.event.id}:${t.session?.id ?? 0}`}
          id={t.session ? `checkin-door-${t.event.id}-${t.session.id}` : undefined}
          className="checkin-event"
          aria-role="button"
          onClick={() => props.onPick(t)}
        >
          <View className="checkin-event__main">
            <Text className="checkin-event__name">{t.event.title}</Text>
            <Text className="checkin-event__line">{doorTime(t)}</Text>
            <Text className="checkin-event__line">{counterText(t.counters)}</Text>
          </View>
          <Tag type={t.checkinOpen ? 'success' : 'default'} plain={!t.checkinOpen}>
            {t.checkinOpen ? '签到中' : '未开放'}
          </Tag>
        </View>
      ))}
    </View>
  );
}

function CheckinContent() {
  const staff = useStaff();
  const [list, setList] = useState<StaffEventToday[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [picked, setPicked] = useState<StaffEventToday | null>(null);
  const [counters, setCounters] = useState<EventCounters | null>(null);
  const [banner, setBanner] = useState<Shown | null>(null);
  const [recent, setRecent] = useState<(Shown & { at: string })[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [scanning, setScanning] = useState(false);
  const scanningRef = useRef(false);
  const [walkInOpen, setWalkInOpen] = useState(false);
  // An unanswered check-in: scanning the same code again resends its request id (the server answers once).
  const unsure = useRef<{ code: string; requestId: string } | null>(null);
  const seq = useRef(0);

  const loadToday = useCallback(async () => {
    setListError(null);
    try {
      const today = await staffEventsApi.today();
      setList(today);
      // One event today: straight to scanning.
      setPicked((p) => p ?? (today.length === 1 ? today[0] : null));
    } catch (e) {
      setListError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void loadToday();
  }, [loadToday]);

  const eventId = picked?.event.id ?? null;
  // An event with sessions is checked in session by session: this door is the session of the day.
  const sessionId = picked?.session?.id ?? null;
  const refreshCounters = useCallback(async () => {
    if (eventId == null) return;
    try {
      setCounters(await staffEventsApi.counters(eventId, sessionId));
    } catch {
      // Keep the last figures; the next scan or poll brings fresh ones.
    }
  }, [eventId, sessionId]);

  const [visible, setVisible] = useState(true);
  useDidShow(() => setVisible(true));
  useDidHide(() => {
    setVisible(false);
    scanningRef.current = false;
  });
  useEffect(() => {
    if (eventId == null || !visible) return;
    setCounters(picked?.counters ?? null);
    void refreshCounters();
    const timer = setInterval(() => void refreshCounters(), COUNTER_POLL_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, sessionId, visible, refreshCounters]);
  useEffect(
    () => () => {
      scanningRef.current = false;
    },
    [],
  );

  const show = (b: CheckinBanner) => {
    seq.current += 1;
    const shown = { ...b, seq: seq.current };
    setBanner(shown);
    setRecent((r) => [{ ...shown, at: new Date().toISOString() }, ...r].slice(0, 5));
    platform.vibrateShort();
  };

  const shownResult = (res: EventCheckinResult) => {
    setCounters(res.counters);
    show(bannerOfResult(res, eventId!));
  };

  const submit = async (raw: string) => {
    if (eventId == null || busyRef.current) return;
    const code = normalizeCheckinCode(raw);
    if (!isCheckinCode(code)) {
      show({ tone: 'bad', title: '无法识别', detail: '请扫描活动门票二维码或会员码，或输入门票下方的 12 位票码' });
      return;
    }
    busyRef.current = true;
    setBusy(true);
    const requestId = unsure.current?.code === code ? unsure.current.requestId : newEventRequestId('K');
    try {
      const res = await staffEventsApi.checkin({ code, eventId, ...(sessionId ? { sessionId } : {}), requestId });
      unsure.current = null;
      setInput('');
      shownResult(res);
    } catch (e) {
      const b = bannerOfError(e, errorMessage(e));
      unsure.current = b.unsure ? { code, requestId } : null;
      show(b);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  // Continuous scanning: the camera opens again after each banner, until the clerk closes it.
  const scanLoop = async () => {
    if (scanningRef.current) return;
    scanningRef.current = true;
    setScanning(true);
    try {
      while (scanningRef.current) {
        let text: string;
        try {
          text = await platform.scanCode();
        } catch (e) {
          if (e instanceof PlatformError && e.reason === 'unsupported') showInfo('浏览器中无法扫码，请输入票码');
          else if (!(e instanceof PlatformError && e.reason === 'cancelled')) show(bannerOfError(e, errorMessage(e)));
          break;
        }
        await submit(text);
        await new Promise((r) => setTimeout(r, RESCAN_DELAY_MS));
      }
    } finally {
      scanningRef.current = false;
      setScanning(false);
    }
  };

  if (!picked) {
    return (
      <View className="staff">
        <View className="staff__banner">
          <Text className="staff__banner-title">{staff?.storeName ?? '门店'} · 活动签到</Text>
          <Text className="staff__banner-sub">今天在本店举办的活动</Text>
        </View>
        <EventPicker
          list={list}
          error={listError}
          onReload={() => void loadToday()}
          onPick={(t) => {
            setPicked(t);
            setBanner(null);
            setRecent([]);
          }}
        />
      </View>
    );
  }

  const c = counters ?? picked.counters;
  const code = normalizeCheckinCode(input);
  return (
    <View className="staff checkin">
      <View className="staff__banner">
        <View className="checkin__head">
          <Text id="checkin-event-title" className="staff__banner-title">
            {picked.event.title}
          </Text>
          {list && list.length > 1 && (
            <Text id="checkin-switch" className="checkin__switch" onClick={() => setPicked(null)}>
              换一场
            </Text>
          )}
        </View>
        <Text className="staff__banner-sub">
          {doorTime(picked)} · {staff?.storeName ?? ''}
        </Text>
        <Text id="checkin-counter" className="checkin__counter">
          {counterText(c)}
        </Text>
        <Text className="staff__banner-sub">
          剩余名额 {Math.max(0, c.seatsLeft)} · 现场报名 {c.walkInParties} 组
        </Text>
      </View>

      {banner ? (
        <View
          id="checkin-banner"
          key={banner.seq}
          className={`checkin__banner checkin__banner--${banner.tone}`}
          aria-live="assertive"
        >
          <Text id="checkin-banner-title" className="checkin__banner-title">
            {banner.title}
          </Text>
          <Text className="checkin__banner-detail">{banner.detail}</Text>
        </View>
      ) : (
        <View className="checkin__banner checkin__banner--idle">
          <Text className="checkin__banner-detail">扫描会员出示的活动门票，结果会显示在这里</Text>
        </View>
      )}

      <View className="staff__scan">
        <Button
          id="checkin-scan"
          type="primary"
          size="large"
          block
          loading={scanning}
          onClick={() => (scanning ? (scanningRef.current = false) : void scanLoop())}
        >
          {scanning ? '连续扫码中…' : '扫码签到'}
        </Button>
        <Text className="staff__tip">
          {platform.kind === 'h5' ? '浏览器演示不支持摄像头扫码，请手动输入票码' : '签到后自动继续扫码，关闭相机即停止'}
        </Text>
      </View>

      <View className="staff__form">
        <Text className="staff__label">手动输入票码</Text>
        <Input
          id="checkin-code-input"
          className="staff__input"
          type="text"
          placeholder="门票下方 12 位票码，或 18 位会员码"
          value={input}
          onChange={setInput}
          onConfirm={() => void submit(input)}
          clearable
        />
        <Button
          id="checkin-submit"
          type="primary"
          block
          loading={busy}
          disabled={!isCheckinCode(code) || busy}
          onClick={() => void submit(input)}
        >
          签到
        </Button>
      </View>

      {/* Walk-ins take the event's own seats: a session's seats are taken by signing up for the session. */}
      <Button
        id="checkin-walkin"
        block
        size="large"
        disabled={c.seatsLeft < 1 || !!picked.session}
        onClick={() => setWalkInOpen(true)}
      >
        {picked.session
          ? '分场次活动请会员在小程序报名本场'
          : c.seatsLeft < 1
            ? '名额已满，不能现场报名'
            : '登记现场报名'}
      </Button>

      {recent.length > 0 && (
        <View id="checkin-recent" className="checkin__recent">
          <Text className="staff__label">最近签到</Text>
          {recent.map((r) => (
            <View key={r.seq} className="checkin__recent-row">
              <Text className={`checkin__dot checkin__dot--${r.tone}`}>{r.title}</Text>
              <Text className="checkin__recent-detail">{r.detail}</Text>
            </View>
          ))}
        </View>
      )}

      <WalkInSheet
        today={{ ...picked, counters: c }}
        visible={walkInOpen}
        onClose={() => setWalkInOpen(false)}
        onDone={(res) => {
          setWalkInOpen(false);
          shownResult(res);
        }}
      />
    </View>
  );
}

export default function EventCheckinPage() {
  return (
    <PageShell>
      <StaffGate>
        <CheckinContent />
      </StaffGate>
    </PageShell>
  );
}
