/**
 * WeChat's privacy authorisation (since 2023-09-15): a privacy-protected API or component (the avatar button, the
 * nickname input) waits until the user agrees to the mini program's privacy guide, and the app shows why. The web
 * has nothing of the kind: here nothing is ever asked. See privacy.weapp.ts.
 */

/** A privacy request WeChat holds: answer it once, when the user agreed or refused. */
export interface PrivacyRequest {
  agree(): void;
  disagree(): void;
}

/** The id of the agree button (`open-type="agreePrivacyAuthorization"`); WeChat checks that it was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

/** Calls `onRequest` whenever a privacy-protected API waits for the user's consent. */
export function onPrivacyRequest(_onRequest: (request: PrivacyRequest) => void): void {}

/** Opens the mini program's privacy guide. */
export function openPrivacyGuide(): void {}
