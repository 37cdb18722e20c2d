/**
 * The contract between the validator list (diagnostics.ts) and the validators and rules it runs: the options a
 * caller sets and the context each validator reads. Here, not in diagnostics.ts, so that a rule never imports the
 * file that imports it.
 */
import { Diagnostic } from 'vscode-languageserver-types';
import { PolicyIndex } from '../../index/policyIndex';
import { PolicyFile } from '../../model/policyFile';
import { XmlDocument } from '../../xml/parser';
import { DocumentContext } from '../../model/documentContext';
import { SettingsContext } from '../appSettings/settingsPlaceholders';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ValidationOptions {
  /** Per-code overrides: a new severity, or 'off'. */
  readonly codes?: Readonly<Record<string, SeveritySetting>>;
  /** Drop every diagnostic below this severity ('hint' keeps all). */
  readonly minimumSeverity?: Exclude<SeveritySetting, 'off'>;
  /** DeploymentMode to assume when a policy does not say (B2C's default is Production). */
  readonly defaultDeploymentMode?: 'Production' | 'Development';
  /** Where the pages that explain the codes live; each diagnostic with a page gets its codeDescription. */
  readonly codeDocs?: CodeDocs;
}

export interface CodeDocs {
  /** URI of the folder that holds `<code>.md`, ending in '/'. */
  readonly baseUri: string;
  readonly codes: ReadonlySet<string>;
}

export interface ValidationContext {
  readonly file: PolicyFile;
  readonly xml: XmlDocument;
  readonly index: PolicyIndex;
  /** Keep the same object while the options do not change: merged views are cached per options object. */
  readonly options: ValidationOptions;
  /** The TextDocument for the same text, when the caller has one. */
  readonly document?: DocumentContext['document'];
  /** The appsettings.json that builds this file, for the {Settings:...} checks (B701, B702); none: they are off. */
  readonly appSettings?: SettingsContext;
}

export type Validator = (ctx: ValidationContext) => Diagnostic[];
