import { Line } from '@ant-design/plots';
import type { LiabilityReport } from '@member/shared';

/** Closing balance (储值余额) at the end of each day of the period; loaded lazily with the chart library. */
export function LiabilityChart({ daily }: { daily: LiabilityReport['daily'] }) {
  // Display only: yuan for the axis.
  const data = daily.map((d) => ({ date: d.date.slice(5), 期末余额: d.closingFen / 100 }));
  // Points too: a period of one day is a single point, which a bare line would not draw.
  return (
    <Line data={data} xField="date" yField="期末余额" height={240} point={{ shapeField: 'circle', sizeField: 3 }} />
  );
}
