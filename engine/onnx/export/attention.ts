import type { LayerExporter } from './context';

export const ATTENTION_EXPORTERS: Readonly<Record<string, LayerExporter>> = {};
