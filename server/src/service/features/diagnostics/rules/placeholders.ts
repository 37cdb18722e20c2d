/**
 * Values the build or the service replaces before anything reads them: `{Settings:Name}` from appsettings.json
 * (the deploy tooling of Microsoft's samples), `{service:te}`, claim resolvers such as `{OIDC:LoginHint}`.
 * What such a value becomes is unknown here, so no rule judges it against an enumeration, a mode or a shape:
 * `DeploymentMode="{Settings:DeploymentMode}"` means "unknown", not "Production".
 */
import { RuleContext, deploymentMode } from './ruleSupport';

/** A `{...}` part with something inside; a value holding one is not judged as written. */
const PLACEHOLDER = /\{[^{}\s][^{}]*\}/;

/** Whether a value (of a Metadata item, an attribute or an element) holds a placeholder that is replaced later. */
export function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && PLACEHOLDER.test(value);
}

/**
 * Whether the policy `uri` runs in production mode: true or false when its DeploymentMode says (or, when it
 * says nothing, the settings' default), undefined when DeploymentMode is a placeholder such as
 * `{Settings:DeploymentMode}`, whose value only the build knows. Rules that depend on the mode judge nothing then.
 */
export function productionMode(ctx: RuleContext, uri: string): boolean | undefined {
  const mode = deploymentMode(ctx, uri);
  return mode === undefined ? undefined : mode === 'Production';
}
