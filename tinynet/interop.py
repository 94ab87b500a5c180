"""A way to PyTorch: turn a tinynet ``Network`` into a ``torch.nn.Sequential`` and back.

When a learner outgrows tinynet, the same network can move to PyTorch with
its weights intact::

    from tinynet.interop import to_torch, from_torch
    model = to_torch(net)                  # a torch.nn.Sequential in float64
    net2 = from_torch(model, loss="mse")   # back to a tinynet Network

Two things differ between the libraries and are handled here:

* **Weight orientation.** tinynet's ``Dense`` keeps ``n_in`` rows of ``n_out``
  weights (``weights[k][j]`` joins input k to neuron j, so
  ``outputs = inputs . weights + bias``, the tutorial's orientation).
  ``torch.nn.Linear`` keeps ``weight`` as ``(out, in)`` and computes
  ``x @ weight.T + bias``. So the matrix is transposed on the way across.
* **Activations are layers in torch.** A tinynet layer is "weighted sum, then
  activation"; in torch these are two modules, a ``Linear`` and an activation
  module after it. tinynet's ``linear`` activation becomes *no* module at all.

    tinynet activation   torch module
    linear               (nothing)
    sigmoid              nn.Sigmoid()
    tanh                 nn.Tanh()
    relu                 nn.ReLU()
    leaky_relu           nn.LeakyReLU(negative_slope=tinynet.activations.LEAKY_SLOPE)
    softmax              nn.Softmax(dim=-1)
    softplus             nn.Softplus()  (torch returns z itself above z = 20; tinynet keeps log1p(e^-z) + z)

Losses are not part of a torch model; the matching torch losses are:

    tinynet loss          torch loss on model(x)
    mse                   nn.MSELoss()              (mean over samples and outputs)
    binary_crossentropy   nn.BCELoss()              (sigmoid output)
    crossentropy          nn.NLLLoss() on torch.log(model(x)), class labels as targets;
                          or, better for training in torch, nn.CrossEntropyLoss() on
                          model[:-1](x), the network without its final Softmax, which
                          works on the raw scores (logits) and is more stable.

``to_torch`` always keeps the final ``nn.Softmax`` so that ``model(x)``
predicts the same probabilities as ``net.predict(x)``.

torch is optional: it is imported only inside these functions, and only they
need it.
"""

from .activations import ACTIVATIONS, LEAKY_SLOPE
from .activations import TABLE as ACTIVATION_TABLE
from .layers import Dense
from .losses import check_loss
from .network import Network

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers; torch is never imported at module level
    import torch

__all__ = ["TORCH_ACTIVATIONS", "activation_module", "from_torch", "to_torch", "torch_code"]

#: For each tinynet activation, the torch module class that computes it
#: (``None``: no module, the ``Linear`` output is used as it is), from the
#: activations table (each record's ``torch``).
TORCH_ACTIVATIONS = {record.name: record.torch for record in ACTIVATION_TABLE}

#: The arguments those modules are built with, where they need any: ``(args, kwargs)``
#: (softmax over the outputs of each sample, as tinynet's softmax of a row).
_TORCH_ARGUMENTS = {"leaky_relu": ((LEAKY_SLOPE,), {}), "softmax": ((), {"dim": -1})}

_INSTALL_HINT = (
    "tinynet.interop needs PyTorch, which is not installed (tinynet itself does not need it). "
    "Install it with:  pip install torch  (CPU-only wheels: "
    "pip install torch --index-url https://download.pytorch.org/whl/cpu)"
)


def _import_torch():
    """Import torch, or raise an ImportError that says how to install it."""
    try:
        import torch
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc
    return torch


def torch_code(name: str) -> "str | None":
    """The PyTorch code that builds activation ``name``'s module, e.g. ``"nn.Tanh()"``.

    ``None`` for ``linear`` (no module). Used by the playground's PyTorch export.
    """
    class_name = TORCH_ACTIVATIONS[name]
    if class_name is None:
        return None
    args, kwargs = _TORCH_ARGUMENTS.get(name, ((), {}))
    written = [repr(a) for a in args] + ["%s=%r" % item for item in kwargs.items()]
    return "nn.%s(%s)" % (class_name, ", ".join(written))


def activation_module(torch: object, name: str, layer_index: int = 0) -> "torch.nn.Module | None":
    """The torch module for tinynet activation ``name`` (``None`` for ``linear``).

    ``torch`` is the imported torch package; ``layer_index`` only names the
    layer in the error for an activation PyTorch has no module for.
    """
    if name not in ACTIVATIONS or name not in TORCH_ACTIVATIONS:
        raise ValueError(
            f"layer {layer_index}: tinynet.interop cannot map activation {name!r} to PyTorch; "
            f"it maps: {', '.join(a for a in ACTIVATIONS if a in TORCH_ACTIVATIONS)}")
    class_name = TORCH_ACTIVATIONS[name]
    if class_name is None:
        return None
    args, kwargs = _TORCH_ARGUMENTS.get(name, ((), {}))
    return getattr(torch.nn, class_name)(*args, **kwargs)


def to_torch(net: "Network") -> "torch.nn.Sequential":
    """The network as a ``torch.nn.Sequential`` in float64, with the same weights.

    Each ``Dense`` layer becomes an ``nn.Linear`` whose ``weight`` is the
    transpose of the layer's ``weights`` (torch keeps ``(out, in)``), followed
    by its activation module (none for ``linear``; ``nn.Softmax(dim=-1)`` for
    ``softmax``, see the module docstring for training with
    ``nn.CrossEntropyLoss``). Every weight is copied exactly, so
    ``model(torch.tensor(X, dtype=torch.float64))`` matches ``net.predict(X)``
    to rounding (the two libraries add the products in different orders).

    The loss is not part of a torch model: pick the torch loss that matches
    ``net.loss`` (table in the module docstring).

    Raises:
        ImportError: torch is not installed (the message says how to install it).
        TypeError: ``net`` is not a tinynet ``Network``.
        ValueError: a layer has an activation interop cannot map.
    """
    if not isinstance(net, Network):
        raise TypeError(f"to_torch needs a tinynet Network, not {net!r}")
    torch = _import_torch()
    net.parameters_flat()  # checks the structure, shapes and that every number is finite
    modules = []
    for i, layer in enumerate(net.layers):
        activation = activation_module(torch, layer.activation, i)
        linear = torch.nn.Linear(layer.n_in, layer.n_out, dtype=torch.float64)
        with torch.no_grad():
            # tinynet: n_in rows of n_out; torch: n_out rows of n_in -> transpose
            linear.weight.copy_(torch.tensor(layer.weights, dtype=torch.float64).T)
            linear.bias.copy_(torch.tensor(layer.bias, dtype=torch.float64))
        modules.append(linear)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)


def _activation_name(torch, module: "torch.nn.Module", index: int) -> str:
    """The tinynet name of torch activation ``module``, or a clear error."""
    nn = torch.nn
    if isinstance(module, nn.Identity):
        return "linear"
    if isinstance(module, nn.LeakyReLU):
        if module.negative_slope != LEAKY_SLOPE:
            raise ValueError(
                f"module {index}: LeakyReLU(negative_slope={module.negative_slope!r}) cannot be "
                f"mapped; tinynet's leaky_relu has slope {LEAKY_SLOPE!r}")
        return "leaky_relu"
    if isinstance(module, nn.Softmax):
        if module.dim not in (-1, 1):
            raise ValueError(
                f"module {index}: Softmax(dim={module.dim!r}) cannot be mapped; tinynet's softmax "
                "works over each sample's outputs, Softmax(dim=-1) (or dim=1 for a batch of rows)")
        return "softmax"
    for name in ACTIVATIONS:
        class_name = TORCH_ACTIVATIONS.get(name)
        if class_name is not None and type(module) is getattr(nn, class_name):
            return name
    known = ["Linear", "Identity"] + [TORCH_ACTIVATIONS[a] for a in ACTIVATIONS if TORCH_ACTIVATIONS.get(a)]
    raise TypeError(
        f"module {index} is {type(module).__name__}, which tinynet cannot represent; "
        f"from_torch reads a Sequential of these modules only: {', '.join(known)}")


def _as_float_rows(torch, tensor: "torch.Tensor", what: str) -> "list":
    """A parameter tensor as nested lists of Python floats (float64, exact)."""
    if not tensor.dtype.is_floating_point or tensor.dtype.is_complex:
        raise TypeError(f"{what} has dtype {tensor.dtype}; from_torch needs real floating-point weights")
    # float16, bfloat16 and float32 values are all exactly representable in float64
    return tensor.detach().to(device="cpu", dtype=torch.float64).tolist()


def _dense_from_linear(torch, linear: "torch.nn.Linear", activation: str, index: int) -> Dense:
    """A ``Dense`` layer with the weights of ``linear`` (transposed) and ``activation``."""
    where = f"module {index} (Linear({linear.in_features}, {linear.out_features}))"
    weight = _as_float_rows(torch, linear.weight, where + " weight")  # (out, in)
    rows = [[weight[j][k] for j in range(linear.out_features)] for k in range(linear.in_features)]
    if linear.bias is None:
        bias = [0.0] * linear.out_features  # Linear(bias=False) is a layer whose biases are 0
    else:
        bias = _as_float_rows(torch, linear.bias, where + " bias")
    try:
        return Dense(linear.in_features, linear.out_features, activation, weights=rows, bias=bias)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None


def _dense_layers(torch, children: list) -> "list[Dense]":
    """One ``Dense`` per ``Linear`` of ``children``, with the activation module after it (if any)."""
    layers = []
    pending = None  # (index, Linear) still waiting to learn its activation
    for index, child in enumerate(children):
        if isinstance(child, torch.nn.Linear):
            if pending is not None:
                layers.append(_dense_from_linear(torch, pending[1], "linear", pending[0]))
            pending = (index, child)
            continue
        activation = _activation_name(torch, child, index)
        if pending is None:
            if index == 0:
                raise ValueError(
                    f"module 0 is {type(child).__name__}, an activation before any Linear; "
                    "tinynet layers start with their weights (a Sequential must begin with Linear)")
            raise ValueError(
                f"module {index} is {type(child).__name__}, a second activation in a row; "
                "each Linear may be followed by one activation only")
        layers.append(_dense_from_linear(torch, pending[1], activation, pending[0]))
        pending = None
    if pending is not None:
        layers.append(_dense_from_linear(torch, pending[1], "linear", pending[0]))
    return layers


def from_torch(module: "torch.nn.Sequential", loss: str = "mse", seed: "int | None" = None) -> Network:
    """Build a tinynet ``Network`` from a ``torch.nn.Sequential``.

    The Sequential must be ``Linear`` modules, each followed by at most one
    activation module: ``Sigmoid``, ``Tanh``, ``ReLU``, ``LeakyReLU`` (slope
    ``tinynet.activations.LEAKY_SLOPE``), ``Softmax(dim=-1)`` (last only) or
    ``Identity``. A ``Linear`` with no activation after it (another
    ``Linear`` follows, or it is last) gets tinynet's ``linear`` activation.

    * Weights are transposed into tinynet's ``n_in`` rows of ``n_out``.
    * A ``Linear(..., bias=False)`` becomes a layer whose biases are all 0
      (tinynet layers always have biases, and training will move them).
    * float32 (or float16/bfloat16) weights are converted to float64, which
      holds every such value exactly: the numbers are the same, only stored
      wider. The tinynet network then computes in float64, so its predictions
      differ from a float32 torch model's by float32 rounding (about 1e-7),
      not by anything in the weights.

    Args:
        module: the ``torch.nn.Sequential`` to read (it is not changed).
        loss: the tinynet loss to train with: "mse" (default),
            "binary_crossentropy" (needs a Sigmoid last) or "crossentropy"
            (needs a Softmax last). A torch model does not carry its loss.
        seed: the new network's seed (for shuffling when it trains).

    Raises:
        ImportError: torch is not installed.
        TypeError: ``module`` is not a Sequential, or holds a module tinynet
            cannot represent (its position and type are named).
        ValueError: the modules are in an order tinynet cannot represent
            (an activation first, two activations in a row), a LeakyReLU or
            Softmax has other settings, sizes do not chain, a weight is not
            finite, or ``loss`` is unknown or does not fit the last activation.
    """
    torch = _import_torch()
    check_loss(loss)
    if not isinstance(module, torch.nn.Sequential):
        raise TypeError(f"from_torch needs a torch.nn.Sequential, not {type(module).__name__}")
    children = list(module)
    if not children:
        raise ValueError("the Sequential is empty; it needs at least one Linear module")
    layers = _dense_layers(torch, children)
    try:
        return Network(layers, loss=loss, seed=seed)
    except (TypeError, ValueError) as exc:
        raise type(exc)("the Sequential does not make a tinynet Network (tinynet's layer i is "
                        f"the Sequential's i-th Linear): {exc}") from None
