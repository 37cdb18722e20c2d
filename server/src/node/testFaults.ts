import * as service from '../service/languageService';

/**
 * Test hook: B2C_POLICY_TEST_FAULT names validators or handlers (comma-separated, e.g. `references,hover`)
 * that throw, to prove that a failure stays contained and is never reported as a clean result. Read once at
 * start-up by the server and the CLI; unset in normal use. Returns the names.
 */
export function injectTestFaults(env: NodeJS.ProcessEnv): ReadonlySet<string> {
  const names = new Set((env.B2C_POLICY_TEST_FAULT ?? '').split(/[,|]/).map((s) => s.trim()).filter(Boolean));
  service.VALIDATORS.forEach((v, i) => {
    if (names.has(v.name)) service.VALIDATORS[i] = { name: v.name, run: () => { throw new Error(`Injected test fault in the ${v.name} validator.`); } };
  });
  return names;
}
