"""Cross-language golden bytes: every event type, encoded here and by the Java serdes.

    python3 golden.py write DIR    encodes every fixture to DIR/<name>.bin
    python3 golden.py check DIR    decodes DIR/<name>.bin (written by Java) field by field against the
                                   fixtures and compares the bytes with this side's own encoding

The fixtures are mirrored by org.peng4nn.producers.python.GoldenEvents on the Java side, which runs this
script both ways (PythonClientTest). Exit status 0 when everything matched, 1 otherwise.
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from peng4nn import events  # noqa: E402

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 30, 23, 59, 58, 123000, tzinfo=UTC)

# name -> (record, event); names and values must match GoldenEvents.java
FIXTURES = {
    "TrainingJob-full": ("TrainingJob", {
        "search_id": "nas-1", "model_id": "modèle-µ-🚀", "run": 3, "architecture": "conv3x3-64|pool|fc-10",
        "dataset": "cifar100", "max_epochs": 25, "hyper_parameters": {"lr": "0.025", "batch_size": "96"},
        "lr_milestones": [10.0, 20.5], "submitted_at": T0}),
    "TrainingJob-minimal": ("TrainingJob", {
        "search_id": "", "model_id": "m", "run": 1, "architecture": "", "dataset": "synthetic", "max_epochs": 1,
        "hyper_parameters": {}, "lr_milestones": [], "submitted_at": datetime.datetime(1970, 1, 1, tzinfo=UTC)}),
    "EpochMetric-full": ("EpochMetric", {
        "search_id": "nas-1", "model_id": "m-17", "run": 2, "trainer_id": "gpu-node-3", "epoch": 4.5,
        "max_epochs": 25, "metric": "val_acc", "value": 63.125, "train_accuracy": 70.5, "loss": 0.8125,
        "epoch_duration_ms": 123456789012, "eval_interval": 0.5, "lr_milestones": [10.0, 20.5],
        "event_time": T0}),
    "EpochMetric-minimal": ("EpochMetric", {
        "search_id": "nas-1", "model_id": "m-17", "run": 1, "trainer_id": "t", "epoch": 0.0, "max_epochs": 25,
        "metric": "val_acc", "value": 0.1, "train_accuracy": None, "loss": None, "epoch_duration_ms": None,
        "eval_interval": None, "lr_milestones": [], "event_time": T0}),
    "StopCommand-full": ("StopCommand", {
        "model_id": "m-17", "search_id": "nas-1", "run": 2, "reason": "CONVERGED", "at_epoch": 7.0,
        "predicted_final": 81.25, "issued_at": T0}),
    "StopCommand-minimal": ("StopCommand", {
        "model_id": "m-18", "search_id": "nas-1", "run": 1, "reason": "MANUAL", "at_epoch": -1.0,
        "predicted_final": None, "issued_at": T0}),
    "Prediction-full": ("Prediction", {
        "search_id": "nas-1", "model_id": "m-17", "run": 2, "epoch": 6.0, "max_epochs": 25,
        "predicted_final": 80.75, "lower": 78.5, "upper": 83.0, "parameters": [91.5, 1.25, 3.0],
        "curve_family": "peng4nn", "converged": True, "predicted_at": T0}),
    "Prediction-minimal": ("Prediction", {
        "search_id": "nas-1", "model_id": "m-17", "run": 2, "epoch": 3.0, "max_epochs": 25,
        "predicted_final": 55.0, "lower": None, "upper": None, "parameters": [],
        "curve_family": "pow3", "converged": False, "predicted_at": T0}),
    "ModelResult-full": ("ModelResult", {
        "search_id": "nas-1", "model_id": "m-17", "run": 2, "status": "STOPPED_EARLY", "epochs_used": 7.5,
        "max_epochs": 25, "observed_final": 74.0, "predicted_final": 80.75, "fitness": 80.75,
        "architecture": "conv3x3-64|pool|fc-10", "failure_message": None, "finished_at": T0}),
    "ModelResult-failed": ("ModelResult", {
        "search_id": "nas-1", "model_id": "m-19", "run": 1, "status": "FAILED", "epochs_used": 0.0,
        "max_epochs": 25, "observed_final": None, "predicted_final": None, "fitness": None,
        "architecture": "x", "failure_message": "CUDA out of memory ✗", "finished_at": T0}),
}


def write(directory):
    os.makedirs(directory, exist_ok=True)
    for name, (record, event) in FIXTURES.items():
        with open(os.path.join(directory, name + ".bin"), "wb") as f:
            f.write(events.encode(record, event))
    print(f"wrote {len(FIXTURES)} events to {directory}")
    return 0


def check(directory):
    problems = []
    for name, (record, expected) in FIXTURES.items():
        path = os.path.join(directory, name + ".bin")
        if not os.path.isfile(path):
            problems.append(f"{name}: no file {path}")
            continue
        with open(path, "rb") as f:
            data = f.read()
        try:
            decoded = events.decode(record, data)
        except events.UndecodableRecord as e:
            problems.append(f"{name}: {e}")
            continue
        for field, value in expected.items():
            if decoded.get(field) != value or type(decoded.get(field)) is not type(value):
                problems.append(f"{name}.{field}: Java wrote {decoded.get(field)!r}, expected {value!r}")
        if set(decoded) != set(expected):
            problems.append(f"{name}: fields {sorted(decoded)} != {sorted(expected)}")
        ours = events.encode(record, expected)
        if ours != data:
            problems.append(f"{name}: bytes differ\n  java   {data.hex()}\n  python {ours.hex()}")
        else:
            print(f"{name}: {len(data)} bytes identical, every field decoded")
    for problem in problems:
        print("MISMATCH " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(write(sys.argv[2]) if sys.argv[1] == "write" else check(sys.argv[2]))
