import type { OperatorListItem } from '@member/shared';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { operatorsApi } from '../../api/admin';
import { showError, showSuccess } from '../../utils/feedback';

/** Row actions on another operator's account: 停用/启用, 重置密码, 解除锁定. Every one is audited. */
export function OperatorActions({ row, onChanged }: { row: OperatorListItem; onChanged: () => void }) {
  const { modal } = App.useApp();
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      showSuccess(done);
      onChanged();
    } catch (e) {
      showError(e);
    }
  };

  const confirmReset = () =>
    modal.confirm({
      title: `重置「${row.displayName}」的密码？`,
      content: '该账号会在所有设备上立即退出，需用临时密码登录并设置新密码。临时密码只显示一次。',
      okText: '重置密码',
      okButtonProps: { danger: true },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          const { temporaryPassword } = await operatorsApi.resetPassword(row.id);
          onChanged();
          modal.success({
            title: '密码已重置',
            width: 460,
            okText: '我已记下',
            content: (
              <>
                <p>
                  {row.displayName}（{row.username}）的临时密码：
                </p>
                <Typography.Paragraph
                  copyable={{ text: temporaryPassword, tooltips: ['复制', '已复制'] }}
                  code
                  style={{ fontSize: 18 }}
                  data-testid="temporary-password"
                >
                  {temporaryPassword}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  临时密码只显示这一次，请当面或通过安全渠道告知本人；本人登录后须立即设置新密码。
                </Typography.Text>
              </>
            ),
          });
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <Space size={0} wrap>
      {row.active ? (
        <Popconfirm
          title="停用该账号？"
          description="停用后立即在所有设备上退出，且不能再登录；可随时重新启用。"
          okText="停用"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          onConfirm={() => run(() => operatorsApi.disable(row.id), '账号已停用')}
        >
          <Button type="link" danger size="small" data-testid={`operator-disable-${row.id}`}>
            停用
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title="启用该账号？"
          description="启用后可以重新登录。"
          okText="启用"
          cancelText="取消"
          onConfirm={() => run(() => operatorsApi.enable(row.id), '账号已启用')}
        >
          <Button type="link" size="small" data-testid={`operator-enable-${row.id}`}>
            启用
          </Button>
        </Popconfirm>
      )}
      <Button type="link" size="small" onClick={confirmReset} data-testid={`operator-reset-${row.id}`}>
        重置密码
      </Button>
      {row.lockedUntil && (
        <Popconfirm
          title="解除登录锁定？"
          description="连续输错密码导致的锁定将立即解除，新设备可以马上再次登录。"
          okText="解除锁定"
          cancelText="取消"
          onConfirm={() => run(() => operatorsApi.unlock(row.id), '已解除登录锁定')}
        >
          <Button type="link" size="small" data-testid={`operator-unlock-${row.id}`}>
            解除锁定
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
