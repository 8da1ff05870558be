/**
 * Extra props that make a tappable element reachable by keyboard. WeChat has no keyboard focus for views: nothing.
 * The web (`pressable.h5.ts`): a button role, a tab stop, and Enter/Space.
 */
export function pressable(_onPress: () => void): Record<string, unknown> {
  return {};
}
