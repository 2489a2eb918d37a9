import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PayNotificationsService, type NotifyAnswer } from './pay-notifications.service';

type RawRequest = Request & { rawBody?: Buffer };

/**
 * WeChat Pay calls these (no auth: the signature over the raw body is the proof, NotificationVerifier).
 * Answers are WeChat's: 204 empty, or 4xx `{code:"FAIL", message}` written here directly, not through the
 * API's error filter.
 */
@ApiTags('wechat-pay')
@Controller('api/v1/pay/wechat')
export class PayNotificationsController {
  constructor(private readonly notifications: PayNotificationsService) {}

  @Post('notify')
  @HttpCode(204)
  async payment(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    answer(res, await this.notifications.payment(req.headers, req.rawBody));
  }

  @Post('refund-notify')
  @HttpCode(204)
  async refund(@Req() req: RawRequest, @Res() res: Response): Promise<void> {
    answer(res, await this.notifications.refund(req.headers, req.rawBody));
  }
}

function answer(res: Response, a: NotifyAnswer): void {
  if ('body' in a) res.status(a.status).json(a.body);
  else res.status(a.status).end();
}
