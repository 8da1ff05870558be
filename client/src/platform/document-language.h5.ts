/** `<html lang>` follows the UI's language, so screen readers pronounce it right. */
export function setDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}
