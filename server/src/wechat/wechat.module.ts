import { Module } from '@nestjs/common';
import { WechatApiClient } from './wechat-api.client';

/** Mini-program server APIs (login, phone number, access_token, subscription messages). */
@Module({
  providers: [WechatApiClient],
  exports: [WechatApiClient],
})
export class WechatModule {}
