"""The reporter and the listener against a real broker (run by PythonClientIT)."""

import datetime
import logging
import threading
import time
import unittest

import confluent_kafka

from peng4nn import EpochReporter, StopListener, events, topics
from peng4nn.partitioning import partition_of

from .kafka_env import PREFIX, WAIT, kafka, needs_broker


def publish_control(key, value):
    producer = confluent_kafka.Producer(kafka())
    producer.produce(topics.topic(topics.CONTROL, PREFIX), key=key.encode(), value=value)
    assert producer.flush(WAIT) == 0


def stop(model_id, run, at_epoch):
    return events.encode("StopCommand", {
        "model_id": model_id, "search_id": "py-it", "run": run, "reason": "CONVERGED", "at_epoch": at_epoch,
        "predicted_final": 80.5, "issued_at": datetime.datetime.now(datetime.timezone.utc)})


def eventually(condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@needs_broker
class EpochReporterTest(unittest.TestCase):

    def test_epochs_arrive_keyed_by_model_id_stamped_and_flushed_on_close(self):
        with EpochReporter(kafka(), "py-trainer", topic_prefix=PREFIX) as reporter:
            for epoch in range(3):
                reporter.report("py-it", "py-reporter", 1, epoch, 25, 40.0 + epoch, loss=1.5 - epoch / 10,
                                epoch_duration_ms=1200)
        # no flush() above: close() did it
        consumer = confluent_kafka.Consumer(dict(kafka(), **{"group.id": "py-it-reader", "enable.auto.commit": False}))
        topic = topics.topic(topics.EPOCHS, PREFIX)
        partitions = consumer.list_topics(topic, timeout=WAIT).topics[topic].partitions
        consumer.assign([confluent_kafka.TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING) for p in partitions])
        found = []
        placed = set()
        deadline = time.monotonic() + WAIT
        while len(found) < 3 and time.monotonic() < deadline:
            message = consumer.poll(0.2)
            if message is not None and message.error() is None and message.key() == b"py-reporter":
                found.append(events.decode("EpochMetric", message.value()))
                placed.add(message.partition())
        consumer.close()
        self.assertEqual(placed, {partition_of("py-it", len(partitions))}, "on the search's partition")
        self.assertEqual([e["epoch"] for e in found], [0.0, 1.0, 2.0])
        self.assertEqual({e["trainer_id"] for e in found}, {"py-trainer"})
        self.assertEqual(found[2]["value"], 42.0)
        self.assertEqual(found[2]["max_epochs"], 25)
        self.assertEqual(found[0]["metric"], "val_acc")
        self.assertEqual(found[0]["epoch_duration_ms"], 1200)


@needs_broker
class StopListenerTest(unittest.TestCase):

    def test_a_stop_sent_before_the_listener_started_is_found(self):
        publish_control("py-early", stop("py-early", 1, 6.0))
        with StopListener(kafka(), topic_prefix=PREFIX) as listener:
            self.assertTrue(listener.await_caught_up(WAIT))
            self.assertEqual(listener.stop_requested("py-early", 1)["at_epoch"], 6.0)
            self.assertIsNone(listener.stop_requested("py-early", 2), "another run")
            self.assertIsNone(listener.stop_requested("py-never", 1))

    def test_the_callback_fires_once_for_the_watched_run_only(self):
        calls = []
        fired = threading.Event()
        with StopListener(kafka(), topic_prefix=PREFIX) as listener:
            listener.watch("py-live", 2, lambda command: (calls.append(command), fired.set()))
            self.assertTrue(listener.await_caught_up(WAIT))
            publish_control("py-live", stop("py-live", 1, 3.0))
            self.assertTrue(eventually(lambda: listener.stop_requested("py-live", 1) is not None))
            self.assertEqual(calls, [], "run 1 is not the watched run")
            publish_control("py-live", stop("py-live", 2, 7.0))
            publish_control("py-live", stop("py-live", 2, 9.0))
            self.assertTrue(fired.wait(WAIT))
            time.sleep(0.5)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["at_epoch"], 7.0, "the first command counts")

    def test_a_bad_record_on_the_control_topic_is_skipped_with_a_warning(self):
        # same key, so same partition: the bad record comes first
        publish_control("py-bad", b'{"model_id": "py-bad", "stop": true}')
        publish_control("py-bad", stop("py-bad", 1, 5.0))
        with self.assertLogs("peng4nn.stop_listener", logging.WARNING) as logs:
            with StopListener(kafka(), topic_prefix=PREFIX) as listener:
                self.assertTrue(eventually(lambda: listener.stop_requested("py-bad", 1) is not None))
                self.assertTrue(listener.await_caught_up(WAIT))
        warning = "\n".join(logs.output)
        self.assertIn("skipping undecodable record " + topics.topic(topics.CONTROL, PREFIX), warning)
        self.assertIn("BAD_HEADER", warning)


if __name__ == "__main__":
    unittest.main()
