"""Loads a folder TuneLab exported as GPT2LMHeadModel and reports what transformers computes.

usage: gpt2_check_export.py FOLDER REQUEST.json
REQUEST: {"text": str, "ids": [int], "prompt": [int], "new_tokens": int}
Prints one JSON line: the tokenizer's ids for the text, the logits [T * V] for `ids`,
and greedy generation's new tokens after `prompt`.
"""
import json
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

folder, request_path = sys.argv[1], sys.argv[2]
request = json.load(open(request_path))
torch.manual_seed(0)

tokenizer = AutoTokenizer.from_pretrained(folder)
model = AutoModelForCausalLM.from_pretrained(folder)
model.eval()
assert type(model).__name__ == "GPT2LMHeadModel", type(model).__name__

with torch.no_grad():
    logits = model(torch.tensor([request["ids"]])).logits[0]  # [T, V]
    prompt = torch.tensor([request["prompt"]])
    generated = model.generate(
        prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=request["new_tokens"], do_sample=False,
        pad_token_id=model.config.pad_token_id if model.config.pad_token_id is not None else 0)
print(json.dumps({
    "tokenizer_ids": tokenizer(request["text"])["input_ids"],
    "decoded": tokenizer.decode(request["ids"]),
    "logits": logits.reshape(-1).tolist(),
    "generated": generated[0, len(request["prompt"]):].tolist(),
    "class": type(model).__name__,
}))
