import {
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { from, switchMap, type Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { readUploadedImage, type UploadedImageFile } from './media-upload';

type UploadRequest = Request & { uploadedImage?: UploadedImageFile };

/**
 * Reads the multipart upload after the guards have let the caller through (an anonymous 6 MB post is refused
 * without being read), so the handler gets the checked file through @UploadedImage().
 */
@Injectable()
export class MediaUploadInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<UploadRequest>();
    return from(readUploadedImage(req, this.config.media.maxBytes)).pipe(
      switchMap((file) => {
        req.uploadedImage = file;
        return next.handle();
      }),
    );
  }
}

/** The file MediaUploadInterceptor read. */
export const UploadedImage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<UploadRequest>().uploadedImage!,
);
