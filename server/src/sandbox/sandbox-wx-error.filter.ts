import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SandboxBrokenAnswer, SandboxWxError } from './sandbox-wx.error';

/** Renders simulated WeChat failures on the wire endpoints exactly as WeChat does. */
@Catch(SandboxWxError, SandboxBrokenAnswer)
export class SandboxWxErrorFilter implements ExceptionFilter {
  catch(error: SandboxWxError | SandboxBrokenAnswer, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SandboxBrokenAnswer) {
      response.status(502).type('html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    response.status(200).json(error.toBody());
  }
}
