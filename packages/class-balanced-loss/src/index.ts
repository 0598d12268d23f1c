export { CbLossError, type CbLossErrorCode } from './core/CbLossError.js';
