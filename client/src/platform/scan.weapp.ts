import Taro from '@tarojs/taro';

export const scanAvailable: boolean = true;

/** The text of a scanned QR code (from the camera only: a photo of a QR code is not this browser asking now). */
export async function scanQrCode(): Promise<string | undefined> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
    return result;
  } catch (error) {
    // Closing the scanner is a `fail` with "scanCode:fail cancel": nothing was scanned.
    if (String((error as { errMsg?: unknown }).errMsg ?? error).includes('cancel')) return undefined;
    throw error;
  }
}
