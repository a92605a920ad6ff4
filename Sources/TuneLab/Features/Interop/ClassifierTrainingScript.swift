/// The PyTorch program `export script` writes for a classifier run (`finetune` or `train`
/// on a classifier). The same for every run: what differs is in the files beside it.
enum ClassifierTrainingScript {
    static let python = #"""
"""Repeats a TuneLab fine-tuning run in PyTorch, with Hugging Face transformers and accelerate.

The model is TuneLab's text classifier: a GPT-2 trunk reads the text, its hidden states
are pooled into one vector (the mean over the text's tokens, or the last token's), and a
linear head turns that vector into one score per class.

The files beside this one:
    model/            the trunk before the run's first step (a GPT-2 folder, with its tokenizer)
    head.safetensors  the head before the first step: head.weight [classes, C], head.bias [classes]
    adapters.safetensors  (strategy=lora) the LoRA adapters before the first step
    train.jsonl       the training examples: {"text", "ids" (the tokens TuneLab read), "label"}
    validation.jsonl  the validation examples TuneLab evaluated on
    batches.jsonl     line k: the train.jsonl line numbers (from 0) of step k's batch, in
                      TuneLab's order (a fresh shuffle of the examples every epoch)
    recipe.json       the run's settings: optimizer, learning rate, schedule, warmup, clipping,
                      weight decay, which weights learn and how fast (the fine-tuning
                      strategy), evaluation, early stopping, seed; and TuneLab's losses

Run it unchanged on a CPU, one GPU, or several processes or machines:
    python train.py
    torchrun --nproc_per_node=2 train.py          (or: accelerate launch train.py)
Several processes share every batch (each takes every n-th example of it), so together
they take exactly the steps one process would.
"""
import argparse
import copy
import functools
import json
import math
import os

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from accelerate.utils import DistributedDataParallelKwargs, set_seed
from safetensors.torch import load_file
from torch import nn
from transformers import GPT2Model

\#(PythonRecipe.argumentsAndRecipe)
set_seed(recipe["seed"])
torch.use_deterministic_algorithms(True)

# Without a GPU, accelerate joins the processes torchrun starts only when told to use the
# CPU (then over gloo); with GPUs it uses them, one per process. Gradual unfreezing leaves
# weights without gradients for a while, which several processes must be told to expect.
gradual = recipe["unfreeze_every_epochs"]
accelerator = Accelerator(cpu=not torch.cuda.is_available(),
                          kwargs_handlers=[DistributedDataParallelKwargs(find_unused_parameters=bool(gradual))])


class Classifier(nn.Module):
    """GPT-2 trunk → pooling over the real tokens → linear head (TuneLab's SequenceClassifier)."""

    def __init__(self, trunk, classes, pooling):
        super().__init__()
        self.transformer = GPT2Model.from_pretrained(trunk)  # embeddings, blocks, final LayerNorm
        self.head = nn.Linear(self.transformer.config.n_embd, classes)  # [classes, C]
        self.pooling = pooling

    def forward(self, ids, lengths):  # ids [B, T] right-padded, lengths [B] → logits [B, classes]
        position = torch.arange(ids.size(1), device=ids.device)[None, :]  # [1, T]
        real = (position < lengths[:, None]).long()  # [B, T]: 1 on the text, 0 on padding
        # Attention is causal, so a real token never sees the padding after it anyway; the mask
        # says so explicitly (and keeps the code right for a model that reads both ways).
        hidden = self.transformer(input_ids=ids, attention_mask=real).last_hidden_state  # [B, T, C]
        if self.pooling == "mean":  # 1/length on each real token, 0 on padding
            weights = real.float() / lengths[:, None]
        else:  # "last": the last real token, the only one that has read the whole text
            weights = (position == lengths[:, None] - 1).float()
        pooled = torch.bmm(weights[:, None, :], hidden)[:, 0]  # [B, C]
        return self.head(pooled)


class LoRA(nn.Module):
    """A low-rank adapter: the correction (α/r)·B·(A·x), with A [r, C] and B [C, r]."""

    def __init__(self, width, rank, alpha):
        super().__init__()
        self.down = nn.Parameter(torch.zeros(rank, width))  # A (its starting values are loaded below)
        self.up = nn.Parameter(torch.zeros(width, rank))    # B
        self.scale = alpha / rank

    def forward(self, x):  # [..., C] → [..., C]
        return x @ self.down.T @ self.up.T * self.scale


def add_adapters(attention, layer, inputs, output):
    """A forward hook on GPT-2's c_attn, whose output is [query | key | value] side by side:
    adds each adapter's correction to its own third."""
    x, width = inputs[0], output.size(-1) // 3
    parts = [getattr(attention, "lora_" + part, None) for part in ("query", "key", "value")]
    return output + torch.cat([adapter(x) if adapter else output.new_zeros(*output.shape[:-1], width) for adapter in parts], dim=-1)


model = Classifier(os.path.join(here, "model"), len(recipe["labels"]), recipe["pooling"])
model.head.load_state_dict({name.removeprefix("head."): tensor for name, tensor in load_file(os.path.join(here, "head.safetensors")).items()})
if recipe["lora"]:  # strategy=lora: adapters beside the frozen trunk
    width = model.transformer.config.n_embd
    for block in model.transformer.h:
        for part in recipe["lora"]["targets"]:
            setattr(block.attn, "lora_" + part, LoRA(width, recipe["lora"]["rank"], recipe["lora"]["alpha"]))
        block.attn.c_attn.register_forward_hook(functools.partial(add_adapters, block.attn))
    missing, unexpected = model.load_state_dict(load_file(os.path.join(here, "adapters.safetensors")), strict=False)
    assert not unexpected and not any("lora_" in name for name in missing), (missing, unexpected)
context = model.transformer.config.n_positions

# -- the data: token ids as TuneLab read them (prompt template applied), and its batches
def examples(name):
    path = os.path.join(here, name)
    if not os.path.exists(path):
        return []
    with open(path) as file:
        return [json.loads(line) for line in file]


train, validation = examples("train.jsonl"), examples("validation.jsonl")
with open(os.path.join(here, "batches.jsonl")) as file:
    batches = [json.loads(line) for line in file]  # batches[k]: step k's example indices


def collate(rows):
    """Token ids right-padded to the longest text, with the real lengths and the labels.
    A text longer than the context keeps its last `context` tokens, as in TuneLab."""
    ids = [row["ids"][-context:] for row in rows]
    lengths = torch.tensor([len(x) for x in ids])
    longest = int(lengths.max())
    padded = torch.tensor([x + [recipe["padding_id"]] * (longest - len(x)) for x in ids])  # [B, T]
    return padded.to(accelerator.device), lengths.to(accelerator.device), torch.tensor([row["label"] for row in rows]).to(accelerator.device)


# -- which weights learn, and how fast: the fine-tuning strategy, as parameter groups
parameters = dict(model.named_parameters())
frozen = [parameters[name] for name in recipe["frozen"]]
groups = [{"params": [parameters[name] for name in group["params"]],
           "lr": recipe["learning_rate"] * group["lr_multiplier"],  # discriminative rates: lower blocks slower
           "weight_decay": group["weight_decay"]}                   # none on biases and LayerNorms
          for group in recipe["groups"]]

\#(PythonRecipe.optimizerAndSchedule)

optimizer = make_optimizer(groups)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate_fraction)  # multiplies every group's own rate


def freeze():
    for weight in frozen:
        weight.requires_grad_(False)  # frozen: no gradient, so never updated or decayed


# Several processes average the gradients of the weights that require one when the model is
# prepared. Frozen weights stay out of that, except those gradual unfreezing opens later.
if not gradual:
    freeze()
model, optimizer = accelerator.prepare(model, optimizer)
if gradual:
    freeze()


def unfreeze_for_epoch(epoch):
    """Gradual unfreezing: at the start of every `gradual`-th epoch one more block opens, from
    the top down; after the lowest, the embeddings too (TuneLab's FineTuningStrategy.gradualUnfreezing)."""
    if not gradual or epoch == 0 or epoch % gradual:
        return
    opened, blocks = epoch // gradual, len(accelerator.unwrap_model(model).transformer.h)
    prefix = f"transformer.h.{blocks - opened}." if opened <= blocks else "transformer."
    for name, weight in accelerator.unwrap_model(model).named_parameters():
        if name.startswith(prefix):
            # From its first gradient on, the optimizer updates it; Adam counts each weight's
            # own steps for its bias correction, in PyTorch as in TuneLab.
            weight.requires_grad_(True)


def batch_loss(indices):
    """This process's share of the batch's mean cross-entropy: the sum over its examples
    divided by the whole batch's size, so the shares of all processes add up to the mean."""
    mine = indices[accelerator.process_index::accelerator.num_processes]
    ids, lengths, labels = collate([train[i] for i in mine])
    return F.cross_entropy(model(ids, lengths), labels, reduction="sum") / len(indices)


def evaluate():
    """Mean loss and accuracy on the validation examples, 32 at a time, without dropout."""
    net = accelerator.unwrap_model(model).eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(validation), 32):
            ids, lengths, labels = collate(validation[start:start + 32])
            logits = net(ids, lengths)
            loss += F.cross_entropy(logits, labels, reduction="sum").item()
            correct += (logits.argmax(-1) == labels).sum().item()
    net.train()
    return loss / len(validation), correct / len(validation)


# -- train: forward, backward, clip, update, log; evaluate, stop early, keep the best as the run did
steps = min(args.max_steps or len(batches), len(batches))
if min(len(b) for b in batches[:steps]) < accelerator.num_processes:
    raise SystemExit(f"a batch has fewer examples than the {accelerator.num_processes} processes; use fewer processes")
evaluate_every, patience, monitor = recipe["evaluate_every"], recipe["early_stopping_patience"], recipe["monitor"]
best, best_step, best_weights, since_best, losses = None, None, None, 0, []
seen = 0  # training examples taken so far: an epoch begins whenever it is a multiple of their number
model.train()
for step, indices in enumerate(batches[:steps], start=1):
    if seen % len(train) == 0:
        unfreeze_for_epoch(seen // len(train))
    seen += len(indices)
    rate = scheduler.get_last_lr()[0]  # this step's base learning rate
\#(PythonRecipe.distributedStep)
    if validation and (step % evaluate_every == 0 or step == recipe["total_steps"]):
        value_loss, value_accuracy = evaluate()
        accelerator.print(f"            validation loss {value_loss:.6f}  accuracy {value_accuracy:.4f}")
        value = value_loss if monitor == "loss" else value_accuracy
        if best is None or (value < best if monitor == "loss" else value > best):
            best, best_step, since_best = value, step, 0
            if recipe["keep_best"]:
                best_weights = copy.deepcopy(accelerator.unwrap_model(model).state_dict())
        else:
            since_best += 1
        if patience and since_best >= patience:
            accelerator.print(f"stopped early: {patience} evaluations without improvement")
            break

if best_weights is not None and best_step != len(losses):
    accelerator.unwrap_model(model).load_state_dict(best_weights)  # keep_best: back to the best evaluation
    accelerator.print(f"restored the weights of step {best_step}")

if accelerator.is_main_process:
    if args.losses:
        with open(args.losses, "w") as file:
            json.dump({"losses": losses, "processes": accelerator.num_processes}, file)
    trained = accelerator.unwrap_model(model)
    trained.transformer.save_pretrained(os.path.join(here, "trained"))
    torch.save(trained.head.state_dict(), os.path.join(here, "trained", "head.pt"))
"""#
}
