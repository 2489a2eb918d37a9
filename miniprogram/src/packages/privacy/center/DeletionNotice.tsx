import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MemberDeletionState, PrivacyOverview } from '@member/shared';
import { showError, showSuccess } from '../../../components/feedback';
import { privacyApi } from '../../../services/privacy-api';
import { formatBizDate, formatBizDateTime } from '../../../utils/time';

interface Props {
  deletion: MemberDeletionState | null;
  onChanged: (overview: PrivacyOverview) => void;
}

/** 撤销注销: cancels the open request (the server refuses once erasure has begun). */
export function useCancelDeletion(onChanged: (overview: PrivacyOverview) => void) {
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      onChanged(await privacyApi.cancelDeletion());
      showSuccess('已撤销注销');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, cancel };
}

/** Where a deletion request stands: cooling-off (with 撤销), or why an operator turned it down. */
export function DeletionNotice({ deletion, onChanged }: Props) {
  const { busy, cancel } = useCancelDeletion(onChanged);
  if (!deletion) return null;
  const open = deletion.status === 'cooling_off' || deletion.status === 'pending';

  if (open) {
    return (
      <View id="deletion-notice" className="privacy__notice privacy__notice--warn">
        <Text className="privacy__notice-title">注销申请冷静期中</Text>
        <Text className="privacy__notice-text">
          {formatBizDateTime(deletion.requestedAt)} 提交，冷静期至 {formatBizDate(deletion.dueAt)}
          。期满后将删除您的个人信息，期间会员卡暂停使用。
        </Text>
        <Button id="deletion-cancel" type="primary" size="small" loading={busy} onClick={cancel}>
          撤销注销
        </Button>
      </View>
    );
  }
  if (deletion.status === 'rejected') {
    return (
      <View id="deletion-notice" className="privacy__notice">
        <Text className="privacy__notice-title">注销申请未通过</Text>
        <Text className="privacy__notice-text">原因：{deletion.rejectReason}。如有疑问请联系门店。</Text>
      </View>
    );
  }
  return null;
}
