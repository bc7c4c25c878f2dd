"""Settings for the test suite: the development defaults, and a fast password hasher."""

import os

os.environ.setdefault("KINERJA_DEV", "1")

from kinerja.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
