export {
  CustomExecutorSchema, OUTPUT_FORMATS, parseCustomExecutors, PLACEHOLDERS, RESERVED_EXECUTOR_IDS,
  type CustomExecutorConfig, type CustomExecutorsParse, type CustomOutputFormat,
} from './customExecutorSettings';
export { buildCustomCommand, createCustomAdapter, createCustomExecutor } from './customAdapter';
export { OUTPUT_FORMAT_NORMALIZERS, type NormalizerFactory } from './normalizerRegistry';
export { substitutePlaceholders, type PlaceholderValues } from './placeholders';
export { PlainTextNormalizer } from './textNormalizer';
