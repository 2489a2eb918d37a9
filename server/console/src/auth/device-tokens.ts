// Proof that this browser signed in to a name before: the server hands out a device token at every login
// and gives a browser that sends it back its own allowance of failed logins, so somebody guessing the
// password elsewhere cannot lock the owner out. Kept per username, for the last few names used here.
const KEY = 'member-console.devices';
const MAX_NAMES = 5;

/** The name as the server compares it (NFKC, trimmed, lower case). */
const normalise = (username: string) => username.normalize('NFKC').trim().toLowerCase();

function read(): Record<string, string> {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export const deviceTokens = {
  get: (username: string): string | undefined => read()[normalise(username)],
  set: (username: string, token: string): void => {
    const name = normalise(username);
    const others = Object.entries(read()).filter(([n]) => n !== name);
    const kept = Object.fromEntries([...others.slice(-(MAX_NAMES - 1)), [name, token]]);
    localStorage.setItem(KEY, JSON.stringify(kept));
  },
};
