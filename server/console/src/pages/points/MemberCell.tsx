import type { MemberRef } from '@member/shared';
import { Space, Typography } from 'antd';
import { Link } from 'react-router-dom';

/** Nickname linking to the member's detail page, member no. in grey below. */
export function MemberCell({ member }: { member: MemberRef }) {
  return (
    <Space direction="vertical" size={0}>
      <Link to={`/members/${member.id}`}>{member.nickname}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {member.memberNo}
      </Typography.Text>
    </Space>
  );
}
