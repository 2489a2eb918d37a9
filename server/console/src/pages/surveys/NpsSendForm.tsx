import {
  ModalForm,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { NPS_QUESTION_TITLE, SURVEY_RULES as R, type SurveyAdmin, type SurveyTarget, type Tier } from '@member/shared';
import { Alert } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { loyaltyApi } from '../../api/admin';
import { newRequestId } from '../../api/points-admin';
import { surveysApi } from '../../api/surveys';
import { showError, showSuccess } from '../../utils/feedback';
import { QuestionFields, questionInputs, type QuestionValues } from './QuestionFields';

interface SendValues {
  title: string;
  targetKind: SurveyTarget['kind'];
  tierId?: number;
  memberNos?: string;
  closesAt: string;
  questions?: QuestionValues[];
}

const memberNosOf = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * 发送满意度调查: the 0–10 question and a comment, optional added questions, to everyone, a tier, or listed
 * member numbers (the coupon batches' targets); members see it on 我的 until it closes. One request id per
 * opened form, so a retried send never sends twice.
 */
export function NpsSendForm({ trigger, onDone }: { trigger: ReactElement; onDone: (s: SurveyAdmin) => void }) {
  const [tiers, setTiers] = useState<Tier[]>([]);
  const requestId = useRef(newRequestId());
  useEffect(() => {
    loyaltyApi.tiers().then(setTiers, () => setTiers([]));
  }, []);
  return (
    <ModalForm<SendValues>
      title="发送满意度调查（NPS）"
      width={760}
      trigger={trigger}
      modalProps={{ destroyOnClose: true, maskClosable: false, afterClose: () => (requestId.current = newRequestId()) }}
      initialValues={{
        title: `${dayjs().format('M')} 月会员满意度调查`,
        targetKind: 'ALL',
        closesAt: dayjs().add(14, 'day').endOf('day').format('YYYY-MM-DD HH:mm:ss'),
      }}
      submitter={{ submitButtonProps: { 'data-testid': 'nps-send-submit' }, searchConfig: { submitText: '发送' } }}
      onFinish={async (v) => {
        const target: SurveyTarget =
          v.targetKind === 'ALL'
            ? { kind: 'ALL' }
            : v.targetKind === 'TIER'
              ? { kind: 'TIER', tierId: v.tierId! }
              : { kind: 'MEMBERS', memberNos: memberNosOf(v.memberNos) };
        try {
          const sent = await surveysApi.sendNps({
            title: v.title.trim(),
            target,
            questions: questionInputs(v.questions),
            closesAt: dayjs(v.closesAt).toISOString(),
            requestId: requestId.current,
          });
          showSuccess(`已发送给 ${sent.audience} 位会员`);
          onDone(sent);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`固定题目：“${NPS_QUESTION_TITLE}”（0–10 分）和原因（选填）。NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比。`}
      />
      <ProFormText
        name="title"
        label="调查名称"
        width="lg"
        fieldProps={{ 'data-testid': 'nps-title' } as object}
        rules={[
          { required: true, message: '请输入调查名称' },
          {
            min: R.surveyTitle.min,
            max: R.surveyTitle.max,
            message: `名称须为 ${R.surveyTitle.min}–${R.surveyTitle.max} 个字`,
          },
        ]}
      />
      <ProFormRadio.Group
        name="targetKind"
        label="发送对象"
        options={[
          { value: 'ALL', label: '全部会员' },
          { value: 'TIER', label: '按会员等级' },
          { value: 'MEMBERS', label: '指定会员' },
        ]}
      />
      <ProFormDependency name={['targetKind']}>
        {({ targetKind }) =>
          targetKind === 'TIER' ? (
            <ProFormSelect
              name="tierId"
              label="会员等级"
              width="md"
              options={tiers.map((t) => ({ value: t.id, label: t.name }))}
              rules={[{ required: true, message: '请选择会员等级' }]}
            />
          ) : targetKind === 'MEMBERS' ? (
            <ProFormTextArea
              name="memberNos"
              label="会员号"
              placeholder="每行一个，或用逗号分隔"
              fieldProps={{ rows: 4, 'data-testid': 'nps-member-nos' } as object}
              rules={[{ required: true, message: '请填写会员号' }]}
            />
          ) : null
        }
      </ProFormDependency>
      <ProFormDateTimePicker
        name="closesAt"
        label="截止时间"
        rules={[{ required: true, message: '请选择截止时间' }]}
        extra={`最长 ${R.npsMaxDays} 天`}
      />
      <QuestionFields builtIns={2} />
    </ModalForm>
  );
}
