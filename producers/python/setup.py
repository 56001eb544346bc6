"""pip install ./producers/python (from the repository root; offline: add --no-build-isolation).

The Avro schemas are not copied by hand: the build copies them from the repository's schemas module
(schemas/src/main/avro and the shipped history in schemas/src/main/resources/avro-history) into the
package as peng4nn/_schemas. Run from a checkout without installing, the package reads them there directly.
"""

import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, os.pardir, os.pardir, "schemas", "src", "main")


class BuildWithSchemas(build_py):
    """build_py that adds the repository's .avsc files to the built package."""

    def run(self):
        super().run()
        current = sorted(glob.glob(os.path.join(SCHEMAS, "avro", "*.avsc")))
        history = sorted(glob.glob(os.path.join(SCHEMAS, "resources", "avro-history", "*.avsc")))
        if not current or not history:
            raise SystemExit("peng4nn: cannot find the Avro schemas in " + os.path.normpath(SCHEMAS)
                             + "; build from a checkout of the repository (pip install ./producers/python)")
        for sub, files in (("current", current), ("history", history)):
            target = os.path.join(self.build_lib, "peng4nn", "_schemas", sub)
            os.makedirs(target, exist_ok=True)
            for path in files:
                shutil.copy(path, target)


setup(
    name="peng4nn",
    version="0.1.0",
    description="PEng4NN on Kafka: publish validation accuracies, obey the predictor's early stops",
    packages=["peng4nn"],
    python_requires=">=3.8",
    install_requires=["confluent-kafka>=1.7", "avro>=1.11"],
    cmdclass={"build_py": BuildWithSchemas},
)
