"""A PyTorch Lightning callback: reports each validation epoch and sets ``trainer.should_stop`` on a stop.

Nothing of Lightning is imported when this module is: the callback's base class
(``lightning.pytorch.Callback`` or ``pytorch_lightning.Callback``, whichever is installed) is looked up
when the first callback is created::

    from peng4nn import TrainingRun
    from peng4nn.lightning import StopCallback

    with TrainingRun(kafka, "search-1", "model-7", max_epochs=25) as run:
        trainer = lightning.Trainer(max_epochs=25, callbacks=[StopCallback(run, monitor="val_acc")])
        trainer.fit(model, train_loader, val_loader)      # ends early once the predictor sent a stop
"""

from ._scale import AccuracyScale, to_float


def _framework_base():
    try:
        from lightning.pytorch import Callback  # noqa: PLC0415 - on purpose: only when a callback is made
        return Callback
    except ImportError:
        pass
    try:
        from pytorch_lightning import Callback  # noqa: PLC0415
        return Callback
    except ImportError:
        return object   # no Lightning installed: a duck-typed callback (tests, look-alike trainers)


class _LightningHooks:
    def __init__(self, run, monitor="val_acc", scale="auto", loss_key=None):
        super().__init__()
        self.run = run
        self.monitor = monitor
        self.loss_key = loss_key
        self._scale = AccuracyScale(scale)
        self._evaluations = 0

    def on_validation_epoch_end(self, trainer, pl_module):
        """Reports ``trainer.callback_metrics[monitor]`` at ``trainer.current_epoch`` (or, with the run's
        ``eval_interval``, at evaluation count x interval), then checks for a stop."""
        if getattr(trainer, "sanity_checking", False):
            return
        metrics = getattr(trainer, "callback_metrics", {}) or {}
        if self.monitor in metrics:
            if self.run.eval_interval:
                epoch = self._evaluations * self.run.eval_interval
            else:
                epoch = trainer.current_epoch
            optional = {}
            if self.loss_key and self.loss_key in metrics:
                optional["loss"] = to_float(metrics[self.loss_key])
            self.run.report(epoch, self._scale.percent(metrics[self.monitor]), **optional)
            self._evaluations += 1
        self._check(trainer)

    def on_train_epoch_end(self, trainer, pl_module):
        self._check(trainer)

    def _check(self, trainer):
        if self.run.should_stop:
            trainer.should_stop = True


_CLASS = None


def StopCallback(run, monitor="val_acc", scale="auto", loss_key=None):  # noqa: N802 - reads as a class
    """A Lightning callback for ``run`` (a ``peng4nn.TrainingRun``): ``monitor`` names the validation accuracy
    in ``trainer.callback_metrics``; ``scale`` is ``auto``, ``fraction`` (0-1) or ``percent``."""
    global _CLASS
    if _CLASS is None:
        _CLASS = type("StopCallback", (_LightningHooks, _framework_base()), {"__module__": __name__})
    return _CLASS(run, monitor=monitor, scale=scale, loss_key=loss_key)
