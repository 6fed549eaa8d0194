import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const cspInlineStyles = fileURLToPath(new URL('./src/lib/csp-inline-styles.tsx', import.meta.url));

/**
 * The server's CSP allows no inline <style>. Mantine writes responsive and AppShell
 * variables through its InlineStyles component as a <style> element; this swaps that
 * one module for a version that writes the same rules through the CSSOM.
 */
function mantineCspInlineStyles(): Plugin {
  return {
    name: 'cipx:mantine-csp-inline-styles',
    enforce: 'pre',
    resolveId(source, importer) {
      if (
        importer &&
        /@mantine[\\/]core[\\/]/.test(importer) &&
        /InlineStyles[\\/]InlineStyles\.mjs$/.test(source)
      ) {
        return cspInlineStyles;
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [mantineCspInlineStyles(), react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // Mantine must go through the plugin above, in dev too.
  optimizeDeps: { exclude: ['@mantine/core'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { '/api': { target: process.env.CIPX_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
