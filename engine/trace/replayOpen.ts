import type { Trainer } from '../train/contract';
import type { ChunkFiles } from './format';
import { openTrace } from './read';
import { ReplayTrainer } from './replay';

/** The index file of a recording ends so (format.ts); its step files and chunks lie in `<index>.chunks/`. */
export const RECORDING_EXTENSION = '.bstrace';

export function isRecording(file: string): boolean {
  return file.toLowerCase().endsWith(RECORDING_EXTENSION);
}

/**
 * The session's source of steps for a recording (SessionOptions.source): the index text as read by
 * the host, its step files and chunks through `chunks`. Opening checks the index's header and list
 * of steps and reads the first step, no values; each later step is read and checked when reached.
 * It is opened again on Restart (the values it read are not kept across runs).
 */
export function recordingSource(file: string, indexText: string, chunks: ChunkFiles): () => Trainer {
  return () => new ReplayTrainer(openTrace(file, indexText, chunks));
}
