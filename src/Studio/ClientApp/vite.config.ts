import { defineConfig } from 'vitest/config';

// React's automatic JSX runtime through esbuild (no @vitejs/plugin-react: it does not install here).
// `npm run dev` proxies /api to Studio's host (or a workflow server in Development) on STUDIO_API (default :5080).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // @xyflow/react marks itself "use client" for React Server Components; meaningless in a client-only bundle.
      onwarn(warning, warn) { if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning); },
    },
  },
  server: { proxy: { '/api': { target: process.env.STUDIO_API ?? 'http://127.0.0.1:5080', changeOrigin: true } } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
