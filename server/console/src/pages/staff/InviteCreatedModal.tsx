import { STAFF_ROLE_LABELS } from '@member/shared';
import type { StaffInvite } from '@member/shared';
import { Descriptions, Modal, Typography } from 'antd';
import { formatTime } from '../../utils/format';

/** Shows a fresh invite code large enough to read out or photograph, with a copy button. */
export function InviteCreatedModal({ invite, onClose }: { invite: StaffInvite | null; onClose: () => void }) {
  return (
    <Modal
      open={invite !== null}
      title="邀请码已生成"
      onCancel={onClose}
      onOk={onClose}
      okText="完成"
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnClose
    >
      {invite && (
        <div data-testid="invite-created">
          <div style={{ textAlign: 'center', padding: '16px 0 8px' }}>
            <Typography.Text
              data-testid="invite-code"
              copyable={{ text: invite.inviteCode, tooltips: ['复制', '已复制'] }}
              style={{ fontSize: 36, fontWeight: 600, letterSpacing: 6, fontFamily: 'monospace' }}
            >
              {invite.inviteCode}
            </Typography.Text>
          </div>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            请店员在小程序中输入此邀请码完成绑定，每个邀请码只能使用一次。
          </Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="门店">{invite.storeName}</Descriptions.Item>
            <Descriptions.Item label="角色">{STAFF_ROLE_LABELS[invite.role]}</Descriptions.Item>
            <Descriptions.Item label="有效期至">{formatTime(invite.expiresAt)}</Descriptions.Item>
          </Descriptions>
        </div>
      )}
    </Modal>
  );
}
