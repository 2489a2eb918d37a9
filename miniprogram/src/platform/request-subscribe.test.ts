import { h5Adapter } from './h5';

// H5 requestSubscribe: a modal stands in for WeChat's popup and the member's choice goes to the sandbox.

const COUPON = 'G35CwG9kSkIkJmJkkKX7ICPDS5JTc5A8w1C30MY76OQ';
const mockModal = jest.fn();
const mockRequests: Array<{ url: string; method?: string; data?: Record<string, unknown> }> = [];

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    showModal: (opts: unknown) => mockModal(opts),
    request: jest.fn(
      async (opts: { url: string; method?: string; data?: { templateIds: string[]; result: string } }) => {
        mockRequests.push(opts);
        if (opts.method === 'POST') {
          const body = opts.data!;
          return {
            statusCode: 200,
            data: {
              errMsg: 'requestSubscribeMessage:ok',
              ...Object.fromEntries(body.templateIds.map((id) => [id, body.result])),
            },
          };
        }
        return { statusCode: 200, data: [{ templateId: COUPON, title: '优惠券到期提醒' }] };
      },
    ),
    getStorageSync: () => '',
    setStorageSync: () => undefined,
    removeStorageSync: () => undefined,
  },
}));

beforeEach(() => {
  mockModal.mockReset();
  mockRequests.length = 0;
});

describe('H5 requestSubscribe (sandbox popup)', () => {
  it('names the templates and grants on 允许', async () => {
    mockModal.mockResolvedValue({ confirm: true, cancel: false });
    await expect(h5Adapter.requestSubscribe([COUPON])).resolves.toEqual({ [COUPON]: 'accept' });
    expect(mockModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: expect.stringContaining('优惠券到期提醒'), confirmText: '允许' }),
    );
    const post = mockRequests.find((r) => r.method === 'POST')!;
    expect(post.url).toMatch(/\/sandbox\/wx\/subscribe$/);
    expect(post.data).toMatchObject({ templateIds: [COUPON], result: 'accept' });
  });

  it('answers reject on 取消 (the sandbox records it, no grant)', async () => {
    mockModal.mockResolvedValue({ confirm: false, cancel: true });
    await expect(h5Adapter.requestSubscribe([COUPON])).resolves.toEqual({ [COUPON]: 'reject' });
    expect(mockRequests.find((r) => r.method === 'POST')!.data).toMatchObject({ result: 'reject' });
  });
});
