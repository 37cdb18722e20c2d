/** Small fixtures for the schema feature tests. */

/** Wraps a body in a policy root carrying the required attributes. */
export function pol(body: string, extra = ''): string {
  return `<TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06" PolicySchemaVersion="0.3.0.0" TenantId="t.onmicrosoft.com" PolicyId="B2C_1A_x" PublicPolicyUri="http://t/B2C_1A_x"${extra}>\n${body}\n</TrustFrameworkPolicy>\n`;
}

/** Strips the single `$0` cursor marker and returns the text with the cursor offset. */
export function withCursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf('$0');
  if (offset < 0 || source.indexOf('$0', offset + 2) >= 0) throw new Error('fixture needs exactly one $0');
  return { text: source.slice(0, offset) + source.slice(offset + 2), offset };
}
