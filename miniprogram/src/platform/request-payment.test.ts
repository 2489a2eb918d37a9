import type { PayParams } from '@member/shared';
import { h5Adapter } from './h5';
import { PlatformError } from './types';
import { weappAdapter } from './weapp';

// Both adapters' requestPayment: WeChat's popup (weapp) and the sandbox payer (H5). Taro is faked.

const mockPayment = jest.fn();
const mockModal = jest.fn();
const mockRequests: Array<{ url: string; method?: string }> = [];

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    requestPayment: (opts: unknown) => mockPayment(opts),
    showModal: (opts: unknown) => mockModal(opts),
    request: jest.fn(async (opts: { url: string; method?: string }) => {
      mockRequests.push(opts);
      return opts.method === 'POST' ? { statusCode: 200, data: {} } : { statusCode: 200, data: { totalFen: 50_000 } };
    }),
    getStorageSync: () => '',
    setStorageSync: () => undefined,
    removeStorageSync: () => undefined,
  },
}));

const params: PayParams = {
  timeStamp: '1764547200',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx201410272009395522657a690389285100',
  signType: 'RSA',
  paySign: 'c2lnbg==',
};

beforeEach(() => {
  mockPayment.mockReset();
  mockModal.mockReset();
  mockRequests.length = 0;
});

async function reasonOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PlatformError);
  return (e as PlatformError).reason;
}

describe('weapp requestPayment', () => {
  it('hands the server-signed parameters to wx.requestPayment unchanged', async () => {
    mockPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    await weappAdapter.requestPayment(params, 'T1');
    expect(mockPayment).toHaveBeenCalledWith(params);
  });

  it('reads a closed popup as cancelled and anything else as failed', async () => {
    mockPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
    await expect(reasonOf(weappAdapter.requestPayment(params, 'T1'))).resolves.toBe('cancelled');
    mockPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail (detail message)' });
    await expect(reasonOf(weappAdapter.requestPayment(params, 'T1'))).resolves.toBe('failed');
  });
});

describe('H5 requestPayment (sandbox payer)', () => {
  it('shows the amount the sandbox holds and pays it on 确认支付', async () => {
    mockModal.mockResolvedValue({ confirm: true, cancel: false });
    await h5Adapter.requestPayment(params, 'T20261201001');
    expect(mockModal).toHaveBeenCalledWith(
      expect.objectContaining({
        title: '模拟微信支付',
        content: expect.stringContaining('¥500.00'),
        confirmText: '确认支付',
      }),
    );
    expect(mockRequests.map((r) => `${r.method ?? 'GET'} ${r.url.replace(/^.*?\/sandbox/, '/sandbox')}`)).toEqual([
      'GET /sandbox/pay/transactions/T20261201001',
      'POST /sandbox/pay/transactions/T20261201001/pay',
    ]);
  });

  it('pays nothing on 取消 and reports it as cancelled', async () => {
    mockModal.mockResolvedValue({ confirm: false, cancel: true });
    await expect(reasonOf(h5Adapter.requestPayment(params, 'T2'))).resolves.toBe('cancelled');
    expect(mockRequests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
