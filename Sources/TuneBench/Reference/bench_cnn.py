#!/usr/bin/env python3
"""LeNet-5 training steps per second and inference images per second, in torch.

    x [64, 1, 28, 28] → conv 1→6 5×5 pad 2 → ReLU → max-pool 2
                      → conv 6→16 5×5 → ReLU → max-pool 2 → flatten 400
                      → Linear 400→120 → ReLU → Linear 120→84 → ReLU → Linear 84→10
                      → mean cross-entropy;  SGD, learning rate 0.05, momentum 0.9

The model of `tunelab-bench cnn` (TuneLab keeps images channels-last, [N, H, W, C];
torch's convolutions want [N, C, H, W], so the data is made in that layout here).

Data, the same recipe: 4,096 images of dim noise in [0, 0.2) with one bar of 1s,
horizontal for labels 0-4 and vertical for 5-9, three pixels wide at row/column
4 + 2·(label mod 5) ± 1 and running from 4 to 23 along the other axis. The noise
comes from numpy's generator, not TuneLab's, so the pixels differ; the work does not.

- train: zero gradients + forward + loss + backward + update on batches of 64, cycled;
  20 warm-up steps, then `runs` runs of `steps` steps → steps/s per run.
- infer: evaluation mode under `torch.inference_mode()`, batches of 256; 5 warm-up batches,
  then `runs` runs of steps/4 batches → images/s per run.

    bench_cnn.py --threads N --runs 7 --steps 100
"""
import argparse

from reference_common import clock, limit_threads, report, torch_for

IMAGES, SIDE, BATCH, INFERENCE_BATCH = 4096, 28, 64, 256
LEARNING_RATE, MOMENTUM, WARM_UP_STEPS, WARM_UP_BATCHES = 0.05, 0.9, 20, 5


def data(np):
    """[IMAGES, 1, 28, 28] float32 pixels and int64 labels 0-9."""
    generator = np.random.default_rng(0)
    pixels = generator.uniform(0, 0.2, (IMAGES, 1, SIDE, SIDE)).astype(np.float32)
    labels = generator.integers(0, 10, IMAGES)
    for image, label in enumerate(labels):
        position = 4 + 2 * (label % 5) + int(generator.integers(0, 3)) - 1
        if label < 5:
            pixels[image, 0, position:position + 3, 4:24] = 1  # horizontal bar
        else:
            pixels[image, 0, 4:24, position:position + 3] = 1  # vertical bar
    return pixels, labels


def lenet5(torch):
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),   # [N, 6, 14, 14]
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),             # [N, 16, 5, 5]
        nn.Flatten(),                                                # [N, 400]
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=100)
    arguments = parser.parse_args()
    limit_threads(arguments.threads)
    import numpy as np

    torch = torch_for(arguments.threads)
    pixels, labels = data(np)
    pixels, labels = torch.from_numpy(pixels), torch.from_numpy(labels)

    def batch(index, size):
        start = (index % (IMAGES // size)) * size
        return pixels[start:start + size], labels[start:start + size]

    torch.manual_seed(0)
    model = lenet5(torch)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)

    # -- training steps
    model.train()
    next_batch = 0

    def step():
        nonlocal next_batch
        x, y = batch(next_batch, BATCH)
        next_batch += 1
        optimizer.zero_grad()  # torch's default: gradients set to None, not zero-filled
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    first_loss = step().item()
    for _ in range(WARM_UP_STEPS - 1):
        step()
    train_rates = []
    for _ in range(arguments.runs):
        start = clock()
        for _ in range(arguments.steps):
            loss = step()
        last_loss = loss.item()  # reading the loss once per run, as a torch user would
        train_rates.append(arguments.steps / (clock() - start))
    if not last_loss < first_loss:
        raise SystemExit(f"bench_cnn.py: the loss did not fall ({first_loss:.3f} → {last_loss:.3f})")
    report("cnn_train", "torch", torch.__version__, arguments.threads, train_rates,
           first_loss=first_loss, final_loss=last_loss)

    # -- inference batches
    model.eval()
    inference_batches = max(1, arguments.steps // 4)
    infer_rates = []
    with torch.inference_mode():
        for index in range(WARM_UP_BATCHES):
            model(batch(index, INFERENCE_BATCH)[0])
        index = 0
        for _ in range(arguments.runs):
            start = clock()
            for _ in range(inference_batches):
                model(batch(index, INFERENCE_BATCH)[0])
                index += 1
            infer_rates.append(inference_batches * INFERENCE_BATCH / (clock() - start))
    report("cnn_infer", "torch", torch.__version__, arguments.threads, infer_rates)


if __name__ == "__main__":
    main()
