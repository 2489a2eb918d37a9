import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Pay from 'wechatpay-node-v3';
import { AllExceptionsFilter } from '../../../common/all-exceptions.filter';
import { Clock } from '../../../common/clock';
import { CoreModule } from '../../../common/core.module';
import { installBodyParsers } from '../../../common/edge/express-edge';
import { AppConfig } from '../../../config/app-config';
import { loadConfig } from '../../../config/load-config';
import { ensureSandboxPayKeys, type SandboxPayKeys } from '../../../config/sandbox-pay-keys';
import { SANDBOX_PAY_API_PREFIX } from '../sandbox-pay-api.guard';
import { SandboxPayModule } from '../sandbox-pay.module';

@Module({})
class SandboxPayTestRootModule {}

export interface WireAnswer {
  status: number;
  headers: Headers;
  /** The exact bytes received. */
  raw: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers ad hoc
  body: any;
}

export interface SandboxPayTestApp {
  app: INestApplication;
  origin: string;
  clock: Clock;
  config: AppConfig;
  keys: SandboxPayKeys;
  /** A merchant-signed call of the Pay API; `path` as WeChat knows it (`/v3/…`). */
  wire(method: 'GET' | 'POST', path: string, body?: unknown, authorization?: string): Promise<WireAnswer>;
  /** The Authorization header the merchant would send (signed with wechatpay-node-v3's helpers). */
  authorization(method: string, path: string, body: string, timestamp?: number): string;
  /** A control endpoint (`/sandbox/pay/…`) with a JSON body. */
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<WireAnswer>;
  close(): Promise<void>;
}

/** CoreModule + SandboxPayModule with the real body parsers (raw body kept) and error filter, on a random port. */
export async function startSandboxPayTestApp(): Promise<SandboxPayTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'member-sandbox-pay-'));
  const config = new AppConfig(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
  const clock = new Clock();
  const app = await NestFactory.create<NestExpressApplication>(
    { module: SandboxPayTestRootModule, imports: [CoreModule.forRoot(config, clock), SandboxPayModule] },
    { logger: false, bodyParser: false },
  );
  installBodyParsers(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  config.bindSandboxOrigin(origin);
  const keys = ensureSandboxPayKeys(dataDir);
  const merchant = new Pay({
    appid: config.wechat.appId,
    mchid: config.wechatPay.mchId,
    publicKey: Buffer.from('unused: serial_no is given'),
    privateKey: readFileSync(config.wechatPay.privateKeyFile),
    serial_no: config.wechatPay.merchantSerial,
  });

  const authorization = (method: string, path: string, body: string, timestamp = Math.floor(Date.now() / 1000)) => {
    const nonce = randomBytes(16).toString('hex');
    const signature = merchant.getSignature(method, nonce, String(timestamp), path, body);
    return merchant.getAuthorization(nonce, String(timestamp), signature);
  };
  const send = async (method: string, url: string, body: string | undefined, headers: Record<string, string>) => {
    const response = await fetch(url, { method, headers, body });
    const raw = Buffer.from(await response.arrayBuffer());
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      headers: response.headers,
      raw,
      body: isJson && raw.length ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8'),
    };
  };

  return {
    app,
    origin,
    clock,
    config,
    keys,
    authorization,
    wire(method, path, body, auth) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        Authorization: auth ?? authorization(method, path, text),
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return send(method, origin + SANDBOX_PAY_API_PREFIX + path, body === undefined ? undefined : text, headers);
    },
    control(method, path, body) {
      const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
      return send(method, origin + path, body === undefined ? undefined : JSON.stringify(body), headers);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
