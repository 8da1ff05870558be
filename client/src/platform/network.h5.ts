import type { NetworkStatus, Unsubscribe } from './network';

export type { NetworkStatus, Unsubscribe } from './network';

// Taro's H5 onNetworkStatusChange listens to navigator.connection, which most browsers lack;
// the browser's online/offline events are the reliable signal on the web.

export async function getNetworkStatus(): Promise<NetworkStatus> {
  return { isConnected: navigator.onLine, networkType: navigator.onLine ? 'unknown' : 'none' };
}

export function onNetworkStatusChange(listener: (status: NetworkStatus) => void): Unsubscribe {
  const onOnline = () => listener({ isConnected: true, networkType: 'unknown' });
  const onOffline = () => listener({ isConnected: false, networkType: 'none' });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  };
}
