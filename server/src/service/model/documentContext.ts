import { TextDocument } from 'vscode-languageserver-textdocument';
import { PolicyFile } from './policyFile';
import { XmlDocument } from '../xml/parser';

/** One open (or freshly read) document: its text, parse tree and summary, all for the same version. */
export interface DocumentContext {
  readonly document: TextDocument;
  readonly xml: XmlDocument;
  readonly file: PolicyFile;
}

export function documentContext(file: PolicyFile, xml: XmlDocument): DocumentContext {
  return { document: TextDocument.create(file.uri, 'xml', file.version ?? 0, xml.text), xml, file };
}
