import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { pressable } from '../platform/pressable';

interface Props {
  /** What is about to happen, and what it costs. */
  text: string;
  confirmLabel: string;
  /** Class of the confirm action, for tests and styles (e.g. `signout-confirm`). */
  confirmClass: string;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * An inline "are you sure" under the action that asked: the same on the web and in the mini program (no native
 * dialog, which the simulated runtime and screen readers handle differently), and announced when it appears.
 */
export function ConfirmBar({ text, confirmLabel, confirmClass, onConfirm, onCancel }: Props) {
  return (
    <View className="confirm-bar" aria-live="polite">
      <Text className="confirm-bar-text">{text}</Text>
      <View className="confirm-bar-actions">
        <Text className="link-button confirm-bar-cancel" onClick={onCancel} {...pressable(onCancel)}>
          {t('confirm.cancel')}
        </Text>
        <Text
          className={`link-button confirm-bar-confirm ${confirmClass}`}
          onClick={onConfirm}
          {...pressable(onConfirm)}
        >
          {confirmLabel}
        </Text>
      </View>
    </View>
  );
}
