/** Every layer: named scopes over primitive ops, with the parameters they own. */
import '../ops';
export * from './layer';
export * from './params';
export * from './checks';
export * from './linear';
export * from './mlp';
export * from './perceptron';
export * from './embedding';
export * from './recurrent-run';
export * from './recurrent';
export * from './rnn';
export * from './lstm';
export * from './gru';
