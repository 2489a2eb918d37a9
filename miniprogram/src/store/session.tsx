import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MemberProfile } from '@member/shared';
import { installReauth, loginWithWechat } from '../services/auth';
import { errorMessage } from '../services/api-error';

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
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [member, setMember] = useState<MemberProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState(false);

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
  }, []);

  useEffect(() => {
    installReauth(setMember);
    void relogin();
  }, [relogin]);

  const value = useMemo<SessionState>(
    () => ({ status, member, error, created, setMember, relogin }),
    [status, member, error, created, relogin],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside SessionProvider');
  return ctx;
}
