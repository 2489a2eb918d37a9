import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MemberProfile, WechatLoginResponse } from '@member/shared';
import { platform } from '../platform';
import { meApi } from '../services/api';
import { installReauth, loginWithWechat } from '../services/auth';
import { errorMessage } from '../services/api-error';
import { rememberMember, resumableMember } from '../services/session-cache';

export type SessionStatus = 'loading' | 'ready' | 'error';

export interface SessionState {
  status: SessionStatus;
  member: MemberProfile | null;
  /** zh-CN reason the launch login failed, shown with a retry button. */
  error: string | null;
  /** True when this launch created the member (first visit). */
  created: boolean;
  setMember: (member: MemberProfile) => void;
  relogin: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The login begun at launch (beginLaunchLogin), until the session takes it over. */
let launchLogin: Promise<WechatLoginResponse> | null = null;

/**
 * wx.login as WeChat's App.onLaunch would call it: while the app's code is evaluated, before React has
 * mounted the app or the first page's code has arrived (on a phone's first visit that is a few hundred
 * milliseconds, and two round trips to WeChat and the API follow). Nothing to do when an earlier launch's
 * token of this user can be resumed.
 */
export function beginLaunchLogin(): void {
  if (launchLogin || resumableMember(platform.sessionOwner())) return;
  launchLogin = loginWithWechat();
  // Its failure is reported by the session that takes it over (with a retry button), not as unhandled.
  launchLogin.catch(() => undefined);
}

/** The launch's login the first time, a new wx.login after that (retry, re-login). */
function takeLogin(): Promise<WechatLoginResponse> {
  const pending = launchLogin ?? loginWithWechat();
  launchLogin = null;
  return pending;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // A member token of this user from an earlier launch: show their card at once, check it meanwhile.
  const [resumed] = useState(() => resumableMember(platform.sessionOwner()));
  const [status, setStatus] = useState<SessionStatus>(resumed ? 'ready' : 'loading');
  const [member, setMemberState] = useState<MemberProfile | null>(resumed);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState(false);

  const setMember = useCallback((next: MemberProfile) => {
    setMemberState(next);
    rememberMember(platform.sessionOwner(), next);
  }, []);

  const relogin = useCallback(async () => {
    setStatus('loading');
    setError(null);
    try {
      const res = await takeLogin();
      setMember(res.member);
      setCreated(res.created);
      setStatus('ready');
    } catch (e) {
      setError(errorMessage(e));
      setStatus('error');
    }
  }, [setMember]);

  useEffect(() => {
    installReauth(setMember);
    if (!resumed) {
      void relogin();
      return;
    }
    // The stored token answers for itself: a fresh profile, or a 401 that the request layer turns into a
    // new wx.login (installReauth). Any other failure leaves the remembered card on screen.
    meApi.get().then(setMember, () => undefined);
  }, [relogin, resumed, setMember]);

  const value = useMemo<SessionState>(
    () => ({ status, member, error, created, setMember, relogin }),
    [status, member, error, created, setMember, relogin],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside SessionProvider');
  return ctx;
}
