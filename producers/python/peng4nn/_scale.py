"""Accuracy scale handling shared by the framework callbacks."""


class AccuracyScale:
    """Turns a framework's accuracy into percent: ``fraction`` (0-1, multiplied by 100), ``percent`` (as is),
    or ``auto``: fractions when the first value seen is at most 1.0, as ``./peng4nn bridge`` decides."""

    def __init__(self, scale="auto"):
        if scale not in ("auto", "fraction", "percent"):
            raise ValueError(f"scale must be auto, fraction or percent, not {scale!r}")
        self.scale = scale

    def percent(self, value):
        value = to_float(value)
        if self.scale == "auto":
            self.scale = "fraction" if value <= 1.0 else "percent"
        return value * 100.0 if self.scale == "fraction" else value


def to_float(value):
    """A plain float from a float, a NumPy scalar or a 0-d tensor (without importing either library)."""
    if hasattr(value, "item"):
        value = value.item()
    return float(value)
