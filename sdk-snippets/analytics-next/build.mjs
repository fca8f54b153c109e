// Bundles src/index.js with its npm dependencies into dist/app.js, which index.html loads.
// Run it: npm ci && COLLECTOR_URL=https://collector.example.com SEGMENT_WRITE_KEY=… npm run build
import { build } from 'esbuild'

const requireEnv = (name) => {
  if (!process.env[name]) throw new Error(`set ${name}`)
  return JSON.stringify(process.env[name])
}

await build({
  entryPoints: ['src/index.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outfile: 'dist/app.js',
  define: {
    'process.env.COLLECTOR_URL': requireEnv('COLLECTOR_URL'),
    'process.env.SEGMENT_WRITE_KEY': requireEnv('SEGMENT_WRITE_KEY'),
  },
})
