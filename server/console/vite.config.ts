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
    // Pages load on first use (App.tsx), so each route brings its own code (ProTable, ProForm…) and the
    // shared parts of antd come in chunks the bundler cuts by use. Measured (compressed, browser suite):
    // sign-in 237 KB, then the member list 586 KB in all, against 580 KB for one UI-kit chunk before;
    // grouping all of antd into one chunk gave 382 KB for the sign-in page. React stays one cached chunk.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
