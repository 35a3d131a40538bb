import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves dist/ at `/`; in `vite dev` the same paths reach the API through the proxy.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, manifest: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/trpc': process.env.API_URL ?? 'http://127.0.0.1:3000' } },
});
