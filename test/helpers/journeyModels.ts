/**
 * Hand-made journey models for the renderer and view tests: they exercise what the pictures draw (steps in
 * order, exchanges, preconditions, a nested sub-journey, claims, findings) and hostile text in every field
 * that comes from a policy, independently of the model builder.
 */
import { DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { ClaimAt, JourneyModel, JourneyStep, SourceRef } from '../../server/src/service/journey/types';

export const EXT = 'file:///w/TrustFrameworkExtensions.xml';
export const BASE = 'file:///w/TrustFrameworkBase.xml';
export const LEAF = 'file:///w/SignUpOrSignin.xml';

export function at(uri: string, line: number, character = 4, length = 10): SourceRef {
  const range: Range = { start: { line, character }, end: { line, character: character + length } };
  return { uri, range };
}

export const claims = (via: string, ...names: string[]): ClaimAt[] => names.map((claim, i) => ({ claim, via, at: at(BASE, 500 + i) }));

function step(order: number, type: string, more: Partial<JourneyStep> = {}): JourneyStep {
  return { order, type, at: at(BASE, 100 + order), preconditions: [], exchanges: [], selections: [], consumes: [], produces: [], ...more };
}

/** A sign-up-or-sign-in journey: 4 steps, a precondition, a sub-journey at step 3, one finding on step 3/2, one on the RP. */
export function signUpOrSignIn(): JourneyModel {
  return {
    leaf: LEAF,
    policyId: 'B2C_1A_signup_signin',
    defaultJourneyId: 'SignUpOrSignIn',
    journey: {
      id: 'SignUpOrSignIn', kind: 'UserJourney', at: at(BASE, 90), complete: true,
      steps: [
        step(1, 'CombinedSignInAndSignUp', {
          contentDefinition: 'api.signuporsignin',
          exchanges: [{ id: 'LocalAccountSigninEmailExchange', profileId: 'SelfAsserted-LocalAccountSignin-Email', profileKind: 'SelfAsserted', at: at(BASE, 102), profileAt: at(BASE, 300), consumes: [], produces: claims('OutputClaim', 'signInName', 'objectId') }],
          produces: claims('OutputClaim', 'signInName', 'objectId'),
        }),
        step(2, 'ClaimsExchange', {
          preconditions: [{ type: 'ClaimsExist', executeActionsIf: true, claim: 'objectId', action: 'SkipThisOrchestrationStep', at: at(BASE, 110) }],
          exchanges: [{
            id: 'SignUpWithLogonEmailExchange', profileId: 'LocalAccountSignUpWithLogonEmail', profileKind: 'SelfAsserted', at: at(BASE, 112), profileAt: at(BASE, 320), consumes: [], produces: claims('OutputClaim', 'objectId', 'email', 'newUser', 'displayName', 'givenName', 'surname'),
            validations: [{ profileId: 'AAD-UserWriteUsingLogonEmail', profileKind: 'AzureActiveDirectory', profileAt: at(BASE, 330), preconditions: [], consumes: claims('InputClaim', 'email'), produces: claims('OutputClaim', 'objectId') }],
          }],
          produces: claims('OutputClaim', 'objectId', 'email', 'newUser', 'displayName', 'givenName', 'surname'),
        }),
        step(3, 'InvokeSubJourney', {
          subJourney: {
            id: 'ReadUser', kind: 'SubJourney', at: at(EXT, 40), complete: true,
            steps: [
              step(1, 'ClaimsExchange', { at: at(EXT, 42), exchanges: [{ id: 'AADUserReadWithObjectId', profileId: 'AAD-UserReadUsingObjectId', profileKind: 'AzureActiveDirectory', at: at(EXT, 43), profileAt: at(BASE, 400), consumes: claims('InputClaim', 'objectId'), produces: claims('OutputClaim', 'displayName') }], consumes: claims('InputClaim', 'objectId'), produces: claims('OutputClaim', 'displayName') }),
              step(2, 'ClaimsExchange', {
                at: at(EXT, 46),
                preconditions: [{ type: 'ClaimEquals', executeActionsIf: false, claim: 'authenticationSource', value: 'localAccountAuthentication', action: 'SkipThisOrchestrationStep' }],
                exchanges: [{ id: 'CallApi', profileId: 'REST-GetProfile', profileKind: 'RESTful', at: at(EXT, 47), profileAt: at(EXT, 200), consumes: claims('InputClaim', 'loyaltyNumber'), produces: [] }],
                consumes: claims('InputClaim', 'loyaltyNumber'),
              }),
            ],
          },
        }),
        step(4, 'SendClaims', { cpimIssuer: { profileId: 'JwtIssuer', at: at(BASE, 130), profileAt: at(BASE, 600) } }),
      ],
    },
    relyingParty: {
      profileId: 'PolicyProfile', at: at(LEAF, 20),
      inputClaims: [],
      outputClaims: claims('OutputClaim', 'displayName', 'givenName', 'surname', 'email', 'objectId', 'tenantId'),
    },
    findings: [
      { code: 'B601', severity: DiagnosticSeverity.Error, claim: 'loyaltyNumber', stepPath: [3, 2], at: at(EXT, 48), message: 'Claim type loyaltyNumber is the input claim of technical profile REST-GetProfile in step 2 of SubJourney ReadUser, but no earlier step outputs it.' },
      { code: 'B602', severity: DiagnosticSeverity.Warning, claim: 'tenantId', at: at(LEAF, 30), message: 'The relying party sends tenantId, which no step of the journey outputs and which has no DefaultValue.' },
    ],
  };
}

/** Text that would inject markup or syntax in every renderer if it were not escaped. */
export const HOSTILE = '<img src=x onerror=alert(1)>&amp;"quote"\'|`x`#35;\\N]}) --> end; style: x%%\u2028</script>';

/** The same journey with HOSTILE in every policy-supplied string. */
export function hostile(): JourneyModel {
  const m = signUpOrSignIn();
  const steps = m.journey!.steps.map((s) => ({
    ...s,
    type: s.type + HOSTILE,
    contentDefinition: HOSTILE,
    exchanges: s.exchanges.map((x) => ({ ...x, id: x.id + HOSTILE, profileId: x.profileId + HOSTILE, profileKind: HOSTILE, displayName: HOSTILE, produces: [...x.produces, { claim: HOSTILE, via: HOSTILE }] })),
    produces: [...s.produces, { claim: HOSTILE, via: HOSTILE }],
    consumes: [...s.consumes, { claim: HOSTILE, via: HOSTILE }],
    preconditions: [...s.preconditions, { type: 'ClaimEquals', executeActionsIf: true, claim: HOSTILE, value: HOSTILE, action: 'SkipThisOrchestrationStep' }],
    before: [{ claim: HOSTILE, availability: 'maybe' as const }, { claim: HOSTILE, availability: 'available' as const }],
  }));
  return {
    ...m,
    policyId: HOSTILE,
    journey: { ...m.journey!, id: HOSTILE, steps },
    findings: m.findings.map((f) => ({ ...f, code: f.code, claim: HOSTILE, message: HOSTILE })),
  };
}
