import { useEffect } from 'react';
import type { PropsWithChildren } from 'react';
import { startChat } from './services';
import { setDocumentLanguage } from './platform/document-language';
import { onPrivacyRequest } from './platform/privacy';
import { privacyStore } from './stores/privacy';
import { getLocale } from './i18n';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Stores hydrate synchronously from storage at import; the socket starts once, for the app's lifetime.
  useEffect(() => startChat(), []);
  useEffect(() => setDocumentLanguage(getLocale()), []);
  // WeChat asks for privacy consent when the profile's avatar button or nickname input is used (PrivacyBar).
  useEffect(() => onPrivacyRequest((request) => privacyStore.getState().asked(request)), []);
  return children;
}

export default App;
