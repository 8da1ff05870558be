import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { copyText } from './share';

interface Props {
  url: string;
  /** Said once the link is copied. */
  copiedText: string;
}

/**
 * A web link in a message, in the mini program: a mini program cannot open an outside page, so a tap copies the
 * address and says so (the user pastes it into a browser).
 */
export function ExternalLink({ url, copiedText }: Props) {
  const copy = async () => {
    if (await copyText(url)) await Taro.showToast({ title: copiedText, icon: 'none' });
  };
  return (
    <Text className="message-link" onClick={() => void copy()}>
      {url}
    </Text>
  );
}
