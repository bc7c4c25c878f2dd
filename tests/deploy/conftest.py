def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes tens of seconds (runs in the normal suite all the same)")
