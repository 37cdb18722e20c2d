/**
 * Values the build or the service replaces before anything reads them: `{Settings:Name}` from appsettings.json
 * (the deploy tooling of Microsoft's samples), `{service:te}`, claim resolvers such as `{OIDC:LoginHint}`.
 * What such a value becomes is unknown here, so no rule judges it against an enumeration, a mode or a shape:
 * `DeploymentMode="{Settings:DeploymentMode}"` means "unknown", not "Production".
 */

/** A `{...}` part with something inside; a value holding one is not judged as written. */
const PLACEHOLDER = /\{[^{}\s][^{}]*\}/;

/** Whether a value (of a Metadata item, an attribute or an element) holds a placeholder that is replaced later. */
export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && PLACEHOLDER.test(value);
}
