import type { OperatorLoginRequest, OperatorProfile } from '@member/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../api/admin';
import { setUnauthorizedHandler, tokenStore } from '../api/client';
import { permissionsFor } from './permissions';
import type { Permissions } from './permissions';

interface AuthState {
  operator: OperatorProfile | null;
  permissions: Permissions | null;
  /** True while a stored token is being checked against /admin/me. */
  restoring: boolean;
  login: (credentials: OperatorLoginRequest) => Promise<OperatorProfile>;
  logout: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [operator, setOperator] = useState<OperatorProfile | null>(null);
  const [restoring, setRestoring] = useState(() => tokenStore.get() !== null);

  const logout = useCallback(() => {
    tokenStore.clear();
    setOperator(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setOperator(null);
      navigate('/login', { replace: true });
    });
  }, [navigate]);

  useEffect(() => {
    if (!tokenStore.get()) return;
    let cancelled = false;
    authApi
      .me()
      .then((me) => !cancelled && setOperator(me))
      .catch(() => {
        // Expired or revoked token: the 401 handler already sent us to the login page.
        if (!cancelled) tokenStore.clear();
      })
      .finally(() => !cancelled && setRestoring(false));
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(async (credentials: OperatorLoginRequest) => {
    const res = await authApi.login(credentials);
    tokenStore.set(res.token);
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
    }),
    [operator, restoring, login, logout],
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
