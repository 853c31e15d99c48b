pytest_plugins = ["grokking_spec.pytest_plugin", "pytester"]
