#!/usr/bin/env python3
"""Training throughput of the tiny character-level GPT in PyTorch, eager mode.

The same model as TuneLab's `GPTConfiguration.benchmark`: vocabulary 65, context 64,
4 layers, 4 heads, width 128, MLP 4× GELU, pre-LayerNorm, learned positions, tied
output head (809,856 parameters); AdamW at learning rate 3e-3, batch 32 × 64.
Data: 200,000 random ids from a fixed seed; each batch is 32 windows at random offsets,
targets shifted by one, drawn before a run starts so sampling is not timed.
One step = zero gradients + forward + cross-entropy + backward + AdamW.

    bench_gpt.py --threads N --runs 5 --steps 50 --warmup 5
"""
import argparse
import math

from reference_common import clock, limit_threads, report, torch_for

VOCABULARY, CONTEXT, LAYERS, HEADS, WIDTH, BATCH, TOKENS = 65, 64, 4, 4, 128, 32, 200_000


def build(torch):
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1, self.norm2 = nn.LayerNorm(WIDTH), nn.LayerNorm(WIDTH)
            self.qkv, self.projection = nn.Linear(WIDTH, 3 * WIDTH), nn.Linear(WIDTH, WIDTH)
            self.up, self.down = nn.Linear(WIDTH, 4 * WIDTH), nn.Linear(4 * WIDTH, WIDTH)

        def attention(self, x):
            B, T, C = x.shape
            q, k, v = self.qkv(x).split(C, dim=2)                           # each [B, T, C]
            q, k, v = (t.view(B, T, HEADS, C // HEADS).transpose(1, 2) for t in (q, k, v))  # [B, H, T, D]
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)      # [B, H, T, D]
            return self.projection(y.transpose(1, 2).reshape(B, T, C))

        def forward(self, x):
            x = x + self.attention(self.norm1(x))
            return x + self.down(F.gelu(self.up(self.norm2(x))))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens, self.positions = nn.Embedding(VOCABULARY, WIDTH), nn.Embedding(CONTEXT, WIDTH)
            self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
            self.norm = nn.LayerNorm(WIDTH)

        def forward(self, ids, targets):
            T = ids.shape[1]
            x = self.tokens(ids) + self.positions(torch.arange(T))            # [B, T, C]
            for block in self.blocks:
                x = block(x)
            logits = self.norm(x) @ self.tokens.weight.T                      # tied head: [B, T, V]
            return F.cross_entropy(logits.view(-1, VOCABULARY), targets.view(-1))

    model = GPT()
    # GPT-2's initialisation, as TuneLab's GPT: weights N(0, 0.02), biases zero, norms
    # one; the two projections that write into the residual stream N(0, 0.02/√(2·layers)).
    for name, module in model.named_modules():
        if isinstance(module, (nn.Linear, nn.Embedding)):
            residual = name.endswith("projection") or name.endswith("down")
            nn.init.normal_(module.weight, std=0.02 / (math.sqrt(2 * LAYERS) if residual else 1))
        if isinstance(module, nn.Linear):
            nn.init.zeros_(module.bias)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    arguments = parser.parse_args()
    limit_threads(arguments.threads)
    torch = torch_for(arguments.threads)
    torch.manual_seed(1337)
    model = build(torch)
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    generator = torch.Generator().manual_seed(0)
    data = torch.randint(VOCABULARY, (TOKENS,), generator=generator)

    def batch():
        starts = torch.randint(TOKENS - CONTEXT - 1, (BATCH,), generator=generator)
        ids = torch.stack([data[s:s + CONTEXT] for s in starts])
        return ids, torch.stack([data[s + 1:s + 1 + CONTEXT] for s in starts])

    def step(ids, targets):
        optimizer.zero_grad(set_to_none=False)
        loss = model(ids, targets)
        loss.backward()
        optimizer.step()
        return loss.item()

    first_loss = None
    for _ in range(arguments.warmup):
        loss = step(*batch())
        first_loss = loss if first_loss is None else first_loss
    rates, last_loss = [], math.nan
    for _ in range(arguments.runs):
        batches = [batch() for _ in range(arguments.steps)]
        start = clock()
        for ids, targets in batches:
            last_loss = step(ids, targets)
        rates.append(arguments.steps / (clock() - start))
    report("gpt_train_eager", "torch", torch.__version__, arguments.threads, rates,
           params=parameters, first_loss=first_loss, last_loss=last_loss)
    report("gpt_train_eager_tokens", "torch", torch.__version__, arguments.threads,
           [rate * BATCH * CONTEXT for rate in rates])


if __name__ == "__main__":
    main()
