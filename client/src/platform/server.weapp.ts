import { BUILD_SERVER_URL } from '../config';

/** Where the chat server is: fixed at build time with TARO_APP_SERVER_URL (https on real devices). */
export function getServerUrl(): string {
  return BUILD_SERVER_URL;
}
