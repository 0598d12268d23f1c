/**
 * `class-balanced-loss-web`: the browser page (built into `dist/page`) and a tiny local server for it, used
 * by `cbloss web`. The page itself is a static bundle: open the served URL in a browser.
 *
 * @packageDocumentation
 */
export { pageDir } from './pageDir.js';
export { servePage, type PageServer, type ServePageOptions } from './servePage.js';
export { contentType, CONTENT_TYPES } from './contentType.js';
