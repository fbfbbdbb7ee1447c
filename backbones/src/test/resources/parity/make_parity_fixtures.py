"""Writes the fixtures of TorchParityTest (run by the test itself: python3 make_parity_fixtures.py OUT).

For each network: random-initialised weights (BatchNorm scale, shift and running statistics
randomised too, so that every tensor matters) saved as the file formats users download, a fixed
input [2, 3, 64, 64] and torch's eval-mode globally pooled features [2, C]. Needs Debian's
python3-torchvision (torch 1.13, torchvision 0.14) and numpy.

Files (NAME.pth is torch.save's zip format unless said otherwise):
  resnet18.pth, resnet18-input.npy, resnet18-features.npy
  resnet18-swapped.pth      layer1.0.conv1.weight and layer1.0.conv2.weight exchanged (negative control)
  resnet18-checkpoint.pth   {'epoch': 3, 'state_dict': {'module.' + key: ...}} (DataParallel checkpoint)
  resnet18.npz              numpy.savez of the state_dict
  resnet18.safetensors      the state_dict in the safetensors layout (written here; no package needed)
  resnet50.pth, ...         as resnet18
  googlenet.pth, ...        torchvision GoogLeNet(transform_input=True, aux_logits=True): aux*/fc in the file
  bn-inception.pth, ...     legacy (non-zip) torch.save of a BN-Inception with pretrainedmodels'
                            layer names, BatchNorm tensors reshaped to (1, C) as in the TSN file;
                            bn-inception-input.npy is ImageNet-normalised RGB and the features are
                            torch's on its Caffe conversion (BGR, 0-255, minus [104, 117, 128])
"""
import json
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torchvision

OUT = sys.argv[1]
torch.manual_seed(0)
np.random.seed(0)
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def randomise_batch_norms(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)


def save_npy(name, array):
    np.save(f"{OUT}/{name}.npy", np.ascontiguousarray(array, dtype=np.float32))


def fixed_input():
    return torch.randn(2, 3, 64, 64)


def pooled(features):
    return features.mean(dim=(2, 3))


def write_safetensors(path, state):
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def torchvision_net(name, model):
    randomise_batch_norms(model)
    model.eval()
    state = model.state_dict()
    torch.save(state, f"{OUT}/{name}.pth")
    x = fixed_input()
    model.fc = nn.Identity()
    with torch.no_grad():
        features = model(x)
    save_npy(f"{name}-input", x.numpy())
    save_npy(f"{name}-features", features.numpy())
    return state


# ResNets: the torchvision builders, random weights.
state18 = torchvision_net("resnet18", torchvision.models.resnet18())
swapped = OrderedDict(state18)
swapped["layer1.0.conv1.weight"], swapped["layer1.0.conv2.weight"] = (
    state18["layer1.0.conv2.weight"],
    state18["layer1.0.conv1.weight"],
)
torch.save(swapped, f"{OUT}/resnet18-swapped.pth")
torch.save(
    {"epoch": 3, "arch": "resnet18", "state_dict": OrderedDict(("module." + k, v) for k, v in state18.items())},
    f"{OUT}/resnet18-checkpoint.pth",
)
np.savez(f"{OUT}/resnet18.npz", **{k: v.numpy() for k, v in state18.items()})
write_safetensors(f"{OUT}/resnet18.safetensors", {k: v for k, v in state18.items() if v.is_floating_point()})
torchvision_net("resnet50", torchvision.models.resnet50())
torchvision_net(
    "googlenet", torchvision.models.GoogLeNet(transform_input=True, aux_logits=True, init_weights=True)
)


# BN-Inception after pretrainedmodels' bninception (Caffe layer names), rebuilt from its table.
def add_unit(parent, name, cin, cout, kernel, stride=1, pad=0):
    """Conv with bias, BatchNorm, ReLU, registered on the parent under Caffe's names."""
    setattr(parent, name, nn.Conv2d(cin, cout, kernel, stride=stride, padding=pad))
    setattr(parent, name + "_bn", nn.BatchNorm2d(cout, affine=True))
    return lambda x: torch.relu(getattr(parent, name + "_bn")(getattr(parent, name)(x)))


# name, 1x1, 3x3 reduce, 3x3, double reduce, double 3x3, pool ('avg'/'max'), projection, strided
MODULES = [
    ("3a", 64, 64, 64, 64, 96, "avg", 32, False),
    ("3b", 64, 64, 96, 64, 96, "avg", 64, False),
    ("3c", 0, 128, 160, 64, 96, "max", 0, True),
    ("4a", 224, 64, 96, 96, 128, "avg", 128, False),
    ("4b", 192, 96, 128, 96, 128, "avg", 128, False),
    ("4c", 160, 128, 160, 128, 160, "avg", 128, False),
    ("4d", 96, 128, 192, 160, 192, "avg", 128, False),
    ("4e", 0, 128, 192, 192, 256, "max", 0, True),
    ("5a", 352, 192, 320, 160, 224, "avg", 128, False),
    ("5b", 352, 192, 320, 192, 224, "max", 128, False),
]


class BNInception(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = [
            add_unit(self, "conv1_7x7_s2", 3, 64, 7, 2, 3),
            nn.MaxPool2d(3, stride=2, ceil_mode=True),
            add_unit(self, "conv2_3x3_reduce", 64, 64, 1),
            add_unit(self, "conv2_3x3", 64, 192, 3, 1, 1),
            nn.MaxPool2d(3, stride=2, ceil_mode=True),
        ]
        cin = 192
        self.modules_ = []
        for name, c1, r3, c3, rd, cd, pool, proj, strided in MODULES:
            p = f"inception_{name}_"
            s = 2 if strided else 1
            branches = []
            if c1:
                branches.append([add_unit(self, p + "1x1", cin, c1, 1)])
            branches.append([add_unit(self, p + "3x3_reduce", cin, r3, 1), add_unit(self, p + "3x3", r3, c3, 3, s, 1)])
            branches.append([
                add_unit(self, p + "double_3x3_reduce", cin, rd, 1),
                add_unit(self, p + "double_3x3_1", rd, cd, 3, 1, 1),
                add_unit(self, p + "double_3x3_2", cd, cd, 3, s, 1),
            ])
            if strided:
                branches.append([nn.MaxPool2d(3, stride=2, ceil_mode=True)])
            else:
                window = (nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True) if pool == "max"
                          else nn.AvgPool2d(3, stride=1, padding=1, ceil_mode=True, count_include_pad=True))
                branches.append([window, add_unit(self, p + "pool_proj", cin, proj, 1)])
            self.modules_.append(branches)
            cin = c1 + c3 + cd + (proj if not strided else cin)
        self.last_linear = nn.Linear(1024, 1000)

    def features(self, x):
        for step in self.stem:
            x = step(x)
        for branches in self.modules_:
            outs = []
            for branch in branches:
                y = x
                for step in branch:
                    y = step(y)
                outs.append(y)
            x = torch.cat(outs, 1)
        return x


bn = BNInception()
for m in bn.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight)
        nn.init.normal_(m.bias, 0, 0.1)
randomise_batch_norms(bn)
bn.eval()
assert sum(p.numel() for p in bn.parameters()) == 11295240, "not pretrainedmodels' bninception size"
tsn_style = OrderedDict(
    (k, v.reshape(1, -1) if "_bn." in k and v.dim() == 1 else v)
    for k, v in bn.state_dict().items()
)
torch.save(tsn_style, f"{OUT}/bn-inception.pth", _use_new_zipfile_serialization=False)
x = fixed_input()
pixels = x.numpy() * STD[None, :, None, None] + MEAN[None, :, None, None]  # RGB in [0, 1]
caffe = 255.0 * pixels[:, ::-1] - np.array([104, 117, 128], dtype=np.float32)[None, :, None, None]
with torch.no_grad():
    features = pooled(bn.features(torch.from_numpy(np.ascontiguousarray(caffe, dtype=np.float32))))
save_npy("bn-inception-input", x.numpy())
save_npy("bn-inception-features", features.numpy())
print("fixtures written to", OUT)
