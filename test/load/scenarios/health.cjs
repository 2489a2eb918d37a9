// Reference scenario: GET /api/health, the framework's own cost per request (no SQL, no guard), so a hot
// path's CPU per operation can be read as "framework + its own work". No raw floor.
module.exports = {
  name: 'health',
  operation: 'GET /api/health',
  async setup() {
    return {};
  },
  async prepare({ count }) {
    return Array.from({ length: count }, () => ({}));
  },
  api() {
    return { method: 'GET', path: '/api/health' };
  },
};
