import 'reflect-metadata';
import cluster from 'node:cluster';
import { startApp } from './app.factory';
import { clusterWorker, runClusterPrimary, workersFromArgv } from './cluster';
import { writeSecretFile } from './common/secret-file';
import { appConfigOrExit } from './config/app-config';
import { loadConfig } from './config/load-config';

async function main(): Promise<void> {
  const config = appConfigOrExit(() => loadConfig());
  // --workers=N (npm run start:cluster): this process only forks and watches N workers; see cluster.ts.
  const workers = workersFromArgv(process.argv.slice(2));
  if (workers !== null && cluster.isPrimary) return runClusterPrimary(config, workers);
  const worker = cluster.isWorker ? await clusterWorker(config) : null;
  // Route mapping chatter is left out; warnings and errors still show.
  const { app, url, bootstrapAdmin, demo } = await startApp(config, {
    logger: ['warn', 'error'],
    first: worker?.first,
  });
  await worker?.started(app, url);
  if (worker && !worker.owner) return; // the first worker prints the banner (and the bootstrap password) once
  const base = config.server.publicUrl.replace(/\/$/, '');
  const lines = [
    `会员平台已启动 (${config.env}, ${config.usesSqlite ? `SQLite in ${config.database.dataDir}` : 'MySQL'}, WeChat ${config.wechat.mode})`,
    `  API          ${base}/api/v1   (listening on ${url})`,
    ...(config.server.docs ? [`  API docs     ${base}/api/docs`] : []),
    `  Health       ${base}/api/health`,
    `  Console      ${base}/console/`,
    `  Mini-program ${base}/h5/  (H5 build, WeChat sandbox)`,
  ];
  if (bootstrapAdmin?.password) {
    if (config.env === 'production') {
      // Never on stdout in production (logs are shipped and kept): a 0600 file in the data dir instead.
      const file = writeSecretFile(
        config.database.dataDir,
        `bootstrap-admin-${Date.now()}.txt`,
        `${bootstrapAdmin.username} / ${bootstrapAdmin.password}`,
      );
      lines.push(`  Console login: ${bootstrapAdmin.username}, password written once to ${file} (mode 0600)`);
    } else lines.push(`  Console login: ${bootstrapAdmin.username} / ${bootstrapAdmin.password}   (printed once)`);
  }
  if (demo) {
    lines.push(`  Demo store ${demo.storeCode}, staff invite code ${demo.inviteCode}`);
    if (demo.members) lines.push(`  Demo members: ${demo.members}, with purchases, refunds and a pending tier review`);
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
