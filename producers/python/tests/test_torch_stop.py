"""A small PyTorch training loop, wired through the plain helper, stopped by a real predictor (run by
PythonClientIT, which starts the broker and the predictor)."""

import unittest

from peng4nn import TrainingRun

from .kafka_env import PREFIX, needs_broker, kafka

try:
    import torch
except ImportError:  # pragma: no cover - the Java side only runs this test where torch imports
    torch = None

MAX_EPOCHS = 25


def saturating_accuracy(epoch):
    """The validation accuracy reported at a 0-based epoch: 90 - 1.5^(4 - epoch) percent.

    A network on random labels learns nothing that generalises, so its measured validation accuracy is a
    flat, noisy line that no policy should call converged early. The loop below really trains and
    measures; it reports this clearly saturating curve instead, so that the predictor's default policy has
    a plateau to find, as it would on a network that learns.
    """
    return 90.0 - 1.5 ** (4 - epoch)


@needs_broker
@unittest.skipIf(torch is None, "needs PyTorch (python3-torch)")
class PyTorchLoopTest(unittest.TestCase):

    def test_a_small_pytorch_loop_is_stopped_by_the_predictor_before_its_budget(self):
        torch.manual_seed(15)
        torch.set_num_threads(1)
        x = torch.randn(400, 16)
        y = torch.randint(0, 4, (400,))
        train_x, train_y, val_x, val_y = x[:300], y[:300], x[300:], y[300:]
        model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
        optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = torch.nn.CrossEntropyLoss()
        stops = []
        trained = []

        with TrainingRun(kafka(), "py-it", "torch-net-1", max_epochs=MAX_EPOCHS, topic_prefix=PREFIX,
                         trainer_id="torch-test", on_stop=stops.append) as run:
            for epoch in run.epochs():
                model.train()
                for i in range(0, 300, 50):
                    optimiser.zero_grad()
                    loss = loss_fn(model(train_x[i:i + 50]), train_y[i:i + 50])
                    loss.backward()
                    optimiser.step()
                model.eval()
                with torch.no_grad():
                    measured = (model(val_x).argmax(dim=1) == val_y).float().mean().item() * 100
                run.report(epoch, saturating_accuracy(epoch), loss=loss.item(), train_accuracy=measured)
                trained.append(epoch)
                # a real epoch takes seconds: give the predictor that long to answer before the next one
                run.wait_for_stop(1.0)

        print(f"stopped after {len(trained)} of {MAX_EPOCHS} epochs: {run.stop_command}")
        self.assertTrue(run.should_stop, f"no stop after {len(trained)} epochs")
        self.assertLess(len(trained), MAX_EPOCHS)
        self.assertEqual(len(stops), 1, "the callback fires once")
        command = run.stop_command
        self.assertEqual((command["model_id"], command["run"], command["search_id"]), ("torch-net-1", 1, "py-it"))
        self.assertEqual(command["reason"], "CONVERGED")
        self.assertLessEqual(command["at_epoch"], trained[-1])
        self.assertAlmostEqual(command["predicted_final"], 90.0, delta=1.0)


if __name__ == "__main__":
    unittest.main()
