#!/usr/bin/env python3
"""Writes tests/fixtures/float_reprs.txt: doubles (as hex bit patterns) and CPython's repr
of each — random bit patterns, random decimals with few digits (where two shortest strings
often tie), and edge values. The unit test in src/pyrepr/float.rs checks rowwise's
float_repr against every line.

Usage: python3 tools/gen_float_reprs.py > tests/fixtures/float_reprs.txt
"""
import random
import struct

random.seed(20261124)
values = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 0.5, 1e16, 1e-5, 1e-4, 123456789012345680.0]
for _ in range(4000):
    values.append(struct.unpack("<d", struct.pack("<Q", random.getrandbits(64)))[0])
for _ in range(4000):
    digits = random.randint(1, 17)
    mantissa = random.randint(1, 10**digits)
    scale = random.randint(-25, 25)
    values.append(float(f"{mantissa}e{scale}"))
for _ in range(2000):
    values.append(random.randint(1, 2**53) + random.choice([0.25, 0.5, 0.75, 0.125, 0.375]) / random.choice([1, 10, 100]))
for v in values:
    if v != v or v in (float("inf"), float("-inf")):
        continue
    print(f"{struct.unpack('<Q', struct.pack('<d', v))[0]:016x} {v!r}")
