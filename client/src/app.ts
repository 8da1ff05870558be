import { useEffect } from 'react';
import type { PropsWithChildren } from 'react';
import { startChat } from './services';
import { setDocumentLanguage } from './platform/document-language';
import { getLocale } from './i18n';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Stores hydrate synchronously from storage at import; the socket starts once, for the app's lifetime.
  useEffect(() => startChat(), []);
  useEffect(() => setDocumentLanguage(getLocale()), []);
  return children;
}

export default App;
