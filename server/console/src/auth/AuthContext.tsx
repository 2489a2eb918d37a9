import type { ChangePasswordRequest, OperatorLoginRequest, OperatorProfile } from '@member/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../api/admin';
import { refreshSession, session, setUnauthorizedHandler } from '../api/client';
import { permissionsFor } from './permissions';
import type { Permissions } from './permissions';

interface AuthState {
  operator: OperatorProfile | null;
  permissions: Permissions | null;
  /** True while the page asks the server (through the refresh cookie) whether this browser is signed in. */
  restoring: boolean;
  login: (credentials: OperatorLoginRequest) => Promise<OperatorProfile>;
  /** Ends this browser's session, on the server too. */
  logout: () => Promise<void>;
  /** Ends every session of this operator on every browser, this one included. */
  logoutEverywhere: () => Promise<void>;
  /** Sets a new password; other sessions end, this one continues on a fresh token. */
  changePassword: (body: ChangePasswordRequest) => Promise<OperatorProfile>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [operator, setOperator] = useState<OperatorProfile | null>(null);
  const [restoring, setRestoring] = useState(true);

  const signedOut = useCallback(() => {
    session.clear();
    setOperator(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const logout = useCallback(async () => {
    // The in-memory token goes whatever the server says: an expired session is logged out already.
    await authApi.logout().catch(() => undefined);
    signedOut();
  }, [signedOut]);

  const logoutEverywhere = useCallback(async () => {
    await authApi.logoutEverywhere();
    signedOut();
  }, [signedOut]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setOperator(null);
      navigate('/login', { replace: true });
    });
  }, [navigate]);

  // Nothing is stored in the page: a reload asks the refresh cookie for a new access token and the profile.
  useEffect(() => {
    let cancelled = false;
    refreshSession()
      .then((res) => !cancelled && res && setOperator(res.operator))
      .catch(() => undefined)
      .finally(() => !cancelled && setRestoring(false));
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(async (credentials: OperatorLoginRequest) => {
    // The device token that spares this browser from other people's failed logins comes and goes as an
    // httpOnly cookie: nothing to keep here.
    const res = await authApi.login(credentials);
    session.set(res.token, res.expiresIn);
    setOperator(res.operator);
    return res.operator;
  }, []);

  const changePassword = useCallback(async (body: ChangePasswordRequest) => {
    const res = await authApi.changePassword(body);
    session.set(res.token, res.expiresIn);
    setOperator(res.operator);
    return res.operator;
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      operator,
      permissions: operator ? permissionsFor(operator) : null,
      restoring,
      login,
      logout,
      logoutEverywhere,
      changePassword,
    }),
    [operator, restoring, login, logout, logoutEverywhere, changePassword],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** For pages rendered inside the authenticated layout, where an operator is guaranteed. */
export function useSession(): { operator: OperatorProfile; permissions: Permissions } {
  const { operator, permissions } = useAuth();
  if (!operator || !permissions) throw new Error('useSession needs a signed-in operator');
  return { operator, permissions };
}
