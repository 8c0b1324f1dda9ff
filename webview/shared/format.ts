/** The engine's number formatter (one for both sides), and the webviews' own shapes and shares. */
export { formatNumber, formatTick } from '../../engine/protocol/numberText';

export const formatShape = (shape: readonly number[]): string => `[${shape.join(' × ')}]`;

export const formatPercent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
