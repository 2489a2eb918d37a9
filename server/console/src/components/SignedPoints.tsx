import { Typography } from 'antd';

/** Signed points: green "+228", red "−50" (U+2212). data-amount carries the raw signed number. */
export function SignedPoints({ amount }: { amount: number }) {
  const positive = amount > 0;
  return (
    <Typography.Text
      data-amount={amount}
      strong
      style={{ color: positive ? '#389e0d' : amount < 0 ? '#cf1322' : undefined, fontVariantNumeric: 'tabular-nums' }}
    >
      {positive ? `+${amount}` : amount < 0 ? `−${Math.abs(amount)}` : '0'}
    </Typography.Text>
  );
}
