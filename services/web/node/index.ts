export { ensureWebBundle, hashSources, WEB_PACKAGE_DIR, type BundleLogger, type WebBundle } from './bundle.ts';
