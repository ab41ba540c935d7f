/**
 * tfjs flattens an H×W×C feature map in (h, w, c) order; PyTorch flattens its C×H×W one in
 * (c, h, w) order. So the Linear after a flatten sees the same features in another order, and
 * its weight columns must be reordered between the two: `order[j]` is the tfjs position of
 * PyTorch's feature j.
 */
export function tfjsPositionOfTorchFeature(h: number, w: number, c: number): Int32Array {
  const order = new Int32Array(h * w * c);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) order[(ch * h + y) * w + x] = (y * w + x) * c + ch;
  return order;
}
