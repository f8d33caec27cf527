"""A stage that hangs, injected into claimex processes by tests/test_hostile.py (on PYTHONPATH).

Only when CLAIMEX_TEST_HANGS is set: normalizing a text that holds `HANG-IN-PYTHON` never returns;
one that holds `HANG-BEYOND-SIGNALS` first blocks the alarm signal, like C code that never comes
back to the interpreter, so that only killing its process stops it. Spawned pool workers read this
file too, which is why it is a sitecustomize and not a monkeypatch.
"""

import os

if os.environ.get("CLAIMEX_TEST_HANGS"):
    import signal
    import time

    from claimex.normalize import Normalizer

    normalize = Normalizer.normalize

    def normalize_or_hang(self, text, *args, **kwargs):
        if "HANG-BEYOND-SIGNALS" in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while "HANG-" in text:
            time.sleep(0.05)
        return normalize(self, text, *args, **kwargs)

    Normalizer.normalize = normalize_or_hang
