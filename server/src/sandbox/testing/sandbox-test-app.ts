import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catch, Module, type ArgumentsHost, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { CoreModule } from '../../common/core.module';
import { AppConfig } from '../../config/app-config';
import type { AppConfigShape } from '../../config/config.schema';
import { loadConfig } from '../../config/load-config';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { WechatModule } from '../../wechat/wechat.module';
import { SandboxModule } from '../sandbox.module';

// Stand-in for the application's global filter, so tests see the same {code, message} bodies.
@Catch(AppException)
class AppExceptionFilter implements ExceptionFilter {
  catch(error: AppException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(error.status)
      .json({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  }
}

@Module({})
class SandboxTestRootModule {}

/** An HTTP answer as tests see it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers ad hoc
export type TestAnswer = { status: number; body: any };

export interface SandboxTestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  origin: string;
  clock: Clock;
  /** Config whose wechat.apiBaseUrl points at this app's simulator. */
  config: AppConfig;
  /** A WechatApiClient wired to the simulator, sharing the app's clock. */
  client: WechatApiClient;
  /** Calls an endpoint with a JSON body and returns status + parsed body. */
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<TestAnswer>;
  close(): Promise<void>;
}

/** Starts CoreModule + SandboxModule + WechatModule on a random port. */
export async function startSandboxTestApp(patch?: (values: AppConfigShape) => void): Promise<SandboxTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'member-sandbox-'));
  const base = new AppConfig(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
  const clock = new Clock();
  // NestFactory rather than @nestjs/testing, which is not a dependency of this repo.
  const app = await NestFactory.create(
    { module: SandboxTestRootModule, imports: [CoreModule.forRoot(base, clock), SandboxModule, WechatModule] },
    { logger: false },
  );
  app.useGlobalFilters(new AppExceptionFilter());
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const config = base.with((values) => {
    values.wechat.apiBaseUrl = `${origin}/sandbox/wx/api`;
    patch?.(values);
  });
  return {
    app,
    origin,
    clock,
    config,
    client: new WechatApiClient(config, clock),
    async control(method, path, body) {
      const response = await fetch(origin + path, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
