import type { Flow } from './modules';
import type { TorchModel } from './translate';

/**
 * The `model.py` beside the `.pth`: an `nn.Module` whose attributes are the state dict's
 * names, so `load_state_dict` takes the file as it is (strict), and whose `forward` computes
 * what the tfjs model computes, in PyTorch's N × C × H × W layout.
 */

export interface ModelPyContext {
  checkpoint: string;
  epoch: number;
  modelName: string;
  pthFile: string;
  tfjsVersion: string;
}

const shapeText = (flow: Flow) =>
  flow.kind === 'vector' ? `N × ${flow.size}` : `N × ${flow.c} × ${flow.h} × ${flow.w}`;

const tupleText = (flow: Flow) =>
  flow.kind === 'vector' ? `(${flow.size},)` : `(${flow.c}, ${flow.h}, ${flow.w})`;

export function renderModelPy(model: TorchModel, ctx: ModelPyContext): string {
  const hasImages = model.input.kind === 'image';
  const flattens = model.forward.some((l) => l.includes('torch.flatten'));
  const notes = [
    `Input: ${shapeText(model.input)}${hasImages ? " (PyTorch's channels-first layout; the app's images are N × H × W × C: x.permute(0, 3, 1, 2))" : ''}.`,
    `Output: ${shapeText(model.output)}${model.output.kind === 'image' ? " (channels first; permute(0, 2, 3, 1) gives the app's layout)" : ''}.`,
    ...(flattens
      ? [
          "The weights of the Linear after a flatten are reordered from TensorFlow.js's H·W·C feature order to PyTorch's C·H·W, so torch.flatten(x, 1) is right here.",
        ]
      : []),
    ...(model.forward.some((l) => /softmax/.test(l))
      ? [
          'The model ends in a softmax as the tfjs one does: to train it with nn.CrossEntropyLoss, return the logits instead (it applies log_softmax itself).',
        ]
      : []),
    'Only the weights are here: the optimizer state stays in the app (its .zip download).',
  ];
  const init = model.modules.map(
    (m) =>
      `        self.${m.attr} = ${m.ctor}${m.attr === m.from ? '' : `  # tfjs layer "${m.from}"`}`,
  );
  const lines = [
    `"""${model.className}: the TensorFlow.js model "${ctx.modelName}" of checkpoint "${ctx.checkpoint}" (epoch ${ctx.epoch}), as a PyTorch module.`,
    '',
    `Written by the notebook app (TensorFlow.js ${ctx.tfjsVersion}) with ${ctx.pthFile}, its state dict:`,
    '',
    `    model = ${model.className}()`,
    `    model.load_state_dict(torch.load("${ctx.pthFile}", weights_only=True))`,
    '    model.eval()',
    '',
    ...notes,
    '"""',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    `INPUT_SHAPE = ${tupleText(model.input)}`,
    '',
    '',
    `class ${model.className}(nn.Module):`,
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length > 0 ? init : ['        pass']),
    '',
    '    def forward(self, x):',
    ...model.forward.map((l) => `        ${l}`),
    '        return x',
    '',
    '',
    'if __name__ == "__main__":',
    '    import sys',
    '',
    `    model = ${model.className}()`,
    `    path = sys.argv[1] if len(sys.argv) > 1 else "${ctx.pthFile}"`,
    '    model.load_state_dict(torch.load(path, weights_only=True))',
    '    model.eval()',
    '    print(model)',
    '    with torch.no_grad():',
    '        print(model(torch.zeros(1, *INPUT_SHAPE)))',
    '',
  ];
  return lines.join('\n');
}
