import { CrownFilled } from '@ant-design/icons';
import { Tag } from 'antd';

/** The tier's badge as members will see it: its colour behind its name. */
export function TierBadge({ name, color }: { name: string; color: string }) {
  return (
    <Tag color={color} icon={<CrownFilled />} style={{ color: '#fff', fontWeight: 500 }}>
      {name}
    </Tag>
  );
}
