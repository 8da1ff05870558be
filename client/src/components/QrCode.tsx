import { useMemo } from 'react';
import { Image, View } from '@tarojs/components';
import qrcode from 'qrcode-generator';

interface Props {
  /** What the code says (see the protocol's `parseSignInQr`). */
  text: string;
  /** For screen readers: what the code is for. */
  label: string;
}

/**
 * A QR code drawn here, not fetched: a GIF data URL from qrcode-generator (small, no dependencies, the same in the
 * browser and the mini program's <image>). Medium error correction survives a phone camera at an angle. The text is
 * on the element too (`data-qr`), which is what a scanner reads.
 */
export function QrCode({ text, label }: Props) {
  const source = useMemo(() => {
    const code = qrcode(0, 'M');
    code.addData(text);
    code.make();
    return code.createDataURL(6, 4);
  }, [text]);
  return (
    <View className="qr-code" data-qr={text}>
      <Image className="qr-code-image" src={source} mode="scaleToFill" ariaLabel={label} />
    </View>
  );
}
