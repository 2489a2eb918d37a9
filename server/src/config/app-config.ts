import type { AppConfigShape } from './config.schema';
import { ConfigError } from './load-config';

/** Injectable, validated configuration. Construct it from loadConfig(); never read process.env elsewhere. */
export class AppConfig {
  constructor(private readonly values: AppConfigShape) {}

  get env() {
    return this.values.env;
  }
  get server() {
    return this.values.server;
  }
  get database() {
    return this.values.database;
  }
  get auth() {
    return this.values.auth;
  }
  get security() {
    return this.values.security;
  }
  get wechat() {
    return this.values.wechat;
  }
  get wechatPay() {
    return this.values.wechatPay;
  }
  get wallet() {
    return this.values.wallet;
  }
  get operator() {
    return this.values.operator;
  }
  get rateLimits() {
    return this.values.rateLimits;
  }
  get loyalty() {
    return this.values.loyalty;
  }
  get coupons() {
    return this.values.coupons;
  }
  get sales() {
    return this.values.sales;
  }
  get media() {
    return this.values.media;
  }
  get events() {
    return this.values.events;
  }
  get jobs() {
    return this.values.jobs;
  }
  get outbox() {
    return this.values.outbox;
  }
  get notices() {
    return this.values.notices;
  }
  get privacy() {
    return this.values.privacy;
  }
  get demo() {
    return this.values.demo;
  }
  get static() {
    return this.values.static;
  }
  get isSandbox(): boolean {
    return this.values.wechat.mode === 'sandbox';
  }
  get usesSqlite(): boolean {
    return this.values.database.url === '';
  }

  /**
   * In sandbox mode the WeChat base URL is this server itself; once the real listening port is known
   * (port 0 in tests) point the client at it. An explicitly configured URL is left alone.
   */
  bindSandboxOrigin(origin: string): void {
    if (!this.isSandbox) return;
    if (/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/wx\/api$/.test(this.values.wechat.apiBaseUrl)) {
      this.values.wechat.apiBaseUrl = `${origin}/sandbox/wx/api`;
    }
    const pay = this.values.wechatPay;
    if (/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/pay\/api$/.test(pay.apiBaseUrl))
      pay.apiBaseUrl = `${origin}/sandbox/pay/api`;
    // The sandbox delivers notifications to this process when they were left pointing at a local address.
    const local = /^http:\/\/(127\.0\.0\.1|localhost):\d+(?=\/)/;
    if (local.test(pay.notifyUrl)) pay.notifyUrl = pay.notifyUrl.replace(local, origin);
    if (local.test(pay.refundNotifyUrl)) pay.refundNotifyUrl = pay.refundNotifyUrl.replace(local, origin);
  }

  /** For tests: a copy with some keys replaced. */
  with(patch: (values: AppConfigShape) => void): AppConfig {
    const copy = structuredClone(this.values);
    patch(copy);
    return new AppConfig(copy);
  }
}

/** For entry points (server, CLIs): the validated config, or exit 78 (EX_CONFIG) naming the bad keys. */
export function appConfigOrExit(load: () => AppConfigShape): AppConfig {
  try {
    return new AppConfig(load());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
