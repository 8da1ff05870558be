import type { KeyboardEvent } from 'react';
import type { ComposerInputProps } from './composer-input';

/** The textarea grows with its lines up to this many, then scrolls. */
const MAX_ROWS = 6;

/**
 * The message input on the web: Enter sends, Shift+Enter starts a new line, and Enter that confirms an input
 * method's composition (pinyin) only confirms it. A plain textarea: Taro's sends on every Enter, Shift or not.
 */
export function ComposerInput({ value, placeholder, onInput, onSend, onBlur }: ComposerInputProps) {
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    onSend();
  };
  return (
    <textarea
      className="composer-input composer-textarea"
      rows={Math.min(MAX_ROWS, value.split('\n').length)}
      value={value}
      placeholder={placeholder}
      aria-label={placeholder}
      enterKeyHint="send"
      onChange={(event) => onInput(event.target.value)}
      onKeyDown={keyDown}
      onBlur={onBlur}
    />
  );
}
