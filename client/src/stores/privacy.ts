import { createStore, useStore } from 'zustand';
import type { PrivacyRequest } from '../platform/privacy';

/** The privacy consent WeChat waits for, if any (see platform/privacy.weapp.ts). Never persisted. */
export interface PrivacyState {
  request: PrivacyRequest | null;
  asked(request: PrivacyRequest): void;
  answered(): void;
}

export const privacyStore = createStore<PrivacyState>()((set) => ({
  request: null,
  asked: (request) => set({ request }),
  answered: () => set({ request: null }),
}));

export function usePrivacy<T>(selector: (state: PrivacyState) => T): T {
  return useStore(privacyStore, selector);
}
