import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { ErrorCode, type StaffSessionResponse } from '@member/shared';
import { errorMessage, isApiError } from '../../services/api-error';
import { openStaffSession } from '../../services/auth';
import './staff.scss';

type GateState =
  | { kind: 'checking' }
  | { kind: 'ready'; staff: StaffSessionResponse['staff'] }
  | { kind: 'not-staff' }
  | { kind: 'disabled' }
  | { kind: 'store-disabled' }
  | { kind: 'error'; message: string };

const StaffContext = createContext<StaffSessionResponse['staff'] | null>(null);

/** The clerk's binding (store, role, whether a manager's PIN is set), once the gate let them in. */
export function useStaff(): StaffSessionResponse['staff'] | null {
  return useContext(StaffContext);
}

const backToMine = () => void Taro.switchTab({ url: '/pages/mine/index' });
const REDEEM_URL = '/packages/staff/redeem/index';

/**
 * Every staff page opens through this gate: a fresh staff session (the binding may have changed since the
 * last token), and instead of a raw error a page that says why not — not a clerk, disabled, or the store
 * closed — with a way back. The server still checks every call.
 */
export function StaffGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'checking' });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    openStaffSession()
      .then((res) => live && setState({ kind: 'ready', staff: res.staff }))
      .catch((e: unknown) => {
        if (!live) return;
        if (isApiError(e) && e.code === ErrorCode.NOT_STAFF) setState({ kind: 'not-staff' });
        else if (isApiError(e) && e.code === ErrorCode.STAFF_DISABLED) setState({ kind: 'disabled' });
        else if (isApiError(e) && e.code === ErrorCode.STORE_DISABLED) setState({ kind: 'store-disabled' });
        else setState({ kind: 'error', message: errorMessage(e) });
      });
    return () => {
      live = false;
    };
  }, [nonce]);

  if (state.kind === 'ready') return <StaffContext.Provider value={state.staff}>{children}</StaffContext.Provider>;
  if (state.kind === 'checking') {
    return (
      <View className="staff">
        <View className="staff__scan">
          <Loading type="circular">正在确认店员身份…</Loading>
        </View>
      </View>
    );
  }
  if (state.kind === 'error') {
    return (
      <StaffBlocked id="staff-gate-error" title="暂时无法进入店员工作台" text={state.message}>
        <Button type="primary" block onClick={() => setNonce((n) => n + 1)}>
          重试
        </Button>
        <Button fill="none" block onClick={backToMine}>
          返回我的
        </Button>
      </StaffBlocked>
    );
  }
  if (state.kind === 'not-staff') {
    return (
      <StaffBlocked
        id="staff-gate-not-staff"
        title="您还不是门店店员"
        text="店员工作台仅对门店店员开放。如果您是新入职的店员，请向店长索取邀请码后绑定。"
      >
        <Button type="primary" block onClick={backToMine}>
          返回我的
        </Button>
        <Button fill="none" block onClick={() => void Taro.redirectTo({ url: REDEEM_URL })}>
          我有邀请码
        </Button>
      </StaffBlocked>
    );
  }
  return (
    <StaffBlocked
      id={state.kind === 'disabled' ? 'staff-gate-disabled' : 'staff-gate-store-disabled'}
      title={state.kind === 'disabled' ? '您的店员身份已停用' : '所在门店已停用'}
      text={
        state.kind === 'disabled'
          ? '暂时无法收款、退款或查看今日交班。如有疑问，请联系店长或门店管理员。您的会员卡和积分不受影响。'
          : '门店停用期间无法使用店员功能，请联系门店管理员。您的会员卡和积分不受影响。'
      }
    >
      <Button type="primary" block onClick={backToMine}>
        返回我的
      </Button>
    </StaffBlocked>
  );
}

function StaffBlocked(props: { id: string; title: string; text: string; children: ReactNode }) {
  return (
    <View className="staff">
      <View id={props.id} className="staff__blocked">
        <Text className="staff__blocked-title">{props.title}</Text>
        <Text className="staff__blocked-text">{props.text}</Text>
        <View className="staff__blocked-actions">{props.children}</View>
      </View>
    </View>
  );
}
