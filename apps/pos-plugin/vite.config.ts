import { defineConfig } from 'vite';

// The cashier screen: built to dist/ and served by the API at /pos/. `vite dev` proxies the API.
export default defineConfig({
  base: '/pos/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
      '/pos/demo-config.json': 'http://127.0.0.1:3000',
    },
  },
});
