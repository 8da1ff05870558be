/** A button role, a tab stop, and Enter/Space acting like a click (WAI-ARIA's button pattern). */
export function pressable(onPress: () => void): Record<string, unknown> {
  return {
    role: 'button',
    tabIndex: 0,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      onPress();
    },
  };
}
