// `npm run build`: dist/chrome and dist/firefox from one source.
import { buildExtension } from './lib/build.ts';

const out = await buildExtension();
console.log(`Built:\n  Chrome:  ${out.chrome}\n  Firefox: ${out.firefox}`);
