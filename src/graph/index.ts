export * from './graphIndex';
export * from './graphRules';
export * from './topology';
export * from './tierRules';
export * from './doneness';
export * from './scheduler';
export * from './graphRunner';
export * from './tiers';
