import { CONSENT_KIND_LABELS, DELETION_STATUS_LABELS } from '@member/shared';
import type { AdminMemberPrivacy, ConsentRecord, ConsentState } from '@member/shared';
import { Card, Descriptions, Skeleton, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { privacyAdminApi } from '../../api/privacy';
import { errorText } from '../../utils/feedback';
import { formatDate, formatTime } from '../../utils/format';

function ConsentTag({ state }: { state: ConsentState }) {
  if (state.current) return <Tag color="green">已同意 {state.version}</Tag>;
  if (state.granted) return <Tag color="gold">已同意旧版 {state.version}</Tag>;
  return state.version ? <Tag color="red">已撤回</Tag> : <Tag>未同意</Tag>;
}

const historyColumns = [
  { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatTime(at) },
  { title: '授权', dataIndex: 'kind', render: (k: ConsentRecord['kind']) => CONSENT_KIND_LABELS[k] },
  { title: '版本', dataIndex: 'version' },
  {
    title: '操作',
    dataIndex: 'granted',
    render: (g: boolean) => (g ? <Tag color="green">同意</Tag> : <Tag color="red">撤回</Tag>),
  },
];

/** 隐私与授权 on the member page: where each consent stands, its history, and any deletion request. */
export function MemberPrivacyCard({ memberId }: { memberId: number }) {
  const [data, setData] = useState<AdminMemberPrivacy | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    privacyAdminApi
      .memberPrivacy(memberId)
      .then(setData)
      .catch((e: unknown) => setError(errorText(e)));
  }, [memberId]);

  return (
    <Card title="隐私与授权" data-testid="member-privacy">
      {error ? (
        error
      ) : !data ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="隐私政策">
              <ConsentTag state={data.privacy} />
              {data.privacy.at && <span>{formatTime(data.privacy.at)}</span>}
            </Descriptions.Item>
            <Descriptions.Item label="营销授权">
              <ConsentTag state={data.marketing} />
            </Descriptions.Item>
            <Descriptions.Item label="注销申请">
              {data.deletion ? (
                <Link to={`/deletion-requests?status=${data.deletion.status}`}>
                  {DELETION_STATUS_LABELS[data.deletion.status]}（冷静期至 {formatDate(data.deletion.dueAt)}）
                </Link>
              ) : (
                '无'
              )}
            </Descriptions.Item>
          </Descriptions>
          <Table<ConsentRecord>
            size="small"
            rowKey={(r) => `${r.kind}-${r.at}-${String(r.granted)}`}
            columns={historyColumns}
            dataSource={data.history}
            pagination={data.history.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: '暂无授权记录' }}
          />
        </>
      )}
    </Card>
  );
}
