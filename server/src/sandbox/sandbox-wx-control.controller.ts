import { Body, Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  BlockUserDto,
  BulkGrantDto,
  FaultDto,
  LoginCodeDto,
  OpenidQueryDto,
  OptionalOpenidQueryDto,
  PhoneCodeDto,
  SendQuotaDto,
  SubscribeDto,
  TemplateQueryDto,
} from './dto/sandbox-wx-control.dto';
import { SandboxCodesService } from './sandbox-codes.service';
import { SandboxFaultsService } from './sandbox-faults.service';
import { SandboxGrantsService } from './sandbox-grants.service';
import { SandboxMessagesService } from './sandbox-messages.service';
import { SandboxShippingService } from './sandbox-shipping.service';
import { SANDBOX_TEMPLATES } from './sandbox-templates';
import { SandboxTokensService } from './sandbox-tokens.service';
import { SandboxUsersService } from './sandbox-users.service';
import { sandboxValidationPipe } from './sandbox-validation.pipe';

/** Plays the WeChat client and WeChat's back office for tests and the H5 demo (plain JSON answers). */
@ApiTags('sandbox')
@Controller('sandbox/wx')
@UsePipes(sandboxValidationPipe)
export class SandboxWxControlController {
  constructor(
    private readonly codes: SandboxCodesService,
    private readonly tokens: SandboxTokensService,
    private readonly grants: SandboxGrantsService,
    private readonly messages: SandboxMessagesService,
    private readonly faults: SandboxFaultsService,
    private readonly users: SandboxUsersService,
    private readonly shipping: SandboxShippingService,
  ) {}

  /** wx.login */
  @Post('login-code')
  @HttpCode(200)
  loginCode(@Body() dto: LoginCodeDto) {
    return this.codes.mintLoginCode(dto.openid, dto.unionid);
  }

  /** The getPhoneNumber button. */
  @Post('phone-code')
  @HttpCode(200)
  phoneCode(@Body() dto: PhoneCodeDto) {
    return this.codes.mintPhoneCode(dto.phone, dto.countryCode);
  }

  /** wx.requestSubscribeMessage with the user's answer. */
  @Post('subscribe')
  @HttpCode(200)
  subscribe(@Body() dto: SubscribeDto) {
    return this.grants.respond(dto.openid, dto.templateIds, dto.result);
  }

  /** Many users accept a template at once (load runs); the H5 popup uses subscribe above. */
  @Post('subscribe/bulk')
  @HttpCode(200)
  subscribeMany(@Body() dto: BulkGrantDto) {
    return this.grants.grantMany(dto.openids, dto.templateId, dto.times);
  }

  /** subscribe/send quota: 45011 past perMinute, 45009 past perDay (omitted → WeChat's defaults). */
  @Post('quota')
  @HttpCode(200)
  sendQuota(@Body() dto: SendQuotaDto) {
    return this.messages.setQuota(dto);
  }

  /** Deliveries per user and template since start: duplicates show as `repeated`. */
  @Get('messages/counts')
  deliveryCounts(@Query() query: TemplateQueryDto) {
    return this.messages.deliveryCounts(query.templateId);
  }

  @Get('templates')
  templates() {
    return SANDBOX_TEMPLATES;
  }

  @Get('messages')
  deliveredMessages(@Query() query: OptionalOpenidQueryDto) {
    return this.messages.list(query.openid);
  }

  @Get('grants')
  remainingGrants(@Query() query: OpenidQueryDto) {
    return this.grants.list(query.openid);
  }

  @Post('tokens/invalidate')
  @HttpCode(200)
  invalidateTokens() {
    return this.tokens.invalidateAll();
  }

  @Post('faults')
  @HttpCode(200)
  scheduleFault(@Body() dto: FaultDto) {
    const { api, ...fault } = dto;
    return this.faults.schedule(api, fault);
  }

  @Post('users/:openid/block')
  @HttpCode(200)
  blockUser(@Param('openid') openid: string, @Body() dto: BlockUserDto) {
    return this.users.setBlocked(openid, dto.blocked);
  }

  /** A payment's order-shipping record: pending until uploaded, with the last upload and changes left. */
  @Get('shipping/:transactionId')
  shippingState(@Param('transactionId') transactionId: string) {
    return this.shipping.state(transactionId);
  }
}
