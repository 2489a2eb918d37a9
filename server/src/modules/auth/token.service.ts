import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, type OperatorRole, type StaffRole } from '@member/shared';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';

export interface MemberPrincipal {
  kind: 'member';
  memberId: number;
}
export interface StaffPrincipal {
  kind: 'staff';
  staffId: number;
  memberId: number;
  storeId: number;
  role: StaffRole;
}
export interface OperatorPrincipal {
  kind: 'operator';
  operatorId: number;
  username: string;
  role: OperatorRole;
  storeId: number | null;
  /** The console session a token belongs to (system principals have none). */
  sessionId?: number;
  /** The operator's token version when the token was signed; a bump ends the token. */
  tokenVersion?: number;
}
export type Principal = MemberPrincipal | StaffPrincipal | OperatorPrincipal;

const VERIFIED_FOR_MS = 60_000;
const VERIFIED_MAX = 10_000;

/** Signs and verifies the three kinds of bearer token; `kind` keeps one from passing for another. */
@Injectable()
export class TokenService {
  private readonly jwt = new JwtService({});
  private readonly keyId: string;
  // Secrets by key id: the current one signs (its id in the header's `kid`); earlier ones, listed during a
  // rotation, still verify the tokens they signed until those expire. KeyObjects, not strings: jsonwebtoken
  // otherwise tries (and fails) to parse a string as a public key on every call (~10 % of CPU under load).
  private readonly keys: Map<string, KeyObject>;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly config: AppConfig) {
    const { jwtSecret, jwtKeyId, previousJwtSecrets } = config.auth;
    const secret = (s: string) => createSecretKey(Buffer.from(s, 'utf8'));
    this.keyId = jwtKeyId;
    this.keys = new Map(Object.entries(previousJwtSecrets).map(([id, s]) => [id, secret(s)]));
    this.keys.set(jwtKeyId, secret(jwtSecret));
  }

  signMember(memberId: number): string {
    return this.sign({ kind: 'member', memberId }, this.config.auth.memberTokenTtlSeconds);
  }

  signStaff(p: Omit<StaffPrincipal, 'kind'>): string {
    return this.sign({ kind: 'staff', ...p }, this.config.auth.staffTokenTtlSeconds);
  }

  signOperator(p: Omit<OperatorPrincipal, 'kind'> & { sessionId: number; tokenVersion: number }): string {
    return this.sign({ kind: 'operator', ...p }, this.config.auth.operatorTokenTtlSeconds);
  }

  /**
   * The principal of a valid token (401 otherwise). A verified token is remembered for at most a minute and
   * never past its expiry: the signature check and JSON parsing were a visible share of a hot request's CPU
   * (issue 9 profile). Only verification is remembered; what each guard then reads (binding, status,
   * session) still runs on every request, so disabling or logging out still cuts off at once.
   */
  verify(token: string): Principal {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit && hit.until > now) return { ...hit.principal };
    const { principal, exp } = this.verifySignature(token);
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    this.verified.set(token, { principal, until: Math.min(now + VERIFIED_FOR_MS, exp * 1000) });
    return { ...principal };
  }

  private verifySignature(token: string): { principal: Principal; exp: number } {
    const kid = headerKid(token);
    // Tokens from before key ids carry none: any configured secret may have signed them.
    const keys = kid === undefined ? [...this.keys.values()] : [this.keys.get(kid)];
    for (const key of keys) {
      if (!key) break;
      try {
        const {
          iat: _iat,
          exp,
          ...principal
        } = this.jwt.verify<Principal & { iat: number; exp: number }>(token, {
          algorithms: ['HS256'],
          secret: key as unknown as string,
        });
        return { principal: principal as Principal, exp };
      } catch {
        // expired, forged, or signed by another of the listed secrets: try the next
      }
    }
    throw new AppException(ErrorCode.UNAUTHENTICATED);
  }

  private sign(payload: Principal, ttlSeconds: number): string {
    return this.jwt.sign(payload, {
      expiresIn: ttlSeconds,
      algorithm: 'HS256',
      keyid: this.keyId,
      secret: this.keys.get(this.keyId) as unknown as string,
    });
  }
}

/** The `kid` of a JWT's header, undefined when there is none (or the header is not JSON). */
function headerKid(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as {
      kid?: unknown;
    };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
