import {
  Catch,
  Injectable,
  type ArgumentsHost,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { concatMap, type Observable } from 'rxjs';
import type { SandboxPayRequest } from './sandbox-pay-api.guard';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';
import { SandboxPayError } from './sandbox-pay.error';

/**
 * Serialises each API answer once and signs exactly those bytes (`ts\nnonce\nbody\n`; 204 signs the empty
 * body). Handlers that write the response themselves (the bill download, unsigned like WeChat's) are left alone.
 */
@Injectable()
export class SandboxPaySigningInterceptor implements NestInterceptor {
  constructor(
    private readonly crypto: SandboxPayCrypto,
    private readonly faults: SandboxPayFaultsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    const holdMs = context.switchToHttp().getRequest<SandboxPayRequest>().sandboxPayHoldMs ?? 0;
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
        if (response.headersSent) return body;
        const text = body === undefined ? '' : JSON.stringify(body);
        const headers = this.crypto.signedHeaders(Buffer.from(text, 'utf8'), this.faults.takeSignatureFault('api'));
        response.set(headers);
        if (body === undefined) return undefined;
        response.type('application/json');
        return text;
      }),
    );
  }
}

/** WeChat's `{code, message, detail?}` envelope with its HTTP status, signed like any answer. */
@Catch(SandboxPayError)
export class SandboxPayErrorFilter implements ExceptionFilter {
  constructor(private readonly crypto: SandboxPayCrypto) {}

  catch(error: SandboxPayError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const text = JSON.stringify(error.toBody());
    response
      .status(error.status)
      .set(this.crypto.signedHeaders(Buffer.from(text, 'utf8')))
      .type('application/json')
      .send(text);
  }
}
