// The H5 demo has no WeChat identity, so it keeps a stable fake openid per browser for the
// sandbox. `?openid=` overrides it so browser tests can act as a chosen user.
const STORAGE_KEY = 'mp.sandboxOpenid';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 'o' + 27 base64url characters, the shape of a real mini-program openid. */
export function generateOpenid(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(27);
  let out = 'o';
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** Reads `openid` from the page URL, including the part after a hash-router '#'. */
export function openidFromUrl(href: string): string | null {
  const match = /[?&]openid=([^&#]+)/.exec(href);
  return match ? decodeURIComponent(match[1]) : null;
}

export function sandboxOpenid(): string {
  const fromUrl = openidFromUrl(window.location.href);
  if (fromUrl) {
    window.localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  let openid = window.localStorage.getItem(STORAGE_KEY);
  if (!openid) {
    openid = generateOpenid();
    window.localStorage.setItem(STORAGE_KEY, openid);
  }
  return openid;
}
