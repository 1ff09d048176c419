/**
 * The extension's id is the URL path it is served from: OHIF loads extensions given as URLs with import()
 * and a mode must name its extensions by the same string (a bare package name cannot be resolved by the
 * browser). So the id follows wherever the viewer serves the bundle.
 */
import { MODULE_URL } from './module-url';

export const EXTENSION_ID: string = new URL(MODULE_URL).pathname;
