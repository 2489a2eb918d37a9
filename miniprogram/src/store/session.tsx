import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MemberProfile } from '@member/shared';
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
      const res = await loginWithWechat();
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
