"""The test session runs one BLAS thread per process.

pytest-xdist already runs one process per core (``-n auto``), and the tests start more
(workers, the CLI, nested pytest runs): OpenBLAS's own threads, which spin for a while
after each call, would only compete with them for the cores (here about 4 s of the
default run's CPU, 2 s of its time). The limit is set for this process now (the plugin
has already loaded numpy) and, through the environment, for the processes it starts; a
value already set in the environment is kept. No listing's result depends on it: the
reference holds BLAS to one thread while it trains anyway.
"""

import os

from threadpoolctl import threadpool_limits

pytest_plugins = ["pytester"]

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
threadpool_limits(limits=int(os.environ["OPENBLAS_NUM_THREADS"]), user_api="blas")
