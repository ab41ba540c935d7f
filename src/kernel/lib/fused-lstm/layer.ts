import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';
import {
  type FusedActivation,
  isFusedActivation,
  type LstmOptions,
  type LstmShape,
  lstmBackward,
  lstmForward,
} from './math';

type LstmArgs = Parameters<typeof tf.layers.lstm>[0];
type LstmLayer = ReturnType<typeof tf.layers.lstm>;
type Kwargs = Parameters<LstmLayer['call']>[1];

/**
 * tfjs exports the LSTM layer's type but not its class; one throwaway instance gives it, so
 * the fused layer inherits everything but the loop: the cell's weights, initializers
 * (unitForgetBias included), regularizers, constraints, shapes and getConfig.
 */
type LstmClass = (new (
  args: LstmArgs,
) => LstmLayer) &
  Pick<typeof tf.RNN, 'fromConfig' | 'className'>;
const LstmBase = tf.layers.lstm({ units: 1 }).constructor as LstmClass;

/** The parts of LSTMCell the fused op reads (public fields of tfjs's cell). */
interface CellView {
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  activation: { getClassName(): string };
  recurrentActivation: { getClassName(): string };
}

/** RNN fields tfjs keeps out of its public typings. */
interface RnnView {
  stateful: boolean;
  goBackwards: boolean;
  returnState: boolean;
  returnSequences: boolean;
  cell: unknown;
}

/**
 * The whole sequence, forward and backward, as one tfjs op (tf.customGrad): one read of the
 * inputs and weights, plain loops (math.ts), one tensor out, and one gradient call that
 * returns all four gradients. Works on every backend (reads are `dataSync`); built for CPU
 * and WASM, where those reads are copies.
 */
function fusedLstmOp(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  useBias: boolean,
  options: LstmOptions,
): tf.Tensor {
  const [batch, steps, inputDim] = x.shape as [number, number, number];
  const units = recurrentKernel.shape[0] ?? 0;
  const shape: LstmShape = { batch, steps, inputDim, units };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, kIn, rIn, bIn] = args as tf.Tensor[];
    if (!xIn || !kIn || !rIn || !bIn) throw new Error('fused LSTM: four inputs expected');
    const weights = {
      kernel: kIn.dataSync() as Float32Array,
      recurrentKernel: rIn.dataSync() as Float32Array,
      bias: useBias ? (bIn.dataSync() as Float32Array) : null,
    };
    const { output, tape } = lstmForward(xIn.dataSync() as Float32Array, weights, shape, options);
    const outShape = options.returnSequences ? [batch, steps, units] : [batch, units];
    return {
      value: tf.tensor(output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor) => {
        const g = lstmBackward(tape, dy.dataSync() as Float32Array);
        return [
          tf.tensor(g.x, xIn.shape, 'float32'),
          tf.tensor(g.kernel, kIn.shape, 'float32'),
          tf.tensor(g.recurrentKernel, rIn.shape, 'float32'),
          tf.tensor(g.bias, bIn.shape, 'float32'),
        ];
      },
    };
  });
  return op(x, kernel, recurrentKernel, bias);
}

/**
 * `tf.layers.lstm` with the sequence loop fused into one op. Same config, same weights, same
 * results (a unit test holds it to 1e-5, forward and gradients); what the fused op does not
 * cover (masks, initial or returned states, stateful, goBackwards, dropout inside the cell,
 * activations other than tanh / sigmoid / hardSigmoid / relu / linear) runs tfjs's own loop.
 */
export class FusedLSTM extends LstmBase {
  static override className = 'FusedLSTM';

  /** Why this layer runs tfjs's loop instead of the fused op; null when it fuses. */
  unfusedReason(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): string | null {
    const rnn = this as unknown as RnnView;
    const cell = rnn.cell as CellView;
    if (Array.isArray(inputs) && inputs.length > 1) return 'an initial state is given';
    if (kwargs?.mask != null) return 'a mask is given';
    if (kwargs?.initialState != null) return 'an initial state is given';
    if (rnn.stateful) return 'stateful';
    if (rnn.goBackwards) return 'goBackwards';
    if (rnn.returnState) return 'returnState';
    if (cell.dropout > 0 || cell.recurrentDropout > 0) return 'dropout inside the cell';
    for (const a of [cell.activation, cell.recurrentActivation])
      if (!isFusedActivation(a.getClassName())) return `activation ${a.getClassName()}`;
    return null;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (this.unfusedReason(inputs, kwargs) !== null) return super.call(inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined || x.rank !== 3)
      throw new UserFacingError(
        `fusedLstm expects inputs of shape [batch, steps, features], got ${x === undefined ? 'none' : `[${x.shape.join(', ')}]`}.`,
      );
    const rnn = this as unknown as RnnView;
    const cell = rnn.cell as CellView;
    return tf.tidy(() => {
      const kernel = cell.kernel.read();
      const recurrentKernel = cell.recurrentKernel.read();
      const bias = cell.useBias && cell.bias ? cell.bias.read() : tf.zeros([kernel.shape[1] ?? 0]);
      const options: LstmOptions = {
        activation: cell.activation.getClassName() as FusedActivation,
        recurrentActivation: cell.recurrentActivation.getClassName() as FusedActivation,
        returnSequences: rnn.returnSequences,
      };
      return fusedLstmOp(x, kernel, recurrentKernel, bias, cell.useBias, options);
    });
  }
}

tf.serialization.registerClass(FusedLSTM);

/**
 * `fusedLstm({ units: 7, batchInputShape: [1, 76, 7] })`: a drop-in for `tf.layers.lstm`
 * (same arguments) that trains the sequence as one op.
 */
export function fusedLstm(args: LstmArgs): FusedLSTM {
  return new FusedLSTM(args);
}
