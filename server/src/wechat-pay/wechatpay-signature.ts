import { createVerify, type KeyObject } from 'node:crypto';

// WeChat Pay signs what it sends us — API answers and notifications alike — over `ts\nnonce\nbody\n` with
// the key its Wechatpay-Serial names. One check for both, so they cannot drift apart.

/** How far Wechatpay-Timestamp may be from our clock (WeChat's SDKs use 5 minutes). */
export const MAX_SKEW_SECONDS = 300;

export type HeaderReader = (name: string) => string | null | undefined;

/**
 * Why a message is not WeChat Pay's (null when its signature checks out): signed over the raw bytes with
 * the key named by Wechatpay-Serial, within ±300 s of our clock, and not a deliberate SIGNTEST probe.
 */
export function signatureProblem(
  header: HeaderReader,
  body: Buffer,
  keys: Map<string, KeyObject>,
  nowSeconds: number,
): string | null {
  const timestamp = header('Wechatpay-Timestamp');
  const nonce = header('Wechatpay-Nonce');
  const serial = header('Wechatpay-Serial');
  const signature = header('Wechatpay-Signature');
  if (!timestamp || !nonce || !serial || !signature) return 'signature headers missing';
  // Probe traffic WeChat sends on purpose: a merchant that accepts it does not verify signatures.
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) return 'SIGNTEST probe signature';
  const key = keys.get(serial) ?? keys.get(serial.toUpperCase());
  if (!key) return `unknown Wechatpay-Serial ${serial}`;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]));
  if (!verifier.verify(key, signature, 'base64')) return 'signature does not verify';
  if (!/^\d{1,12}$/.test(timestamp)) return 'timestamp malformed';
  const skew = Math.abs(nowSeconds - Number(timestamp));
  if (skew > MAX_SKEW_SECONDS) return `timestamp ${skew} s off`;
  return null;
}
