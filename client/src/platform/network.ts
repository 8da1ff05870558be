import Taro from '@tarojs/taro';

export interface NetworkStatus {
  isConnected: boolean;
  networkType: string;
}

export type Unsubscribe = () => void;

/** The network status now; assumes online when the platform cannot tell. */
export async function getNetworkStatus(): Promise<NetworkStatus> {
  try {
    const { networkType } = await Taro.getNetworkType();
    return { isConnected: networkType !== 'none', networkType };
  } catch (error) {
    console.warn('[network] getNetworkType failed; assuming online', error);
    return { isConnected: true, networkType: 'unknown' };
  }
}

export function onNetworkStatusChange(listener: (status: NetworkStatus) => void): Unsubscribe {
  const callback = (result: { isConnected: boolean; networkType: string }) =>
    listener({ isConnected: result.isConnected, networkType: result.networkType });
  Taro.onNetworkStatusChange(callback);
  return () => Taro.offNetworkStatusChange(callback);
}
