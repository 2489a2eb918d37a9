import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import type { AdminDeletionRequest } from '@member/shared';
import { App, Space, Typography } from 'antd';
import { privacyAdminApi } from '../../api/privacy';
import { showError, showSuccess } from '../../utils/feedback';

interface Props {
  request: AdminDeletionRequest;
  onDone: () => void;
}

/** 立即处理 (only once the cooling-off period is over) and 驳回 for an open request. */
export function DeletionActions({ request, onDone }: Props) {
  const { modal } = App.useApp();
  if (request.status !== 'cooling_off' && request.status !== 'pending') return null;

  const processNow = () =>
    modal.confirm({
      title: `立即注销会员 ${request.memberNo}？`,
      width: 480,
      okText: '立即注销',
      okButtonProps: { danger: true, ...{ 'data-testid': 'deletion-process-confirm' } },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      content: (
        <Typography>
          <Typography.Paragraph>将不可恢复地删除该会员的个人信息：</Typography.Paragraph>
          <ul style={{ paddingInlineStart: 18 }}>
            <li>昵称、性别、生日、手机号、微信 OpenID / UnionID</li>
            <li>会员号替换为匿名编号，积分与等级作废，会员卡停止使用</li>
          </ul>
          <Typography.Paragraph type="secondary">
            消费、退款和积分流水保留用于对账，只关联匿名编号。
          </Typography.Paragraph>
        </Typography>
      ),
      onOk: async () => {
        try {
          await privacyAdminApi.process(request.id);
          showSuccess('已注销，个人信息已删除');
        } catch (e) {
          showError(e);
        }
        onDone();
      },
    });

  return (
    <Space size={12}>
      {request.status === 'pending' ? (
        <a data-testid="deletion-process" style={{ color: '#cf1322' }} onClick={processNow}>
          立即处理
        </a>
      ) : (
        <Typography.Text type="secondary" title="冷静期结束后才能处理">
          冷静期中
        </Typography.Text>
      )}
      <ModalForm<{ reason: string }>
        title="驳回注销申请"
        width={440}
        trigger={<a data-testid="deletion-reject">驳回</a>}
        modalProps={{ destroyOnClose: true }}
        submitter={{ searchConfig: { submitText: '驳回' }, submitButtonProps: { danger: true } }}
        onFinish={async (values) => {
          try {
            await privacyAdminApi.reject(request.id, { reason: values.reason.trim() });
            showSuccess('已驳回，会员可在小程序中看到原因');
            onDone();
            return true;
          } catch (e) {
            showError(e);
            onDone();
            return false;
          }
        }}
      >
        <Typography.Paragraph type="secondary">
          会员 {request.memberNo}
          {request.nickname ? `（${request.nickname}）` : ''} 的注销申请将被驳回，会员卡恢复使用。
        </Typography.Paragraph>
        <ProFormTextArea
          name="reason"
          label="驳回原因"
          placeholder="会员会在“隐私与数据”中看到这条原因"
          fieldProps={{ maxLength: 200, showCount: true, rows: 3 }}
          rules={[
            { required: true, whitespace: true, message: '请填写驳回原因' },
            { transform: (v: string) => v?.trim(), min: 2, max: 200, message: '需 2-200 个字' },
          ]}
        />
      </ModalForm>
    </Space>
  );
}
