import { SendOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { SURVEY_STATUS_LABELS, type SurveyAdmin, type SurveyStatus } from '@member/shared';
import { Button, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { surveysApi } from '../../api/surveys';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { rowData } from '../../utils/labels';
import { minute } from '../events/event-labels';
import { NpsSendForm } from './NpsSendForm';
import { targetText } from './survey-labels';

const STATUS_ENUM: Record<SurveyStatus, { text: string; status: string }> = {
  OPEN: { text: SURVEY_STATUS_LABELS.OPEN, status: 'Processing' },
  CLOSED: { text: SURVEY_STATUS_LABELS.CLOSED, status: 'Default' },
};

/** 满意度调查: NPS surveys sent to a segment, their reach and answers; writers send new ones. */
export function NpsSurveysPage() {
  const { permissions } = useSession();
  const navigate = useNavigate();
  const ref = useRef<ActionType>();
  const columns: ProColumns<SurveyAdmin>[] = [
    {
      title: '调查名称',
      dataIndex: 'title',
      search: false,
      render: (_, s) => <Link to={`/surveys/${s.id}`}>{s.title}</Link>,
    },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: STATUS_ENUM, width: 100 },
    { title: '发送对象', key: 'target', search: false, render: (_, s) => targetText(s) },
    {
      title: '回答',
      key: 'responses',
      search: false,
      align: 'right',
      width: 140,
      render: (_, s) => (
        <Typography.Text>
          {s.responses} / {s.audience}
          {s.audience ? `（${Math.round((s.responses * 100) / s.audience)}%）` : ''}
        </Typography.Text>
      ),
    },
    { title: '发送时间', key: 'opensAt', search: false, width: 150, render: (_, s) => minute(s.opensAt) },
    { title: '截止时间', key: 'closesAt', search: false, width: 150, render: (_, s) => minute(s.closesAt) },
  ];
  return (
    <PageContainer title="满意度调查（NPS）">
      <ProTable<SurveyAdmin>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        onRow={(s) => rowData({ 'data-testid': 'nps-row', 'data-id': String(s.id) })}
        toolBarRender={() =>
          permissions.manageEvents
            ? [
                <NpsSendForm
                  key="send"
                  onDone={(s) => navigate(`/surveys/${s.id}`)}
                  trigger={
                    <Button type="primary" icon={<SendOutlined />} data-testid="nps-send">
                      发送满意度调查
                    </Button>
                  }
                />,
              ]
            : []
        }
        request={async (p) => {
          try {
            const page = await surveysApi.list({
              kind: 'NPS',
              status: (p.status as SurveyStatus) || undefined,
              page: p.current,
              pageSize: p.pageSize,
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
