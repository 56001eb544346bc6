"""Where the broker tests find their broker: set by PythonClientIT, absent in a plain unittest run."""

import os
import unittest

BOOTSTRAP = os.environ.get("PENG4NN_TEST_BOOTSTRAP")
PREFIX = os.environ.get("PENG4NN_TEST_TOPIC_PREFIX", "peng4nn.")
WAIT = 20.0

needs_broker = unittest.skipUnless(
    BOOTSTRAP, "needs a broker: PENG4NN_TEST_BOOTSTRAP (PythonClientIT sets it, with a running predictor)")


def kafka():
    return {"bootstrap.servers": BOOTSTRAP}
