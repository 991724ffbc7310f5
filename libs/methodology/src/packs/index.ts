export * from './pack-types';
export * from './returns-index';
export { PackInputs, PackContext, packContext } from './pack-context';
export { COST_INDEX_GROUPS, COST_INDEX_GROUP_NAMES, CostIndexGroup, costIndexGroupOf, costIndexDetailOf, costIndex, CostAndExpected } from './cost-index';
export { TEMPORARY_STAFFING, temporaryStaffing } from './finance-categories';
export { nationalAlternativePrices } from './medicines-switch';
export { HANDOVER_STANDARD_MINUTES } from './ambulance';
export * from './packs';
