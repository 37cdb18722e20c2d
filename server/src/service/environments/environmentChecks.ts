/**
 * Checks that only make sense once a policy has been built for one environment: development settings left in a
 * Production environment, leftover `yourtenant` values, a TenantId that is not the environment's tenant.
 * Pure: the built text's parse tree and the environment come in as data.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { XmlDocument, XmlElement, decodeEntities, elementText, getAttribute } from '../xml/parser';
import { LineIndex } from '../model/lineIndex';
import { CODES } from '../messages/codes';
import { EnvironmentModel } from './appSettingsModel';
import { shortValue } from '../model/quoting';

const SOURCE = 'b2c';

/** Every environment finding on one built policy, in text order. */
export function checkBuiltPolicy(xml: XmlDocument, env: EnvironmentModel): Diagnostic[] {
  const root = xml.root;
  if (!root || root.name.replace(/^.*:/, '') !== 'TrustFrameworkPolicy') return [];
  const lines = LineIndex.of(xml.text);
  const found: Array<{ start: number; end: number; code: string; message: string }> = [];
  const add = (start: number, end: number, code: string, message: string) => found.push({ start, end, code, message });
  if (env.production) developmentSettings(root, xml.text, env, add);
  leftoverTenant(root, xml.text, env, add);
  found.sort((a, b) => a.start - b.start);
  return found.map((f) => diagnostic(lines, f.start, f.end, f.code, f.message));
}

type Add = (start: number, end: number, code: string, message: string) => void;

function developmentSettings(root: XmlElement, text: string, env: EnvironmentModel, add: Add): void {
  const mode = getAttribute(root, 'DeploymentMode');
  if (mode && decodeEntities(mode.value).trim().toLowerCase() === 'development') {
    add(mode.valueStart, mode.valueEnd, 'B703', `DeploymentMode="Development" in ${env.name}, a Production environment: development mode is not meant for production tenants. Set it through a setting, e.g. DeploymentMode="{Settings:DeploymentMode}".`);
  }
  walk(root, (el) => {
    const local = el.name.replace(/^.*:/, '');
    if (local === 'JourneyInsights') {
      const dev = getAttribute(el, 'DeveloperMode');
      if (dev && decodeEntities(dev.value).trim().toLowerCase() === 'true') {
        add(dev.valueStart, dev.valueEnd, 'B703', `JourneyInsights DeveloperMode="true" in ${env.name}, a Production environment: developer mode sends detailed journey logs and is not meant for production.`);
      }
    } else if (local === 'Item' && getAttribute(el, 'Key')?.value === 'AllowInsecureAuthInProduction') {
      const value = elementText(el, text);
      if (value && decodeEntities(value.value).trim().toLowerCase() === 'true') {
        add(value.start, value.end, 'B704', `AllowInsecureAuthInProduction is true in ${env.name}, a Production environment: the API may then be called without authentication. Secure the API, or make the value a setting that is false in production.`);
      }
    }
  });
}

function leftoverTenant(root: XmlElement, text: string, env: EnvironmentModel, add: Add): void {
  const tenant = env.tenant.trim().toLowerCase();
  walk(root, (el) => {
    for (const a of el.attributes) checkValue(a.value, a.valueStart, `${a.name}`);
    if (!el.children.length) {
      const t = elementText(el, text);
      if (t) checkValue(t.value, t.start, el.name.replace(/^.*:/, ''));
    }
  });
  function checkValue(value: string, start: number, where: string): void {
    const i = value.toLowerCase().indexOf('yourtenant');
    if (i >= 0) {
      add(start + i, start + i + 'yourtenant'.length, 'B705', `${where} still holds the starter pack's "yourtenant" in ${env.name}: use {Settings:Tenant}${env.tenant ? ` (${env.tenant})` : ''} instead.`);
      return;
    }
    // A TenantId that names another .onmicrosoft.com tenant is refused at upload; only judged when both are tenant names.
    if ((where === 'TenantId') && tenant.endsWith('.onmicrosoft.com')) {
      const v = decodeEntities(value).trim().toLowerCase();
      if (v.endsWith('.onmicrosoft.com') && v !== tenant) add(start, start + value.length, 'B706', `TenantId is ${shortValue(value.trim())}, but ${env.name} deploys to ${env.tenant}: the upload would be refused. Use {Settings:Tenant}.`);
    }
  }
}

function walk(el: XmlElement, visit: (el: XmlElement) => void): void {
  const stack = [el];
  while (stack.length) {
    const e = stack.pop()!;
    visit(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
  }
}

function diagnostic(lines: LineIndex, start: number, end: number, code: string, message: string): Diagnostic {
  return { range: lines.range(start, end), severity: CODES[code]?.severity ?? DiagnosticSeverity.Error, code, source: SOURCE, message };
}
