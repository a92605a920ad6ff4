"""Makes python-made.safetensors, the fixture SafetensorsInteropTests reads.

Run from this folder:  python3 make_safetensors_fixture.py
Needs numpy and safetensors (bash .ci/setup installs both). The tensors and their layout
are the same on every run; only the order of the __metadata__ keys in the header may
change between runs (the writer keeps them in a hash map). The expected values below are
repeated in the Swift test; change both together.
"""

import os

import numpy as np
from safetensors import TensorSpec, serialize_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "python-made.safetensors")

# F32: exact binary fractions, a negative zero, a tiny and a huge value.
weight = np.array([[0.5, -2.25, 3.140625], [-0.0, 1e-7, 1e30]], dtype=np.float32)  # [2, 3]

# F16: the largest finite half, the smallest subnormal (2^-24), the largest subnormal,
# the smallest normal (2^-14), the half nearest 1/3, infinities, a NaN, and -0.
half = np.array(
    [[65504.0, -65504.0, 2.0**-24, 1023 * 2.0**-24, 2.0**-14],
     [1.0 / 3.0, np.inf, -np.inf, np.nan, -0.0]],
    dtype=np.float16)  # [2, 5]

# BF16: numpy has no bfloat16, so the bit patterns are written by hand; each value is
# exactly representable (bfloat16 is the top half of a float32).
bf16_values = np.array([1.0, -2.5, 0.15625, 2.0**100, 2.0**-130, -np.inf], dtype=np.float32)  # [3, 2]
bf16_bits = (bf16_values.view(np.uint32) >> 16).astype("<u2")

# I64 and I32: extremes and signs.
token_ids = np.array([[0, 1], [-1, 2**53 + 1], [2**63 - 1, -(2**63)]], dtype="<i8")  # [3, 2]
counts = np.array([-7, 0, 2**31 - 1], dtype="<i4")  # [3]

scalar = np.array(42.5, dtype=np.float32)  # [] (one element)
empty = np.zeros((0, 4), dtype=np.float32)  # [0, 4] (no elements)


def spec(array, dtype=None):
    # (np.ascontiguousarray would turn the scalar's shape [] into [1].)
    assert array.flags["C_CONTIGUOUS"], "serialize_file reads the buffer as row-major"
    return TensorSpec(
        dtype=dtype or array.dtype.name,
        shape=list(array.shape),
        data_ptr=array.ctypes.data,
        data_len=array.nbytes,
    )


arrays = {  # kept alive while serialize_file reads their memory
    "encoder.weight": weight,
    "half.values": half,
    "bf16.values": bf16_bits,
    "token_ids": token_ids,
    "counts": counts,
    "scalar": scalar,
    "empty": empty,
}
specs = {name: spec(array) for name, array in arrays.items()}
specs["bf16.values"] = spec(bf16_bits.reshape(3, 2), dtype="bfloat16")  # a view of bf16_bits

metadata = {"format": "np", "note": "made by make_safetensors_fixture.py", "unicode": "h\u00e9llo \u2713"}
serialize_file(specs, OUTPUT, metadata=metadata)
print(f"wrote {OUTPUT} ({os.path.getsize(OUTPUT)} bytes)")
