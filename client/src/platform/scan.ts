/**
 * Scanning a QR code with the camera (`wx.scanCode`): only the mini program has it. On the web a device that shows
 * a code is the browser itself, so nothing here scans.
 */
export const scanAvailable: boolean = false;

/** The text of a scanned QR code; undefined when the user closed the scanner. */
export async function scanQrCode(): Promise<string | undefined> {
  throw new Error('wx.scanCode is only available in the WeChat mini program');
}
