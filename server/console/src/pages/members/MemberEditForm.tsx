import { ModalForm, ProFormDatePicker, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { lengthMessage, TEXT_LIMITS, type AdminMemberDetail, type AdminUpdateMemberRequest } from '@member/shared';
import { Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { membersApi } from '../../api/admin';
import { showError, showSuccess } from '../../utils/feedback';

interface FormValues {
  nickname: string;
  birthday?: string;
  reason: string;
}

/** Operator correction of a member's profile; the server audits it with the reason given here. */
export function MemberEditForm({
  member,
  onSaved,
}: {
  member: AdminMemberDetail;
  onSaved: (updated: AdminMemberDetail) => void;
}) {
  return (
    <ModalForm<FormValues>
      title="修改会员资料"
      width={480}
      trigger={
        <Button type="primary" icon={<EditOutlined />} data-testid="member-edit">
          修改资料
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={{ nickname: member.nickname, birthday: member.birthday ?? undefined }}
      onFinish={async (values) => {
        // Send only what changed so the audit row shows the real correction.
        const body: AdminUpdateMemberRequest = { reason: values.reason.trim() };
        if (values.nickname !== member.nickname) body.nickname = values.nickname.trim();
        if (values.birthday && values.birthday !== member.birthday) body.birthday = values.birthday;
        if (body.nickname === undefined && body.birthday === undefined) {
          showError(new Error('没有需要保存的修改'));
          return false;
        }
        try {
          const updated = await membersApi.update(member.id, body);
          showSuccess('会员资料已更新');
          onSaved(updated);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormText
        name="nickname"
        label="昵称"
        rules={[
          { required: true, whitespace: true, message: '请输入昵称' },
          { max: TEXT_LIMITS.nickname.max, message: lengthMessage('昵称', TEXT_LIMITS.nickname) },
        ]}
      />
      <ProFormDatePicker
        name="birthday"
        label="生日"
        width="md"
        fieldProps={{ format: 'YYYY-MM-DD' }}
        extra={member.birthdayLocked ? '会员已自行设置生日，修改请确认已核实身份' : undefined}
      />
      <ProFormTextArea
        name="reason"
        label="修改原因"
        placeholder="例如：会员到店出示身份证，更正生日"
        rules={[
          { required: true, whitespace: true, message: '请填写修改原因' },
          {
            min: TEXT_LIMITS.memberEditReason.min,
            max: TEXT_LIMITS.memberEditReason.max,
            message: lengthMessage('修改原因', TEXT_LIMITS.memberEditReason),
          },
        ]}
      />
    </ModalForm>
  );
}
