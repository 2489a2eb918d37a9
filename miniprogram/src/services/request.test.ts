import { ErrorCode } from '@member/shared';
import { ApiError } from './api-error';
import { request, setReauthHandler } from './request';

interface FakeCall {
  url: string;
  method?: string;
  header: Record<string, string>;
  data?: unknown;
}

const mockStorage = new Map<string, unknown>();
const mockCalls: FakeCall[] = [];
let mockReplies: Array<{ statusCode: number; data: unknown } | Error> = [];

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    request: jest.fn(async (opts: FakeCall) => {
      mockCalls.push(opts);
      const next = mockReplies.shift();
      if (!next) throw new Error('no fake reply queued');
      if (next instanceof Error) throw Object.assign(next, { errMsg: 'request:fail timeout' });
      return next;
    }),
    getStorageSync: (key: string) => mockStorage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => mockStorage.set(key, value),
    removeStorageSync: (key: string) => mockStorage.delete(key),
  },
}));

const unauthenticated = { statusCode: 401, data: { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' } };

beforeEach(() => {
  mockStorage.clear();
  mockCalls.length = 0;
  mockReplies = [];
  setReauthHandler('member', undefined);
  setReauthHandler('staff', undefined);
});

describe('request', () => {
  it('sends the member bearer token and resolves with the body on 2xx', async () => {
    mockStorage.set('mp.memberToken', 'member-jwt');
    mockReplies.push({ statusCode: 200, data: { memberNo: 'M001' } });

    await expect(request('/api/v1/me')).resolves.toEqual({ memberNo: 'M001' });
    expect(mockCalls[0].url).toMatch(/\/api\/v1\/me$/);
    expect(mockCalls[0].header.Authorization).toBe('Bearer member-jwt');
  });

  it('uses the staff token for staff mockCalls and none for login', async () => {
    mockStorage.set('mp.memberToken', 'member-jwt');
    mockStorage.set('mp.staffToken', 'staff-jwt');
    mockReplies.push({ statusCode: 200, data: {} }, { statusCode: 200, data: {} });

    await request('/api/v1/staff/member-lookup', { method: 'POST', auth: 'staff' });
    await request('/api/v1/auth/wechat/login', { method: 'POST', auth: 'none' });
    expect(mockCalls[0].header.Authorization).toBe('Bearer staff-jwt');
    expect(mockCalls[1].header.Authorization).toBeUndefined();
  });

  it('throws ApiError with the server code, zh-CN message, status and details', async () => {
    const details = [{ field: 'nickname', message: '昵称过长' }];
    mockReplies.push({
      statusCode: 400,
      data: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试', details },
    });

    const error = await request('/api/v1/me', { method: 'PATCH' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      status: 400,
      message: '提交的内容有误，请检查后重试',
      details,
    });
  });

  it('maps a non-JSON gateway failure to the catalogue message', async () => {
    mockReplies.push({ statusCode: 502, data: '<html>Bad Gateway</html>' });
    await expect(request('/api/v1/me')).rejects.toMatchObject({ code: ErrorCode.INTERNAL_ERROR, status: 502 });
  });

  it('turns a transport failure into NETWORK_ERROR instead of resolving', async () => {
    mockReplies.push(new Error('timeout'));
    await expect(request('/api/v1/me')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('re-logs in once on 401 UNAUTHENTICATED and retries with the new token', async () => {
    mockStorage.set('mp.memberToken', 'expired');
    const relogin = jest.fn(async () => {
      mockStorage.set('mp.memberToken', 'fresh');
    });
    setReauthHandler('member', relogin);
    mockReplies.push(unauthenticated, { statusCode: 200, data: { ok: true } });

    await expect(request('/api/v1/me/card')).resolves.toEqual({ ok: true });
    expect(relogin).toHaveBeenCalledTimes(1);
    expect(mockCalls.map((c) => c.header.Authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('shares one re-login between concurrent 401s', async () => {
    const relogin = jest.fn(async () => {
      mockStorage.set('mp.memberToken', 'fresh');
    });
    setReauthHandler('member', relogin);
    mockReplies.push(unauthenticated, unauthenticated, { statusCode: 200, data: 1 }, { statusCode: 200, data: 2 });

    await Promise.all([request('/api/v1/me'), request('/api/v1/me/card')]);
    expect(relogin).toHaveBeenCalledTimes(1);
  });

  it('gives up after one retry', async () => {
    setReauthHandler('member', async () => undefined);
    mockReplies.push(unauthenticated, unauthenticated);
    await expect(request('/api/v1/me')).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED, status: 401 });
    expect(mockCalls).toHaveLength(2);
  });

  it('does not re-login on other 401 codes or 403s', async () => {
    const relogin = jest.fn(async () => undefined);
    setReauthHandler('staff', relogin);
    mockReplies.push({ statusCode: 403, data: { code: 'NOT_STAFF', message: '您还不是门店店员' } });
    await expect(request('/api/v1/staff/member-lookup', { auth: 'staff' })).rejects.toMatchObject({
      code: 'NOT_STAFF',
    });
    expect(relogin).not.toHaveBeenCalled();
  });
});
