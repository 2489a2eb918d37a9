import { Global, Module } from '@nestjs/common';
import { NotificationVerifier } from './notification-verifier';
import { WechatPayGateway } from './wechat-pay.gateway';
import { WechatPayNodeGateway } from './wechatpay-node.gateway';

/** WeChat Pay for every module: outbound calls through WechatPayGateway, inbound notifications verified. */
@Global()
@Module({
  providers: [{ provide: WechatPayGateway, useClass: WechatPayNodeGateway }, NotificationVerifier],
  exports: [WechatPayGateway, NotificationVerifier],
})
export class WechatPayModule {}
