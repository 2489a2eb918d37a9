import { Body, Controller, Get, HttpCode, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SandboxCodesService } from './sandbox-codes.service';
import { SandboxMessagesService } from './sandbox-messages.service';
import { SandboxShippingService } from './sandbox-shipping.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { SandboxAccessTokenGuard, SandboxFaultGuard, WxApi } from './sandbox-wx-api.guards';
import { SandboxWxErrorFilter } from './sandbox-wx-error.filter';

/**
 * The simulated https://api.weixin.qq.com. Requests are validated by the services the way WeChat does,
 * and failures answer HTTP 200 with {errcode, errmsg}; input is deliberately not run through DTOs.
 */
@ApiExcludeController()
@Controller('sandbox/wx/api')
@UseFilters(SandboxWxErrorFilter)
@UseGuards(SandboxFaultGuard)
export class SandboxWxApiController {
  constructor(
    private readonly codes: SandboxCodesService,
    private readonly tokens: SandboxTokensService,
    private readonly messages: SandboxMessagesService,
    private readonly shipping: SandboxShippingService,
  ) {}

  @Get('sns/jscode2session')
  @WxApi('jscode2session')
  code2Session(@Query() query: Record<string, unknown>) {
    return this.codes.code2Session(query);
  }

  @Post('cgi-bin/stable_token')
  @HttpCode(200)
  @WxApi('stable_token')
  stableToken(@Body() body: unknown) {
    return this.tokens.stableToken(body);
  }

  @Get('cgi-bin/token')
  @WxApi('token')
  classicToken(@Query() query: Record<string, unknown>) {
    return this.tokens.classicToken(query);
  }

  @Post('wxa/business/getuserphonenumber')
  @HttpCode(200)
  @WxApi('getuserphonenumber')
  @UseGuards(SandboxAccessTokenGuard)
  phoneNumber(@Body() body: unknown) {
    return this.codes.phoneNumber(body);
  }

  @Post('cgi-bin/message/subscribe/send')
  @HttpCode(200)
  @WxApi('subscribe_send')
  @UseGuards(SandboxAccessTokenGuard)
  subscribeSend(@Body() body: unknown) {
    return this.messages.send(body);
  }

  @Post('wxa/sec/order/upload_shipping_info')
  @HttpCode(200)
  @WxApi('upload_shipping_info')
  @UseGuards(SandboxAccessTokenGuard)
  uploadShippingInfo(@Body() body: unknown) {
    return this.shipping.upload(body);
  }

  @Post('wxa/sec/order/get_order')
  @HttpCode(200)
  @WxApi('get_order')
  @UseGuards(SandboxAccessTokenGuard)
  shippingOrder(@Body() body: unknown) {
    return this.shipping.getOrder(body);
  }
}
