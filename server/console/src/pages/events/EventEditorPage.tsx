import { PageContainer, ProCard, StepsForm } from '@ant-design/pro-components';
import { ErrorCode, EVENT_MAX_POSTERS, type EventAdmin } from '@member/shared';
import { Alert, Button, Col, Result, Row, Skeleton, Space, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { eventsApi } from '../../api/events';
import { useSession } from '../../auth/AuthContext';
import { ImageUploadField } from '../../components/ImageUploadField';
import { errorText, showError, showSuccess } from '../../utils/feedback';
import { pickerValue } from '../../utils/format';
import { EventCardPreview } from './EventCardPreview';
import {
  DEFAULT_EVENT_VALUES,
  eventInputOf,
  eventPreviewOf,
  eventValuesOf,
  sessionsOf,
  STEP_FIELDS,
  type EventFormValues,
} from './event-form';
import { BasicStepFields, RewardStepFields, SignupStepFields } from './EventFormSteps';
import { EVENT_STATUS_ENUM } from './event-labels';
import { useEventOptions } from './use-event-options';

/** A refusal the form shows in place (not a toast): the server's reason and what to do next. */
interface FormProblem {
  kind: 'conflict' | 'cash' | 'other';
  text: string;
}

function problemOf(e: unknown): FormProblem {
  if (e instanceof ApiError && e.code === ErrorCode.EVENT_VERSION_CONFLICT)
    return { kind: 'conflict', text: e.message };
  if (e instanceof ApiError && e.code === ErrorCode.EVENT_CASH_FEE_UNAVAILABLE)
    return { kind: 'cash', text: e.message };
  return { kind: 'other', text: errorText(e) };
}

const pick = (v: EventFormValues, step: number) =>
  Object.fromEntries(STEP_FIELDS[step].map((k) => [k, v[k]])) as Partial<EventFormValues>;

/**
 * 新建 / 编辑活动 on a full page in three steps (基本信息 → 报名设置 → 奖励), the member's event card on the
 * right, updated as the operator types. An edit carries the version it started from; when someone saved in
 * between, the page says so and offers the latest version.
 */
export function EventEditorPage() {
  const { id: idParam } = useParams();
  const id = idParam ? Number(idParam) : null;
  const navigate = useNavigate();
  const { permissions } = useSession();
  const options = useEventOptions();
  const forms = useRef<MutableRefObject<FormInstance | undefined>[]>([]);
  const [event, setEvent] = useState<EventAdmin | null>(null);
  const [loading, setLoading] = useState(id != null);
  const [values, setValues] = useState<Partial<EventFormValues>>(DEFAULT_EVENT_VALUES);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);

  const show = useCallback((e: EventAdmin) => {
    const v = eventValuesOf(e);
    setEvent(e);
    setValues(v);
    setCoverUrl(e.posters[0]?.thumbUrl ?? null);
    setProblem(null);
    forms.current.forEach((f, i) => f.current?.setFieldsValue(pick(v, i)));
  }, []);

  const load = useCallback(async () => {
    if (id == null) return;
    setLoading(true);
    try {
      show(await eventsApi.get(id));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [id, show]);

  useEffect(() => {
    void load();
  }, [load]);

  const couponOptions = useMemo(() => {
    const reward = event?.rewardCoupon;
    return reward && !options.couponOptions.some((o) => o.value === reward.templateId)
      ? [...options.couponOptions, { label: reward.name, value: reward.templateId }]
      : options.couponOptions;
  }, [event, options.couponOptions]);

  const preview = useMemo(
    () =>
      eventPreviewOf(values, {
        storeNames: options.storeNames,
        tierNames: options.tierNames,
        couponNames: new Map(couponOptions.map((o) => [o.value, o.label])),
        coverUrl,
        seatsTaken: event?.seatsTaken ?? 0,
        now: dayjs(),
      }),
    [values, options, couponOptions, coverUrl, event],
  );

  if (!permissions.manageEvents) return <Result status="403" title="没有权限" subTitle="当前账号无权编辑活动" />;
  if (id != null && loading && !event) return <Skeleton active style={{ padding: 24 }} />;
  if (event && (event.status === 'CLOSED' || event.status === 'CANCELLED'))
    return (
      <Result
        status="warning"
        title={`${EVENT_STATUS_ENUM[event.status].text}的活动不能修改`}
        extra={<Button onClick={() => navigate(`/events/${event.id}`)}>返回活动详情</Button>}
      />
    );

  // The forms' own values (pickers' Dayjs as picked): ProForm hands onValuesChange formatted date text.
  const formValues = () =>
    Object.assign({}, ...forms.current.map((f) => f.current?.getFieldsValue(true) ?? {})) as EventFormValues;
  const onValues = () => setValues(formValues());

  const submit = async () => {
    setProblem(null);
    setSaving(true);
    try {
      // Each step is its own form: read all three (Dayjs kept; eventInputOf reads them as Beijing time).
      const input = eventInputOf(formValues());
      const saved = event
        ? await eventsApi.update(event.id, { ...input, version: event.version })
        : await eventsApi.create(input);
      showSuccess(event ? '已保存' : '已创建，发布后会员可报名');
      navigate(`/events/${saved.id}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setProblem(problemOf(e));
    } finally {
      setSaving(false);
    }
    // Never let StepsForm reset the steps: success leaves the page, a refusal keeps what was typed.
    return false;
  };

  const initial = event ? eventValuesOf(event) : DEFAULT_EVENT_VALUES;
  // Sign-up (and a single event's cancellation) ends by the start: of the last session when there are sessions.
  const planned = values.schedule === 'SESSIONS' ? sessionsOf(values.sessions) : [];
  const lastStart =
    values.schedule === 'SESSIONS'
      ? planned.length
        ? pickerValue(planned[planned.length - 1].startsAt)
        : null
      : (values.time?.[0] ?? null);
  const stepForm = { dateFormatter: false as const, layout: 'vertical' as const, onValuesChange: onValues };

  return (
    <PageContainer
      title={event ? `编辑活动：${event.title}` : '新建活动'}
      onBack={() => navigate(event ? `/events/${event.id}` : '/events/list')}
    >
      {event && event.status === 'PUBLISHED' && (
        <Alert
          type="warning"
          showIcon
          data-testid="event-published-warning"
          style={{ marginBottom: 16 }}
          message={`此活动已发布，已有 ${event.seatsTaken.toLocaleString('en-US')} 人报名`}
          description="修改会立即对会员生效；报名费用不能修改，名额不能少于已报名人数；已有报名的场次不能删除。"
        />
      )}
      <Row gutter={24} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <ProCard bordered>
            <StepsForm<EventFormValues>
              current={step}
              onCurrentChange={setStep}
              formMapRef={forms}
              onFinish={submit}
              stepsProps={{ style: { marginBottom: 24 } }}
              submitter={{
                render: ({ onPre, onSubmit }) => (
                  <Space>
                    {step > 0 && (
                      <Button data-testid="event-prev" onClick={onPre}>
                        上一步
                      </Button>
                    )}
                    {step < 2 ? (
                      <Button type="primary" data-testid="event-next" onClick={onSubmit}>
                        下一步
                      </Button>
                    ) : (
                      <Button type="primary" data-testid="event-submit" loading={saving} onClick={onSubmit}>
                        {event ? '保存修改' : '创建活动'}
                      </Button>
                    )}
                    <Button onClick={() => navigate(-1)}>取消</Button>
                  </Space>
                ),
              }}
            >
              <StepsForm.StepForm<EventFormValues>
                name="basic"
                title="基本信息"
                initialValues={pick(initial, 0)}
                {...stepForm}
              >
                <BasicStepFields
                  stores={options.stores}
                  venue={values.venue ?? 'STORE'}
                  schedule={values.schedule ?? 'ONCE'}
                  scheduleLocked={(event?.seatsTaken ?? 0) > 0 || (event?.counters.waitlistParties ?? 0) > 0}
                  defaultCapacity={typeof values.capacity === 'number' ? values.capacity : 30}
                  posters={
                    <ImageUploadField
                      name="posterIds"
                      label="活动海报"
                      maxCount={EVENT_MAX_POSTERS}
                      assets={event?.posters}
                      onAssetsChange={(list) => setCoverUrl(list[0]?.thumbUrl ?? null)}
                      testId="event-posters"
                    />
                  }
                />
              </StepsForm.StepForm>
              <StepsForm.StepForm<EventFormValues>
                name="signup"
                title="报名设置"
                initialValues={pick(initial, 1)}
                {...stepForm}
              >
                <SignupStepFields
                  tiers={options.tiers}
                  feeKind={values.feeKind ?? 'FREE'}
                  feeLocked={event?.status === 'PUBLISHED'}
                  startsAt={lastStart}
                  seatsTaken={event?.seatsTaken ?? 0}
                  schedule={values.schedule ?? 'ONCE'}
                />
              </StepsForm.StepForm>
              <StepsForm.StepForm<EventFormValues>
                name="reward"
                title="奖励"
                initialValues={pick(initial, 2)}
                {...stepForm}
              >
                <RewardStepFields couponOptions={couponOptions} />
              </StepsForm.StepForm>
            </StepsForm>
            {problem && (
              <Alert
                type="error"
                showIcon
                data-testid="event-server-error"
                style={{ marginTop: 16 }}
                message={
                  problem.kind === 'conflict'
                    ? '保存失败：此活动刚被他人修改'
                    : problem.kind === 'cash'
                      ? '现金付费暂未开放'
                      : '保存失败'
                }
                description={problem.text}
                action={
                  problem.kind === 'conflict' ? (
                    <Button size="small" data-testid="event-load-latest" onClick={() => void load()}>
                      载入最新版本
                    </Button>
                  ) : undefined
                }
              />
            )}
          </ProCard>
        </Col>
        <Col flex="400px">
          <div style={{ position: 'sticky', top: 72 }}>
            <ProCard title="会员看到的样子" subTitle="随填写实时更新" bordered>
              <EventCardPreview event={preview} />
            </ProCard>
          </div>
        </Col>
      </Row>
    </PageContainer>
  );
}
