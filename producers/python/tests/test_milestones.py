"""Learning-rate milestones in the Python client: read as every --lr-milestones flag reads them, declared once per
run, carried by every event of the run (checked on the encoded bytes, without a broker)."""

import types
import unittest

from peng4nn import EpochReporter, TrainingRun, events, lr_milestones
from peng4nn import keras as peng4nn_keras
from peng4nn.partitioning import partition_of

from tests.test_callbacks import FakeListener, FakeReporter


class ReadingTest(unittest.TestCase):

    def test_lists_and_the_flag_text_read_alike_sorted(self):
        self.assertEqual(lr_milestones([20, 10]), [10.0, 20.0])
        self.assertEqual(lr_milestones("20, 10"), [10.0, 20.0])
        self.assertEqual(lr_milestones((2.5,)), [2.5])
        self.assertEqual(lr_milestones(None), [])
        self.assertEqual(lr_milestones(""), [])
        self.assertEqual(lr_milestones([]), [])

    def test_a_bad_value_names_the_offending_part_as_the_java_side_does(self):
        with self.assertRaisesRegex(ValueError, "'ten' is not an epoch number"):
            lr_milestones("5,ten")
        with self.assertRaisesRegex(ValueError, "finite epoch >= 0, got -1.0"):
            lr_milestones([-1])
        with self.assertRaisesRegex(ValueError, "finite epoch >= 0, got nan"):
            lr_milestones([float("nan")])
        with self.assertRaisesRegex(ValueError, "milestone 5 is given twice"):
            lr_milestones("5,5")
        with self.assertRaisesRegex(ValueError, "must be a number, got '5'"):
            lr_milestones(["5"])


class RunTest(unittest.TestCase):

    def test_every_report_of_a_run_carries_its_milestones_also_through_a_callback(self):
        reporter = FakeReporter()
        run = TrainingRun({"bootstrap.servers": "unused:9092"}, "s1", "m1", max_epochs=25, reporter=reporter,
                          listener=FakeListener(), lr_milestones="20,10")
        self.assertEqual(run.lr_milestones, [10.0, 20.0])
        run.report(0, 30.0)
        callback = peng4nn_keras.StopCallback(run)
        callback.on_epoch_end(1, {"val_accuracy": 0.41})
        self.assertEqual([r["lr_milestones"] for r in reporter.reports], [[10.0, 20.0], [10.0, 20.0]])
        run.close()

    def test_a_run_without_milestones_declares_none(self):
        reporter = FakeReporter()
        run = TrainingRun({"bootstrap.servers": "unused:9092"}, "s1", "m1", max_epochs=25, reporter=reporter,
                          listener=FakeListener())
        run.report(0, 30.0)
        self.assertEqual(reporter.reports[0]["lr_milestones"], [])
        run.close()

    def test_a_bad_value_fails_when_the_run_is_made_not_mid_training(self):
        with self.assertRaisesRegex(ValueError, "'x' is not an epoch number"):
            TrainingRun({"bootstrap.servers": "unused:9092"}, "s1", "m1", max_epochs=25, reporter=FakeReporter(),
                        listener=FakeListener(), lr_milestones="10,x")


class RecordingProducer:
    """Keeps what would be sent; its epochs topic has six partitions."""

    def __init__(self):
        self.values = []
        self.partitions = []

    def produce(self, topic, value=None, key=None, on_delivery=None, partition=None):
        self.values.append(value)
        self.partitions.append(partition)

    def list_topics(self, topic, timeout):
        return types.SimpleNamespace(topics={topic: types.SimpleNamespace(error=None, partitions=dict.fromkeys(range(6)))})

    def poll(self, timeout):
        return 0

    def flush(self, timeout):
        return 0


class EncodedEventTest(unittest.TestCase):

    def test_the_encoded_event_carries_the_milestones_and_decodes_with_them(self):
        reporter = EpochReporter({"bootstrap.servers": "127.0.0.1:1"}, "trainer-1")
        reporter._producer = RecordingProducer()    # no broker: keep the bytes the producer would send
        reporter.report("s1", "m1", 1, 3, 25, 71.5, lr_milestones=[10, 20])
        reporter.report("s1", "m1", 1, 4, 25, 72.0)
        reporter.close()

        decoded = [events.decode("EpochMetric", value) for value in reporter._producer.values]
        self.assertEqual([e["lr_milestones"] for e in decoded], [[10.0, 20.0], []])
        self.assertEqual(decoded[0]["epoch"], 3.0)
        self.assertEqual(reporter._producer.partitions, [partition_of("s1", 6)] * 2, "on the search's partition")


if __name__ == "__main__":
    unittest.main()
