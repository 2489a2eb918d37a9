import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { Clock } from './common/clock';
import { installBodyParsers } from './common/edge/express-edge';
import { IndexedRoutesExpressAdapter } from './common/edge/indexed-routes.adapter';
import { inlineScriptHashes } from './common/edge/inline-scripts';
import { securityHeaderOptions } from './common/edge/security-headers';
import { buildApiDocument } from './common/openapi/api-document';
import { createValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { withStartupLock } from './database/startup-lock';
import { serveLanding } from './landing-page';
import { serveSpa } from './static-assets';
import { DemoSeedService } from './modules/demo/demo-seed.service';
import { OperatorsService } from './modules/operators/operators.service';

export interface StartedApp {
  app: INestApplication;
  url: string;
  clock: Clock;
  bootstrapAdmin: { username: string; password: string | null } | null;
  demo: { storeCode: string; inviteCode: string; members: number } | null;
}

/** Builds, migrates and starts the whole server; used by main.ts and by the API and e2e tests. */
export async function startApp(
  config: AppConfig,
  opts: {
    clock?: Clock;
    logger?: LoggerService | LogLevel[] | false;
    /** Middleware ahead of everything else, raw body included (cluster workers: see cluster.ts). */
    first?: (app: NestExpressApplication) => void;
  } = {},
): Promise<StartedApp> {
  const clock = opts.clock ?? new Clock();
  // Routes indexed by their path prefix (indexed-routes.adapter.ts): Express's router tries them in turn.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, clock),
    new IndexedRoutesExpressAdapter(),
    {
      // Body parsing is installed below with the edge limits (size, depth) and zh-CN errors.
      bodyParser: false,
      logger: opts.logger ?? ['log', 'warn', 'error'],
    },
  );
  opts.first?.(app);
  app.enableShutdownHooks();
  const trust = config.server.trustProxy.trim();
  app.set('trust proxy', /^\d+$/.test(trust) ? Number(trust) : trust);
  app.disable('x-powered-by');
  const inlineScripts = inlineScriptHashes([config.static.consoleDir, config.static.h5Dir]);
  app.use(helmet(securityHeaderOptions(config.server.publicUrl, inlineScripts)));
  installBodyParsers(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  // The API description (UI at /api/docs, JSON at /api/docs-json); off in production unless server.docs.
  if (config.server.docs) SwaggerModule.setup('api/docs', app, () => buildApiDocument(app));

  serveSpa(app, '/console', config.static.consoleDir);
  serveSpa(app, '/h5', config.static.h5Dir);
  serveLanding(app, {
    h5: existsSync(join(config.static.h5Dir, 'index.html')),
    console: existsSync(join(config.static.consoleDir, 'index.html')),
    docs: config.server.docs,
  });

  const { bootstrapAdmin, seeded } = await withStartupLock(app.get(DataSource), async () => {
    await app.get(DataSource).runMigrations({ transaction: 'each' });
    return {
      bootstrapAdmin: await app.get(OperatorsService).bootstrap(),
      seeded: await app.get(DemoSeedService).seedOnce(),
    };
  });

  await app.listen(config.server.port, config.server.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  config.bindSandboxOrigin(url);
  const demo = seeded && { ...seeded, members: await app.get(DemoSeedService).seedMembers(seeded) };
  return { app, url, clock, bootstrapAdmin, demo };
}
