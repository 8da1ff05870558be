/** Tells the host page which language the UI speaks. WeChat has no document: nothing to do. */
export function setDocumentLanguage(_language: string): void {}
