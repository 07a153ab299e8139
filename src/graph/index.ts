export * from './graphIndex';
export * from './graphRules';
export * from './topology';
export * from './tierRules';
