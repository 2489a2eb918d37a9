import type { CouponTemplate, StaffMember } from '@member/shared';
import { useEffect, useState } from 'react';
import { staffApi } from '../../api/admin';
import { couponTemplatesApi } from '../../api/coupons';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { TEMPLATE_STATUS_LABELS } from './coupon-labels';

type Option = { label: string; value: number };

/** The latest 100 templates for pickers (newest first; the filters search by name). */
export function useTemplateOptions(filter?: (t: CouponTemplate) => boolean): {
  templates: CouponTemplate[];
  options: Option[];
} {
  const [templates, setTemplates] = useState<CouponTemplate[]>([]);
  useEffect(() => {
    let cancelled = false;
    couponTemplatesApi
      .list({ page: 1, pageSize: 100 })
      .then((page) => !cancelled && setTemplates(page.items))
      .catch(showError);
    return () => {
      cancelled = true;
    };
  }, []);
  const shown = filter ? templates.filter(filter) : templates;
  return {
    templates,
    options: shown.map((t) => ({ label: `${t.name}（${TEMPLATE_STATUS_LABELS[t.status]}）`, value: t.id })),
  };
}

/** Staff for the 核销人 filter; roles that cannot list staff (analysts) get none. */
export function useStaffOptions(): Option[] {
  const { permissions } = useSession();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    if (!permissions.viewMemberRows) return;
    let cancelled = false;
    staffApi
      .list(permissions.fixedStoreId ?? undefined)
      .then((list) => !cancelled && setStaff(list))
      .catch(showError);
    return () => {
      cancelled = true;
    };
  }, [permissions.viewMemberRows, permissions.fixedStoreId]);
  return staff.map((s) => ({ label: `${s.nickname}（${s.storeName}）`, value: s.id }));
}
