import Taro from '@tarojs/taro';

export const routes = {
  signIn: '/pages/signin/index',
  rooms: '/pages/rooms/index',
  chat: '/pages/chat/index',
  profile: '/pages/profile/index',
  search: '/pages/search/index',
} as const;

function logFailure(action: string) {
  return (error: unknown) => console.error(`[navigation] ${action} failed`, error);
}

export function goToSignIn(): void {
  Taro.reLaunch({ url: routes.signIn }).catch(logFailure('reLaunch to sign-in'));
}

export function goToRooms(): void {
  Taro.reLaunch({ url: routes.rooms }).catch(logFailure('reLaunch to rooms'));
}

/** The chat page of a room, with an invite code for a private room (the path of invite links and share cards). */
export function chatPath(roomId: string, inviteCode?: string): string {
  const invite = inviteCode ? `&invite=${encodeURIComponent(inviteCode)}` : '';
  return `${routes.chat}?roomId=${encodeURIComponent(roomId)}${invite}`;
}

export function goToChat(roomId: string): void {
  Taro.navigateTo({ url: chatPath(roomId) }).catch(logFailure('navigate to chat'));
}

/** A room opened at its message `seq` (a search result), the message shown and marked. */
export function goToChatAt(roomId: string, seq: number): void {
  Taro.navigateTo({ url: `${chatPath(roomId)}&seq=${seq}` }).catch(logFailure('navigate to a message'));
}

/** Message search: in every room of the user, or only in `roomId`. */
export function goToSearch(roomId?: string): void {
  const url = roomId === undefined ? routes.search : `${routes.search}?roomId=${encodeURIComponent(roomId)}`;
  Taro.navigateTo({ url }).catch(logFailure('navigate to search'));
}

/** The signed-in user's profile: name, avatar, devices and signing out. */
export function goToProfile(): void {
  Taro.navigateTo({ url: routes.profile }).catch(logFailure('navigate to profile'));
}

/** Straight to a room as the only page (after signing in from an invite): back leads to the room list. */
export function reLaunchChat(roomId: string): void {
  Taro.reLaunch({ url: chatPath(roomId) }).catch(logFailure('reLaunch to chat'));
}

/** Back to the previous page, or to the room list when the page was opened directly (a reload on the web). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack().catch(logFailure('navigate back'));
  else goToRooms();
}

/** The query parameters of the current page, decoded (neither WeChat nor Taro's web router decodes them). */
export function getPageParams(): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(Taro.getCurrentInstance().router?.params ?? {})) {
    params[key] = value === undefined ? undefined : safeDecode(value);
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
