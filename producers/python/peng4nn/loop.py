"""The plain-loop helper: one training run that reports its evaluations and learns of its stop."""

import socket
import threading

from . import topics
from .milestones import lr_milestones as _milestones
from .listener import StopListener
from .reporter import EpochReporter


class TrainingRun:
    """One run of one model: reports each evaluation and tells the loop when the predictor stops it.

    A stop reaches the trainer both ways: ``on_stop(command)`` is called once on the listener's thread
    when it arrives, and ``should_stop`` (a flag, checked once per epoch or per evaluation) turns true.
    ``epochs()`` does the checking for a plain ``for`` loop::

        with TrainingRun(kafka, "search-1", "model-7", max_epochs=25) as run:
            for epoch in run.epochs():           # ends early once the predictor sent a stop
                train_one_epoch()
                run.report(epoch, 100 * evaluate())      # validation accuracy in percent
        print(run.stop_command)                  # the StopCommand dict, or None: trained the full budget

    A run trained with a stepped learning rate declares its milestones once, ``lr_milestones=[10, 20]`` (or the
    text ``"10,20"``, as ``--lr-milestones`` takes it): the 0-based epochs that first train at a new rate. Every
    report of the run carries them, so the predictor does not stop a plateau that a rate cut is about to end.

    ``kafka`` is a dict of librdkafka settings. Several runs in one process may share a ``reporter``
    and a ``listener`` (they are then not closed by the run); otherwise the run creates its own and
    closes them when it ends (flushing the reporter, which raises a failed send).
    """

    def __init__(self, kafka, search_id, model_id, max_epochs, run=1, trainer_id=None,
                 topic_prefix=topics.DEFAULT_PREFIX, eval_interval=None, on_stop=None,
                 reporter=None, listener=None, lr_milestones=None):
        self.search_id = search_id
        self.lr_milestones = _milestones(lr_milestones)
        self.model_id = model_id
        self.run = int(run)
        self.max_epochs = int(max_epochs)
        self.eval_interval = eval_interval
        self._on_stop = on_stop
        self._stopped = threading.Event()
        self._command = None
        self._owns_reporter = reporter is None
        self._owns_listener = listener is None
        self._closed = False
        self.listener = listener or StopListener(kafka, topic_prefix)
        try:
            self.reporter = reporter or EpochReporter(kafka, trainer_id or socket.gethostname(), topic_prefix)
        except Exception:
            if self._owns_listener:
                self.listener.close()
            raise
        self.listener.watch(model_id, self.run, self._stop_arrived)

    def _stop_arrived(self, command):
        self._command = command
        self._stopped.set()
        if self._on_stop is not None:
            self._on_stop(command)

    @property
    def should_stop(self):
        """True once the predictor asked to stop this run (also when it asked before the run started)."""
        return self._stopped.is_set()

    @property
    def stop_command(self):
        """The StopCommand dict (reason, at_epoch, predicted_final...) once a stop arrived, else None."""
        return self._command

    def wait_for_stop(self, timeout):
        """Blocks until a stop arrives or ``timeout`` seconds pass; returns ``should_stop``."""
        return self._stopped.wait(timeout)

    def report(self, epoch, value, **optional):
        """Publishes one evaluation: 0-based ``epoch``, validation accuracy ``value`` in percent; keyword
        arguments as ``EpochReporter.report`` (train_accuracy, loss, epoch_duration_ms, metric...)."""
        optional.setdefault("eval_interval", self.eval_interval)
        optional.setdefault("lr_milestones", self.lr_milestones)
        self.reporter.report(self.search_id, self.model_id, self.run, epoch, self.max_epochs, value, **optional)

    def epochs(self):
        """Yields 0, 1, ... max_epochs - 1, and nothing more once a stop arrived (checked before each epoch)."""
        for epoch in range(self.max_epochs):
            if self.should_stop:
                return
            yield epoch

    def close(self):
        """Flushes the reports; closes what the run created itself."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._owns_reporter:
                self.reporter.close()
            else:
                self.reporter.flush()
        finally:
            if self._owns_listener:
                self.listener.close()
            else:
                self.listener.unwatch(self.model_id)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
