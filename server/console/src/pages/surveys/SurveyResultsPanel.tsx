import { ProCard, ProTable, StatisticCard, type ProColumns } from '@ant-design/pro-components';
import type { SurveyAdmin, SurveyResponseAdmin, SurveyResults } from '@member/shared';
import { Col, Rate, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { surveysApi } from '../../api/surveys';
import { useSession } from '../../auth/AuthContext';
import { rowData } from '../../utils/labels';
import { useRecordTable } from '../coupons/use-record-table';
import { minute } from '../events/event-labels';
import { NpsChart, RatingChart, TagChart } from './SurveyCharts';

type ResponseFilters = { rating?: number };
const pct = (v: number) => `${Math.round(v * 100)}%`;

function Stats({ survey, results }: { survey: SurveyAdmin; results: SurveyResults }) {
  const nps = survey.kind === 'NPS';
  return (
    <StatisticCard.Group direction="row" data-testid="survey-stats">
      {nps ? (
        <StatisticCard
          statistic={{
            title: 'NPS',
            value: results.npsScore ?? '—',
            description: `推荐 ${results.promoters} · 中立 ${results.passives} · 贬损 ${results.detractors}`,
          }}
        />
      ) : (
        <StatisticCard
          statistic={{
            title: '平均评分',
            value: results.averageRating ?? '—',
            suffix: results.averageRating != null ? '/ 5' : undefined,
            description: results.averageRating != null && <Rate disabled allowHalf value={results.averageRating} />,
          }}
        />
      )}
      <StatisticCard statistic={{ title: '回答数', value: results.responses, suffix: '份' }} />
      <StatisticCard
        statistic={{
          title: '回答率',
          value: pct(results.responseRate),
          description: `${nps ? '发送' : '签到'} ${results.audience} 人`,
        }}
      />
      {!nps && (
        <StatisticCard
          statistic={{
            title: '回访工单',
            value: results.followUpTasks,
            description: <Link to="/surveys/tasks">查看回访工单</Link>,
          }}
        />
      )}
    </StatisticCard.Group>
  );
}

/** The answers one by one (评价内容), filtered by rating, with 导出 CSV of exactly those rows. */
function ResponsesTable({ survey }: { survey: SurveyAdmin }) {
  const nps = survey.kind === 'NPS';
  const records = useRecordTable<ResponseFilters, SurveyResponseAdmin>({
    filtersOf: (p) => ({ rating: p.rating != null && p.rating !== '' ? Number(p.rating) : undefined }),
    list: (q) => surveysApi.responses(survey.id, q),
    exportCsv: (q, fileName) => surveysApi.exportCsv(survey.id, q, fileName),
    name: nps ? '满意度调查回答' : '活动评价',
    unit: '份回答',
    exportTestId: 'survey-export',
  });
  const scoreOptions = nps ? Array.from({ length: 11 }, (_, i) => i) : [1, 2, 3, 4, 5];
  const columns: ProColumns<SurveyResponseAdmin>[] = [
    {
      title: nps ? '推荐分' : '评分',
      dataIndex: 'rating',
      valueType: 'select',
      valueEnum: Object.fromEntries(scoreOptions.map((n) => [n, { text: nps ? `${n} 分` : `${n} 星` }])),
      width: nps ? 90 : 150,
      render: (_, r) =>
        nps ? (
          <Tag color={r.score! >= 9 ? 'green' : r.score! >= 7 ? 'default' : 'red'}>{r.score} 分</Tag>
        ) : (
          <Rate disabled value={r.rating ?? 0} style={{ fontSize: 14 }} />
        ),
    },
    {
      title: '会员',
      key: 'member',
      search: false,
      width: 170,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text copyable>{r.memberNo}</Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 150 }}>
            {r.memberNickname}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '标签',
      key: 'tags',
      search: false,
      hideInTable: nps,
      width: 200,
      render: (_, r) => (r.tags.length ? r.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'),
    },
    {
      title: '评价内容',
      key: 'comment',
      search: false,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Typography.Text>{r.comment || '—'}</Typography.Text>
          {r.extra
            .filter((x) => x.answer)
            .map((x) => (
              <Typography.Text key={x.title} type="secondary" style={{ fontSize: 12 }}>
                {x.title}：{x.answer}
              </Typography.Text>
            ))}
        </Space>
      ),
    },
    {
      title: '回访',
      key: 'task',
      search: false,
      hideInTable: nps,
      width: 90,
      render: (_, r) => (r.followUpTaskId ? <Tag color="red">已建工单</Tag> : '—'),
    },
    { title: '提交时间', key: 'time', search: false, width: 150, render: (_, r) => minute(r.createdAt) },
  ];
  return (
    <ProTable<SurveyResponseAdmin>
      rowKey="id"
      columns={columns}
      search={{ labelWidth: 'auto', defaultCollapsed: false }}
      options={{ reload: true, density: false, setting: false }}
      pagination={{ defaultPageSize: 10, showSizeChanger: true }}
      scroll={{ x: 860 }}
      onRow={(r) => rowData({ 'data-testid': 'survey-response-row', 'data-member-no': r.memberNo })}
      {...records}
      headerTitle={records.headerTitle ?? '评价明细'}
    />
  );
}

/** A survey's results: figures, the distribution, tags, the added questions and the answers one by one. */
export function SurveyResultsPanel({ survey, results }: { survey: SurveyAdmin; results: SurveyResults }) {
  const { permissions } = useSession();
  const nps = survey.kind === 'NPS';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Stats survey={survey} results={results} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={nps ? 24 : 12}>
          <ProCard title={nps ? '推荐分分布' : '评分分布'} bordered data-testid="survey-distribution">
            {nps ? <NpsChart results={results} /> : <RatingChart results={results} />}
          </ProCard>
        </Col>
        {!nps && (
          <Col xs={24} lg={12}>
            <ProCard title="标签" bordered>
              <TagChart results={results} />
            </ProCard>
          </Col>
        )}
        {results.questions.map((q) => (
          <Col xs={24} lg={12} key={q.id}>
            <ProCard title={q.title} bordered extra={`${q.answered} 人回答`}>
              {q.average != null && <Typography.Paragraph>平均 {q.average} 分（0–10）</Typography.Paragraph>}
              {q.counts.map((c) => (
                <div key={c.option} style={{ display: 'flex', justifyContent: 'space-between' }}>
                  <span>{c.option}</span>
                  <span>{c.count} 人</span>
                </div>
              ))}
              {q.kind === 'TEXT' && <Typography.Text type="secondary">文字回答见评价明细</Typography.Text>}
            </ProCard>
          </Col>
        ))}
      </Row>
      {permissions.viewMemberRows && <ResponsesTable survey={survey} />}
    </Space>
  );
}
