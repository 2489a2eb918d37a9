import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { MemberProfile } from '@member/shared';
import { openStaffSession } from '../../services/auth';
import { showError } from '../../components/feedback';

/** Members bound to a store get a staff token and go to scanning; others redeem an invite first. */
export function useStaffEntry(member: MemberProfile | null) {
  const [opening, setOpening] = useState(false);

  const enter = async () => {
    if (!member) return;
    if (!member.staff) {
      await Taro.navigateTo({ url: '/packages/staff/redeem/index' });
      return;
    }
    setOpening(true);
    try {
      await openStaffSession();
      await Taro.navigateTo({ url: '/packages/staff/scan/index' });
    } catch (e) {
      showError(e);
    } finally {
      setOpening(false);
    }
  };

  return { opening, enter: () => void enter() };
}
