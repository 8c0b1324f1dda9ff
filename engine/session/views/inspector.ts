import type { InspectorView, RunSeries } from '../../protocol/views';
import { framesOf } from '../frames';
import type { SessionState } from '../state';
import { activationView } from './activation';
import { attentionView } from './attention';
import { boundaryView } from './boundary';
import { decodingView } from './decoding';
import { embeddingView } from './embeddings';
import { fastTextView } from './fastText';
import { gatesView } from './gates';
import { gloveView } from './glove';
import { gradientHistoryView } from './gradientHistory';
import { gradientsView } from './gradients';
import { huffmanView } from './huffman';
import { lossSurfaceView } from './lossSurface';
import { mistakesView } from './mistakes';
import { negativeSamplingView } from './negativeSampling';
import { opView } from './op';
import { trainingView } from './training';
import { transformerView } from './transformer';

/** Everything the Inspector shows at the current stop. */
export function inspectorView(s: SessionState, file: string, previousRun: RunSeries | null = null): InspectorView {
  const spec = s.model.spec;
  const o = s.timeline.current === s.cursor.step ? s.timeline.outline : null;
  const e = o?.events[s.cursor.event] ?? null;
  const kinds = new Map(s.trainer.layers.map((l) => [l.name, l.kind]));
  return {
    model: { name: spec.name, description: spec.description, file },
    stop: s.lastStop ?? s.stop('entry', ''),
    stack: framesOf(s.cursor, o, spec, kinds, s.stepNumber(s.cursor.step)),
    op: e && !(s.fault && s.fault.event < 0) ? opView(s, e) : null,
    gradients: gradientsView(s),
    gradientHistory: gradientHistoryView(s),
    gates: gatesView(s),
    attention: attentionView(s),
    training: trainingView(s),
    embeddings: embeddingView(s),
    boundary: boundaryView(s),
    mistakes: mistakesView(s),
    lossSurface: lossSurfaceView(s),
    previousRun,
    activation: activationView(s),
    transformer: transformerView(s),
    decoding: decodingView(s),
    huffman: huffmanView(s),
    negativeSampling: negativeSamplingView(s),
    glove: gloveView(s),
    fastText: fastTextView(s),
  };
}
