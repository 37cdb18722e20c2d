import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { fixture, policy } from '../helpers/fixture';
import {
  SettingsContext, doValidation, findSettingsDefinition, getSettingsCodeActions, hoverSettingsPlaceholder, parseAppSettings,
} from '../../server/src/service/languageService';

const SETTINGS_URI = 'file:///fixture/appsettings.json';
const SETTINGS = `{
    "Environments": [
        {
            "Name": "Dev",
            "Tenant": "contosodev.onmicrosoft.com",
            "PolicySettings": {
                "ApiUrl": "https://dev.example.com",
                "DevOnly": "x"
            }
        },
        {
            "Name": "Prod",
            "Production": true,
            "Tenant": "contoso.onmicrosoft.com",
            "PolicySettings": {
                "ApiUrl": "https://api.example.com"
            }
        },
        { "Name": "Bare", "Exclude": ["legacy/**"] }
    ]
}`;

function ctx(text = SETTINGS, policyPath = 'rp.xml'): SettingsContext {
  return { uri: SETTINGS_URI, text, model: parseAppSettings(text), policyPath };
}

const RP = policy('B2C_1A_rp', `  <RelyingParty>
    <DefaultUserJourney ReferenceId="{Settings:Journey}" />
    <TechnicalProfile Id="PolicyProfile">
      <Protocol Name="OpenIdConnect" />
      <Metadata><Item Key="x">{Settings:apiurl}|{settings:DevOnly}|{Settings:Tenant}|{Settings:PolicyFilename}</Item></Metadata>
    </TechnicalProfile>
  </RelyingParty>`);

function settingsDiagnostics(settings: SettingsContext | undefined): Diagnostic[] {
  const f = fixture(`<!-- file: /rp.xml -->\n${RP}`);
  const { file, xml } = f.files.get(f.uri('/rp.xml'))!;
  return doValidation({ file, xml, index: f.index, options: {}, appSettings: settings }).filter((d) => /^B70/.test(String(d.code)));
}

const render = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).join('\n');

test('B701 for a name no environment defines, B702 for one some lack; built-ins and case differences are fine', () => {
  assert.equal(render(settingsDiagnostics(ctx())), [
    '4:38 B701 {Settings:Journey} is not defined in appsettings.json: no environment has a PolicySettings entry Journey, so the build fails.',
    '7:31 B702 {Settings:apiurl} has no value in Bare: building that environment fails.',
    '7:49 B702 {Settings:DevOnly} has no value in Prod, Bare: building those environments fails.',
  ].join('\n'));
});

test('environments that exclude the file do not count; no appsettings.json, no finding', () => {
  assert.equal(settingsDiagnostics(ctx(SETTINGS, 'legacy/rp.xml')).filter((d) => d.code === 'B702').length, 1);
  assert.deepEqual(settingsDiagnostics(undefined), []);
});

function applyEdit(text: string, edit: TextEdit): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), [edit]);
}

test('quick fix adds the name to the environments that lack it, in the file\'s own indentation, and clears the finding', () => {
  const settings = ctx();
  const diags = settingsDiagnostics(settings);
  const doc = docOf();
  const fixes = getSettingsCodeActions(doc, diags, settings);
  assert.deepEqual(fixes.map((f) => f.title), [
    'Add Journey to every environment in appsettings.json',
    'Add Journey to the shared PolicySettings of appsettings.json (all environments)',
    'Add apiurl to Bare in appsettings.json',
    'Add DevOnly to Prod, Bare in appsettings.json',
  ]);
  const edit = (i: number) => fixes[i].edit!.changes![SETTINGS_URI][0];
  const all = applyEdit(SETTINGS, edit(0));
  const model = parseAppSettings(all);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(model.environments.map((e) => e.settings.get('journey')?.value), ['', '', '']);
  assert.ok(all.includes('                "DevOnly": "x",\n                "Journey": ""\n'), all);
  assert.ok(all.startsWith(SETTINGS.slice(0, SETTINGS.indexOf('"DevOnly"'))), 'the file before the first insertion is kept as written');
  assert.ok(!settingsDiagnostics(ctx(all)).some((d) => String(d.message).includes('Journey')));
  const shared = parseAppSettings(applyEdit(SETTINGS, edit(1)));
  assert.equal(shared.defaults.get('journey')?.value, '');
  assert.ok(!settingsDiagnostics(ctx(applyEdit(SETTINGS, edit(1)))).some((d) => String(d.message).includes('Journey')));
  const devOnly = applyEdit(SETTINGS, edit(3));
  assert.deepEqual(parseAppSettings(devOnly).environments.map((e) => e.settings.get('devonly')?.value), ['x', '', '']);
});

test('quick fix keeps CRLF line ends and tabs, and keys written in another case', () => {
  const text = '{\r\n\t"environments": [\r\n\t\t{ "name": "A", "policySettings": {\r\n\t\t\t"K": "v"\r\n\t\t} }\r\n\t]\r\n}\r\n';
  const settings = ctx(text);
  const doc = docOf();
  const fixes = getSettingsCodeActions(doc, settingsDiagnostics(settings), settings);
  const out = applyEdit(text, fixes[0].edit!.changes![SETTINGS_URI][0]);
  assert.ok(!/[^\r]\n/.test(out), 'only CRLF');
  assert.ok(out.includes('\t\t\t"K": "v",\r\n\t\t\t"Journey": ""'), JSON.stringify(out));
  assert.equal(parseAppSettings(out).environments[0].settings.get('journey')?.value, '');
});

function docOf() {
  const f = fixture(`<!-- file: /rp.xml -->\n${RP}`);
  const { file, xml } = f.files.get(f.uri('/rp.xml'))!;
  return { text: xml.text, lines: file.lines };
}

test('hover shows the value per environment; definition lands on each key in appsettings.json', () => {
  const settings = ctx();
  const doc = docOf();
  const at = (needle: string) => doc.text.indexOf(needle) + 3;
  const hover = hoverSettingsPlaceholder(doc, at('{Settings:apiurl}'), settings, 'rp.xml')!;
  assert.equal((hover.contents as { value: string }).value, [
    '**{Settings:apiurl}** (from PolicySettings in appsettings.json)', '',
    '| Environment | Value |', '|---|---|',
    '| Dev | `https://dev.example.com` |', '| Prod (Production) | `https://api.example.com` |', '| Bare | *missing* |',
  ].join('\n'));
  const tenant = (hoverSettingsPlaceholder(doc, at('{Settings:Tenant}'), settings, 'B2C_1A_rp.xml')!.contents as { value: string }).value;
  assert.match(tenant, /\| Dev \| `contosodev\.onmicrosoft\.com` \|/);
  const file = (hoverSettingsPlaceholder(doc, at('{Settings:PolicyFilename}'), settings, 'B2C_1A_rp.xml')!.contents as { value: string }).value;
  assert.match(file, /\| Prod \(Production\) \| `rp` \|/);
  assert.equal(hoverSettingsPlaceholder(doc, doc.text.indexOf('OpenIdConnect'), settings, 'rp.xml'), null);

  const links = findSettingsDefinition(doc, at('{Settings:apiurl}'), settings);
  const lines = SETTINGS.split('\n');
  assert.deepEqual(links.map((l) => [l.targetUri, l.targetSelectionRange.start.line, lines[l.targetSelectionRange.start.line].trim().slice(0, 8)]), [
    [SETTINGS_URI, 6, '"ApiUrl"'], [SETTINGS_URI, 15, '"ApiUrl"'],
  ]);
  assert.deepEqual(findSettingsDefinition(doc, at('{Settings:Journey}'), settings), []);
});
