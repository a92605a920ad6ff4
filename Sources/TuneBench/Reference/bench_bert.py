#!/usr/bin/env python3
"""The encoder of all-MiniLM-L6-v2's shape in PyTorch, random weights.

6 post-LayerNorm layers, hidden 384, 12 heads, MLP 1536 exact GELU, vocabulary 30,522,
512 positions, 2 token types, LayerNorm ε 1e-12, no pooler, no dropout; the output is
the mean of the last hidden states.

- infer: batch 32 × 32 (all real tokens) without gradients; 3 warm-up forwards, then
  `runs` runs of 5 forwards; sentences/s per run.
- train: batch 16 × 32; one step = zero gradients + forward + MSE against a fixed
  random target [16, 384] + backward + AdamW (learning rate 2e-5) over every
  parameter; 3 warm-up steps, then `steps` timed steps; seconds per step.

    bench_bert.py --threads N --mode infer --runs 7
    bench_bert.py --threads N --mode train --steps 10
"""
import argparse

from reference_common import clock, limit_threads, report, torch_for

VOCABULARY, POSITIONS, HIDDEN, HEADS, INNER, LAYERS, EPSILON = 30522, 512, 384, 12, 1536, 6, 1e-12


def build(torch):
    nn, F = torch.nn, torch.nn.functional

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
            self.output = nn.Linear(HIDDEN, HIDDEN)
            self.norm1 = nn.LayerNorm(HIDDEN, eps=EPSILON)
            self.up, self.down = nn.Linear(HIDDEN, INNER), nn.Linear(INNER, HIDDEN)
            self.norm2 = nn.LayerNorm(HIDDEN, eps=EPSILON)

        def forward(self, x):
            B, T, C = x.shape
            split = lambda t: t.view(B, T, HEADS, C // HEADS).transpose(1, 2)  # [B, H, T, D]
            y = F.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)), split(self.value(x)))
            x = self.norm1(x + self.output(y.transpose(1, 2).reshape(B, T, C)))
            return self.norm2(x + self.down(F.gelu(self.up(x))))

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.words, self.positions = nn.Embedding(VOCABULARY, HIDDEN), nn.Embedding(POSITIONS, HIDDEN)
            self.types = nn.Embedding(2, HIDDEN)
            self.norm = nn.LayerNorm(HIDDEN, eps=EPSILON)
            self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

        def forward(self, ids):
            T = ids.shape[1]
            x = self.words(ids) + self.positions(torch.arange(T)) + self.types(torch.zeros_like(ids))
            x = self.norm(x)
            for layer in self.layers:
                x = layer(x)
            return x.mean(dim=1)                                              # [B, C]

    return Encoder()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--mode", choices=["infer", "train"], default="infer")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=10)
    arguments = parser.parse_args()
    limit_threads(arguments.threads)
    torch = torch_for(arguments.threads)
    torch.manual_seed(0)
    model = build(torch)
    if arguments.mode == "infer":
        model.eval()
        ids = torch.randint(VOCABULARY, (32, 32))
        with torch.no_grad():
            for _ in range(3):
                model(ids)
            rates = []
            for _ in range(arguments.runs):
                start = clock()
                for _ in range(5):
                    model(ids)
                rates.append(5 * 32 / (clock() - start))
        report("bert_infer_b32_s32", "torch", torch.__version__, arguments.threads, rates)
    else:
        ids, target = torch.randint(VOCABULARY, (16, 32)), torch.randn(16, HIDDEN)
        optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)

        def step():
            optimizer.zero_grad(set_to_none=False)
            loss = torch.nn.functional.mse_loss(model(ids), target)
            loss.backward()
            optimizer.step()

        for _ in range(3):
            step()
        seconds = []
        for _ in range(arguments.steps):
            start = clock()
            step()
            seconds.append(clock() - start)
        report("bert_train_step_b16_s32", "torch", torch.__version__, arguments.threads, seconds)


if __name__ == "__main__":
    main()
