import Taro from '@tarojs/taro';

export const routes = {
  signIn: '/pages/signin/index',
  rooms: '/pages/rooms/index',
  chat: '/pages/chat/index',
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

export function goToChat(roomId: string): void {
  Taro.navigateTo({ url: `${routes.chat}?id=${encodeURIComponent(roomId)}` }).catch(logFailure('navigate to chat'));
}

/** Back to the previous page, or to the room list when the page was opened directly (a reload on the web). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack().catch(logFailure('navigate back'));
  else goToRooms();
}

/** The query parameters of the current page. */
export function getPageParams(): Record<string, string | undefined> {
  return Taro.getCurrentInstance().router?.params ?? {};
}
