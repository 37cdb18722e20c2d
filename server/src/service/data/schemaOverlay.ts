/**
 * Corrections to the published TrustFrameworkPolicy_0.3.0.0.xsd (last changed in 2022).
 *
 * The service deploys policies that B2C accepts but this XSD does not describe, so each entry here
 * widens the schema; none narrows it. A false error on a policy that uploads is worse than a missed
 * one, so when in doubt an entry is added. Every entry says why it exists.
 */
import type { AttributeDecl, ElementDecl } from './schemaTypes';

export interface SchemaOverlay {
  /** Attributes added to a complex type, or replacing the one with the same name. */
  readonly attributes?: Readonly<Record<string, readonly AttributeDecl[]>>;
  /** Child elements added to a complex type, after the named sibling (at the start when `after` is absent). */
  readonly children?: Readonly<Record<string, readonly { after?: string; decl: ElementDecl }[]>>;
  /** Values added to a simple type's enumeration; `open` keeps the values as suggestions only. */
  readonly enums?: Readonly<Record<string, { add?: readonly string[]; open?: boolean }>>;
}

export const schemaOverlay: SchemaOverlay = {
  attributes: {
    // Application Insights moved from instrumentation keys to connection strings; B2C accepts
    // ConnectionString on JourneyInsights, and then InstrumentationKey may be left out.
    JourneyInsights: [
      { name: 'InstrumentationKey', type: 'InstrumentationKey' },
      { name: 'ConnectionString', type: 'xs:string' },
    ],
  },
  enums: {
    // CAPTCHA display controls (2024) are missing, and Microsoft adds control types from time to time:
    // suggest the known ones but never reject another.
    UserInterfaceControlType: { add: ['CaptchaControl'], open: true },
  },
};
