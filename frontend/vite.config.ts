import { defineConfig } from "vite";

// The app is embedded into the warden binary and served from `/` under a strict CSP
// (no inline scripts or styles): one bundle, hashed file names under /assets.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
