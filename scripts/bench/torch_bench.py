"""The bench's four models in PyTorch on the CPU, timed the way the browser cells time them.

Prints one JSON object on stdout. Run by `npm run bench`; by hand:
    python3 scripts/bench/torch_bench.py --threads 2 --budget-ms 20000
Each model: a warm-up, then timed repeats sized to the budget; the figure is their median.
"""

import argparse
import json
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


def now_ms():
    return time.perf_counter() * 1000.0


def clamp(v, lo, hi):
    return max(lo, min(hi, round(v)))


def train_epoch(model, opt, loss_fn, x, y, batch):
    """One epoch the way the book's loops run it: shuffled mini-batches, train mode."""
    model.train()
    order = torch.randperm(x.shape[0])
    for i in range(0, x.shape[0], batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return loss.item()


def timed_epochs(n, run):
    times = []
    for _ in range(n):
        start = now_ms()
        run()
        times.append(now_ms() - start)
    return times


def mlp(budget_ms):
    steps = 100
    x = torch.randn(128 * steps, 22)
    y = torch.randint(0, 2, (128 * steps,))
    layers = []
    width = 22
    for units in (100, 100, 50, 50):
        layers += [nn.Linear(width, units), nn.ReLU(), nn.Dropout(0.1)]
        width = units
    model = nn.Sequential(*layers, nn.Linear(width, 2), nn.LogSoftmax(dim=1))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.NLLLoss()
    warm = timed_epochs(1, lambda: train_epoch(model, opt, loss_fn, x[:1280], y[:1280], 128))
    repeats = clamp(budget_ms / (warm[0] * 10), 1, 5)
    times = timed_epochs(repeats, lambda: train_epoch(model, opt, loss_fn, x, y, 128))
    return {"model": "mlp", "steps": steps, "repeats": repeats, "epochMs": times,
            "stepsPerSec": steps / (statistics.median(times) / 1000)}


class Cnn(nn.Module):
    """Activity 4.03: BN after each conv's ReLU, before pooling; BN1d after relu(linear1)."""

    def __init__(self):
        super().__init__()
        self.conv1, self.norm1 = nn.Conv2d(3, 10, 3, 1, 1), nn.BatchNorm2d(10)
        self.conv2, self.norm2 = nn.Conv2d(10, 20, 3, 1, 1), nn.BatchNorm2d(20)
        self.conv3, self.norm3 = nn.Conv2d(20, 40, 3, 1, 1), nn.BatchNorm2d(40)
        self.pool = nn.MaxPool2d(2, 2)
        self.linear1, self.norm4 = nn.Linear(40 * 4 * 4, 100), nn.BatchNorm1d(100)
        self.linear2 = nn.Linear(100, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = self.pool(self.norm1(F.relu(self.conv1(x))))
        x = self.pool(self.norm2(F.relu(self.conv2(x))))
        x = self.pool(self.norm3(F.relu(self.conv3(x))))
        x = self.dropout(x.view(-1, 40 * 4 * 4))
        x = self.dropout(self.norm4(F.relu(self.linear1(x))))
        return F.log_softmax(self.linear2(x), dim=1)


def cnn(budget_ms):
    # 20 steps of 100 images, 5 times: with 10 steps 3 times the figure moved 2,050-2,630
    # images/s between runs on a quiet 2-core machine (the browser's cell matches the 20 steps).
    max_steps = 20
    x = torch.randn(100 * max_steps, 3, 32, 32)
    y = torch.randint(0, 10, (100 * max_steps,))
    model = Cnn()
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.NLLLoss()
    warm = timed_epochs(2, lambda: train_epoch(model, opt, loss_fn, x[:100], y[:100], 100))
    steps = clamp(budget_ms / (3 * warm[1]), 1, max_steps)
    times = timed_epochs(5, lambda: train_epoch(model, opt, loss_fn, x[:100 * steps], y[:100 * steps], 100))
    return {"model": "cnn", "steps": steps, "repeats": 5, "epochMs": times,
            "imagesPerSec": 100 * steps / (statistics.median(times) / 1000)}


def lstm(budget_ms):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(7, 7, batch_first=True)
            self.dense = nn.Linear(7, 7)

        def forward(self, x):
            out, _ = self.lstm(x)
            return self.dense(out[:, -1])

    model = Net()
    # Keras's rmsprop: lr 0.001, rho 0.9, epsilon 1e-7.
    opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    x, y = torch.rand(1, 76, 7), torch.rand(1, 7)
    loss_fn = nn.MSELoss()
    epoch = lambda: train_epoch(model, opt, loss_fn, x, y, 1)  # noqa: E731
    warm = timed_epochs(3, epoch)
    repeats = clamp(budget_ms / warm[2], 3, 50)
    times = timed_epochs(repeats, epoch)
    return {"model": "lstm", "repeats": repeats, "epochMs": statistics.median(times)}


VGG_PLAN = [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512]
VGG_NAMES = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3",
             "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"]
STYLE_WEIGHTS = {"conv1_1": 1.0, "conv2_1": 0.8, "conv3_1": 0.6, "conv4_1": 0.4, "conv5_1": 0.2}


def style(budget_ms):
    convs = []
    channels = 3
    for p in VGG_PLAN:
        if p != "M":
            convs.append(nn.Conv2d(channels, p, 3, 1, 1))
            channels = p
    for c in convs:
        c.requires_grad_(False)

    def features(img):
        out, x, i = {}, img, 0
        for p in VGG_PLAN:
            if p == "M":
                x = F.max_pool2d(x, 2, 2)
                continue
            conv = convs[i](x)
            out[VGG_NAMES[i]] = conv
            x = F.relu(conv)
            i += 1
        return out

    def gram(f):
        _, d, h, w = f.shape
        m = f.view(d, h * w)
        return m @ m.t()

    content, style_img = torch.randn(1, 3, 224, 298), torch.randn(1, 3, 224, 298)
    with torch.no_grad():
        content_target = features(content)["conv4_2"]
        f = features(style_img)
        grams = {k: gram(f[k]) for k in STYLE_WEIGHTS}
    target = content.clone().requires_grad_(True)
    opt = torch.optim.Adam([target], lr=0.001)

    def step():
        f = features(target)
        loss = torch.mean((f["conv4_2"] - content_target) ** 2)
        for k, weight in STYLE_WEIGHTS.items():
            _, d, h, w = f[k].shape
            loss = loss + torch.mean((gram(f[k]) - grams[k]) ** 2) * 1e6 * weight / (d * h * w)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    warm = timed_epochs(1, step)
    iters = clamp(budget_ms / warm[0], 1, 3)
    times = timed_epochs(iters, step)
    return {"model": "style", "repeats": iters, "warmupMs": warm[0],
            "secPerStep": statistics.median(times) / 1000}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--budget-ms", type=float, default=20000)
    parser.add_argument("--models", default="mlp,cnn,lstm,style")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    runs = {"mlp": mlp, "cnn": cnn, "lstm": lstm, "style": style}
    results = [runs[m](args.budget_ms) for m in args.models.split(",")]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "results": results}))


if __name__ == "__main__":
    main()
