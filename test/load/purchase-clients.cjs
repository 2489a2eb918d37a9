// The HTTP side of `npm run load`, forked into its own process so that request building, JSON and
// latency bookkeeping do not compete with the server under test for the same event loop.
// Receives { url, token, checkouts: number[][], run } from the parent (one open checkout per purchase), posts every purchase (one sequential
// loop per client, all clients concurrently, keep-alive connections) and answers with the latencies.
const http = require('node:http');

process.once('message', async ({ url, token, checkouts, run }) => {
  const target = new URL('/api/v1/staff/purchases', url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: checkouts.length });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const latencies = [];
  const failures = [];
  const started = performance.now();
  await Promise.all(
    checkouts.map(async (clientCheckouts, c) => {
      for (let i = 0; i < clientCheckouts.length; i++) {
        const t = performance.now();
        const res = await post({ checkoutId: clientCheckouts[i], amountFen: 2000, receiptNo: `A${run}-${c}-${i}` });
        latencies.push(performance.now() - t);
        if (res.status !== 200 && failures.length < 5) failures.push(`${res.status} ${res.text}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  process.send({ latencies, seconds, failures }, () => process.exit(0));
});
