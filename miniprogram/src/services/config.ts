/**
 * API origin. H5 is served by the API server under /h5, so relative URLs hit the same origin;
 * weapp must call an absolute https origin configured at build time (TARO_APP_API_BASE).
 */
export const API_BASE: string =
  process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? 'https://member.example.com');

export function apiUrl(path: string): string {
  return `${API_BASE.replace(/\/$/, '')}${path}`;
}
