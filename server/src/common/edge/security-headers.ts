import type { HelmetOptions } from 'helmet';

/**
 * Security headers for every answer (API, console, H5, docs). Plain helmet options, so that
 * @fastify/helmet takes the same object if the adapter changes.
 *
 * The CSP is what the built console (Vite + antd) and the H5 (Taro) need and no more: scripts only from
 * this origin plus the hashed inline scripts of the served builds (inline-scripts.ts); inline styles because antd and NutUI write their CSS-in-JS into <style> tags at run time;
 * images also as data:/blob: (QR codes, avatars drawn in the browser) and from WeChat's avatar host.
 */
export function securityHeaderOptions(publicUrl: string, inlineScriptHashes: string[] = []): HelmetOptions {
  const https = publicUrl.startsWith('https://');
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'", ...inlineScriptHashes],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https://thirdwx.qlogo.cn', 'https://wx.qlogo.cn'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // HSTS only where the public address is https: sent over plain http it would pin a demo host to https.
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    hidePoweredBy: true,
  };
}
