import { Textarea } from '@tarojs/components';

export interface ComposerInputProps {
  value: string;
  placeholder: string;
  onInput(value: string): void;
  onSend(): void;
  onBlur(): void;
}

/**
 * The message input in the mini program: a textarea that grows with its lines, whose keyboard key is "send"
 * (pasted line breaks are kept). No length cap here: the composer counts and refuses, so nothing is cut silently.
 */
export function ComposerInput({ value, placeholder, onInput, onSend, onBlur }: ComposerInputProps) {
  return (
    <Textarea
      className="composer-input"
      value={value}
      placeholder={placeholder}
      maxlength={-1}
      autoHeight
      confirmType="send"
      confirmHold
      showConfirmBar={false}
      disableDefaultPadding
      // The chat page lifts itself above the keyboard (platform/keyboard): WeChat must not push the nav bar away.
      adjustPosition={false}
      onInput={(event) => onInput(event.detail.value)}
      onConfirm={onSend}
      onBlur={onBlur}
    />
  );
}
