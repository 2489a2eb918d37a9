import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { bodyErrorAnswer, JsonTooDeepError } from './body-errors';
import { EDGE_LIMITS } from './edge-limits';
import { jsonDepthExceeds } from './json-depth';

// Express wiring of the edge limits. Another adapter needs only its own version of this file: the numbers
// (edge-limits), the depth scan (json-depth) and the error answers (body-errors) are adapter-neutral.

function verify(req: Request & { rawBody?: Buffer }, _res: Response, buf: Buffer): void {
  // Kept for signature checks (WeChat Pay notifications), as Nest's own parser would with rawBody: true.
  req.rawBody = buf;
  if (jsonDepthExceeds(buf, EDGE_LIMITS.jsonDepth)) throw new JsonTooDeepError();
}

/** Runs a body parser and answers its failures itself: they happen before Nest's exception filters. */
function answered(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, body } = bodyErrorAnswer(error);
      res.status(status).json(body);
    });
}

/** JSON and form bodies up to EDGE_LIMITS.bodyBytes (listBodyBytes on listBodyPaths), JSON no deeper than EDGE_LIMITS.jsonDepth. */
export function installBodyParsers(app: NestExpressApplication): void {
  // Routes that take a list get a larger limit; the general parser then finds their body already read.
  app.use([...EDGE_LIMITS.listBodyPaths], answered(express.json({ limit: EDGE_LIMITS.listBodyBytes, verify })));
  app.use(answered(express.json({ limit: EDGE_LIMITS.bodyBytes, verify })));
  app.use(answered(express.urlencoded({ extended: false, limit: EDGE_LIMITS.bodyBytes, parameterLimit: 100, verify })));
}
