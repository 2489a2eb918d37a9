import { ModalForm, ProFormDependency, ProFormRadio, ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import {
  COUPON_TEXT_LIMITS as T,
  lengthMessage,
  type CouponBatch,
  type CouponBatchTarget,
  type Tier,
} from '@member/shared';
import { Alert, Button } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { couponBatchesApi } from '../../api/coupons';
import { newRequestId } from '../../api/points-admin';
import { errorText, showError, showSuccess } from '../../utils/feedback';
import { useTemplateOptions } from './useCouponOptions';

// The server refuses more in one batch; a tier or everyone covers larger groups.
const MEMBERS_MAX = 10_000;

interface BatchFormValues {
  templateId: number;
  targetKind: CouponBatchTarget['kind'];
  memberNos?: string;
  tierId?: number;
  note: string;
}

/** Member numbers pasted from a sheet: one per line, or separated by commas, spaces or 、; duplicates dropped. */
export function parseMemberNos(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,，、;；]+/).filter(Boolean))];
}

function targetOf(v: BatchFormValues): CouponBatchTarget {
  if (v.targetKind === 'MEMBERS') return { kind: 'MEMBERS', memberNos: parseMemberNos(v.memberNos) };
  if (v.targetKind === 'TIER') return { kind: 'TIER', tierId: v.tierId! };
  return { kind: 'ALL' };
}

/** 新建批量发券: template, who gets it, a note; the batch then runs on the server with a progress bar. */
export function CreateBatchForm({
  templateId,
  onCreated,
}: {
  templateId?: number;
  onCreated: (b: CouponBatch) => void;
}) {
  // Only active templates that are claimed or issued by hand can be sent in a batch (the server's rule).
  const { options } = useTemplateOptions(
    (t) => t.status === 'ACTIVE' && (t.trigger === 'MANUAL' || t.trigger === 'CLAIM'),
  );
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  // One id per opened form, reused on every retry of the same submit: a lost answer never issues twice.
  const requestId = useRef(newRequestId());
  useEffect(() => {
    loyaltyApi.tiers().then((list) => setTiers(list.filter((t) => t.active)), showError);
  }, []);

  return (
    <ModalForm<BatchFormValues>
      title="批量发券"
      width={600}
      trigger={
        <Button type="primary" icon={<PlusOutlined />} data-testid="batch-create">
          批量发券
        </Button>
      }
      initialValues={{ templateId, targetKind: 'MEMBERS' }}
      modalProps={{ destroyOnClose: true }}
      onOpenChange={(open) => {
        if (open) {
          requestId.current = newRequestId();
          setProblem(null);
        }
      }}
      submitter={{ searchConfig: { submitText: '开始发放', resetText: '取消' } }}
      onFinish={async (v) => {
        setProblem(null);
        try {
          const batch = await couponBatchesApi.create({
            templateId: v.templateId,
            target: targetOf(v),
            note: v.note.trim(),
            requestId: requestId.current,
          });
          showSuccess(`已开始发放，共 ${batch.total.toLocaleString('en-US')} 位会员`);
          onCreated(batch);
          return true;
        } catch (e) {
          setProblem(errorText(e));
          return false;
        }
      }}
    >
      <ProFormSelect
        name="templateId"
        label="优惠券"
        placeholder="选择发放中的券（发放方式为领券中心或仅手动发放）"
        fieldProps={{ showSearch: true, optionFilterProp: 'label' }}
        options={options}
        rules={[{ required: true, message: '请选择优惠券' }]}
      />
      <ProFormRadio.Group
        name="targetKind"
        label="发给谁"
        radioType="button"
        options={[
          { label: '指定会员', value: 'MEMBERS' },
          { label: '会员等级', value: 'TIER' },
          { label: '全部会员', value: 'ALL' },
        ]}
      />
      <ProFormDependency name={['targetKind', 'memberNos']}>
        {({ targetKind, memberNos }) =>
          targetKind === 'MEMBERS' ? (
            <ProFormTextArea
              name="memberNos"
              label="会员号"
              placeholder="每行一个会员号，也可用逗号或空格分隔（可从表格直接粘贴）"
              extra={`已识别 ${parseMemberNos(memberNos as string).length} 个会员号（重复的只发一次），一次最多 ${MEMBERS_MAX.toLocaleString('en-US')} 个`}
              fieldProps={{ autoSize: { minRows: 4, maxRows: 10 }, 'data-testid': 'batch-member-nos' } as object}
              rules={[
                {
                  validator: (_: unknown, text: string) => {
                    const n = parseMemberNos(text).length;
                    if (!n) return Promise.reject(new Error('请至少填写一个会员号'));
                    return n <= MEMBERS_MAX
                      ? Promise.resolve()
                      : Promise.reject(new Error(`一次最多 ${MEMBERS_MAX.toLocaleString('en-US')} 个会员号`));
                  },
                },
              ]}
            />
          ) : targetKind === 'TIER' ? (
            <ProFormSelect
              name="tierId"
              label="会员等级"
              options={tiers.map((t) => ({ label: t.name, value: t.id }))}
              rules={[{ required: true, message: '请选择会员等级' }]}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 24 }}
              message="将发给全部会员，每人一张；库存发完即停止。"
            />
          )
        }
      </ProFormDependency>
      <ProFormTextArea
        name="note"
        label="发放说明"
        placeholder="例如：双十一老客回馈"
        fieldProps={{ maxLength: T.batchNote.max, showCount: true }}
        rules={[
          { required: true, whitespace: true, message: '请填写发放说明' },
          { min: T.batchNote.min, max: T.batchNote.max, message: lengthMessage('发放说明', T.batchNote) },
        ]}
      />
      <Alert
        type="info"
        showIcon
        message="同一批次不会重复发给同一会员；不符合等级条件或库存发完的会员计为跳过。发放在后台进行，可以离开此页。"
      />
      {problem && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="batch-error"
          message="未能开始发放"
          description={problem}
        />
      )}
    </ModalForm>
  );
}
