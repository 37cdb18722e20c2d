/**
 * The schema features in one import: structure diagnostics, their quick fixes, completion and hover,
 * all driven by the compiled TrustFrameworkPolicy XSD (data/schemaModel.json) plus data/schemaOverlay.ts.
 */
export { validateStructure, StructureCode } from './schemaValidation';
export type { OutOfOrderData } from './schemaValidation';
export { getStructureCodeActions } from './schemaCodeActions';
export { doSchemaComplete } from './schemaCompletion';
export { doSchemaHover } from './schemaHover';
