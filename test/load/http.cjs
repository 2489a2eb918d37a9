// JSON over keep-alive HTTP for the load harness and its client processes (no client library: what it
// costs per request should be as little as possible and the same for every scenario).
const http = require('node:http');

/**
 * A JSON client bound to one base URL. `send` resolves to { status, body } for any status; `json` rejects
 * unless the status is 2xx.
 * @param {string} base
 * @param {number} [maxSockets]
 */
function httpClient(base, maxSockets = 256) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  /** @returns {Promise<{ status: number, body: any, text: string }>} */
  // A string body goes as is (e.g. a signed WeChat Pay notification), with `extra` headers.
  const send = (method, path, body, token, extra) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const headers = { ...extra };
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request(new URL(path, base), { method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  const json = async (method, path, body, token) => {
    const res = await send(method, path, body, token);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  return { send, json, close: () => agent.destroy() };
}

module.exports = { httpClient };
