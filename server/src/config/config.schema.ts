import { z } from 'zod';

// The validated shape of configuration. Every key has its default in config/default.yaml.

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const isAesKey = (v: string) => Buffer.from(v, 'base64').length === 32;

/** Earlier keys kept readable during a rotation: "id:key,id:key" → { id: key }. */
const keyring = (valid: (key: string) => boolean, what: string) =>
  z.string().transform((v, ctx) => {
    const ring: Record<string, string> = {};
    for (const entry of v.split(',').filter((p) => p.trim())) {
      const part = entry.trim();
      const at = part.indexOf(':');
      const [id, key] = [part.slice(0, at), part.slice(at + 1)];
      if (at < 1 || !KEY_ID.test(id) || !valid(key)) {
        ctx.addIssue({ code: 'custom', message: `must be "id:key,…" with ${what}` });
        return z.NEVER;
      }
      ring[id] = key;
    }
    return ring;
  });

const rateLimit = z.object({
  limit: z.coerce.number().int().min(1).max(1_000_000),
  windowSeconds: z.coerce.number().int().min(1).max(86_400),
});
export const configSchema = z.object({
  env: z.enum(['development', 'test', 'production']),
  server: z.object({
    port: z.coerce.number().int().min(0).max(65535),
    host: z.string().min(1),
    publicUrl: z.string().url(),
    docs: z.boolean(),
    // Express's "trust proxy": never "true", which would let any client name its own address.
    trustProxy: z
      .string()
      .min(1)
      .refine((v) => !/^(true|\*)$/i.test(v.trim()), 'name the proxies (loopback, addresses, CIDRs) or a hop count'),
  }),
  database: z.object({
    url: z.string().refine((v) => v === '' || /^mysql:\/\//.test(v), 'must be empty (SQLite) or a mysql:// URL'),
    dataDir: z.string().min(1),
    logging: z.coerce.boolean(),
    poolSize: z.coerce.number().int().min(1).max(500),
    allowSqliteInProduction: z.coerce.boolean(),
  }),
  auth: z.object({
    jwtSecret: z.string().min(32, 'must be at least 32 characters'),
    jwtKeyId: z.string().regex(KEY_ID, 'must be 1-16 letters, digits, _ or -'),
    previousJwtSecrets: keyring((k) => k.length >= 32, 'secrets of at least 32 characters'),
    memberTokenTtlSeconds: z.coerce.number().int().positive(),
    staffTokenTtlSeconds: z.coerce.number().int().positive(),
    operatorTokenTtlSeconds: z.coerce.number().int().positive(),
    operatorSessionIdleSeconds: z.coerce.number().int().positive(),
    operatorSessionMaxSeconds: z.coerce.number().int().positive(),
  }),
  security: z.object({
    phoneKey: z.string().refine(isAesKey, 'must be base64 of 32 bytes'),
    phoneKeyId: z.string().regex(KEY_ID, 'must be 1-16 letters, digits, _ or -'),
    previousPhoneKeys: keyring(isAesKey, 'keys that are base64 of 32 bytes'),
    hashKey: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes'),
  }),
  wechat: z.object({
    mode: z.enum(['sandbox', 'live']),
    apiBaseUrl: z.string().url(),
    appId: z.string().regex(/^wx[0-9a-zA-Z]{16}$/, 'must look like wx + 16 characters'),
    appSecret: z.string().min(1),
    timeoutMs: z.coerce.number().int().positive(),
  }),
  wechatPay: z
    .object({
      apiBaseUrl: z.string().url(),
      mchId: z.string().regex(/^\d{8,12}$/, 'must be the 8-12 digit merchant number'),
      privateKeyFile: z.string().min(1, 'name the merchant private key file (apiclient_key.pem)'),
      merchantSerial: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the hex serial of the merchant certificate'),
      apiV3Key: z.string().refine((v) => Buffer.byteLength(v) === 32, 'must be the 32-character APIv3 key'),
      publicKeyFile: z.string(),
      publicKeyId: z
        .string()
        .refine((v) => v === '' || /^PUB_KEY_ID_[0-9A-Za-z]{16,40}$/.test(v), 'must be PUB_KEY_ID_ followed by its id'),
      platformCertFiles: z.string(),
      notifyUrl: z.string().url(),
      refundNotifyUrl: z.string().url(),
      timeoutMs: z.coerce.number().int().positive(),
    })
    .refine((v) => (v.publicKeyFile !== '' && v.publicKeyId !== '') || v.platformCertFiles !== '', {
      message: 'set publicKeyFile + publicKeyId (public-key mode) or platformCertFiles, or both',
      path: ['publicKeyFile'],
    }),
  wallet: z
    .object({
      capFen: z.coerce.number().int().min(100).max(100_000_000),
      minTopupFen: z.coerce.number().int().min(1),
      maxTopupFen: z.coerce.number().int().min(1),
      orderExpireMinutes: z.coerce.number().int().min(5).max(120),
      queryAfterMinutes: z.coerce.number().int().min(1).max(60),
      spendPolicy: z.enum(['PROPORTIONAL', 'PRINCIPAL_FIRST', 'BONUS_FIRST']).default('PROPORTIONAL'),
      custodyPercent: z.coerce.number().min(0).max(100).default(40),
      bonusRecognition: z.enum(['DISCOUNT_ON_SPEND', 'EXPENSE_AT_GRANT']).default('DISCOUNT_ON_SPEND'),
      confirmAboveFen: z.coerce.number().int().min(0).max(100_000_000).default(20_000),
      confirmTimeoutSeconds: z.coerce.number().int().min(30).max(600).default(120),
    })
    .refine((v) => v.minTopupFen <= v.maxTopupFen && v.maxTopupFen <= v.capFen, {
      message: 'needs minTopupFen <= maxTopupFen <= capFen',
      path: ['maxTopupFen'],
    }),
  operator: z.object({
    bootstrapUsername: z.string(),
    bootstrapPassword: z.string(),
    loginMaxFailures: z.coerce.number().int().positive(),
    loginWindowSeconds: z.coerce.number().int().positive(),
  }),
  rateLimits: z.object({
    operatorLoginIp: rateLimit,
    memberLogin: rateLimit,
    inviteRedeem: rateLimit,
    memberCodeMint: rateLimit,
    staffLookup: rateLimit,
    staffQuote: rateLimit,
    couponGift: rateLimit,
  }),
  sales: z.object({
    clerkMaxBillFen: z.coerce.number().int().min(1),
    clerkPurchasesPerHour: z.coerce.number().int().min(1),
    approvalMinutes: z.coerce.number().int().min(1).max(60),
    pinMaxFailures: z.coerce.number().int().min(1).max(20),
    pinLockMinutes: z.coerce.number().int().min(1),
  }),
  loyalty: z.object({
    adjustmentDailyLimit: z.coerce.number().int().min(0),
    adjustmentApprovalThreshold: z.coerce.number().int().min(0),
    tierGraceDays: z.coerce.number().int().min(0).max(365),
    expiryReminderDays: z.coerce.number().int().min(1).max(90),
  }),
  coupons: z.object({
    // At most 30 days / 7 days.
    redemptionVoidHours: z.coerce.number().int().min(0).max(720),
    giftLinkHours: z.coerce.number().int().min(1).max(168),
  }),
  media: z.object({
    driver: z.enum(['local']),
    dir: z.string().min(1),
    maxBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024),
    maxPixels: z.coerce.number().int().min(10_000).max(268_402_689),
    maxDimension: z.coerce.number().int().min(64).max(8192),
    thumbWidth: z.coerce.number().int().min(32).max(2048),
  }),
  events: z.object({
    noShowLimit: z.coerce.number().int().min(1).max(100),
    noShowWindowDays: z.coerce.number().int().min(1).max(3650),
    noShowPenaltyDays: z.coerce.number().int().min(1).max(3650),
    checkinOpensMinutes: z.coerce.number().int().min(0).max(1440),
    payMinutes: z.coerce.number().int().min(5).max(120),
  }),
  jobs: z.object({ enabled: z.coerce.boolean(), tickSeconds: z.coerce.number().int().min(1).max(3600) }),
  outbox: z.object({
    enabled: z.coerce.boolean(),
    pollMs: z.coerce.number().int().min(10).max(60_000),
    maxAttempts: z.coerce.number().int().min(1).max(100),
    leaseSeconds: z.coerce.number().int().min(5).max(3600),
  }),
  notices: z.object({
    enabled: z.coerce.boolean(),
    /** Kind → subscription template id ('' = none configured): switching to real WeChat is configuration. */
    templates: z.object({
      BIRTHDAY: z.string().max(64),
      POINTS_EXPIRING: z.string().max(64),
      COUPON_EXPIRING: z.string().max(64),
      EVENT_REMINDER: z.string().max(64),
      EVENT_WAITLIST_PROMOTED: z.string().max(64),
      TIER_UP: z.string().max(64),
      TOPUP_CREDITED: z.string().max(64),
      MALL_PICKUP_READY: z.string().max(64),
      FEEDBACK_REQUEST: z.string().max(64),
      WIN_BACK: z.string().max(64),
    }),
    miniprogramState: z.enum(['developer', 'trial', 'formal']),
    senderIntervalSeconds: z.coerce.number().int().min(1).max(3600),
    batchSize: z.coerce.number().int().min(1).max(1000),
    sendsPerSecond: z.coerce.number().int().min(1).max(10_000),
    sendingTimeoutSeconds: z.coerce.number().int().min(10).max(86_400),
    claimSeconds: z.coerce.number().int().min(5).max(3600),
    quietHours: z.object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) }),
    dailyCap: z.coerce.number().int().min(1).max(100),
    weeklyCap: z.coerce.number().int().min(1).max(100),
    backoffSeconds: z.coerce.number().int().min(1).max(86_400),
    birthdayChunk: z.coerce.number().int().min(10).max(10_000),
  }),
  privacy: z.object({
    deletionCoolingOffDays: z.coerce.number().int().min(0).max(60),
    exportLinkMinutes: z.coerce.number().int().min(1).max(60),
  }),
  demo: z.object({ seed: z.coerce.boolean() }),
  static: z.object({ consoleDir: z.string(), h5Dir: z.string() }),
});

export type AppConfigShape = z.infer<typeof configSchema>;
