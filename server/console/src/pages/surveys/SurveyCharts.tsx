import { Bar, Column } from '@ant-design/plots';
import type { SurveyResults } from '@member/shared';
import { Empty } from 'antd';

const whole = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : '');

function NoData({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ padding: '40px 0' }} />;
}

/** 评分分布: how many answers gave 1 … 5 stars (low ones red). */
export function RatingChart({ results }: { results: SurveyResults }) {
  if (!results.responses) return <NoData text="还没有评价" />;
  const data = results.ratingDistribution.map((n, i) => ({ star: `${i + 1} 星`, 人数: n, low: i < 2 }));
  return (
    <Column
      data={data}
      xField="star"
      yField="人数"
      height={240}
      style={{ fill: (d: { low: boolean }) => (d.low ? '#ff4d4f' : '#1677ff') }}
      label={{ text: '人数', position: 'inside', style: { fill: '#fff' } }}
      axis={{ x: { title: false }, y: { title: '人', labelFormatter: whole } }}
    />
  );
}

/** 推荐分分布 0 … 10: detractors red, passives grey, promoters green. */
export function NpsChart({ results }: { results: SurveyResults }) {
  if (!results.responses) return <NoData text="还没有回答" />;
  const data = results.npsDistribution.map((n, i) => ({
    score: String(i),
    人数: n,
    group: i >= 9 ? '推荐者' : i >= 7 ? '中立者' : '贬损者',
  }));
  return (
    <Column
      data={data}
      xField="score"
      yField="人数"
      colorField="group"
      height={240}
      scale={{ color: { domain: ['贬损者', '中立者', '推荐者'], range: ['#ff4d4f', '#bfbfbf', '#52c41a'] } }}
      axis={{ x: { title: '推荐分' }, y: { title: '人', labelFormatter: whole } }}
    />
  );
}

/** 标签: how often each tag was picked, most first. */
export function TagChart({ results }: { results: SurveyResults }) {
  const data = results.tagCounts.map((t) => ({ tag: t.tag, 次数: t.count }));
  if (!data.length) return <NoData text="还没有人选择标签" />;
  return (
    <Bar
      data={data}
      xField="tag"
      yField="次数"
      height={Math.max(160, data.length * 36)}
      label={{ text: '次数', position: 'inside', style: { fill: '#fff' } }}
      axis={{ x: { title: false }, y: { title: '次', labelFormatter: whole } }}
    />
  );
}
