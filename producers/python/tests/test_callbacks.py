"""The plain-loop helper and the Lightning and Keras callbacks, with fake trainers and a fake bus."""

import subprocess
import sys
import unittest

from peng4nn import EpochReporter, EpochReportError, StopListener, TrainingRun
from peng4nn import keras as peng4nn_keras
from peng4nn import lightning as peng4nn_lightning


class FakeReporter:
    def __init__(self):
        self.reports = []
        self.flushed = 0
        self.closed = False

    def report(self, search_id, model_id, run, epoch, max_epochs, value, **optional):
        self.reports.append(dict(optional, search_id=search_id, model_id=model_id, run=run, epoch=epoch,
                                 max_epochs=max_epochs, value=value))

    def flush(self):
        self.flushed += 1

    def close(self):
        self.closed = True


class FakeListener:
    """Delivers a stop the way StopListener does: the watcher of (model_id, run) is called once."""

    def __init__(self):
        self.watchers = {}

    def watch(self, model_id, run, on_stop):
        self.watchers[(model_id, run)] = on_stop

    def unwatch(self, model_id):
        self.watchers = {k: v for k, v in self.watchers.items() if k[0] != model_id}

    def send_stop(self, model_id, run, at_epoch):
        callback = self.watchers.pop((model_id, run), None)
        if callback:
            callback({"model_id": model_id, "run": run, "reason": "CONVERGED", "at_epoch": at_epoch})


def new_run(**options):
    reporter, listener = FakeReporter(), FakeListener()
    run = TrainingRun({"bootstrap.servers": "unused:9092"}, "s1", "m1", max_epochs=10, reporter=reporter,
                      listener=listener, **options)
    return run, reporter, listener


class TrainingRunTest(unittest.TestCase):

    def test_the_loop_ends_at_the_epoch_after_the_stop_and_the_callback_fires_once(self):
        calls = []
        run, reporter, listener = new_run(on_stop=calls.append)
        seen = []
        for epoch in run.epochs():
            seen.append(epoch)
            run.report(epoch, 50.0 + epoch)
            if epoch == 3:
                listener.send_stop("m1", 1, 3.0)
        self.assertEqual(seen, [0, 1, 2, 3])
        self.assertTrue(run.should_stop)
        self.assertEqual(run.stop_command["at_epoch"], 3.0)
        self.assertEqual(len(calls), 1)
        self.assertEqual([r["epoch"] for r in reporter.reports], [0, 1, 2, 3])
        self.assertEqual(reporter.reports[0]["max_epochs"], 10)
        run.close()
        self.assertEqual(reporter.flushed, 1, "a shared reporter is flushed, not closed")
        self.assertFalse(reporter.closed)
        self.assertEqual(listener.watchers, {})

    def test_another_runs_stop_does_not_stop_this_one(self):
        run, _, listener = new_run(run=2)
        listener.send_stop("m1", 1, 3.0)
        self.assertFalse(run.should_stop)
        self.assertEqual(len(list(run.epochs())), 10)


class FakeLightningTrainer:
    def __init__(self):
        self.callback_metrics = {}
        self.current_epoch = 0
        self.should_stop = False
        self.sanity_checking = False


class Tensor0d:
    """Looks like a 0-d torch tensor: .item() gives the float."""

    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value


class LightningCallbackTest(unittest.TestCase):

    def test_reports_validation_epochs_in_percent_and_sets_should_stop(self):
        run, reporter, listener = new_run()
        callback = peng4nn_lightning.StopCallback(run, monitor="val_acc", loss_key="val_loss")
        trainer = FakeLightningTrainer()

        trainer.sanity_checking = True
        trainer.callback_metrics = {"val_acc": Tensor0d(0.1)}
        callback.on_validation_epoch_end(trainer, None)
        self.assertEqual(reporter.reports, [], "the sanity check is not an evaluation")
        trainer.sanity_checking = False

        for epoch in range(10):
            trainer.current_epoch = epoch
            callback.on_train_epoch_end(trainer, None)
            trainer.callback_metrics = {"val_acc": Tensor0d(0.5 + epoch / 100), "val_loss": 1.0 / (epoch + 1)}
            callback.on_validation_epoch_end(trainer, None)
            if epoch == 4:
                listener.send_stop("m1", 1, 4.0)
            if trainer.should_stop:
                break
        self.assertEqual(trainer.current_epoch, 5, "stopped at the first check after the stop arrived")
        self.assertEqual([r["epoch"] for r in reporter.reports], [0, 1, 2, 3, 4, 5])
        self.assertAlmostEqual(reporter.reports[2]["value"], 52.0)
        self.assertAlmostEqual(reporter.reports[1]["loss"], 0.5)

    def test_sub_epoch_evaluations_use_the_runs_interval(self):
        run, reporter, _ = new_run(eval_interval=0.5)
        callback = peng4nn_lightning.StopCallback(run, scale="percent")
        trainer = FakeLightningTrainer()
        for evaluation in range(4):
            trainer.current_epoch = evaluation // 2
            trainer.callback_metrics = {"val_acc": 40.0 + evaluation}
            callback.on_validation_epoch_end(trainer, None)
        self.assertEqual([r["epoch"] for r in reporter.reports], [0.0, 0.5, 1.0, 1.5])
        self.assertEqual(reporter.reports[3]["value"], 43.0)
        self.assertEqual(reporter.reports[3]["eval_interval"], 0.5)

    def test_a_stop_sent_before_training_started_stops_at_the_first_epoch_end(self):
        run, _, listener = new_run()
        listener.send_stop("m1", 1, 9.0)
        callback = peng4nn_lightning.StopCallback(run)
        trainer = FakeLightningTrainer()
        callback.on_train_epoch_end(trainer, None)
        self.assertTrue(trainer.should_stop)


class FakeKerasModel:
    stop_training = False


class KerasCallbackTest(unittest.TestCase):

    def test_reports_val_accuracy_as_percent_and_sets_stop_training(self):
        run, reporter, listener = new_run()
        callback = peng4nn_keras.StopCallback(run)
        model = FakeKerasModel()
        callback.set_model(model)
        epochs = 0
        for epoch in range(10):
            epochs += 1
            callback.on_epoch_end(epoch, {"loss": 0.9, "accuracy": 0.6, "val_loss": 1.0, "val_accuracy": 0.55})
            if epoch == 2:
                listener.send_stop("m1", 1, 2.0)
            if model.stop_training:
                break
        self.assertEqual(epochs, 4)
        self.assertEqual(len(reporter.reports), 4)
        self.assertAlmostEqual(reporter.reports[0]["value"], 55.0)
        self.assertAlmostEqual(reporter.reports[0]["train_accuracy"], 60.0)
        self.assertAlmostEqual(reporter.reports[0]["loss"], 0.9)

    def test_epochs_without_the_metric_are_not_reported(self):
        run, reporter, _ = new_run()
        callback = peng4nn_keras.StopCallback(run, monitor="val_top1", scale="percent")
        callback.set_model(FakeKerasModel())
        callback.on_epoch_end(0, {"loss": 1.0})
        callback.on_epoch_end(1, {"loss": 1.0, "val_top1": 31.5})
        self.assertEqual([(r["epoch"], r["value"]) for r in reporter.reports], [(1, 31.5)])


class ReporterWithoutBrokerTest(unittest.TestCase):

    def test_a_send_that_fails_is_raised_from_close(self):
        reporter = EpochReporter({"bootstrap.servers": "127.0.0.1:1", "message.timeout.ms": 1000}, "t1",
                                 topic_prefix="nowhere.")
        self.assertTrue(reporter.producer_config({"bootstrap.servers": "x", "acks": "0"}, "t")["enable.idempotence"])
        self.assertEqual(reporter.producer_config({"bootstrap.servers": "x", "acks": "0"}, "t")["acks"], "all")
        reporter.report("s1", "m1", 1, 0, 25, 12.5)
        with self.assertRaisesRegex(EpochReportError, "could not publish epoch 0.0 of model m1 run 1 to nowhere.epochs"):
            reporter.close()


class KafkaSettingsTest(unittest.TestCase):

    SASL = {"bootstrap.servers": "127.0.0.1:1", "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "PLAIN",
            "sasl.username": "trainer", "sasl.password": "secret", "client.id": "gpu-node-3"}

    def test_settings_pass_through_to_librdkafka_with_the_guarantees_forced(self):
        config = EpochReporter.producer_config(self.SASL, "t1")
        self.assertEqual({k: config[k] for k in self.SASL}, self.SASL)
        EpochReporter(self.SASL, "t1").close()            # librdkafka accepts them; nothing to flush
        listener = StopListener(self.SASL)
        listener.close()
        with self.assertRaises(Exception):                # an unknown setting reaches librdkafka, which refuses it
            StopListener(dict(self.SASL, **{"sasl.mechanismz": "PLAIN"}))


class NoFrameworkImportTest(unittest.TestCase):

    def test_importing_the_package_and_its_callback_modules_imports_no_framework(self):
        code = ("import sys, peng4nn, peng4nn.lightning, peng4nn.keras;"
                "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                "('torch', 'lightning', 'pytorch_lightning', 'keras', 'tensorflow')))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=__file__.rsplit("/tests/", 1)[0])
        self.assertEqual(out.stdout.strip(), "[]")


if __name__ == "__main__":
    unittest.main()
