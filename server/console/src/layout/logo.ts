// Inline logo: ProLayout's default logo is fetched from a CDN, which the console must never depend on.
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
  '<rect width="64" height="64" rx="14" fill="#1677ff"/>' +
  '<rect x="12" y="18" width="40" height="28" rx="5" fill="#fff"/>' +
  '<rect x="12" y="24" width="40" height="6" fill="#91caff"/>' +
  '<circle cx="22" cy="38" r="3" fill="#1677ff"/></svg>';

export const LOGO_DATA_URL = `data:image/svg+xml;utf8,${encodeURIComponent(LOGO_SVG)}`;
