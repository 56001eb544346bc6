"""A Keras callback: reports each epoch's validation accuracy and sets ``model.stop_training`` on a stop.

Nothing of Keras or TensorFlow is imported when this module is: the base class (``keras.callbacks.Callback``
or ``tensorflow.keras.callbacks.Callback``) is looked up when the first callback is created::

    from peng4nn import TrainingRun
    from peng4nn.keras import StopCallback

    with TrainingRun(kafka, "search-1", "model-7", max_epochs=25) as run:
        model.fit(x, y, validation_data=(vx, vy), epochs=25, callbacks=[StopCallback(run)])
"""

from ._scale import AccuracyScale, to_float


class _NoFramework:
    """Stands in for keras.callbacks.Callback when Keras is not installed."""

    model = None
    params = None

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params


def _framework_base():
    try:
        from keras.callbacks import Callback  # noqa: PLC0415 - on purpose: only when a callback is made
        return Callback
    except ImportError:
        pass
    try:
        from tensorflow.keras.callbacks import Callback  # noqa: PLC0415
        return Callback
    except ImportError:
        return _NoFramework


class _KerasHooks:
    def __init__(self, run, monitor=("val_accuracy", "val_acc"), scale="auto"):
        super().__init__()
        self.run = run
        self.monitors = (monitor,) if isinstance(monitor, str) else tuple(monitor)
        self._scale = AccuracyScale(scale)
        self._evaluations = 0

    def on_epoch_end(self, epoch, logs=None):
        """Reports the first of ``monitor`` found in ``logs`` at the 0-based ``epoch``, then checks for a stop."""
        logs = logs or {}
        name = next((m for m in self.monitors if m in logs), None)
        if name is not None:
            optional = {}
            if logs.get("loss") is not None:
                optional["loss"] = to_float(logs["loss"])
            value = self._scale.percent(logs[name])
            train = logs.get(name[4:]) if name.startswith("val_") else None
            if train is not None:
                optional["train_accuracy"] = to_float(train) * (100.0 if self._scale.scale == "fraction" else 1.0)
            at = self._evaluations * self.run.eval_interval if self.run.eval_interval else epoch
            self.run.report(at, value, **optional)
            self._evaluations += 1
        if self.run.should_stop and self.model is not None:
            self.model.stop_training = True


_CLASS = None


def StopCallback(run, monitor=("val_accuracy", "val_acc"), scale="auto"):  # noqa: N802 - reads as a class
    """A Keras callback for ``run`` (a ``peng4nn.TrainingRun``); ``monitor`` is the log key (or keys, the first
    present wins) of the validation accuracy; ``scale`` is ``auto``, ``fraction`` (0-1) or ``percent``."""
    global _CLASS
    if _CLASS is None:
        _CLASS = type("StopCallback", (_KerasHooks, _framework_base()), {"__module__": __name__})
    return _CLASS(run, monitor=monitor, scale=scale)
