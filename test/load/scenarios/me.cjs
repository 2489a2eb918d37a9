// Reference scenario: GET /api/v1/me, a member's card — the framework plus a guard read and a small
// handler, for comparing a hot path's CPU per operation with an ordinary authenticated read. No raw floor.
const { signUp } = require('./purchase.cjs');

module.exports = {
  name: 'me',
  operation: 'GET /api/v1/me',
  async setup({ http, members }) {
    const people = [];
    for (let i = 0; i < Math.min(members, 10); i++) people.push(await signUp(http));
    return { tokens: people.map((p) => p.token) };
  },
  async prepare({ state, count }) {
    return Array.from({ length: count }, (_, i) => ({ token: state.tokens[i % state.tokens.length] }));
  },
  api(item) {
    return { method: 'GET', path: '/api/v1/me', token: item.token };
  },
};
