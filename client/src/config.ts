/**
 * The one module of the app that reads `process.env`. Taro writes these values into the bundle at build time
 * (`TARO_ENV` per target, `TARO_APP_*` from the environment), so reading them anywhere else would scatter build
 * configuration over the code.
 */

/** The platform this bundle was built for. */
export const TARO_ENV = process.env.TARO_ENV;

/** The web build (served by the chat server itself). */
export const isWeb = process.env.TARO_ENV === 'h5';

/** The mini program's server address, fixed at build time (`TARO_APP_SERVER_URL`, default in config/index.ts). */
export const BUILD_SERVER_URL = process.env.TARO_APP_SERVER_URL;
