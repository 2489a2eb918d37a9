import { createHash } from 'node:crypto';
import { ErrorCode } from '@member/shared';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception';
import { sniffImageType, type ImageType } from './media-image';

/** The one file of an upload, read within the size limit, its type already known from its first bytes. */
export interface UploadedImageFile {
  data: Buffer;
  sha256: string;
  type: ImageType;
}

/** The multipart field the console's upload sends the image in. */
export const UPLOAD_FIELD = 'file';
// Room for the multipart framing and a few small fields beside the file itself.
const FRAMING_BYTES = 64 * 1024;

const invalid = (message: string) => new AppException(ErrorCode.VALIDATION_FAILED, message);

/**
 * Reads the multipart field `file` of an upload while it streams in: at most `maxBytes` of it are ever held
 * (a larger file is refused as soon as it passes the limit, 413 MEDIA_TOO_LARGE), and the first bytes decide
 * the type (415 MEDIA_TYPE_UNSUPPORTED for anything but JPEG, PNG, WebP, whatever its name says). Whatever
 * is left of a refused upload is read and dropped so the connection stays usable.
 */
export function readUploadedImage(req: Request, maxBytes: number): Promise<UploadedImageFile> {
  return new Promise((resolve, reject) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      reject(invalid(`请以 multipart/form-data 上传图片（字段名 ${UPLOAD_FIELD}）`));
      return;
    }
    // A declared length far over the limit is refused before a byte of it is read.
    if (Number(req.headers['content-length'] ?? 0) > maxBytes + FRAMING_BYTES) {
      req.resume();
      reject(new AppException(ErrorCode.MEDIA_TOO_LARGE));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 20 },
      });
    } catch {
      reject(invalid('上传内容格式有误，请重新选择图片'));
      return;
    }
    let settled = false;
    let file: UploadedImageFile | null = null;
    let reading = false;
    const fail = (error: AppException) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      bb.removeAllListeners();
      bb.on('error', () => undefined);
      req.resume();
      reject(error);
    };

    bb.on('file', (name, stream, _info) => {
      // A form cut short errors the file stream too; unhandled, that would end the process.
      stream.on('error', () => fail(invalid('上传内容不完整，请重新选择图片')));
      if (name !== UPLOAD_FIELD || reading || settled) {
        stream.resume();
        return;
      }
      reading = true;
      const chunks: Buffer[] = [];
      const hash = createHash('sha256');
      let size = 0;
      let sniffed: ImageType | null = null;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        chunks.push(chunk);
        hash.update(chunk);
        if (!sniffed && size >= 12) {
          sniffed = sniffImageType(Buffer.concat(chunks).subarray(0, 12));
          if (!sniffed) {
            stream.resume();
            fail(new AppException(ErrorCode.MEDIA_TYPE_UNSUPPORTED));
          }
        }
      });
      stream.on('limit', () => {
        stream.resume();
        fail(new AppException(ErrorCode.MEDIA_TOO_LARGE));
      });
      stream.on('end', () => {
        if (settled) return;
        if (size === 0) return fail(invalid('图片文件为空，请重新选择'));
        const data = Buffer.concat(chunks, size);
        const found = sniffed ?? sniffImageType(data);
        if (!found) return fail(new AppException(ErrorCode.MEDIA_TYPE_UNSUPPORTED));
        file = { data, sha256: hash.digest('hex'), type: found };
      });
    });
    bb.on('error', () => fail(invalid('上传内容格式有误，请重新选择图片')));
    bb.on('close', () => {
      if (settled) return;
      if (!file) return fail(invalid(`请选择要上传的图片（字段名 ${UPLOAD_FIELD}）`));
      settled = true;
      resolve(file);
    });
    req.on('aborted', () => fail(invalid('上传已中断，请重试')));
    req.on('error', () => fail(invalid('上传已中断，请重试')));
    req.pipe(bb);
  });
}
