"""Safetensors chunks of a recording, written by hand (the format is a length, a JSON header, the bytes).

Format (github.com/huggingface/safetensors): 8 bytes N (u64 little-endian), N bytes of JSON
{key: {dtype, shape, data_offsets: [begin, end]}} padded with spaces to a multiple of 8, then the data,
each tensor row-major little-endian at [begin, end) of it, with no gaps.
"""
import json
import os
import struct
import sys

import torch

DTYPES = {
    torch.float64: 'F64', torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16',
    torch.int64: 'I64', torch.int32: 'I32', torch.int16: 'I16', torch.int8: 'I8',
    torch.uint8: 'U8', torch.bool: 'BOOL',
}


def tensor_bytes(cpu):
    """The row-major little-endian bytes of a contiguous CPU tensor, as a buffer over its memory (no copy)."""
    if sys.byteorder != 'little':
        raise RuntimeError('backstep_torch writes little-endian chunks; this machine is big-endian')
    if cpu.dtype == torch.bfloat16:
        cpu = cpu.view(torch.int16)  # numpy has no bfloat16; the bits are the same
    try:
        return memoryview(cpu.numpy()).cast('B')
    except (RuntimeError, TypeError):  # torch built without numpy
        return bytes(cpu.reshape(-1).view(torch.uint8).tolist())


def private_copy(tensor):
    """A contiguous CPU copy of `tensor`'s values now (later in-place ops must not change it): one copy
    whatever the layout or device (on a GPU, the device-to-host transfer itself)."""
    return tensor.detach().to('cpu', copy=True, memory_format=torch.contiguous_format)


class ChunkWriter:
    """Collects tensors and writes them as `00000.safetensors`, `00001.safetensors`… in `folder`."""

    def __init__(self, folder, chunk_bytes):
        self.folder = folder
        self.chunk_bytes = chunk_bytes
        self.number = 0
        self.pending = []
        self.size = 0
        os.makedirs(folder, exist_ok=True)

    @property
    def name(self):
        return '%05d.safetensors' % self.number

    def add(self, key, tensor):
        """Queues the tensor's values under `key`; returns the chunk file that will hold them."""
        cpu = private_copy(tensor)
        data = tensor_bytes(cpu)
        if self.pending and self.size + len(data) > self.chunk_bytes:
            self.flush()
        self.pending.append((key, DTYPES[cpu.dtype], list(cpu.shape), data))
        self.size += len(data)
        return self.name

    def flush(self):
        if not self.pending:
            return
        header, at = {}, 0
        for key, dtype, shape, data in self.pending:
            header[key] = {'dtype': dtype, 'shape': shape, 'data_offsets': [at, at + len(data)]}
            at += len(data)
        text = json.dumps(header, separators=(',', ':')).encode('utf-8')
        text += b' ' * (-len(text) % 8)
        with open(os.path.join(self.folder, self.name), 'wb') as f:
            f.write(struct.pack('<Q', len(text)))
            f.write(text)
            for _, _, _, data in self.pending:
                f.write(data)
        self.number += 1
        self.pending = []
        self.size = 0
