import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// @member/shared is pure TS: compile it from source so the console never depends on shared/dist.
const sharedSrc = fileURLToPath(new URL('../../shared/src/index.ts', import.meta.url));

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: { alias: [{ find: /^@member\/shared$/, replacement: sharedSrc }] },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd + ProComponents are ~1.5 MB minified; keep vendors in their own long-cached chunks so an
    // app-only change does not make operators download the UI kit again.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/,
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
