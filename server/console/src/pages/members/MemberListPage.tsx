import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { GENDER_LABELS } from '@member/shared';
import type { AdminMemberListItem } from '@member/shared';
import { Input, Tag } from 'antd';
import { useRef, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { membersApi } from '../../api/admin';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';

const columns: ProColumns<AdminMemberListItem>[] = [
  {
    title: '会员号',
    dataIndex: 'memberNo',
    render: (_, r) => <Link to={`/members/${r.id}`}>{r.memberNo}</Link>,
  },
  { title: '昵称', dataIndex: 'nickname' },
  { title: '手机号', dataIndex: 'phoneMasked', render: (_, r) => r.phoneMasked ?? '未绑定' },
  { title: '性别', dataIndex: 'gender', render: (_, r) => GENDER_LABELS[r.gender] ?? r.gender },
  { title: '生日', dataIndex: 'birthday', render: (_, r) => r.birthday ?? '—' },
  {
    title: '身份',
    dataIndex: 'isStaff',
    render: (_, r) => (r.isStaff ? <Tag color="blue">店员</Tag> : <Tag>会员</Tag>),
  },
  { title: '注册时间', dataIndex: 'joinedAt', render: (_, r) => formatTime(r.joinedAt) },
];

function rowAttrs(record: AdminMemberListItem): HTMLAttributes<HTMLElement> {
  // data-* keys are valid DOM attributes but not part of HTMLAttributes' declared keys.
  const attrs: Record<string, string> = {
    'data-testid': 'member-row',
    'data-member-no': record.memberNo,
  };
  return attrs as HTMLAttributes<HTMLElement>;
}

export function MemberListPage() {
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>();
  const [q, setQ] = useState('');

  return (
    <PageContainer title="会员" content="按会员号、手机号（完整号码）或昵称查找会员。">
      <ProTable<AdminMemberListItem, { q: string }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        params={{ q }}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        headerTitle={
          <Input.Search
            data-testid="member-search"
            placeholder="会员号 / 手机号 / 昵称"
            allowClear
            enterButton="搜索"
            style={{ width: 360 }}
            onSearch={(value) => setQ(value.trim())}
          />
        }
        onRow={(record) => ({
          ...rowAttrs(record),
          onDoubleClick: () => navigate(`/members/${record.id}`),
        })}
        request={async (params) => {
          try {
            const page = await membersApi.list({
              q: params.q || undefined,
              page: params.current,
              pageSize: params.pageSize,
            });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
